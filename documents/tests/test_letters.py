"""The ledger of formal letters: each letter's PDF, and the dates the clauses count from, read
from the sending and receipt the ledger records."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils.html import escape, strip_tags

from documents import services
from documents.models import Letter
from opus_accounts.models import RgcDesignation
from opus_accounts.tests.factories import DesignationFactory
from partnership import obligations
from partnership.models import Convention, ConventionParty, Organisation, Person, Termination
from partnership.permissions import Role

pytestmark = pytest.mark.django_db
D = datetime.date
Kind = Letter.Kind


def duties_of(cast, today, kind=None):
    found = obligations.collect([cast.partnership.pk], today)
    return {d.key: d for d in found if kind is None or d.kind == kind}


@pytest.fixture
def ended_rgc(cast):
    return DesignationFactory(
        convention=cast.opus, approved=True, status=RgcDesignation.Status.ENDED,
        end_reason=RgcDesignation.EndReason.DEPARTURE, ended_on=D(2026, 4, 30),
    )  # fmt: skip


def _links(cast, kind, ended_rgc):
    termination = lambda ground: Termination.objects.create(  # noqa: E731
        convention=cast.opus if ground != Termination.Ground.REQUEST else cast.cooperation, ground=ground,
        requested_by=cast.partnership.commune, reasons="Motifs de la résiliation", letter_sent_on=D(2026, 3, 2),
    )  # fmt: skip
    return {
        Kind.TERMINATION: {"termination": termination(Termination.Ground.REQUEST)},
        Kind.OPUS_TERMINATION: {"termination": termination(Termination.Ground.PARTNER_NOTICE)},
        Kind.BREACH_OBSERVATIONS: {"termination": termination(Termination.Ground.BREACH)},
        Kind.RGC_PROPOSAL: {"designation": ended_rgc},
        Kind.RGC_NOTICE: {"designation": ended_rgc},
        Kind.SCOPE_ACKNOWLEDGEMENT: {"convention": cast.opus},
    }[kind]


@pytest.mark.parametrize("kind", Letter.SENT_KINDS)
def test_each_letter_of_the_commune_is_a_pdf_ready_to_sign(client, cast, ended_rgc, kind):
    # clauses C12, O5, O7, O9, O18: a registered letter with its parties, object, reference and clause
    cast.partnership.commune.address = "1 rue de l'Hôtel de Ville\n38070 Saint-Quentin-Fallavier"
    cast.partnership.commune.save()
    letter = services.draft_letter(cast.partnership, kind, written_on=D(2026, 5, 4), user=cast[Role.RGC],
                                   **_links(cast, kind, ended_rgc))  # fmt: skip
    letter.notes = "Note interne à ne pas imprimer"
    letter.save()
    client.force_login(cast[Role.RGC])
    html = client.get(reverse("documents:letter_pdf", args=[letter.pk]), {"html": 1}).content.decode()
    assert "Lettre recommandée avec accusé de réception" in html and escape(letter.object) in html
    assert "38070 Saint-Quentin-Fallavier" in html and "4 mai 2026" in html
    assert "Pour mémoire" in html and "Adresse postale du destinataire à compléter" in html  # the agency has none
    assert "Note interne" not in html and "Signature et cachet" in html
    assert "&amp;#x27;" not in html and "&#x27;" not in letter.body
    pdf = client.get(reverse("documents:letter_pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_o7_letter_names_the_rgc_and_the_day_it_left(cast, ended_rgc):
    # clause O7
    letter = services.draft_letter(cast.partnership, Kind.RGC_NOTICE, written_on=D(2026, 5, 4), user=None,
                                   designation=ended_rgc)  # fmt: skip
    assert str(ended_rgc.person) in letter.body and "30 avril 2026" in letter.body and "départ" in letter.body
    assert letter.recipient == cast.partnership.agency and letter.sender == cast.partnership.commune


def test_the_c12_termination_takes_effect_one_month_after_the_letter_the_ledger_records(cast):
    # clause C12: « effective […] à l'expiration d'un délai d'un mois suivant l'envoi d'une lettre
    # recommandée » — sent on 31 January 2024 (a leap year): the month runs to the end of 29 February,
    # the last day in force; the termination takes effect on 1 March.
    cooperation = Convention.objects.get(pk=cast.cooperation.pk)
    termination = Termination.objects.create(
        convention=cooperation, ground=Termination.Ground.REQUEST, requested_by=cast.partnership.commune,
        reasons="Motifs", letter_sent_on=D(2024, 1, 1),
    )  # fmt: skip
    letter = services.draft_letter(cast.partnership, Kind.TERMINATION, written_on=D(2024, 1, 30), user=None,
                                   termination=termination)  # fmt: skip
    services.record_sending(letter, sent_on=D(2024, 1, 31), method="recommande_ar", postal_reference="1A 234")
    termination.refresh_from_db()
    assert termination.letter_sent_on == D(2024, 1, 31)
    assert termination.effective_date().date == D(2024, 3, 1)
    assert Convention.objects.get(pk=cooperation.pk).ends_on == D(2024, 2, 29)


def test_the_o7_duty_is_done_once_the_letter_is_sent(cast, ended_rgc):
    # clause O7: the regional director informed in writing within eight days (by 8 May 2026)
    [o7] = [d for d in duties_of(cast, D(2026, 5, 4)).values() if d.key == f"rgc:{ended_rgc.pk}:o7"]
    assert not o7.done and o7.due_date == D(2026, 5, 8)
    letter = services.draft_letter(cast.partnership, Kind.RGC_NOTICE, written_on=D(2026, 5, 4), user=None,
                                   designation=ended_rgc)  # fmt: skip
    services.record_sending(letter, sent_on=D(2026, 5, 5), method="recommande_ar", postal_reference="1A 1")
    ended_rgc.refresh_from_db()
    assert ended_rgc.letter_sent_on == D(2026, 5, 5)
    assert duties_of(cast, D(2026, 5, 6))[f"rgc:{ended_rgc.pk}:o7"].done


def test_the_rgc_is_in_office_from_the_written_approval_the_commune_received(cast):
    # clause O5: « ne vaut qu'après accord écrit du directeur territorial notifié au partenaire »
    proposed = DesignationFactory(convention=cast.opus)
    letter = services.draft_letter(cast.partnership, Kind.RGC_APPROVAL, written_on=D(2026, 2, 2), user=None,
                                   designation=proposed)  # fmt: skip
    assert letter.sender == cast.partnership.agency and not letter.body
    services.record_receipt(letter, received_on=D(2026, 2, 5), postal_reference="DT38-2026-7")
    proposed.refresh_from_db()
    assert (proposed.status, proposed.decided_on, proposed.decision_reference) == (
        RgcDesignation.Status.APPROVED,
        D(2026, 2, 5),
        "DT38-2026-7",
    )


def test_the_observations_on_a_breach_are_due_a_month_after_the_reasons_were_received(cast):
    # clause O18: reasons received on 31 January 2024, observations due by 29 February (leap year)
    termination = Termination.objects.create(
        convention=cast.opus, ground=Termination.Ground.BREACH, requested_by=cast.partnership.agency,
        reasons="Manquement", letter_sent_on=D(2024, 1, 29),
    )  # fmt: skip
    reasons = services.draft_letter(cast.partnership, Kind.BREACH_REASONS, written_on=D(2024, 1, 29), user=None,
                                    termination=termination)  # fmt: skip
    services.record_sending(reasons, sent_on=D(2024, 1, 29), method="recommande_ar", postal_reference="2C 5")
    services.record_receipt(reasons, received_on=D(2024, 1, 31))
    [duty] = duties_of(cast, D(2024, 2, 10), "o18_observations").values()
    assert (duty.due_date, duty.clause, duty.done) == (D(2024, 2, 29), "O18", False)
    observations = services.draft_letter(cast.partnership, Kind.BREACH_OBSERVATIONS, written_on=D(2024, 2, 20),
                                         user=None, termination=termination)  # fmt: skip
    services.record_sending(observations, sent_on=D(2024, 2, 20), method="recommande_ar", postal_reference="1A 9")
    services.record_receipt(observations, received_on=D(2024, 2, 22))
    termination.refresh_from_db()
    assert termination.answer_received_on == D(2024, 2, 22)
    [duty] = duties_of(cast, D(2024, 2, 23), "o18_observations").values()
    assert duty.done


def test_a_letter_not_sent_yet_is_a_duty_until_it_is(cast):
    # clause O9: the acknowledgement of a scope change, drafted then sent
    letter = services.draft_letter(cast.partnership, Kind.SCOPE_ACKNOWLEDGEMENT, written_on=D(2026, 6, 1),
                                   user=None, convention=cast.opus)  # fmt: skip
    assert f"letter:{letter.pk}:send" in duties_of(cast, D(2026, 6, 2), "letter")
    services.record_sending(letter, sent_on=D(2026, 6, 3), method="courriel")
    assert duties_of(cast, D(2026, 6, 4), "letter") == {}


def test_the_ledger_pages_scope_and_rights(client, cast, other_cast):
    letter = services.draft_letter(cast.partnership, Kind.SCOPE_ACKNOWLEDGEMENT, written_on=D(2026, 6, 1),
                                   user=None, convention=cast.opus)  # fmt: skip
    for role in Role.ALL:
        client.force_login(other_cast[role])
        assert client.get(letter.get_absolute_url()).status_code == 404
        assert client.get(reverse("documents:letter_pdf", args=[letter.pk])).status_code == 404
        client.force_login(cast[role])
        assert client.get(letter.get_absolute_url()).status_code == 200
        assert client.get(reverse("documents:letters")).status_code == 200
    client.force_login(cast[Role.ELU])
    assert client.post(letter.get_absolute_url(), {"send": "1"}).status_code == 403
    assert client.get(reverse("documents:letter_new")).status_code == 403
    client.force_login(cast[Role.RGC])
    response = client.post(letter.get_absolute_url(), {"send": "1", "send-sent_on": "2026-06-02",
                                                        "send-method": "recommande_ar"})  # fmt: skip
    assert response.status_code == 422 and "numéro du recommandé" in response.content.decode()
    response = client.post(letter.get_absolute_url(), {"send": "1", "send-sent_on": "2026-05-02",
                                                        "send-method": "courriel"})  # fmt: skip
    assert "ne part pas avant la date" in response.content.decode()
    letter.refresh_from_db()
    assert letter.sent_on is None
    response = client.post(
        reverse("documents:letter_new") + f"?convention={cast.opus.pk}",
        {"kind": "accuse_perimetre_o9", "written_on": "2026-06-10", "link_convention": cast.opus.pk},
    )
    assert response.status_code == 302 and Letter.objects.count() == 2


def test_the_papers_of_a_letter_about_an_rgc_are_read_by_who_reads_the_register(client, cast, ended_rgc):
    # clause O7: the letter and its acknowledgement name the RGC
    from documents.models import Document
    from documents.tests import files

    letter = services.draft_letter(cast.partnership, Kind.RGC_NOTICE, written_on=D(2026, 5, 4), user=None,
                                   designation=ended_rgc)  # fmt: skip
    scan = services.file(cast.partnership, files.upload("ar.pdf", files.pdf()), user=None,
                         kind=Document.Kind.ACKNOWLEDGEMENT_OF_RECEIPT, title="AR", date=D(2026, 5, 7),
                         letter=letter)  # fmt: skip
    client.force_login(cast[Role.ADMINISTRATOR])
    assert client.get(letter.get_absolute_url()).status_code == 404
    assert client.get(reverse("documents:detail", args=[scan.pk])).status_code == 404
    assert reverse("documents:detail", args=[scan.pk]) not in client.get(reverse("documents:list")).content.decode()
    client.force_login(cast[Role.CORRESPONDENT])
    assert client.get(reverse("documents:detail", args=[scan.pk])).status_code == 200


def test_the_rgcs_admin_page_lists_the_designations_letters_and_records_the_next(client, cast, ended_rgc):
    # clauses O5 and O7, from the RGC's register
    letter = services.draft_letter(cast.partnership, Kind.RGC_NOTICE, written_on=D(2026, 5, 4), user=None,
                                   designation=ended_rgc)  # fmt: skip
    client.force_login(cast[Role.RGC])
    page = client.get(reverse("admin:opus_accounts_rgcdesignation_change", args=[ended_rgc.pk])).content.decode()
    assert letter.get_absolute_url() in page and f"designation={ended_rgc.pk}&amp;type=accord_rgc_o5" in page
    response = client.post(
        reverse("documents:letter_new") + f"?designation={ended_rgc.pk}",
        {"kind": "accord_rgc_o5", "written_on": "2026-05-10", "link_designation": ended_rgc.pk},
    )
    assert response.status_code == 302
    assert Letter.objects.filter(designation=ended_rgc, kind=Kind.RGC_APPROVAL, partnership=cast.partnership).exists()


def _letter_text(client, letter):
    pdf = client.get(reverse("documents:letter_pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    page = client.get(reverse("documents:letter_pdf", args=[letter.pk]), {"html": 1}).content.decode()
    return " ".join(html.unescape(strip_tags(page.replace("<br>", " "))).split())


def test_the_o7_letter_is_a_registered_letter_to_the_regional_director(client, cast):
    # clause O7: « le partenaire doit en informer le directeur régional de Pôle emploi par écrit, sous huitaine »
    region = Organisation.objects.create(
        kind=Organisation.Kind.REGIONAL_DIRECTION, name="Pôle emploi – Direction régionale Rhône-Alpes",
        address="13 rue Crépet\n69007 Lyon",
    )  # fmt: skip
    cast.partnership.agency.parent = region
    cast.partnership.agency.save()
    commune = cast.partnership.commune
    commune.address = "1 rue de l'Hôtel de Ville\n38070 Saint-Quentin-Fallavier"
    commune.save()
    director = Person.objects.create(organisation=region, first_name="Pascal", last_name="BLANCHET")
    mayor = Person.objects.create(organisation=commune, first_name="Michel", last_name="BARRAUD")
    ConventionParty.objects.create(convention=cast.opus, organisation=region, designation="Pôle emploi",
                                   representative=director)  # fmt: skip
    ConventionParty.objects.create(convention=cast.opus, organisation=commune, designation="le Partenaire",
                                   representative=mayor)  # fmt: skip
    designation = DesignationFactory(
        convention=cast.opus, approved=True, status=RgcDesignation.Status.ENDED,
        end_reason=RgcDesignation.EndReason.DEPARTURE, ended_on=D(2026, 11, 27),
        person__first_name="Élise", person__last_name="AUBERT",
    )  # fmt: skip
    letter = services.draft_letter(cast.partnership, Kind.RGC_NOTICE, written_on=D(2026, 12, 1), user=None,
                                   designation=designation)  # fmt: skip
    letter.notes = "Relancer la direction régionale"
    letter.save()
    client.force_login(cast[Role.RGC])
    text = _letter_text(client, letter)
    assert f"Commune de {commune.name} 1 rue de l'Hôtel de Ville 38070 Saint-Quentin-Fallavier" in text  # sender
    assert (
        "Pôle emploi – Direction régionale Rhône-Alpes À l'attention de Pascal BLANCHET, directeur régional "
        "13 rue Crépet 69007 Lyon"
    ) in text  # recipient: the agency's regional direction, its director named by the convention
    assert f"{commune.name}, le 1er décembre 2026" in text  # place and date
    assert "Lettre recommandée avec accusé de réception" in text
    assert "Objet : Changement du responsable de gestion de comptes (RGC)" in text
    assert f"Référence : {cast.opus.title}" in text and "article 4.3 de la convention d'application" in text
    assert (
        "« En cas de départ ou d'absence prolongée (absence de plus de trois mois) du RGC, le partenaire doit en "
        "informer le directeur régional de Pôle emploi par écrit, sous huitaine." in text
    )  # article 4.3, quoted from the convention
    assert "nous vous informons du départ d'Élise AUBERT, responsable de gestion de comptes (RGC)" in text
    assert "intervenu le 27 novembre 2026" in text
    assert f"Le Maire, ou son représentant, Michel BARRAUD Maire de {commune.name}" in text  # signature block
    # No internal note: neither the clause's deadline nor the ledger's own words.
    assert "5 décembre 2026" not in text and "Relancer" not in text and "Édité le" not in text
    assert "à compléter" not in text
    # Without a regional direction, the agency; without a representative or addresses, lines to complete.
    cast.partnership.agency.parent = None
    cast.partnership.agency.address = ""
    cast.partnership.agency.save()
    commune.address = ""
    commune.save()
    letter = services.draft_letter(cast.partnership, Kind.RGC_NOTICE, written_on=D(2026, 12, 1), user=None,
                                   designation=designation)  # fmt: skip
    text = _letter_text(client, letter)
    agency = cast.partnership.agency.name
    assert f"{agency} À l'attention du directeur régional de Pôle emploi " in text
    assert "Pôle emploi Adresse postale du destinataire à compléter" in text
    assert f"Commune de {commune.name} Adresse postale de la commune à compléter" in text


def test_the_rgc_proposal_goes_to_the_territorial_director_whom_the_convention_does_not_name(cast):
    # clause O5: « accord écrit du directeur territorial »; the convention is signed by the regional director
    director = Person.objects.create(organisation=cast.partnership.agency, first_name="Pascal", last_name="BLANCHET")
    ConventionParty.objects.create(convention=cast.opus, organisation=cast.partnership.agency,
                                   designation="Pôle emploi", representative=director)  # fmt: skip
    proposed = DesignationFactory(convention=cast.opus)
    letter = services.draft_letter(cast.partnership, Kind.RGC_PROPOSAL, written_on=D(2026, 5, 4), user=None,
                                   designation=proposed)  # fmt: skip
    assert letter.recipient_name == "À l'attention du directeur territorial de Pôle emploi"
    notice = services.draft_letter(cast.partnership, Kind.OPUS_TERMINATION, written_on=D(2026, 5, 4), user=None,
                                   convention=cast.opus)  # fmt: skip
    assert notice.recipient_name == "À l'attention de Pascal BLANCHET, directeur régional"
    assert "résiliation de la convention citée en référence" in notice.body
