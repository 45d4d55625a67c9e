import datetime
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from partnership.models import Partnership
from partnership.permissions import Role
from relais import invitations
from relais.models import ReferentMeeting
from relais.tests.factories import MeetingFactory, PersonFactory, person_of

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _event(message):
    (name, payload, mimetype), *_ = message.attachments
    assert name == "invitation.ics"
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(payload)
    return calendar, next(iter(calendar.walk("VEVENT")))


@pytest.fixture
def people(cast):
    """The participant records of the agent and of the Pôle emploi correspondent."""
    return {role: person_of(cast[role]) for role in (Role.AGENT, Role.CORRESPONDENT)}


@pytest.fixture
def meeting(cast, people):
    meeting = MeetingFactory(partnership=cast.partnership)
    meeting.participants.set(people.values())
    return meeting


def test_invitation_and_its_update_are_the_same_event_with_a_higher_sequence(
    cast, people, meeting, client, django_capture_on_commit_callbacks
):
    # clause C6
    client.force_login(cast[Role.AGENT])
    url = reverse("relais:meeting_invite", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert len(mail.outbox) == 1
    first = mail.outbox[0]
    assert sorted(first.to) == sorted([cast[Role.AGENT].email, cast[Role.CORRESPONDENT].email])
    calendar, event = _event(first)
    assert calendar["method"] == "REQUEST"
    uid, sequence = str(event["uid"]), int(event["sequence"])
    assert event.decoded("dtstart") == datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
    # Written in Paris time with its VTIMEZONE, as the steering committee's (partnership.invitations).
    (_name, payload, _mimetype), *_ = first.attachments
    assert "DTSTART;TZID=Europe/Paris:20260310T100000" in str(payload)
    assert [str(zone["tzid"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]

    form = {
        "partnership": cast.partnership.pk,
        "starts_at": "2026-03-12T14:00",
        "duration_minutes": 90,
        "place": "Agence Pôle emploi de Villefontaine",
        "participants": [people[Role.AGENT].pk, people[Role.CORRESPONDENT].pk],
        "opus_placement": "on",
    }
    assert client.post(reverse("relais:meeting_edit", args=[meeting.pk]), form).status_code == 302
    meeting.refresh_from_db()
    assert meeting.update_pending
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 2
    calendar, update = _event(mail.outbox[1])
    assert calendar["method"] == "REQUEST"
    assert str(update["uid"]) == uid
    assert int(update["sequence"]) > sequence
    assert str(update["location"]) == "Agence Pôle emploi de Villefontaine"
    assert update.decoded("dtstart") == datetime.datetime(2026, 3, 12, 13, 0, tzinfo=datetime.UTC)
    assert "Modification" in mail.outbox[1].subject
    _assert_plain_text(mail.outbox[1].body)


def test_editing_the_minutes_only_does_not_raise_the_sequence(cast, people, meeting, client):
    client.force_login(cast[Role.AGENT])
    form = {
        "partnership": cast.partnership.pk,
        "starts_at": "2026-03-10T10:00",
        "duration_minutes": 90,
        "place": "Relais Emploi",
        "participants": [people[Role.AGENT].pk],
        "minutes_economy": "Offres en hausse.",
    }
    assert client.post(reverse("relais:meeting_edit", args=[meeting.pk]), form).status_code == 302
    meeting.refresh_from_db()
    assert meeting.ical_sequence == 0
    assert meeting.minutes_economy == "Offres en hausse."


def test_cancellation_sends_method_cancel_with_the_same_uid(cast, meeting, django_capture_on_commit_callbacks):
    from relais import services

    scope = Partnership.objects.all()
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitation(meeting.pk, scope)
        services.cancel(meeting.pk, scope)
    assert len(mail.outbox) == 2
    calendar, event = _event(mail.outbox[1])
    assert calendar["method"] == "CANCEL"
    assert str(event["uid"]) == meeting.ical_uid
    assert int(event["sequence"]) == 1
    assert ReferentMeeting.objects.get(pk=meeting.pk).status == ReferentMeeting.Status.CANCELLED


def test_nothing_is_sent_without_addresses_or_outside_the_scope(cast, other_cast):
    meeting = MeetingFactory(partnership=cast.partnership)
    assert invitations.send_invitation(meeting.pk, Partnership.objects.all()) == 0
    with pytest.raises(ReferentMeeting.DoesNotExist):
        invitations.send_invitation(meeting.pk, Partnership.objects.visible_to(other_cast[Role.AGENT]))
    assert not mail.outbox


def test_invitation_needs_a_confirmation_page_first(cast, meeting, client):
    client.force_login(cast[Role.RGC])
    response = client.get(reverse("relais:meeting_invite", args=[meeting.pk]))
    assert response.status_code == 200
    assert cast[Role.AGENT].email in response.content.decode()
    assert not mail.outbox


def _assert_plain_text(text):
    """No HTML entity, no space at a line's end, no two blank lines running, no blank start or end."""
    assert "&#" not in text and "&amp;" not in text and "&quot;" not in text and "&lt;" not in text
    assert all(line == line.rstrip() for line in text.splitlines()), text
    assert "\n\n\n" not in text, text
    assert text == text.strip() + "\n", text


def test_invitation_subject_and_body_are_plain_text_with_apostrophes(
    cast, people, meeting, client, django_capture_on_commit_callbacks
):
    # clause C6: the invitation names the meeting, its agenda and who takes part.
    commune = cast.partnership.commune
    commune.name = "L'Isle-d'Abeau"
    commune.save()
    referent = people[Role.CORRESPONDENT]
    referent.first_name, referent.last_name, referent.function = "Jean", "D'Artagnan", "Conseiller référent"
    referent.save()
    meeting.place = "Salle de l'Orangerie"
    meeting.free_items = "Forum de l'emploi"
    meeting.other_participants = "Mme O'Neil (Mission locale)"
    meeting.save()
    client.force_login(cast[Role.AGENT])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("relais:meeting_invite", args=[meeting.pk]))
    (message,) = mail.outbox
    assert message.subject == (
        "Invitation : réunion Relais Emploi de L'Isle-d'Abeau – conseiller référent Pôle emploi, 10 mars 2026 à 10h00"
    )
    body = message.body
    _assert_plain_text(body)
    assert "Date : mardi 10 mars 2026, de 10h00 à 11h30\nLieu : Salle de l'Orangerie\n" in body
    assert "- Les projets en cours de part et d'autre\n" in body
    assert "- Le suivi de l'activité de placement réalisée par OPUS (O17)\n- Forum de l'emploi\n" in body
    assert f"- Jean D'Artagnan (Conseiller référent, {cast.partnership.agency})\n" in body
    assert "- Mme O'Neil (Mission locale)\n" in body
    calendar, event = _event(message)
    attendees = {str(a): a.params["cn"] for a in event.get("attendee")}
    assert attendees[f"mailto:{referent.email}"] == "Jean D'Artagnan"

    from relais import services

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(meeting.pk, Partnership.objects.all())
    cancellation = mail.outbox[1]
    assert cancellation.subject.startswith("Annulation : réunion Relais Emploi de L'Isle-d'Abeau")
    _assert_plain_text(cancellation.body)
    assert "Ordre du jour" not in cancellation.body


def test_invitation_confirmation_lists_who_receives_it_and_who_does_not_and_why(cast, people, meeting, client):
    # clause C6
    referent = PersonFactory(organisation=cast.partnership.agency, first_name="Jean", last_name="D'Artagnan", email="")
    meeting.participants.add(referent)
    meeting.other_participants = "Mme O'Neil (Mission locale)"
    meeting.save()
    client.force_login(cast[Role.AGENT])
    response = client.get(reverse("relais:meeting_invite", args=[meeting.pk]))
    assert response.status_code == 200
    audience = response.context["audience"]
    assert sorted(audience.invited) == sorted((str(p), p.email) for p in people.values())
    assert audience.left_out == [
        ("Jean D'Artagnan", "pas d'adresse électronique professionnelle dans sa fiche"),
        ("Mme O'Neil (Mission locale)", "participant extérieur aux deux parties, sans adresse enregistrée"),
    ]
    page = response.content.decode()
    for person in people.values():
        assert f'<li>{person} <span class="muted">— {person.email}</span></li>' in page
    assert 'Jean D&#x27;Artagnan <span class="muted">— pas d&#x27;adresse électronique' in page
    assert "Confirmer l'envoi" in page
    assert not mail.outbox


def test_invitation_confirmation_without_any_address_offers_no_sending(cast, client):
    meeting = MeetingFactory(partnership=cast.partnership, other_participants="Mission locale")
    meeting.participants.add(PersonFactory(organisation=cast.partnership.agency, email=""))
    client.force_login(cast[Role.AGENT])
    page = client.get(reverse("relais:meeting_invite", args=[meeting.pk])).content.decode()
    assert "Personne : aucun participant n'a d'adresse électronique." in page
    assert "Confirmer l'envoi" not in page
    assert reverse("relais:meeting_edit", args=[meeting.pk]) in page
