"""Clause O7: the letter informing the regional director of Pôle emploi of the RGC's departure,
absence of more than three months or withdrawal, ready to sign and send by registered post."""

from django.utils.translation import gettext as _

from partnership import pdf
from partnership.models import ConventionParty, Organisation


def o7_letter_context(designation):
    convention = designation.convention
    commune = convention.partnership.commune
    parties = list(
        ConventionParty.objects.filter(convention=convention).select_related("organisation", "representative")
    )
    regional = next((p for p in parties if p.organisation.kind == Organisation.Kind.REGIONAL_DIRECTION), None)
    if regional is None:
        regional = next((p for p in parties if p.organisation.kind == Organisation.Kind.AGENCY), None)
    partner = next((p for p in parties if p.organisation_id == commune.pk), None)
    return {
        "designation": designation,
        "convention": convention,
        "commune": commune,
        "addressee": regional,
        "signatory": partner,
        "deadline": designation.notice_deadline(),
    }


def o7_letter_response(request, designation):
    return pdf.pdf_response(
        request,
        "opus_accounts/o7_letter_pdf.html",
        o7_letter_context(designation),
        filename=f"lettre-o7-rgc-{designation.pk}.pdf",
        title=_("Changement du responsable de gestion de comptes OPUS (RGC)"),
    )
