import datetime
import zoneinfo

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partnership.permissions import Role
from partnership.tests.factories import UserFactory
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
    held = MeetingFactory(
        partnership=cast.partnership, held=True, starts_at=datetime.datetime(2026, 1, 13, 10, tzinfo=PARIS)
    )
    event = EventFactory(partnership=cast.partnership)
    ActivityFactory(partnership=cast.partnership, year=2025, month=1)
    return {"meeting": meeting, "held": held, "event": event}


def _pages(data):
    m, h, e = data["meeting"].pk, data["held"].pk, data["event"].pk
    return [
        ("relais:meeting_list", [], READERS),
        ("relais:meeting_detail", [m], READERS),
        ("relais:meeting_detail", [h], READERS),
        ("relais:meeting_pdf", [h], READERS),
        ("relais:meeting_convocation_pdf", [m], READERS),
        ("relais:meeting_create", [], EDITORS),
        ("relais:meeting_edit", [m], EDITORS),
        ("relais:meeting_invite", [m], EDITORS),
        ("relais:meeting_cancel", [m], EDITORS),
        ("relais:meeting_held", [m], EDITORS),
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
    for name in ("meeting_detail", "meeting_edit", "meeting_invite", "meeting_cancel", "meeting_convocation_pdf"):
        assert client.get(reverse(f"relais:{name}", args=[m.pk])).status_code == 404, name
    assert client.get(reverse("relais:meeting_pdf", args=[data["held"].pk]) + "?html=1").status_code == 404
    assert client.get(reverse("relais:event_edit", args=[data["event"].pk])).status_code == 404
    assert client.post(reverse("relais:meeting_held", args=[m.pk])).status_code == 404
    assert client.post(reverse("relais:meeting_held_undo", args=[m.pk])).status_code == 404
    action = m.actions.get()
    assert client.post(reverse("relais:action_done", args=[m.pk, action.pk])).status_code == 404
    assert client.post(reverse("relais:action_create", args=[m.pk]), {"text": "x"}).status_code == 404
    assert client.get(reverse("relais:activity_table") + f"?partenariat={cast.partnership.pk}").status_code == 404
    m.refresh_from_db()
    assert m.status == ReferentMeeting.Status.PLANNED
    # and the outsider's lists do not show it
    assert (
        reverse("relais:meeting_detail", args=[m.pk]) not in client.get(reverse("relais:meeting_list")).content.decode()
    )


def test_readers_cannot_post(cast, data, client):
    client.force_login(cast[Role.CORRESPONDENT])
    assert client.post(reverse("relais:meeting_held", args=[data["meeting"].pk])).status_code == 403
    assert client.post(reverse("relais:meeting_held_undo", args=[data["meeting"].pk])).status_code == 403
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
    for name, query, most in (
        ("relais:meeting_list", "", 15),
        ("relais:event_list", "", 13),
        ("relais:activity_table", "?annee=2025", 15),
    ):
        with django_assert_max_num_queries(most):
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


def test_the_meeting_form_reads_the_partnerships_and_the_people_once(cast, client):
    """The lists of participants and of the excused, and the partnership's list, are rendered
    from the rows the form read, not read again for each."""
    PersonFactory(organisation=cast.partnership.agency)
    client.force_login(cast[Role.AGENT])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("relais:meeting_create")).content.decode()
    reads = [q["sql"].split(" FROM ", 1)[1].split(" ", 1)[0] for q in queries if q["sql"].startswith("SELECT")]
    assert reads.count('"partnership_person"') == 1
    # once for the partnerships the empty form is kept for (`duty_snapshots.kept_page`), once for the form
    assert reads.count('"partnership_partnership"') == 2
    assert page.count('name="participants"') == page.count('name="absent"') >= 1


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


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _hours_from_now(hours):
    return timezone.now() + datetime.timedelta(hours=hours)


