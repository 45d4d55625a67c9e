"""Partnership's own indicators for the steering committee (clause C10): the commitments
of the cooperation convention in force that year, by party and status."""

import datetime

from partnership.models import Commitment, Convention


def indicators(partnership, year):
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    conventions = [
        c
        for c in Convention.objects.filter(partnership=partnership).prefetch_related("terminations")
        if c.effective_date() and c.effective_date().date <= last and (not c.end_date() or c.end_date().date >= first)
    ]
    commitments = (
        Commitment.objects.filter(convention__in=conventions).select_related("party").order_by("party__name", "order")
    )
    labels = dict(Commitment.Status.choices)
    by_status = {str(labels[value]): 0 for value in Commitment.Status.values}
    by_party = {}
    for commitment in commitments:
        label = str(labels[commitment.status])
        by_status[label] += 1
        party = by_party.setdefault(commitment.party.name, {str(labels[v]): 0 for v in Commitment.Status.values})
        party[label] += 1
    return {
        "commitments": {
            "conventions": [c.title for c in conventions],
            "total": sum(by_status.values()),
            "by_status": by_status,
            "by_party": by_party,
        }
    }
