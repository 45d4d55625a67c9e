"""The premises, equipment, agents and reception slots (clause C4), Pôle emploi's information
(clause C5) and the communication about the partnership (clause C11)."""

import datetime

import pytest
from django.urls import reverse

from partnership import committees
from partnership.permissions import Role
from relais import indicators, premises
from relais.models import CommunicationAction, InformationSession, InnovativeAction, ReceptionSlot, StaffAssignment
from relais.tests.factories import (
    CommunicationFactory,
    EquipmentFactory,
    InformationSessionFactory,
    InnovativeActionFactory,
    PersonFactory,
    PremisesFactory,
    SlotFactory,
    StaffFactory,
)

D = datetime.date
PREMISES_READERS = {Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT}
EVENT_READERS = {Role.AGENT, Role.RGC, Role.ELU}
EDITORS = {Role.AGENT, Role.RGC}


@pytest.fixture
def rows(cast):
    room = PremisesFactory(partnership=cast.partnership, name="L'Arobase")
    return {
        "local": room,
        "equipement": EquipmentFactory(premises=room),
        "plage": SlotFactory(partnership=cast.partnership, premises=room),
        "agent": StaffFactory(partnership=cast.partnership),
        "information": InformationSessionFactory(partnership=cast.partnership),
        "communication": CommunicationFactory(partnership=cast.partnership),
        "action-innovante": InnovativeActionFactory(partnership=cast.partnership),
    }


@pytest.mark.parametrize("role", Role.ALL)
def test_each_role_reaches_exactly_its_pages(cast, rows, client, role):
    client.force_login(cast[role])
    pages = [("relais:premises", [], PREMISES_READERS), ("relais:event_list", [], EVENT_READERS)]
    for kind, row in rows.items():
        pages += [("relais:record_create", [kind], EDITORS), ("relais:record_edit", [kind, row.pk], EDITORS)]
    for name, args, allowed in pages:
        assert client.get(reverse(name, args=args)).status_code == (200 if role in allowed else 403), (name, args)


def test_another_commune_gets_404(cast, other_cast, rows, client):
    client.force_login(other_cast[Role.AGENT])
    for kind, row in rows.items():
        assert client.get(reverse("relais:record_edit", args=[kind, row.pk])).status_code == 404, kind
    assert client.get(reverse("relais:premises") + f"?partenariat={cast.partnership.pk}").status_code == 404
    assert client.get(reverse("relais:record_create", args=["autre"])).status_code == 404


def test_the_correspondent_reads_what_the_commune_puts_at_disposal(cast, rows, client):
    # clause C4: premises, equipment, agents and slots, visible to Pôle emploi's correspondent
    client.force_login(cast[Role.CORRESPONDENT])
    page = client.get(reverse("relais:premises")).content.decode()
    assert "L&#x27;Arobase" in page and "Ordinateur" in page and "Accueil libre" in page
    assert "1 agent affecté" in page and "sur les 2 que la commune met à disposition" in page
    assert "Modifier" not in page


def test_agents_assigned_on_a_day(cast):
    # clause C4: two agents of the commune
    StaffFactory(partnership=cast.partnership, since=D(2024, 1, 1))
    StaffFactory(partnership=cast.partnership, since=D(2024, 1, 1), until=D(2025, 6, 30))
    StaffFactory(partnership=cast.partnership, since=D(2025, 7, 1))
    assert len(premises.of(cast.partnership, D(2025, 3, 1))["agents"]) == 2
    assert len(premises.of(cast.partnership, D(2026, 3, 1))["agents"]) == 2
    assert StaffAssignment.AGENTS_AGREED == 2


def test_a_slot_ending_before_it_starts_is_refused_and_nothing_saved(cast, client):
    # clause C4
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("relais:record_create", args=["plage"]),
        {"partnership": cast.partnership.pk, "kind": "accueil_libre", "weekday": 1, "starts_at": "12:00",
         "ends_at": "09:00"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "La plage doit finir après son début." in response.content.decode()
    assert not ReceptionSlot.objects.exists()


def test_an_agent_of_another_organisation_is_refused(cast, other_cast, client):
    # clause C4: "2 agent salariés de la Mairie"
    stranger = PersonFactory(organisation=other_cast.partnership.commune)
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("relais:record_create", args=["agent"]),
        {"partnership": cast.partnership.pk, "person": stranger.pk, "since": "2026-01-01"},
    )
    assert response.status_code == 400
    assert not StaffAssignment.objects.exists()


def test_recording_an_information_and_a_communication_action(cast, client):
    # clauses C5 and C11
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("relais:record_create", args=["information"]),
        {"partnership": cast.partnership.pk, "date": "2026-03-05", "subject": "formations", "channel": "reunion",
         "title": "Nouveaux marchés de formation", "attendees": 2},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        reverse("relais:record_create", args=["communication"]),
        {"partnership": cast.partnership.pk, "date": "2026-04-01", "medium": "reseaux", "audience": "employeurs",
         "title": "Publication sur le job dating"},
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("relais:event_list")).content.decode()
    assert "Nouveaux marchés de formation" in page and "Publication sur le job dating" in page
    assert InformationSession.objects.get().subject == "formations"
    assert CommunicationAction.objects.get().medium == "reseaux"


