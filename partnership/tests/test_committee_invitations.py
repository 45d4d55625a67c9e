"""The steering committee's convocation by e-mail, its update and cancellation, the members'
answers and attendance, and its one PDF (clause C10)."""

import datetime
import io
import logging

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partnership import committees
from partnership.models import CommitteeMember, Partnership, Person, SteeringCommittee
from partnership.permissions import Role

EDITORS = {Role.AGENT, Role.RGC}
TODAY = datetime.date(2026, 12, 1)


def _event(message):
    (name, payload, mimetype), *_ = message.attachments
    assert name == "invitation.ics"
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(payload)
    raw = payload if isinstance(payload, str) else payload.decode()
    return calendar, next(iter(calendar.walk("VEVENT"))), raw


def _pdf_text(content):
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


@pytest.fixture
def committee(cast):
    """A committee at 14:00 on 10 February 2027, two members with an address and one without."""
    commune, agency = cast.partnership.commune, cast.partnership.agency
    mayor = Person.objects.create(
        organisation=commune, first_name="Emilie", last_name="JOUBERT", function="Adjointe", email="ej@example.org"
    )
    director = Person.objects.create(
        organisation=agency, first_name="Anne", last_name="CORDIER", function="Directrice", email="ac@example.org"
    )
    noaddress = Person.objects.create(organisation=commune, first_name="Henri", last_name="HUBERT")
    committee = committees.create_committee(
        cast.partnership,
        convention=cast.cooperation,
        year=2026,
        date=datetime.date(2027, 2, 10),
        start_time=datetime.time(14, 0),
        place="Mairie, salle du conseil",
        agenda="Bilan de l'année\nPréparer le renouvellement",
    )
    for order, person in enumerate((mayor, director, noaddress)):
        CommitteeMember.objects.create(
            committee=committee, person=person, name=str(person), function=person.function, order=order
        )
    CommitteeMember.objects.create(committee=committee, name="Mme O'Neil", organisation="Mission locale", order=3)
    return committee


def _convene(committee, capture, today=TODAY):
    with capture(execute=True):
        return committees.convene(committee.pk, Partnership.objects.all(), today)


def test_convocation_is_an_icalendar_request_in_paris_time(committee, django_capture_on_commit_callbacks):
    # clause C10: the members with an address are convened by an invitation for their calendar
    assert _convene(committee, django_capture_on_commit_callbacks) == 2
    (message,) = mail.outbox
    assert sorted(message.to) == ["ac@example.org", "ej@example.org"]
    calendar, event, raw = _event(message)
    assert calendar["method"] == "REQUEST"
    assert str(event["uid"]) == f"steering-committee-{committee.pk}@relais-emploi.example.org"
    assert int(event["sequence"]) == 0
    assert "DTSTART;TZID=Europe/Paris:20270210T140000" in raw
    assert "DTEND;TZID=Europe/Paris:20270210T160000" in raw
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Paris"
    assert {str(a) for a in event.get("attendee")} == {"mailto:ac@example.org", "mailto:ej@example.org"}
    assert "Préparer le renouvellement" in str(event["description"])
    assert message.subject == (
        f"Convocation : comité de pilotage Relais Emploi – Pôle emploi de {committee.partnership.commune.name}, "
        "10 février 2027 à 14h00"
    )
    assert "Date : mercredi 10 février 2027, de 14h00 à 16h00\nLieu : Mairie, salle du conseil\n" in message.body
    assert "- Mme O'Neil (Mission locale)\n" in message.body and "&#" not in message.body
    committee.refresh_from_db()
    assert committee.convened_on == TODAY and committee.invitation_sequence_sent == 0


