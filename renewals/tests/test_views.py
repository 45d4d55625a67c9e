"""Who reaches the renewal pages, another commune's 404, the list's queries, the documents
generated (PDF, DOCX) in the seed's structure, and the steps in the calendar."""

import datetime
import io
import subprocess

import pytest
from django.urls import reverse

from partnership import obligations
from partnership.models import Convention
from partnership.permissions import Role
from renewals import legal_dates, services, texts
from renewals.models import Renewal

pytestmark = pytest.mark.django_db
D = datetime.date


def pages(renewal):
    pk = renewal.pk
    return [
        reverse("renewals:list"),
        renewal.get_absolute_url(),
        reverse("renewals:cooperation_pdf", args=[pk]) + "?html=1",
        reverse("renewals:cooperation_docx", args=[pk]),
        reverse("renewals:opus_pdf", args=[pk]) + "?html=1",
        reverse("renewals:opus_docx", args=[pk]),
        reverse("renewals:deliberation_pdf", args=[pk]) + "?html=1",
    ]


def actor_pages(renewal):
    return [
        reverse("renewals:start", args=[renewal.convention_id]),
        reverse("renewals:edit", args=[renewal.pk]),
        reverse("renewals:step", args=[renewal.pk, "envoi"]),
    ]


@pytest.mark.parametrize("role", Role.ALL)
def test_every_role_of_the_partnership_reads_the_renewal(client, cast, renewal, role):
    client.force_login(cast[role])
    for url in pages(renewal):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.ELU, Role.CORRESPONDENT, Role.ADMINISTRATOR])
def test_only_the_relais_emploi_staff_carry_it(client, cast, renewal, role):
    client.force_login(cast[role])
    for url in actor_pages(renewal):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(reverse("renewals:step", args=[renewal.pk, "envoi"]), {"done_on": "2026-06-20"}).status_code == 403
    )
    assert client.post(reverse("renewals:step_undo", args=[renewal.pk, "projet"])).status_code == 403
    assert renewal.steps.count() == 1


@pytest.mark.parametrize("role", Role.RELAIS_STAFF)
def test_the_agent_and_the_rgc_carry_it(client, cast, renewal, role):
    client.force_login(cast[role])
    assert client.get(reverse("renewals:edit", args=[renewal.pk])).status_code == 200
    assert client.get(reverse("renewals:step", args=[renewal.pk, "envoi"])).status_code == 200
    assert client.get(reverse("renewals:start", args=[cast.cooperation.pk])).status_code == 200


def test_another_commune_gets_404(client, cast, renewal, other_cast):
    client.force_login(other_cast[Role.AGENT])
    for url in pages(renewal)[1:] + actor_pages(renewal):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("renewals:step", args=[renewal.pk, "envoi"]), {"done_on": "2026-06-20"}).status_code == 404
    )
    response = client.get(reverse("renewals:list"))
    assert renewal.title not in response.content.decode()


def test_an_unknown_step_is_404(client, cast, renewal):
    client.force_login(cast[Role.AGENT])
    assert client.get(reverse("renewals:step", args=[renewal.pk, "nimporte"])).status_code == 404
    assert client.post(reverse("renewals:step_undo", args=[renewal.pk, "nimporte"])).status_code == 404


def test_the_draft_is_edited_with_its_annexes(client, cast, renewal):
    # clauses C2, O21, O22
    renewal.services = [{"name": "Consultation des offres", "description": "Toutes", "access": True}]
    renewal.save()
    client.force_login(cast[Role.AGENT])
    data = {
        "title": "Convention de coopération 2027-2030", "opus_title": "OPUS 2027", "effective_from": "2027-01-01",
        "duration_months": 48, "signed_at": "Mairie", "preamble": "Un.\nDeux.", "committee_conclusions": "",
        "legal_references": "Vu le code du travail", "partner_safir_code": "39089", "agency_safir_code": "38171",
        "rgc_name": "", "rgc_function": "", "rgc_email": "", "correspondent_email": "", "active_accounts_cap": 3,
    }  # fmt: skip
    assert client.post(reverse("renewals:edit", args=[renewal.pk]), data).status_code == 302
    renewal.refresh_from_db()
    assert (renewal.duration_months, renewal.active_accounts_cap) == (48, 3)
    assert renewal.natural_end().date == D(2030, 12, 31)  # clause C2
    assert renewal.services[0]["access"] is False  # the box left unticked
    response = client.post(reverse("renewals:edit", args=[renewal.pk]), {**data, "duration_months": 0})
    assert response.status_code == 422
    assert Renewal.objects.get().duration_months == 48