def test_hostile_input_is_refused_in_french(cast, client):
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("relais:record_create", args=["communication"]),
        {"partnership": cast.partnership.pk, "date": "pas une date", "medium": "<script>", "audience": "x",
         "title": "y" * 300},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Saisissez une date valide" in response.content.decode()
    assert not CommunicationAction.objects.exists()


def _information_section(partnership, year):
    return next(s for s in indicators.indicators(partnership, year) if s["title"].startswith("Information et"))


def test_the_five_subjects_of_c5_are_counted(cast):
    # clause C5: "Informer le Relais Emploi, via des conseillers experts sur" five subjects
    assert len(InformationSession.Subject.choices) == 5
    for subject in ("organisation", "organisation", "offres_en_nombre", "prestations"):
        InformationSessionFactory(partnership=cast.partnership, subject=subject)
    InformationSessionFactory(partnership=cast.partnership, subject="recrutement", date=D(2025, 3, 1))
    table = _information_section(cast.partnership, 2026)["tables"][0]
    counts = {row[0]: row[1] for row in table["rows"]}
    assert list(counts.values()) == ["2", "1", "0", "0", "1"]


def test_communication_actions_are_counted_in_the_committee_file(cast):
    # clause C11, counted among the steering committee's indicators (clause C10)
    CommunicationFactory(partnership=cast.partnership, medium="presse")
    CommunicationFactory(partnership=cast.partnership, medium="presse")
    CommunicationFactory(partnership=cast.partnership, medium="site")
    CommunicationFactory(partnership=cast.partnership, medium="site", date=D(2025, 12, 31))
    titles = [section["title"] for section in committees.gather_indicators(cast.partnership, 2026)["sections"]]
    assert "Service OPUS rendu par Pôle emploi en 2026 (clause O10)" in titles
    assert "Information et communication en 2026" in titles
    table = _information_section(cast.partnership, 2026)["tables"][1]
    counts = {row[0]: row[1] for row in table["rows"]}
    assert counts["Presse"] == "2" and counts["Site internet"] == "1" and counts["Réseaux sociaux"] == "0"


def test_premises_and_agents_are_in_the_annual_report(cast, rows, client):
    # clause C4 in the Relais Emploi's annual report (clause C10)
    facts = dict(indicators.indicators(cast.partnership, 2026)[0]["facts"])
    assert facts["Locaux mis à disposition (clause C4)"] == "L'Arobase"
    assert facts["Agents affectés (clause C4)"] == "1 sur 2"
    client.force_login(cast[Role.ELU])
    html = client.get(reverse("relais:annual_report_pdf") + "?annee=2026&html=1").content.decode()
    assert "Moyens mis à disposition par la commune (clause C4)" in html and "Ordinateur" in html


def test_pages_keep_a_bounded_number_of_queries(cast, client, django_assert_max_num_queries):
    for n in range(30):
        room = PremisesFactory(partnership=cast.partnership)
        EquipmentFactory(premises=room)
        SlotFactory(partnership=cast.partnership, premises=room, weekday=n % 5)
        StaffFactory(partnership=cast.partnership)
        InformationSessionFactory(partnership=cast.partnership)
        CommunicationFactory(partnership=cast.partnership)
        InnovativeActionFactory(partnership=cast.partnership)
    client.force_login(cast[Role.AGENT])
    # one query for the partnership filter, one for the partnership shown
    with django_assert_max_num_queries(15):
        assert client.get(reverse("relais:premises")).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("relais:event_list")).status_code == 200


def test_innovative_actions_and_their_results_are_in_the_committee_file(cast, client):
    # clause C10: "Les actions innovantes proposées et mises en œuvre et leurs résultats"
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("relais:record_create", args=["action-innovante"]),
        {"partnership": cast.partnership.pk, "title": "Job dating en visioconférence", "proposed_on": "2026-01-10",
         "proposed_by": "ensemble", "carried_out_on": "2026-03-01", "results": "40 candidats, 6 embauches"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "Job dating en visioconférence" in client.get(reverse("relais:event_list")).content.decode()
    InnovativeActionFactory(partnership=cast.partnership, proposed_on=D(2026, 11, 2))
    InnovativeActionFactory(partnership=cast.partnership, proposed_on=D(2024, 5, 2))
    section = next(
        s
        for s in committees.gather_indicators(cast.partnership, 2026)["sections"]
        if "Actions innovantes" in s["title"]
    )
    facts = dict(section["facts"])
    assert (facts["Actions proposées"], facts["Actions mises en œuvre"]) == ("2", "1")
    label = "Job dating en visioconférence (proposée par les deux partenaires le 10 janvier 2026)"
    assert facts[label] == "mise en œuvre le 1er mars 2026 : 40 candidats, 6 embauches"


def test_an_action_carried_out_before_it_was_proposed_is_refused(cast, client):
    # clause C10
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("relais:record_create", args=["action-innovante"]),
        {"partnership": cast.partnership.pk, "title": "Action", "proposed_on": "2026-03-10", "proposed_by": "commune",
         "carried_out_on": "2026-03-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert not InnovativeAction.objects.exists()
