"""The diagnosis's duties for the calendar of obligations (hook `duties`, clause C3).

For every quarter a cooperation convention covers, up to the current one: Pôle emploi's
figures (awaited, received, or late once their due date has passed) and the commune's
report of business movements."""

from functools import lru_cache

from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from diagnosis.models import QuarterlyFigures, QuarterNote
from diagnosis.quarters import Quarter, c3_business_movements_report_due, c3_quarterly_figures_due, quarters_between
from partnership import obligations
from partnership.models import Convention
from partnership.obligations import Duty, skips
from partnership.permissions import Role

# What these duties are read from, and the way to each one's partnership (see duty_snapshots).
SOURCES = {QuarterlyFigures: "partnership_id", QuarterNote: "partnership_id"}


class Status:
    AWAITED = "attendu"
    RECEIVED = "recu"
    LATE = "en_retard"


def figures_status(received, due_date, today):
    """Clause C3: a quarter's figures are received, late once their due date has passed, or awaited."""
    if received:
        return Status.RECEIVED
    return Status.LATE if today > due_date else Status.AWAITED


STATUS_LABELS = {Status.AWAITED: _l("attendus"), Status.RECEIVED: _l("reçus"), Status.LATE: _l("en retard")}


def covered_quarters(partnership_ids, today):
    """{partnership_id: [Quarter]}: the quarters of each cooperation convention, up to today's."""
    covered = {}
    conventions = [c for c in obligations.conventions(partnership_ids) if c.kind == Convention.Kind.COOPERATION]
    current = Quarter.of(today)
    for convention in conventions:
        start, end = convention.effective_date(), convention.end_date()
        if not start:
            continue
        last = min(Quarter.of(end.date), current) if end else current
        quarters = covered.setdefault(convention.partnership_id, set())
        quarters.update(quarters_between(Quarter.of(start.date), last))
    return {pk: sorted(quarters) for pk, quarters in covered.items()}


def duties(partnership_ids, today, since=None):
    covered = covered_quarters(partnership_ids, today)
    if not covered:
        return
    received = set(
        QuarterlyFigures.objects.current()
        .filter(partnership_id__in=covered)
        .values_list("partnership_id", "year", "quarter")
    )
    reported = set(
        QuarterNote.objects.filter(partnership_id__in=covered, movements_reported_on__isnull=False).values_list(
            "partnership_id", "year", "quarter"
        )
    )
    # Computed once per quarter (and the labels once per call), not once per partnership: a
    # regional user's calendar covers hundreds of partnerships over the same quarters.
    per_quarter = {}
    figures_title = _("Chiffres Pôle emploi du %(quarter)s (%(status)s)")
    movements_title = _("Bilan des mouvements d'entreprises du %(quarter)s à transmettre à Pôle emploi")
    status_labels = {status: str(label) for status, label in STATUS_LABELS.items()}
    for partnership_id, quarters in covered.items():
        for quarter in quarters:
            if quarter not in per_quarter:
                per_quarter[quarter] = (c3_quarterly_figures_due(quarter), c3_business_movements_report_due(quarter))
            figures_due, movements_due = per_quarter[quarter]
            key = (partnership_id, quarter.year, quarter.number)
            status = figures_status(key in received, figures_due.date, today)
            figures_kept = not skips(status == Status.RECEIVED, figures_due.date, since)
            movements_kept = not skips(key in reported, movements_due.date, since)
            if not (figures_kept or movements_kept):
                continue
            label = _label(quarter)
            url = reverse("diagnosis:quarter", args=[partnership_id, quarter.year, quarter.number])
            if figures_kept:
                yield Duty(
                    key=f"diagnosis:{partnership_id}:{quarter.year}T{quarter.number}:figures",
                    title=figures_title % {"quarter": label, "status": status_labels[status]},
                    due_date=figures_due.date,
                    clause=figures_due.clause,
                    partnership_id=partnership_id,
                    actors=(Role.CORRESPONDENT, Role.AGENT),
                    url=url,
                    done=status == Status.RECEIVED,
                    kind="figures",
                )
            if movements_kept:
                yield Duty(
                    key=f"diagnosis:{partnership_id}:{quarter.year}T{quarter.number}:movements",
                    title=movements_title % {"quarter": label},
                    due_date=movements_due.date,
                    clause=movements_due.clause,
                    partnership_id=partnership_id,
                    actors=(Role.AGENT,),
                    url=url,
                    done=key in reported,
                    kind="movements",
                )


def _label(quarter):
    """The quarter's label, translated once per quarter and language."""
    return _cached_label(quarter, get_language())


@lru_cache(maxsize=512)
def _cached_label(quarter, language):
    return quarter.label
