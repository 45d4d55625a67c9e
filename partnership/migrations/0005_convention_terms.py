"""Each convention stores its term (first and last day in force), computed from its dates and
terminations, so that the database can check what depends on it (the OPUS accounts, O20).

The data step carries its own copy of the rules of `Convention.term` as they stand at this
migration (a data migration never depends on the current models)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import migrations, models

ONE_DAY = datetime.timedelta(days=1)


def _months(day, months):
    return day + relativedelta(months=months)


def _termination_effective(termination):
    letter = termination.letter_sent_on
    if termination.ground in ("demande", "preavis_partenaire"):
        return _months(letter, 1)
    if termination.ground == "necessite_service":
        return termination.notice_ends_on or _months(letter, 1)
    if termination.decision_maintained:
        return _months(termination.answer_received_on or _months(letter, 1), 1)
    return None


def _end(convention, terminations):
    opus = convention.kind == "opus"
    start = convention.signed_on if opus else convention.effective_from
    end = _months(start, convention.duration_months) - ONE_DAY if start and convention.duration_months else None
    if opus and convention.parent_id:
        parent_end = _end(convention.parent, terminations)
        if parent_end and (end is None or parent_end <= end):
            end = parent_end
    pending = sorted(
        (t for t in terminations.get(convention.pk, []) if not t.withdrawn), key=lambda t: t.letter_sent_on, reverse=True
    )
    effective = _termination_effective(pending[0]) if pending else None
    if effective and (end is None or effective - ONE_DAY < end):
        end = effective - ONE_DAY
    return end


def store_terms(apps, schema_editor):
    Convention = apps.get_model("partnership", "Convention")
    Termination = apps.get_model("partnership", "Termination")
    terminations = {}
    for termination in Termination.objects.all():
        terminations.setdefault(termination.convention_id, []).append(termination)
    for convention in Convention.objects.select_related("parent"):
        start = convention.signed_on if convention.kind == "opus" else convention.effective_from
        Convention.objects.filter(pk=convention.pk).update(starts_on=start, ends_on=_end(convention, terminations))


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0004_duty_snapshots"),
    ]

    operations = [
        migrations.AddField(
            model_name="convention",
            name="ends_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="en vigueur jusqu'au"),
        ),
        migrations.AddField(
            model_name="convention",
            name="starts_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="en vigueur du"),
        ),
        migrations.RunPython(store_terms, migrations.RunPython.noop),
    ]