def test_a_change_of_time_sends_an_update_of_the_same_event(
    cast, committee, client, django_capture_on_commit_callbacks
):
    # clause C10: the same UID, a higher SEQUENCE; the convocation keeps its first date
    _convene(committee, django_capture_on_commit_callbacks)
    uid = str(_event(mail.outbox[0])[1]["uid"])
    client.force_login(cast[Role.AGENT])
    form = {
        "convention": cast.cooperation.pk,
        "year": 2026,
        "date": "2027-02-11",
        "start_time": "09:30",
        "duration_minutes": 150,
        "place": "Mairie, salle du conseil",
        "agenda": committee.agenda,
        "members-TOTAL_FORMS": 0,
        "members-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("committee_edit", args=[committee.pk]), form, follow=True)
    assert "envoyez la mise à jour de la convocation" in response.content.decode()
    committee.refresh_from_db()
    assert committee.update_pending and committee.ical_sequence == 1
    assert "Envoyer la mise à jour" in client.get(committee.get_absolute_url()).content.decode()
    _convene(committee, django_capture_on_commit_callbacks, today=TODAY + datetime.timedelta(days=3))
    calendar, event, raw = _event(mail.outbox[1])
    assert calendar["method"] == "REQUEST" and str(event["uid"]) == uid and int(event["sequence"]) == 1
    assert "DTSTART;TZID=Europe/Paris:20270211T093000" in raw and "DTEND;TZID=Europe/Paris:20270211T120000" in raw
    assert mail.outbox[1].subject.startswith("Modification : ")
    committee.refresh_from_db()
    assert committee.convened_on == TODAY and not committee.update_pending

    form["minutes"] = "Échanges sur le bilan."  # not the schedule: no new SEQUENCE
    form["start_time"], form["date"], form["duration_minutes"] = "09:30", "2027-02-11", 150
    assert client.post(reverse("committee_edit", args=[committee.pk]), form).status_code == 302
    committee.refresh_from_db()
    assert committee.ical_sequence == 1
    form["start_time"] = ""  # once sent, the event needs its time
    assert client.post(reverse("committee_edit", args=[committee.pk]), form).status_code == 200


def test_cancelling_sends_method_cancel_and_closes_the_committee(
    cast, committee, client, django_capture_on_commit_callbacks
):
    # clause C10
    _convene(committee, django_capture_on_commit_callbacks)
    client.force_login(cast[Role.RGC])
    url = reverse("committee_cancel", args=[committee.pk])
    page = client.get(url).content.decode()
    assert "Recevront l'annulation" in page and "ej@example.org" in page
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    calendar, event, _raw = _event(mail.outbox[1])
    assert calendar["method"] == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == committee.ical_uid and int(event["sequence"]) == 1
    assert mail.outbox[1].subject.startswith("Annulation : ") and "Ordre du jour" not in mail.outbox[1].body
    committee.refresh_from_db()
    assert committee.status == SteeringCommittee.Status.CANCELLED
    for name in ("committee_convene", "committee_cancel", "committee_answers", "committee_held"):
        assert client.get(reverse(name, args=[committee.pk])).status_code == 404, name
    assert client.get(reverse("committee_edit", args=[committee.pk])).status_code == 302
    assert committees.mark_held(committee.pk, Partnership.objects.all()) == (committee, False)
    assert "Comité annulé" in client.get(committee.get_absolute_url()).content.decode()


def test_a_committee_never_convened_is_cancelled_without_mail(committee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert committees.cancel(committee.pk, Partnership.objects.all())[1] == 0
    assert not mail.outbox


def test_a_convened_committee_whose_time_was_taken_out_is_still_cancelled(
    committee, django_capture_on_commit_callbacks
):
    _convene(committee, django_capture_on_commit_callbacks)
    SteeringCommittee.objects.filter(pk=committee.pk).update(start_time=None)  # as in the admin panel
    with django_capture_on_commit_callbacks(execute=True):
        cancelled, sent = committees.cancel(committee.pk, Partnership.objects.all())
    assert (cancelled.status, sent, len(mail.outbox)) == (SteeringCommittee.Status.CANCELLED, 0, 1)


def test_no_convocation_without_a_start_time_a_future_date_or_an_address(
    cast, committee, client, django_capture_on_commit_callbacks
):
    # clause C10: a calendar invitation needs a time
    client.force_login(cast[Role.AGENT])
    SteeringCommittee.objects.filter(pk=committee.pk).update(start_time=None)
    url = reverse("committee_convene", args=[committee.pk])
    page = client.get(url).content.decode()
    assert "Indiquez l&#x27;heure de début du comité" in page and "Confirmer l'envoi" not in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 200
    assert "Indiquez l&#x27;heure de début" in client.get(committee.get_absolute_url()).content.decode()
    SteeringCommittee.objects.filter(pk=committee.pk).update(start_time=datetime.time(14), date=TODAY)
    assert _convene(committee, django_capture_on_commit_callbacks, today=TODAY + datetime.timedelta(days=1)) == 0
    Person.objects.update(email="")
    assert _convene(committee, django_capture_on_commit_callbacks) == 0
    assert not mail.outbox
    committee.refresh_from_db()
    assert committee.convened_on is None and not committee.invitation_sent


def test_the_confirmation_names_who_is_convened_and_who_is_not(cast, committee, client):
    client.force_login(cast[Role.AGENT])
    response = client.get(reverse("committee_convene", args=[committee.pk]))
    assert response.context["audience"].invited == [
        ("Emilie JOUBERT", "ej@example.org"),
        ("Anne CORDIER", "ac@example.org"),
    ]
    assert response.context["audience"].left_out == [
        ("Henri HUBERT", "pas d'adresse électronique professionnelle dans sa fiche"),
        ("Mme O'Neil", "membre non relié à une fiche de personne : aucune adresse"),
    ]
    assert "Confirmer l'envoi" in response.content.decode()
    assert not mail.outbox


def test_convening_outside_ones_scope_is_impossible(committee, other_cast, client):
    with pytest.raises(SteeringCommittee.DoesNotExist):
        committees.convene(committee.pk, Partnership.objects.visible_to(other_cast[Role.AGENT]), TODAY)
    client.force_login(other_cast[Role.AGENT])
    for name in ("committee_convene", "committee_cancel", "committee_answers"):
        assert client.get(reverse(name, args=[committee.pk])).status_code == 404
        assert client.post(reverse(name, args=[committee.pk])).status_code == 404
    assert not mail.outbox


def test_the_log_line_counts_and_never_names(committee, caplog, django_capture_on_commit_callbacks):
    # personal data never logged
    with caplog.at_level(logging.INFO, logger="invitations"):
        _convene(committee, django_capture_on_commit_callbacks)
    lines = [r.getMessage() for r in caplog.records if r.name == "invitations"]
    assert lines == [f"REQUEST partnership.steeringcommittee #{committee.pk} sent to 2 recipient(s)"]
    logged = " ".join(lines) + repr([r.__dict__.get("fields") for r in caplog.records])
    assert "example.org" not in logged and "JOUBERT" not in logged


@pytest.mark.parametrize("role", Role.ALL)
def test_each_role_reaches_exactly_the_convocation_pages(cast, committee, client, role):
    client.force_login(cast[role])
    for name in ("committee_convene", "committee_cancel", "committee_answers"):
        expected = 200 if role in EDITORS else 403
        assert client.get(reverse(name, args=[committee.pk])).status_code == expected, (name, role)
        if role not in EDITORS:
            assert client.post(reverse(name, args=[committee.pk])).status_code == 403
    assert not mail.outbox
    committee.refresh_from_db()
    assert committee.is_planned


def test_anonymous_visitors_are_sent_to_the_login(committee, client):
    for name in ("committee_convene", "committee_cancel", "committee_answers"):
        response = client.get(reverse(name, args=[committee.pk]))
        assert response.status_code == 302 and "connexion" in response["Location"], name


def _answers_form(committee, rows):
    members = list(committee.members.order_by("order", "id"))
    data = {"answers-TOTAL_FORMS": len(members), "answers-INITIAL_FORMS": len(members)}
    for n, member in enumerate(members):
        data[f"answers-{n}-id"] = member.pk
        for name, value in rows.get(member.name, {}).items():
            data[f"answers-{n}-{name}"] = value
    return data


def test_answers_then_attendance_are_recorded_and_shown_in_the_pdf(cast, committee, client):
    # clause C10: each member's answer, then the attendance on the day, in the committee's one PDF
    client.force_login(cast[Role.AGENT])
    url = reverse("committee_answers", args=[committee.pk])
    rows = {
        "Emilie JOUBERT": {"answer": "accepte", "answered_on": "2026-11-25"},
        "Anne CORDIER": {"answer": "represente", "answer_represented_by": "Sophie MARTIN", "attendance": "present"},
        "Henri HUBERT": {"answer": "excuse", "answered_on": "2026-12-25"},
    }
    response = client.post(url, _answers_form(committee, rows))
    assert response.status_code == 200  # an answer cannot come from the future
    assert "Une réponse ne peut pas être reçue dans le futur." in response.content.decode()
    rows["Henri HUBERT"]["answered_on"] = "2026-11-30"
    assert client.post(url, _answers_form(committee, rows)).status_code == 302
    members = {m.name: m for m in committee.members.all()}
    assert members["Emilie JOUBERT"].answer == "accepte"
    assert members["Anne CORDIER"].answer_represented_by == "Sophie MARTIN"
    assert members["Anne CORDIER"].answered_on == timezone.localdate()  # noted without its day: today
    assert members["Anne CORDIER"].attendance == ""  # the day has not come: attendance is not recorded yet
    page = client.get(committee.get_absolute_url()).content.decode()
    assert "Présence confirmée" in page and "Se fera représenter par Sophie MARTIN" in page

    SteeringCommittee.objects.filter(pk=committee.pk).update(date=timezone.localdate())
    committee.refresh_from_db()
    response = client.get(url)
    formset = response.context["formset"]
    initial = {f.instance.name: (f["attendance"].value(), f["represented_by"].value()) for f in formset}
    assert initial["Anne CORDIER"] == ("represente", "Sophie MARTIN")  # from the answer
    assert initial["Henri HUBERT"] == ("excuse", "")
    rows["Emilie JOUBERT"]["attendance"] = "present"
    rows["Anne CORDIER"].update(attendance="represente", represented_by="Sophie MARTIN")
    rows["Henri HUBERT"]["attendance"] = "excuse"
    rows["Mme O'Neil"] = {"attendance": "absent"}
    assert client.post(url, _answers_form(committee, rows)).status_code == 302
    assert sorted(committee.members.values_list("attendance", flat=True)) == [
        "absent", "excuse", "present", "represente"
    ]  # fmt: skip

    response = client.get(reverse("committee_pdf", args=[committee.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Dossier du comité de pilotage" in text
    assert "Présence confirmée" in text and "Se fera représenter par Sophie MARTIN" in text
    assert "Représenté(e) par Sophie MARTIN" in text and "Absent(e)" in text and "Excusé(e)" in text
    assert "de 14h00 à 16h00" in text


def test_answer_rules_are_the_models(committee):
    # clause C10
    from django.core.exceptions import ValidationError

    member = committee.members.first()
    member.answer = "represente"
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert set(error.value.message_dict) == {"answer_represented_by", "answered_on"}
    member.answer, member.answered_on, member.attendance, member.represented_by = "", None, "present", "X"
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert set(error.value.message_dict) == {"represented_by"}


def test_the_planned_committees_file_shows_the_c10_indicators_from_the_data(cast, committee, client):
    # clause C10: the three indicators, the OPUS service, communication and events, before the committee
    from relais.models import CommunicationAction, Event

    Event.objects.create(partnership=cast.partnership, kind=Event.Kind.choices[0][0], title="Job dating",
                         date=datetime.date(2026, 6, 2))  # fmt: skip
    CommunicationAction.objects.create(
        partnership=cast.partnership, date=datetime.date(2026, 5, 4), medium="bulletin", audience="demandeurs",
        title="Article sur le Relais Emploi",
    )  # fmt: skip
    client.force_login(cast[Role.ELU])
    for url in (committee.get_absolute_url(), reverse("committee_pdf", args=[committee.pk]) + "?html=1"):
        html = client.get(url).content.decode()
        for title in (
            "Diagnostic territorial partagé 2026",
            "Actions innovantes proposées et mises en œuvre en 2026",
            "Bilan annuel du Relais Emploi 2026",
            "Service OPUS rendu par Pôle emploi en 2026",
            "Actions de communication sur le partenariat",
            "Événements emploi et formation",
        ):
            assert title in html, (url, title)
        assert "Article sur le Relais Emploi" in html and "4 mai 2026" in html
        assert "provisoire" in html


def test_the_committee_page_keeps_a_bounded_number_of_queries(cast, committee, client, django_assert_max_num_queries):
    client.force_login(cast[Role.AGENT])
    url = committee.get_absolute_url()
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        person = Person.objects.create(
            organisation=cast.partnership.commune, first_name="Élu", last_name=f"N{n}", email=f"e{n}@example.org"
        )
        CommitteeMember.objects.create(committee=committee, person=person, name=str(person), order=10 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
