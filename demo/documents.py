"""Demo papers of Saint-Quentin-Fallavier: the seed's signed conventions and deliberation as
generated placeholder PDFs (marked as demo, never authentic), the @ctes acknowledgement of the
deliberation, and, for the first RGC of the 2024 OPUS convention, who left a fortnight after her
approval (fictitious), the O7 letter sent by registered post with its acknowledgement of receipt;
two notices of the regional director (fictitious, clause O9) that withdrew the delegated contact
of annex 1 during the autumn of 2025 and then gave it back, so that annex 1 in force today is the
seed's; and the signed commitment (clauses O8, O15) of each active OPUS account holder. Idempotent."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from demo.opus_accounts import _person
from documents import services
from documents.models import Document, Letter
from opus_accounts.models import OpusAccount, RgcDesignation
from partnership import services as partnership_services
from partnership.models import Convention, Deliberation, ScopeNotice

D = datetime.date


def _pdf(title, partnership, description):
    from weasyprint import HTML

    html = render_to_string(
        "documents/demo_placeholder.html", {"title": title, "partnership": partnership, "description": description}
    )
    return HTML(string=html).write_pdf()


def _paper(partnership, title, kind, date, description, **target):
    if Document.objects.filter(partnership=partnership, title=title).exists():
        return Document.objects.get(partnership=partnership, title=title, superseded_at__isnull=True)
    upload = SimpleUploadedFile(f"{title}.pdf", _pdf(title, partnership, description))
    return services.file(partnership, upload, user=None, kind=kind, title=title, date=date, demo=True, **target)


def load(context):
    partnership = context["partnership"]
    commune = partnership.commune
    cooperation = Convention.objects.get(partnership=partnership, kind=Convention.Kind.COOPERATION,
                                         effective_from=D(2021, 1, 1))  # fmt: skip
    opus = Convention.objects.get(partnership=partnership, kind=Convention.Kind.OPUS, parent=cooperation)
    deliberation = Deliberation.objects.get(partnership=partnership, number="2021.04.14.8")
    Kind = Document.Kind
    _paper(
        partnership,
        "Convention de coopération signée (2021-2023)",
        Kind.SIGNED_CONVENTION,
        D(2021, 4, 20),
        "Convention de coopération entre la commune et Pôle emploi, agence de Villefontaine.",
        convention=cooperation,
    )
    _paper(
        partnership,
        "Convention d'application OPUS signée, avec ses annexes 1 et 2",
        Kind.SIGNED_CONVENTION,
        D(2021, 4, 20),
        "Convention d'application portant mise à disposition d'Opus.",
        convention=opus,
    )
    _paper(
        partnership,
        "Délibération DELIB 2021.04.14.8",
        Kind.DELIBERATION,
        D(2021, 4, 12),
        "Renouvellement du partenariat avec Pôle emploi - convention triennale.",
        deliberation=deliberation,
    )
    _paper(
        partnership,
        "Accusé de réception @ctes de la délibération",
        Kind.ACTES_ACKNOWLEDGEMENT,
        D(2021, 4, 16),
        "Identifiant de télétransmission 038-213804495-20210412-Imc19454-DE-1-1.",
        deliberation=deliberation,
    )

    renewal = Convention.objects.get(partnership=partnership, kind=Convention.Kind.OPUS, signed_on__year=2024)
    rgc = _person(commune, "Claire", "FAURE", "Responsable du Relais Emploi municipal (jusqu'en janvier 2024)",
                  "ancienne-rgc@example.org")  # fmt: skip
    designation, _ = RgcDesignation.objects.get_or_create(
        convention=renewal,
        person=rgc,
        defaults={
            "status": RgcDesignation.Status.ENDED,
            "proposed_on": D(2024, 1, 2),
            "decided_on": D(2024, 1, 5),
            "decision_reference": "Accord écrit du directeur territorial n° DT38-2024-002 (démonstration)",
            "end_reason": RgcDesignation.EndReason.DEPARTURE,
            "ended_on": D(2024, 1, 12),
        },
    )
    letter = Letter.objects.filter(
        partnership=partnership, kind=Letter.Kind.RGC_NOTICE, designation=designation
    ).first()
    if letter is None:
        letter = services.draft_letter(partnership, Letter.Kind.RGC_NOTICE, written_on=D(2024, 1, 15), user=None,
                                       designation=designation)  # fmt: skip
        letter = services.record_sending(letter, sent_on=D(2024, 1, 16), method=Letter.Method.REGISTERED,
                                         postal_reference="1A 000 000 0001")  # fmt: skip
        letter = services.record_receipt(letter, received_on=D(2024, 1, 18))
    _paper(
        partnership,
        "Accusé de réception de la lettre O7 du 15 janvier 2024",
        Kind.ACKNOWLEDGEMENT_OF_RECEIPT,
        D(2024, 1, 18),
        "Avis de réception postal, signé par la direction régionale.",
        letter=letter,
    )

    _scope_notices(partnership, renewal)

    for account in OpusAccount.objects.active().filter(convention=renewal).select_related("person"):
        _paper(
            partnership,
            f"Engagement signé de {account.person} (conditions d'utilisation et confidentialité)",
            Kind.CONFIDENTIALITY_COMMITMENT,
            account.informed_on,
            "Engagement du titulaire d'un compte OPUS, signé (clauses O8 et O15 de la convention d'application).",
            account=account,
        )


DELEGATED_CONTACT = "Délégation de la mise en relation"


def _scope_notices(partnership, convention):
    """Clause O9: the delegated contact withdrawn from 15 September 2025 and given back from
    3 November 2025, each by a letter of the regional director received by the commune, the first
    acknowledged. Fictitious, marked « démonstration » in the letters' notes."""
    for written_on, received_on, effective_from, access, acknowledged in (
        (D(2025, 9, 2), D(2025, 9, 5), D(2025, 9, 15), False, D(2025, 9, 8)),
        (D(2025, 10, 20), D(2025, 10, 23), D(2025, 11, 3), True, None),
    ):
        if ScopeNotice.objects.filter(convention=convention, effective_from=effective_from).exists():
            continue
        letter = services.draft_letter(partnership, Letter.Kind.SCOPE_CHANGE, written_on=written_on, user=None,
                                       convention=convention)  # fmt: skip
        letter.notes = "Courrier de démonstration (fictif)."
        letter.save(update_fields=["notes"])
        letter = services.record_receipt(letter, received_on=received_on)
        acknowledgement = None
        if acknowledged:
            acknowledgement = services.draft_letter(
                partnership, Letter.Kind.SCOPE_ACKNOWLEDGEMENT, written_on=acknowledged, user=None,
                convention=convention,
            )  # fmt: skip
            acknowledgement = services.record_sending(acknowledgement, sent_on=acknowledged, method=Letter.Method.POST)
        partnership_services.record_scope_notice(
            ScopeNotice(convention=convention, effective_from=effective_from, letter=letter,
                        acknowledgement=acknowledgement, notes="Démonstration (fictif)."),
            services=[(DELEGATED_CONTACT, "", access)], user=None,
        )  # fmt: skip
