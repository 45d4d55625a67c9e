"""The OPUS service of the year for the steering committee (clause O10): each month's requests,
those late, the downtime and the availability against the 98 % guaranteed. See
`partnership.hooks`."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from opus_service.ledger import ledger
from opus_service.legal_dates import GUARANTEED_AVAILABILITY
from partnership import french, report


def indicators(partnership, year):
    book = ledger(partnership, year)
    guaranteed = french.percent(100 * GUARANTEED_AVAILABILITY, 0)
    facts = [
        (_("Demandes d'assistance enregistrées"), report.count(len(book.requests))),
        (_("dont en retard sur l'accusé de réception ou la réponse"), report.count(book.late_requests)),
        (_("Mois sous les %(guaranteed)s de disponibilité garantis") % {"guaranteed": guaranteed},
         report.count(book.months_below_guarantee)),
        (_("Évolutions annoncées moins de 5 jours avant leur mise en ligne"),
         _("%(late)s sur %(count)s") % {"late": book.changes_without_notice, "count": len(book.changes)}),
    ]  # fmt: skip
    table = report.table(
        _("Service OPUS mois par mois"),
        [_("Mois"), _("Demandes"), _("En retard"), _("Indisponibilité"), _("Disponibilité")],
        [
            [capfirst(m.name), report.count(m.requests), report.count(m.late), m.outage_hours,
             f"{m.availability_figure}\u00a0%" if m.started else report.NONE]
            for m in book.months
        ],
    )  # fmt: skip
    title = _("Service OPUS rendu par Pôle emploi en %(year)s (clause O10)") % {"year": year}
    return [report.section(title, facts=facts, tables=[table])]
