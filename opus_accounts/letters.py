"""Clause O7: the letter informing the regional director of Pôle emploi of the RGC's departure,
absence of more than three months or withdrawal, ready to sign and send by registered post."""

from django.utils import timezone
from django.utils.translation import gettext as _

from partnership import pdf
from partnership.models import ConventionParty

# Article 4.3 of the OPUS application convention, first paragraph (clause O7), quoted in the letter.
ARTICLE_4_3 = (
    "En cas de départ ou d'absence prolongée (absence de plus de trois mois) du RGC, le partenaire doit en "
    "informer le directeur régional de Pôle emploi par écrit, sous huitaine. La désignation d'un nouveau RGC "
    "s'effectue dans les mêmes conditions que celles décrites au point 4.1 ci-dessus."
)


def o7_recipient(partnership):
    """The regional director's organisation: the agency's parent (its regional direction) if it
    has one, else the agency itself (clause O7: « le directeur régional de Pôle emploi »)."""
    return partnership.agency.parent or partnership.agency


def o7_letter_context(designation, today=None):
    convention = designation.convention
    partnership = convention.partnership
    commune = partnership.commune
    recipient = o7_recipient(partnership)
    parties = {
        party.organisation_id: party
        for party in ConventionParty.objects.filter(convention=convention).select_related("representative")
    }
    director = parties.get(recipient.pk)
    mayor = parties.get(commune.pk)
    return {
        "designation": designation,
        "convention": convention,
        "commune": commune,
        "sender": commune,
        "recipient": recipient,
        "director": director.representative if director else None,
        "mayor": mayor.representative if mayor else None,
        # The day it was sent once recorded, else the day it is printed to be signed.
        "letter_date": designation.letter_sent_on or today or timezone.localdate(),
        "article": ARTICLE_4_3,
    }


def o7_letter_response(request, designation):
    return pdf.pdf_response(
        request,
        "opus_accounts/o7_letter_pdf.html",
        o7_letter_context(designation),
        filename=f"lettre-o7-rgc-{designation.pk}.pdf",
        title=_("Changement du responsable de gestion de comptes OPUS (RGC)"),
    )
