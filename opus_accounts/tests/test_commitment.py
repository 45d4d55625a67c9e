"""Each OPUS account holder's signed acknowledgement of the conditions of use and of
confidentiality (clauses O8 and O15): the PDF to sign, the signed scan filed on the account,
and activation refused until it is filed."""

import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from documents.models import Document
from documents.tests import files
from opus_accounts.models import OpusAccount
from opus_accounts.tests.factories import AccountFactory, DesignationFactory
from partnership.permissions import Role

CHANGELIST = "admin:opus_accounts_opusaccount_changelist"
COMMITMENT = "admin:opus_accounts_opusaccount_commitment"
KIND = Document.Kind.CONFIDENTIALITY_COMMITMENT


def pdf_text(content):
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def waiting(opus):
    """An account whose holder was informed but has not yet signed the acknowledgement."""
    return AccountFactory(
        convention=opus, commitment=False, person__first_name="Lucie", person__last_name="MOREL",
        person__function="Conseillère emploi du Relais Emploi", requested_on=timezone.localdate(),
        informed_on=timezone.localdate(),
    )  # fmt: skip


def test_the_commitment_pdf_quotes_the_convention_and_names_the_holder(client, cast, opus, waiting):
    # clause O8: the credentials are personal and confidential; clause O15: what the holder sees is confidential
    DesignationFactory(convention=opus, approved=True, person__first_name="Paul", person__last_name="RGC")
    client.force_login(cast[Role.RGC])
    response = client.get(reverse(COMMITMENT, args=[waiting.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "Lucie MOREL" in text and "Conseillère emploi du Relais Emploi" in text
    assert "Clause O8 — article 5.1" in text and "Strictement personnels et confidentiels" in text
    assert "Clause O15 — article 9.2" in text and "s'interdisent" in text
    assert "Le titulaire du compte" in text and "Paul RGC" in text and "Date et signature" in text


def test_the_change_page_leads_to_the_pdf_and_to_filing_the_signed_scan(client, cast, waiting):
    client.force_login(cast[Role.RGC])
    page = client.get(reverse("admin:opus_accounts_opusaccount_change", args=[waiting.pk])).content.decode()
    assert reverse(COMMITMENT, args=[waiting.pk]) in page
    assert f"{reverse('documents:file')}?account={waiting.pk}&amp;nature={KIND}" in page
    assert "aucun engagement signé déposé" in page


def test_activation_refused_until_the_signed_commitment_is_filed(client, cast, waiting):
    # clauses O8, O15: the holder signs the acknowledgement before the account is activated
    client.force_login(cast[Role.RGC])
    response = client.post(reverse(CHANGELIST), {"action": "activate", ACTION_CHECKBOX_NAME: [waiting.pk]}, follow=True)
    assert "L&#x27;engagement signé de Lucie MOREL" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.state == OpusAccount.State.REQUESTED
    today = timezone.localdate()
    upload = SimpleUploadedFile("engagement signé.pdf", files.pdf(text="Engagement signé"))
    response = client.post(
        reverse("documents:file"),
        {"target_account": waiting.pk, "kind": KIND, "title": "Engagement signé de Lucie MOREL",
         "date": today.isoformat(), "file": upload},
    )  # fmt: skip
    assert response.status_code == 302
    assert Document.objects.get(account=waiting).date == today
    client.post(reverse(CHANGELIST), {"action": "activate", ACTION_CHECKBOX_NAME: [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.state == OpusAccount.State.ACTIVE
    page = client.get(reverse("admin:opus_accounts_opusaccount_change", args=[waiting.pk])).content.decode()
    assert "Engagement signé de Lucie MOREL" in page and "aucun engagement signé déposé" not in page


def test_another_communes_rgc_gets_404_on_the_pdf_and_the_filing(client, cast, other_cast, waiting):
    # clauses O8, O15: the commitment names a holder of another commune
    client.force_login(other_cast[Role.RGC])
    assert client.get(reverse(COMMITMENT, args=[waiting.pk])).status_code == 404
    assert client.get(reverse("documents:file"), {"account": waiting.pk, "nature": KIND}).status_code == 404


@pytest.mark.parametrize("role", [Role.AGENT, Role.ELU, Role.CORRESPONDENT])
def test_only_the_register_reaches_the_commitment_pdf(client, cast, waiting, role):
    client.force_login(cast[role])
    assert client.get(reverse(COMMITMENT, args=[waiting.pk])).status_code == 302