def test_the_list_offers_the_convention_that_ends_and_shows_the_renewals(client, cast, django_assert_max_num_queries):
    client.force_login(cast[Role.AGENT])
    response = client.get(reverse("renewals:list"))
    assert reverse("renewals:start", args=[cast.cooperation.pk]) in response.content.decode()
    services.start(cast.cooperation, cast[Role.AGENT])
    response = client.get(reverse("renewals:list"))
    assert reverse("renewals:start", args=[cast.cooperation.pk]) not in response.content.decode()
    assert "Convention de coopération 2027-2029" in response.content.decode()


def test_the_list_query_count_does_not_grow_with_renewals(client, cast, django_assert_max_num_queries):
    from partnership.tests.factories import ConventionFactory

    for year in range(2027, 2051, 3):  # eight later conventions, each renewed in its turn
        convention = ConventionFactory(partnership=cast.partnership, effective_from=D(year, 1, 1))
        services.start(convention, cast[Role.AGENT])
    client.force_login(cast[Role.AGENT])
    # Written: the page and its snapshot (the changes counted, the snapshot looked for and kept).
    with django_assert_max_num_queries(17):
        response = client.get(reverse("renewals:list"))
    assert response.content.decode().count("/renouvellements/") >= 8


def test_the_cooperation_convention_in_the_seeds_structure(cast, renewal):
    # clauses C1, C2, C5, C7, C8, C9, C10, C11, C12
    text = texts.cooperation_text(renewal)
    assert [party.name for party in text.parties] == [
        party.organisation.name for party in cast.cooperation.parties.all()
    ]
    assert [article.title for article in text.articles] == [
        "Objet de la convention", "Les axes d'engagement", "Déontologie", "Protection des données et RGPD",
        "Pilotage, suivi des actions et évaluation", "Communication", "Durée et modification", "Résiliation",
    ]  # fmt: skip
    axes = " ".join(block.text + " ".join(block.items) for block in text.articles[1].blocks)
    assert "Nommer un référent." in axes and "Faire bénéficier d'OPUS." in axes
    duration = text.articles[6].blocks[0].text
    assert "1er janvier 2027" in duration and "3 ans" in duration and "31 décembre 2029" in duration


def test_the_renewed_convention_keeps_the_ethics_article(renewal):
    # clause C8: equal treatment, confidentiality, free service, transparency, and the duty of discretion
    [ethics] = [article for article in texts.cooperation_text(renewal).articles if article.title == "Déontologie"]
    text = " ".join(block.text + " " + " ".join(block.items) for block in ethics.blocks)
    for principle in ("Égalité de traitement", "Confidentialité", "Gratuité du service public de l'emploi",
                      "Transparence", "devoir de réserve"):  # fmt: skip
        assert principle in text, principle


def test_the_opus_convention_with_both_annexes(renewal):
    # clauses O1, O13, O20, O21, O22
    renewal.services = [{"name": "Consultation des offres", "description": "Toutes", "access": True}]
    renewal.partner_safir_code, renewal.active_accounts_cap = "39089", 2
    text = texts.opus_text(renewal)
    assert len(text.articles) == 13
    assert text.articles[12].title == "Durée et renouvellement"
    assert "Convention de coopération 2027-2029" in text.references[-1]
    annex_1, annex_2 = text.annexes
    assert annex_1.blocks[0].rows == [["Consultation des offres", "Toutes", "OUI"]]
    assert ["Code SAFIR du Relais Emploi", "39089"] in annex_2.blocks[0].rows
    assert ["Nombre de comptes actifs autorisés simultanément (hors compte RGC)", "2"] in annex_2.blocks[0].rows


def test_the_pdf_renders_with_its_text(client, cast, renewal, tmp_path):
    client.force_login(cast[Role.AGENT])
    response = client.get(reverse("renewals:opus_pdf", args=[renewal.pk]))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "opus.pdf"
    path.write_bytes(response.content)
    found = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Article 13 : Durée et renouvellement" in found
    assert "Annexe n° 2" in found