def test_marking_held_asks_for_confirmation_then_records_who_and_when(cast, client):
    # clause C6
    meeting = MeetingFactory(partnership=cast.partnership, starts_at=_hours_from_now(-2))
    client.force_login(cast[Role.AGENT])
    detail = client.get(meeting.get_absolute_url()).content.decode()
    url = reverse("relais:meeting_held", args=[meeting.pk])
    assert f'href="{url}"' in detail  # a link to the confirmation page, no form posting at once
    page = client.get(url)
    assert page.status_code == 200
    assert "Confirmer : la réunion s'est tenue" in page.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == ReferentMeeting.Status.PLANNED
    assert client.post(url).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_by) == (ReferentMeeting.Status.HELD, cast[Role.AGENT])
    assert timezone.now() - meeting.held_at < datetime.timedelta(minutes=1)
    again = client.post(url)  # a second click changes nothing
    assert _messages(again)[-1] == "La réunion est déjà marquée comme tenue."


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_meeting_ahead_cannot_be_marked_held(cast, client, method):
    # clause C6: the next meeting is due two months after the last one *held*.
    meeting = MeetingFactory(partnership=cast.partnership, starts_at=_hours_from_now(26))
    client.force_login(cast[Role.AGENT])
    url = reverse("relais:meeting_held", args=[meeting.pk])
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert _messages(response)[-1].startswith("La réunion n'a pas encore commencé : elle pourra être marquée")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_by, meeting.held_at) == (ReferentMeeting.Status.PLANNED, None, None)
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{url}"' not in detail
    assert "Elle pourra être marquée comme tenue à partir de son début" in detail


def test_undo_held_is_offered_to_its_author_on_the_same_day_only(cast, client):
    # clause C6
    meeting = MeetingFactory(partnership=cast.partnership, starts_at=_hours_from_now(-2), minutes_economy="Stable.")
    undo = reverse("relais:meeting_held_undo", args=[meeting.pk])
    client.force_login(cast[Role.AGENT])
    client.post(reverse("relais:meeting_held", args=[meeting.pk]))
    assert "Annuler « tenue »" in client.get(meeting.get_absolute_url()).content.decode()
    for someone in (cast[Role.RGC], UserFactory(role=Role.AGENT, organisation=cast.partnership.commune)):
        client.force_login(someone)
        assert "Annuler « tenue »" not in client.get(meeting.get_absolute_url()).content.decode()
        response = client.post(undo)
        assert response.status_code == 302
        assert _messages(response)[-1].startswith("Seule la personne qui a marqué la réunion comme tenue")
        meeting.refresh_from_db()
        assert meeting.status == ReferentMeeting.Status.HELD
    client.force_login(cast[Role.AGENT])
    response = client.post(undo)
    assert _messages(response)[-1].startswith("La réunion est de nouveau prévue")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.held_by, meeting.held_at) == (ReferentMeeting.Status.PLANNED, None, None)
    assert meeting.minutes_economy == "Stable."  # the minutes written stay


