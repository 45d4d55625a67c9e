"""Partnership's own indicators for the steering committee (clause C10): the commitments of the
cooperation conventions in force that year, by party and status (hook `indicators`)."""

import datetime

from django.utils.translation import gettext as _

from partnership import report
from partnership.models import Commitment, Convention


def indicators(partnership, year):
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    conventions = list(
        Convention.objects.filter(partnership=partnership, starts_on__lte=last)
        .exclude(ends_on__lt=first)
        .order_by("starts_on")
    )
    commitments = Commitment.objects.filter(convention__in=conventions).select_related("party")
    statuses = Commitment.Status
    by_party = {}
    for commitment in commitments.order_by("party__name", "order"):
        counts = by_party.setdefault(commitment.party.name, {value: 0 for value in statuses.values})
        counts[commitment.status] += 1
    totals = {value: sum(counts[value] for counts in by_party.values()) for value in statuses.values}
    columns = [_("Partie"), *[label for _value, label in statuses.choices], _("Total")]
    rows = [
        [party, *[report.count(counts[value]) for value in statuses.values], report.count(sum(counts.values()))]
        for party, counts in by_party.items()
    ]
    rows.append(
        [_("Ensemble"), *[report.count(totals[value]) for value in statuses.values], report.count(sum(totals.values()))]
    )
    return [
        report.section(
            _("Engagements des parties (clauses C5 et C7)"),
            facts=[(_("Conventions de l'année"), ", ".join(c.title for c in conventions) or report.NONE)],
            tables=[report.table(_("Engagements par partie et par état"), columns, rows)],
        )
    ]