def test_the_docx_opens_with_the_same_text(client, cast, renewal):
    from docx import Document

    client.force_login(cast[Role.AGENT])
    response = client.get(reverse("renewals:cooperation_docx", args=[renewal.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Convention de coopération 2027-2029" in paragraphs
    assert "Article 8 : Résiliation" in paragraphs
    assert "Nommer un référent." in paragraphs


def test_the_draft_deliberation_in_the_seeds_structure(cast, renewal):
    # clauses D1, D2: object, rapporteur, recitals, decisions
    act = texts.deliberation_text(renewal)
    assert act.object == "Renouvellement du partenariat avec Pôle emploi - convention triennale"
    assert act.number == "…"  # not numbered until the council sits
    assert any("1er janvier 2027" in recital for recital in act.recitals)
    assert [verb for verb, _text in act.decisions] == ["APPROUVE", "AUTORISE"]
    assert [items for _heading, items in act.commitments] == [["Nommer un référent."], ["Faire bénéficier d'OPUS."]]


def test_each_step_is_due_ahead_of_the_end_of_the_convention(cast, renewal):
    # clauses C10, D2, D3, C1, C2: the convention ends 31 December 2026
    duties = {d.key.split(":")[-1]: d for d in obligations.collect([cast.partnership.pk], D(2026, 6, 2))
              if d.kind == "renewal_step"}  # fmt: skip
    assert {name: duty.due_date for name, duty in duties.items()} == {
        "envoi": D(2026, 6, 30), "conseil": D(2026, 9, 30), "actes": D(2026, 10, 31), "signatures": D(2026, 11, 30),
        "vigueur": D(2027, 1, 1),
    }  # fmt: skip
    assert not any(duty.done for duty in duties.values())
    assert duties["envoi"].state == obligations.State.DUE_SOON
    assert duties["envoi"].url == renewal.get_absolute_url()
    services.do_step(renewal, Renewal.Step.SENT, {"done_on": D(2026, 6, 20)}, cast[Role.AGENT])
    after = {d.key.split(":")[-1]: d for d in obligations.collect([cast.partnership.pk], D(2026, 7, 1))
             if d.kind == "renewal_step"}  # fmt: skip
    assert after["envoi"].done and not after["conseil"].done


def test_step_deadlines_clamp_to_the_month_end():
    # clause C10: six months before 31 August is 28 February (29 in a leap year)
    assert legal_dates.draft_sent_deadline(D(2027, 8, 31)).date == D(2027, 2, 28)
    assert legal_dates.draft_sent_deadline(D(2028, 8, 31)).date == D(2028, 2, 29)
    # clause D2, D3, C1
    assert legal_dates.council_deadline(D(2026, 5, 31)).date == D(2026, 2, 28)
    assert legal_dates.actes_deadline(D(2026, 12, 31)).date == D(2026, 10, 31)
    assert legal_dates.signatures_deadline(D(2026, 3, 31)).date == D(2026, 2, 28)
    # clause C2: the next term starts the day after
    assert legal_dates.next_term_start(D(2026, 12, 31)).date == D(2027, 1, 1)
    assert legal_dates.next_term_start(D(2028, 2, 28)).date == D(2028, 2, 29)


def test_a_convention_renewed_before_the_app_is_not_offered(client, cast):
    from partnership.tests.factories import ConventionFactory

    ConventionFactory(partnership=cast.partnership, effective_from=D(2021, 1, 1))
    client.force_login(cast[Role.AGENT])
    content = client.get(reverse("renewals:list")).content.decode()
    older = Convention.objects.get(partnership=cast.partnership, effective_from=D(2021, 1, 1))
    assert reverse("renewals:start", args=[older.pk]) not in content
    assert reverse("renewals:start", args=[cast.cooperation.pk]) in content


def test_a_convention_already_followed_by_a_later_one_is_not_renewed(client, cast):
    from partnership.tests.factories import ConventionFactory

    older = ConventionFactory(partnership=cast.partnership, effective_from=D(2021, 1, 1))
    client.force_login(cast[Role.AGENT])
    response = client.post(reverse("renewals:start", args=[older.pk]))
    assert response.status_code == 422
    assert not Renewal.objects.exists()


def test_the_convention_page_leads_to_its_renewal(client, cast):
    client.force_login(cast[Role.AGENT])
    start_url = reverse("renewals:start", args=[cast.cooperation.pk])
    assert start_url in client.get(cast.cooperation.get_absolute_url()).content.decode()
    renewal = services.start(cast.cooperation, cast[Role.AGENT])
    page = client.get(cast.cooperation.get_absolute_url()).content.decode()
    assert renewal.get_absolute_url() in page and start_url not in page
    # the start page says why it cannot start again
    assert "déjà commencé" in client.get(start_url).content.decode()
    client.force_login(cast[Role.ELU])
    assert renewal.get_absolute_url() in client.get(cast.cooperation.get_absolute_url()).content.decode()