def test_undo_held_is_refused_the_next_day(cast, client):
    meeting = MeetingFactory(
        partnership=cast.partnership,
        starts_at=_hours_from_now(-50),
        held=True,
        held_by=cast[Role.AGENT],
        held_at=_hours_from_now(-48),
    )
    client.force_login(cast[Role.AGENT])
    assert "Annuler « tenue »" not in client.get(meeting.get_absolute_url()).content.decode()
    client.post(reverse("relais:meeting_held_undo", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == ReferentMeeting.Status.HELD


def test_the_minutes_button_says_write_then_edit(cast, client):
    meeting = MeetingFactory(partnership=cast.partnership, held=True)
    client.force_login(cast[Role.AGENT])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Rédiger le compte rendu" in page and "Modifier le compte rendu" not in page
    meeting.minutes_projects = "Forum en préparation."
    meeting.save()
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Modifier le compte rendu" in page and "Rédiger le compte rendu" not in page


def test_a_held_meeting_cannot_be_moved_to_the_future(cast, client):
    meeting = MeetingFactory(partnership=cast.partnership, held=True)
    client.force_login(cast[Role.AGENT])
    ahead = timezone.localtime(_hours_from_now(48)).strftime("%Y-%m-%dT%H:%M")
    form = {"partnership": cast.partnership.pk, "starts_at": ahead, "duration_minutes": 90, "place": "Relais"}
    response = client.post(reverse("relais:meeting_edit", args=[meeting.pk]), form)
    assert response.status_code == 200
    assert "Une réunion tenue ne peut pas commencer dans le futur." in response.content.decode()


@pytest.mark.parametrize("role", [Role.AGENT, Role.ELU])
def test_the_minutes_are_offered_for_a_held_meeting_and_the_convocation_for_a_planned_one(cast, client, role):
    planned = MeetingFactory(partnership=cast.partnership)
    held = MeetingFactory(partnership=cast.partnership, held=True)
    cancelled = MeetingFactory(partnership=cast.partnership, status=ReferentMeeting.Status.CANCELLED)
    client.force_login(cast[role])
    documents = {}
    for meeting in (planned, held, cancelled):
        page = client.get(meeting.get_absolute_url()).content.decode()
        documents[meeting.status] = {
            name
            for name in ("meeting_pdf", "meeting_convocation_pdf")
            if reverse(f"relais:{name}", args=[meeting.pk]) in page
        }
    assert documents == {"prevue": {"meeting_convocation_pdf"}, "tenue": {"meeting_pdf"}, "annulee": set()}
    for meeting, name in ((planned, "meeting_pdf"), (cancelled, "meeting_pdf"), (held, "meeting_convocation_pdf")):
        assert client.get(reverse(f"relais:{name}", args=[meeting.pk]) + "?html=1").status_code == 404, (meeting, name)


def test_the_convocation_gives_the_date_time_place_agenda_and_participants(cast, client):
    # clauses C6 and O17
    meeting = MeetingFactory(
        partnership=cast.partnership,
        starts_at=datetime.datetime(2026, 12, 3, 10, tzinfo=PARIS),
        place="Relais Emploi, salle d'accueil",
        free_items="Forum de l'emploi 2027",
        other_participants="Mme O'Neil (Mission locale)",
    )
    referent = PersonFactory(
        organisation=cast.partnership.agency, first_name="Jean", last_name="D'Artagnan", function="Conseiller référent"
    )
    meeting.participants.set([referent])
    client.force_login(cast[Role.CORRESPONDENT])
    url = reverse("relais:meeting_convocation_pdf", args=[meeting.pk])
    html = client.get(url + "?html=1").content.decode()
    assert "Convocation à la réunion Relais Emploi – conseiller référent Pôle emploi" in html
    assert "<td>jeudi 3 décembre 2026</td>" in html
    assert "de 10h00 à 11h30 (90 min)" in html
    assert "Relais Emploi, salle d&#x27;accueil" in html
    for item in (
        "Les évolutions de chacune des structures",
        "Les projets en cours de part et d&#x27;autre",
        "La situation économique et de l&#x27;emploi",
        "Le suivi de l&#x27;activité de placement réalisée par OPUS (O17)",
        "Forum de l&#x27;emploi 2027",
    ):
        assert f"<li>{item}</li>" in html
    assert f"<li>Jean D&#x27;Artagnan — Conseiller référent, {cast.partnership.agency}</li>" in html
    assert "<li>Mme O&#x27;Neil (Mission locale)</li>" in html
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="convocation-reunion-referent-2026-12-03.pdf"' in response["Content-Disposition"]


def test_a_planned_meeting_shows_its_agenda_not_minutes_to_write(cast, client):
    # clauses C6 and O17
    meeting = MeetingFactory(partnership=cast.partnership, free_items="Forum")
    client.force_login(cast[Role.ELU])
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Compte rendu à rédiger." not in page
    assert '<ol class="card agenda"><li>Les évolutions de chacune des structures</li>' in page
    assert "<li>Forum</li></ol>" in page


def test_a_held_meeting_records_who_attended(cast, client):
    # clause C6: the meeting between the referent and the Relais Emploi, its attendance recorded
    agent, referent = person_of(cast[Role.AGENT]), person_of(cast[Role.CORRESPONDENT])
    meeting = MeetingFactory(
        partnership=cast.partnership, held=True, starts_at=datetime.datetime(2026, 10, 13, 10, tzinfo=PARIS)
    )
    meeting.participants.set([agent, referent])
    client.force_login(cast[Role.AGENT])
    data = {"partnership": cast.partnership.pk, "starts_at": "2026-10-13T10:00", "duration_minutes": 90,
            "place": "Relais Emploi", "participants": [agent.pk, referent.pk], "opus_placement": "on"}  # fmt: skip
    stranger = PersonFactory(organisation=cast.partnership.commune)
    response = client.post(reverse("relais:meeting_edit", args=[meeting.pk]), {**data, "absent": [stranger.pk]})
    assert "Seul un participant de la réunion peut y être noté absent." in response.content.decode()
    assert not meeting.absent.exists()
    response = client.post(reverse("relais:meeting_edit", args=[meeting.pk]), {**data, "absent": [referent.pk]})
    assert response.status_code == 302
    page = client.get(reverse("relais:meeting_detail", args=[meeting.pk])).content.decode()
    assert f'{agent} <span class="muted">— ' in page
    assert page.count("présent(e)") == 1 and page.count("<strong>absent(e)</strong>") == 1
    pdf = client.get(reverse("relais:meeting_pdf", args=[meeting.pk]) + "?html=1").content.decode()
    assert "<strong>absent(e)</strong>" in pdf
