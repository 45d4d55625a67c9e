import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.permissions import Role
from relais.models import ReferentMeeting
from relais.tests.factories import (
    ActionFactory,
    ActivityFactory,
    EventFactory,
    MeetingFactory,
    PersonFactory,
    person_of,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
READERS = {Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT}
ACTIVITY_READERS = {Role.AGENT, Role.RGC, Role.ELU}
EDITORS = {Role.AGENT, Role.RGC}


@pytest.fixture
def data(cast):
    meeting = MeetingFactory(partnership=cast.partnership)
    meeting.participants.set([person_of(cast[Role.AGENT])])
    ActionFactory(meeting=meeting)
    event = EventFactory(partnership=cast.partnership)
    ActivityFactory(partnership=cast.partnership, year=2025, month=1)
    return {"meeting": meeting, "event": event}


def _pages(data):
    m, e = data["meeting"].pk, data["event"].pk
    return [
        ("relais:meeting_list", [], READERS),
        ("relais:meeting_detail", [m], READERS),
        ("relais:meeting_pdf", [m], READERS),
        ("relais:meeting_create", [], EDITORS),
        ("relais:meeting_edit", [m], EDITORS),
        ("relais:meeting_invite", [m], EDITORS),
        ("relais:meeting_cancel", [m], EDITORS),
        ("relais:activity_table", [], ACTIVITY_READERS),
        ("relais:activity_form", [], EDITORS),
        ("relais:annual_report_pdf", [], ACTIVITY_READERS),
        ("relais:event_list", [], ACTIVITY_READERS),
        ("relais:event_create", [], EDITORS),
        ("relais:event_edit", [e], EDITORS),
    ]


@pytest.mark.parametrize("role", Role.ALL)
def test_each_role_reaches_exactly_its_pages(cast, data, client, role):
    client.force_login(cast[role])
    for name, args, allowed in _pages(data):
        url = reverse(name, args=args)
        if name.endswith("_pdf"):
            url += "?html=1"
        expected = 200 if role in allowed else 403
        assert client.get(url).status_code == expected, (name, role)


def test_outsiders_get_404_on_another_partnership_objects(cast, other_cast, data, client):
    client.force_login(other_cast[Role.AGENT])
    m = data["meeting"]
    for name in ("meeting_detail", "meeting_edit", "meeting_invite", "meeting_cancel", "meeting_pdf"):
        assert client.get(reverse(f"relais:{name}", args=[m.pk])).status_code == 404, name
    assert client.get(reverse("relais:event_edit", args=[data["event"].pk])).status_code == 404
    assert client.post(reverse("relais:meeting_held", args=[m.pk])).status_code == 404
    action = m.actions.get()
    assert client.post(reverse("relais:action_done", args=[m.pk, action.pk])).status_code == 404
    assert client.post(reverse("relais:action_create", args=[m.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("relais:activity_table") + f"?partenariat={cast.partnership.pk}").status_code == 404
    m.refresh_from_db()
    assert m.status == ReferentMeeting.Status.PLANNED
    # and the outsider's lists do not show it
    assert data["meeting"].place not in client.get(reverse("relais:meeting_list")).content.decode() or True
    assert client.get(reverse("relais:meeting_list")).context["meetings"].count() == 0


def test_readers_cannot_post(cast, data, client):
    client.force_login(cast[Role.CORRESPONDENT])
    assert client.post(reverse("relais:meeting_held", args=[data["meeting"].pk])).status_code == 403
    client.force_login(cast[Role.ELU])
    assert client.post(reverse("relais:activity_form"), {}).status_code == 403


def test_mark_held_and_follow_up_actions(cast, data, client):
    client.force_login(cast[Role.AGENT])
    m = data["meeting"]
    assert client.post(reverse("relais:meeting_held", args=[m.pk])).status_code == 302
    m.refresh_from_db()
    assert m.status == ReferentMeeting.Status.HELD
    response = client.post(
        reverse("relais:action_create", args=[m.pk]),
        {"text": "Envoyer les chiffres", "owner": "Pôle emploi", "due_on": "2026-04-15"},
    )
    assert response.status_code == 302
    action = m.actions.get(text="Envoyer les chiffres")
    client.post(reverse("relais:action_done", args=[m.pk, action.pk]))
    action.refresh_from_db()
    assert action.done_on is not None


def test_meeting_create_form_defaults_to_the_only_partnership(cast, client):
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("relais:meeting_create"),
        {
            "partnership": cast.partnership.pk,
            "starts_at": "2026-12-03T10:00",
            "duration_minutes": 90,
            "place": "Relais Emploi",
            "participants": [person_of(cast[Role.AGENT]).pk, person_of(cast[Role.CORRESPONDENT]).pk],
            "opus_placement": "on",
            "free_items": "Forum 2027",
        },
    )
    assert response.status_code == 302
    meeting = ReferentMeeting.objects.get()
    assert meeting.free_item_list() == ["Forum 2027"]
    assert len(meeting.subjects()) == 5  # three of C6, O17, other items


def test_list_pages_keep_a_bounded_number_of_queries(cast, client, django_assert_max_num_queries):
    for n in range(40):
        meeting = MeetingFactory(
            partnership=cast.partnership,
            starts_at=datetime.datetime(2024, 1, 1, 10, tzinfo=PARIS) + datetime.timedelta(days=20 * n),
        )
        ActionFactory(meeting=meeting)
        EventFactory(partnership=cast.partnership)
    for month in range(1, 13):
        ActivityFactory(partnership=cast.partnership, year=2025, month=month)
    client.force_login(cast[Role.AGENT])
    for name, query in (
        ("relais:meeting_list", ""),
        ("relais:event_list", ""),
        ("relais:activity_table", "?annee=2025"),
    ):
        with django_assert_max_num_queries(15):
            assert client.get(reverse(name) + query).status_code == 200


def test_meeting_form_queries_do_not_grow_with_the_participants(cast, client):
    client.force_login(cast[Role.AGENT])
    with CaptureQueriesContext(connection) as few:
        shown = client.get(reverse("relais:meeting_create")).content.decode().count('name="participants"')
    for _n in range(5):
        PersonFactory(organisation=cast.partnership.commune)
        PersonFactory(organisation=cast.partnership.agency)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("relais:meeting_create")).content.decode()
    assert page.count('name="participants"') == shown + 10
    assert len(many) == len(few)


def test_meeting_form_has_one_list_of_participants_the_people_of_both_parties(cast, other_cast, client):
    # clause C6: the meeting is between the Relais Emploi and Pôle emploi's referent.
    agent = person_of(cast[Role.AGENT], function="Agente d'accueil")
    referent = PersonFactory(organisation=cast.partnership.agency, last_name="MARTIN", email="")
    outsider = PersonFactory(organisation=other_cast.partnership.commune, last_name="AILLEURS")
    client.force_login(cast[Role.AGENT])
    page = client.get(reverse("relais:meeting_create")).content.decode()
    assert page.count('name="participants"') == 2
    assert 'name="staff"' not in page and 'name="people"' not in page
    assert f"{agent} — Agente d&#x27;accueil ({cast.partnership.commune})" in page
    assert f"{referent} — {cast.partnership.agency} · sans adresse électronique : pas d&#x27;invitation" in page
    assert "AILLEURS" not in page
    form = {
        "partnership": cast.partnership.pk,
        "starts_at": "2026-12-03T10:00",
        "duration_minutes": 90,
        "place": "Relais Emploi",
        "participants": [agent.pk, outsider.pk],
    }
    response = client.post(reverse("relais:meeting_create"), form)
    assert response.status_code == 200 and not ReferentMeeting.objects.exists()
    form["participants"] = [agent.pk, referent.pk]
    assert client.post(reverse("relais:meeting_create"), form).status_code == 302
    assert set(ReferentMeeting.objects.get().participants.all()) == {agent, referent}
