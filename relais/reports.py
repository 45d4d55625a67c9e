"""The Relais Emploi's annual report (clause C10, third indicator): figures of the year."""

import datetime
from collections import Counter

from django.db.models import Count, Q
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from relais.models import Event, MonthlyActivity, ReferentMeeting

# The Relais Emploi's public reception, and its placement work through OPUS (clause O17).
RECEPTION_FIELDS = ("free_slot_visitors", "appointments", "registration_help", "monthly_update_help")
OPUS_FIELDS = ("opus_offers_consulted", "opus_employer_contacts", "opus_cv_requests", "opus_candidates_convened")


def activity_groups():
    """[(label, fields)] of the activity figures officials compare from one period to another."""
    return [
        (_("Personnes accueillies (accueil libre, rendez-vous, aide à l'inscription et à l'actualisation)"),
         RECEPTION_FIELDS),
        (_("Activité de placement par OPUS (offres, mises en relation, CV, convocations)"), OPUS_FIELDS),
        (_("Retours à l'emploi connus"), ("jobs_obtained",)),
        (_("Entrées en formation connues"), ("trainings_obtained",)),
    ]  # fmt: skip


def activity_rows(partnership, year):
    """Twelve entries (month number, row or None) of `year`."""
    rows = {r.month: r for r in MonthlyActivity.objects.filter(partnership=partnership, year=year)}
    return [(month, rows.get(month)) for month in range(1, 13)]


def coverage(rows, year, today):
    """How much of `year` the figures cover: the months recorded, the months missing (by name),
    whether the year is still running on `today`, and whether the report is partial (fewer than
    twelve months recorded, or the year not over)."""
    recorded = [month for month, row in rows if row is not None]
    running = year >= today.year
    return {
        "recorded": len(recorded),
        "missing": [month_name(month) for month, row in rows if row is None],
        "running": running,
        "partial": running or len(recorded) < 12,
    }


def totals(rows):
    result = {}
    for name in MonthlyActivity.COUNT_FIELDS:
        values = [getattr(row, name) for _month, row in rows if row is not None]
        known = [v for v in values if v is not None]
        result[name] = sum(known) if known else None
    return result


def field_labels():
    return {name: str(MonthlyActivity._meta.get_field(name).verbose_name) for name in MonthlyActivity.COUNT_FIELDS}


def meetings_summary(partnership, year):
    """Referent meetings held in `year` against the six that clause C6 asks for."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    Status = ReferentMeeting.Status
    counts = ReferentMeeting.objects.filter(partnership=partnership, starts_at__date__range=(first, last)).aggregate(
        held=Count("pk", filter=Q(status=Status.HELD)),
        with_opus_placement=Count("pk", filter=Q(status=Status.HELD, opus_placement=True)),
        planned=Count("pk", filter=Q(status=Status.PLANNED)),
        cancelled=Count("pk", filter=Q(status=Status.CANCELLED)),
    )
    return {"held": counts["held"], "expected": 6, **{k: v for k, v in counts.items() if k != "held"}}


def events_of(partnership, year):
    return list(Event.objects.filter(partnership=partnership, date__year=year).order_by("date"))


def month_name(month):
    return str(MONTHS[month])


def counts_of(rows, field, choices):
    """`counts_by` of rows already read (a page that lists them all), without a query."""
    found = Counter(getattr(row, field) for row in rows)
    return [(label, found.get(value, 0)) for value, label in choices.choices]


def counts_by(queryset, field, choices):
    """[(label, count)] of the rows of `queryset` for each of `choices` of `field`, zeros included,
    in one query."""
    found = dict(queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    return [(label, found.get(value, 0)) for value, label in choices.choices]
