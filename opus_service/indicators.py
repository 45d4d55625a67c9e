"""The OPUS service of the year for the steering committee (clause O10): each month's requests,
those late, the downtime and the availability against the 98 % guaranteed. See
`partnership.hooks`."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from opus_service.ledger import ledger
from partnership import report


def indicators(partnership, year):
    book = ledger(partnership, year)
    facts = [
        (_("Demandes d'assistance enregistrées"), report.count(len(book.requests))),
        (_("dont en retard sur l'accusé de réception ou la réponse"), report.count(book.late_requests)),
        # xgettext:no-python-format (a percent sign, not a placeholder)
        (_("Mois sous les 98 % de disponibilité garantis"), report.count(book.months_below_guarantee)),
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
