"""Rights requests (articles 15 to 22 of the RGPD, clause O16): recorded by those who receive
them, answered by the Administrateur within a month (three if extended), a duty of the calendar
with its reminders; an access request yields the file of everything held on the person."""

import datetime
import html
import json
import zoneinfo

import pytest
from django.urls import reverse

from partnership import obligations
from partnership.models import CommitteeMember, ConventionParty, SteeringCommittee
from partnership.permissions import Role
from privacy.models import RightsRequest
from relais.tests.factories import PersonFactory

D = datetime.date
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
END_OF_JANUARY = D(2026, 1, 31)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: D(2026, 2, 10))


def make_request(cast, kind=RightsRequest.Kind.ACCESS, received_on=END_OF_JANUARY, person=None):
    return RightsRequest.objects.create(
        partnership=cast.partnership, kind=kind, requester="Camille DURAND", received_on=received_on,
        channel=RightsRequest.Channel.EMAIL, person=person,
    )  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.AGENT, 200), (Role.RGC, 200), (Role.ADMINISTRATOR, 200), (Role.ELU, 403), (Role.CORRESPONDENT, 403)],
)
def test_who_records_and_reads_the_requests(client, cast, role, status, today):
    rights_request = make_request(cast)
    client.force_login(cast[role])
    for url in (reverse("privacy:requests"), reverse("privacy:request_new"), rights_request.get_absolute_url()):
        assert client.get(url).status_code == status


@pytest.mark.django_db
def test_an_agent_records_a_request_with_its_date_and_channel(client, cast, today):
    # clause O16: the request is recorded; the answer is due a month after its receipt
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("privacy:request_new"),
        {"partnership": cast.partnership.pk, "kind": "rectification", "requester": "Camille DURAND",
         "received_on": "2026-01-31", "channel": "courrier", "details": "Fonction erronée"},
    )  # fmt: skip
    rights_request = RightsRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == rights_request.get_absolute_url()
    assert rights_request.recorded_by == cast[Role.AGENT]
    page = client.get(rights_request.get_absolute_url()).content.decode()
    assert "28 février 2026" in page and "Courrier" in page


@pytest.mark.django_db
def test_a_request_in_the_future_or_naming_another_communes_person_is_refused(client, cast, other_cast, today):
    client.force_login(cast[Role.AGENT])
    stranger = PersonFactory(organisation=other_cast.partnership.commune)
    for received_on, person in (("2026-03-01", ""), ("2026-01-31", stranger.pk)):
        response = client.post(
            reverse("privacy:request_new"),
            {"partnership": cast.partnership.pk, "kind": "acces", "requester": "X", "received_on": received_on,
             "channel": "courriel", "person": person},
        )  # fmt: skip
        assert response.status_code == 400
    assert not RightsRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", RightsRequest.Kind.values)
def test_each_kind_is_due_a_month_later_clamped_to_the_months_end(cast, kind):
    # clause O16: received 31 January, due 28 February; extended, 30 April
    rights_request = make_request(cast, kind=kind)
    assert rights_request.answer_deadline().date == D(2026, 2, 28)
    rights_request.extend(D(2026, 2, 20), "Demande complexe : plusieurs services consultés")
    assert rights_request.answer_deadline().date == D(2026, 4, 30)


@pytest.mark.django_db
def test_the_administrator_extends_once_with_a_reason_then_answers(client, cast, today):
    # clause O16: extendable by two months with a reason
    rights_request = make_request(cast)
    client.force_login(cast[Role.ADMINISTRATOR])
    extend = reverse("privacy:request_extend", args=[rights_request.pk])
    assert client.post(extend, {"reason": ""}).status_code == 400
    assert client.post(extend, {"reason": "Plusieurs services à consulter"}).status_code == 302
    assert client.post(extend, {"reason": "Encore"}).status_code == 400  # once
    rights_request.refresh_from_db()
    assert rights_request.extended_on == D(2026, 2, 10) and rights_request.answer_deadline().date == D(2026, 4, 30)
    answer = reverse("privacy:request_answer", args=[rights_request.pk])
    assert client.post(answer, {"answered_on": "2026-01-01", "answer": "x"}).status_code == 400  # before receipt
    assert client.post(answer, {"answered_on": "2026-02-10", "answer": "Dossier envoyé"}).status_code == 302
    rights_request.refresh_from_db()
    assert rights_request.answered_on == D(2026, 2, 10)


@pytest.mark.django_db
def test_a_late_extension_is_refused(cast):
    from django.core.exceptions import ValidationError

    rights_request = make_request(cast)
    with pytest.raises(ValidationError):
        rights_request.extend(D(2026, 3, 1), "Trop tard")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AGENT, Role.RGC])
def test_only_the_administrator_extends_answers_and_reads_the_file(client, cast, role):
    rights_request = make_request(cast, person=PersonFactory(organisation=cast.partnership.commune))
    client.force_login(cast[role])
    assert client.post(reverse("privacy:request_extend", args=[rights_request.pk]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("privacy:access_file", args=[rights_request.pk])).status_code == 403


@pytest.mark.django_db
def test_another_commune_never_reaches_a_request(client, cast, other_cast):
    rights_request = make_request(other_cast, person=PersonFactory(organisation=other_cast.partnership.commune))
    client.force_login(cast[Role.ADMINISTRATOR])
    for name in ("privacy:request", "privacy:access_file"):
        assert client.get(reverse(name, args=[rights_request.pk])).status_code == 404
    assert client.post(reverse("privacy:request_answer", args=[rights_request.pk]), {}).status_code == 404
    assert client.get(reverse("privacy:requests")).content.decode().count("Camille") == 0


@pytest.mark.django_db
def test_the_answer_is_a_duty_of_the_calendar_with_its_reminders(cast):
    # clause O16: due a month after receipt, for the Administrateur, done once answered
    from reminders import services
    from reminders.models import Notification

    rights_request = make_request(cast)
    key = f"rights-request:{rights_request.pk}:answer"
    duty = {d.key: d for d in obligations.collect([cast.partnership.pk], D(2026, 2, 10))}[key]
    assert duty.due_date == D(2026, 2, 28) and duty.clause == "O16" and duty.actors == (Role.ADMINISTRATOR,)
    assert "Camille" not in duty.title  # the calendar names no one
    services.send_reminders(D(2026, 2, 28))
    assert Notification.objects.filter(user=cast[Role.ADMINISTRATOR], title=duty.title).exists()
    rights_request.answered_on = D(2026, 2, 27)
    rights_request.save()
    duty = {d.key: d for d in obligations.collect([cast.partnership.pk], D(2026, 3, 1))}[key]
    assert duty.state == obligations.State.DONE


@pytest.mark.django_db
def test_the_request_list_reads_in_constant_queries(client, cast, django_assert_max_num_queries):
    for n in range(30):
        make_request(cast, received_on=D(2026, 1, 1) + datetime.timedelta(days=n))
    client.force_login(cast[Role.ADMINISTRATOR])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("privacy:requests")).status_code == 200


@pytest.mark.django_db
def test_the_access_file_holds_everything_on_the_person_in_every_app(client, cast):
    # clause O16 (article 15): access to everything held, as PDF and JSON
    from opus_accounts.models import Absence
    from opus_accounts.tests.factories import AccountFactory, AnnexFactory
    from relais.tests.factories import ActionFactory, MeetingFactory
    from reminders.models import Notification

    commune = cast.partnership.commune
    person = PersonFactory(organisation=commune, first_name="Camille", last_name="DURAND",
                           email="camille.durand@example.org", function="Conseillère")  # fmt: skip
    ConventionParty.objects.create(
        convention=cast.cooperation, organisation=commune, designation="le Partenaire", representative=person,
        capacity="Maire",
    )  # fmt: skip
    AnnexFactory(convention=cast.opus)
    AccountFactory(convention=cast.opus, person=person)
    Absence.objects.create(person=person, start=D(2026, 2, 1))
    meeting = MeetingFactory(partnership=cast.partnership, starts_at=datetime.datetime(2026, 3, 10, 10, tzinfo=PARIS))
    meeting.participants.add(person)
    ActionFactory(meeting=meeting, owner="Camille DURAND (Relais Emploi)", text="Relancer l'agence")
    committee = SteeringCommittee.objects.create(
        partnership=cast.partnership, convention=cast.cooperation, year=2025, date=D(2026, 2, 10)
    )
    CommitteeMember.objects.create(committee=committee, person=person, name="Camille DURAND")
    Notification.objects.create(user=cast[Role.RGC], title="Absence de Camille DURAND")
    cast[Role.AGENT].email = "camille.durand@example.org"
    cast[Role.AGENT].save()
    rights_request = make_request(cast, person=person)
    client.force_login(cast[Role.ADMINISTRATOR])
    url = reverse("privacy:access_file", args=[rights_request.pk])
    data = json.loads(client.get(url, {"format": "json"}).content)
    found = {section["title"]: section["rows"] for section in data["sections"]}
    assert found["Fiche de la personne"][0][1:] == ["Camille", "DURAND", "Conseillère", "camille.durand@example.org"]
    assert found["Représentation d'une partie dans une convention"] == [[cast.cooperation.title, "Maire"]]
    assert found["Comptes OPUS"][0][0] == cast.opus.title and found["Absences"][0][0] == "01/02/2026"
    assert found["Réunions des référents (participant)"][0][0] == "10/03/2026 10:00"
    assert found["Actions de suivi (responsable)"][0][0] == "Relancer l'agence"
    assert found["Comités de pilotage"][0][1] == "Camille DURAND"
    assert found["Notifications et rappels qui nomment la personne"][0][1] == "Absence de Camille DURAND"
    assert found["Compte de connexion (même adresse électronique)"][0][0] == cast[Role.AGENT].username
    assert {section["app"] for section in data["sections"]} >= {"Partenariat", "Comptes OPUS", "Relais Emploi"}
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_only_an_access_request_naming_a_person_has_a_file(client, cast):
    client.force_login(cast[Role.ADMINISTRATOR])
    for rights_request in (make_request(cast), make_request(cast, kind="opposition", person=PersonFactory(
        organisation=cast.partnership.commune))):  # fmt: skip
        assert client.get(reverse("privacy:access_file", args=[rights_request.pk])).status_code == 404


def erasure_request(cast, person):
    return make_request(cast, kind=RightsRequest.Kind.ERASURE, person=person)


@pytest.mark.django_db
def test_an_erasure_request_erases_the_record_and_its_versions(client, cast, today):
    # clause O16 (article 17 RGPD): nothing the conventions need names them, so the record goes
    from partnership.models import PageSnapshot, Person
    from relais.tests.factories import MeetingFactory

    person = PersonFactory(organisation=cast.partnership.commune)
    person.function = "Chargée de mission"
    person.save()  # a second version
    earlier = MeetingFactory(partnership=cast.partnership, starts_at=datetime.datetime(2015, 3, 10, 10, tzinfo=PARIS))
    earlier.participants.add(person)
    older = erasure_request(cast, person)
    rights_request = erasure_request(cast, person)
    client.force_login(cast[Role.ADMINISTRATOR])
    client.get(reverse("convention_detail", args=[cast.cooperation.pk]))  # a page kept as a snapshot
    url = reverse("privacy:request_erase", args=[rights_request.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Confirmer l'effacement" in page.content.decode()
    assert PageSnapshot.objects.exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not PageSnapshot.objects.exists()  # no copy of a page that may have named them
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not Person.history.filter(id=person.pk).exists()
    assert list(earlier.participants.all()) == []
    assert not RightsRequest.history.filter(person_id=person.pk).exists()
    older.refresh_from_db()
    rights_request.refresh_from_db()
    assert older.person is None and rights_request.person is None
    assert rights_request.answered_on == D(2026, 2, 10) and "effacée le 10 février 2026" in rights_request.answer
    assert rights_request.history.first().history_user == cast[Role.ADMINISTRATOR]


@pytest.mark.django_db
def test_an_erasure_request_is_refused_while_a_convention_needs_the_person(client, cast, today):
    # clause O16 (article 17, 3. b): an OPUS account holder of a convention in force stays
    from opus_accounts.tests.factories import AccountFactory
    from partnership.models import Person

    person = PersonFactory(organisation=cast.partnership.commune)
    AccountFactory(convention=cast.opus, person=person)
    rights_request = erasure_request(cast, person)
    client.force_login(cast[Role.ADMINISTRATOR])
    url = reverse("privacy:request_erase", args=[rights_request.pk])
    assert "reste nécessaire à l'exécution des conventions" in html.unescape(client.get(url).content.decode())
    response = client.post(url)
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert cast.opus.title in body or cast.cooperation.title in body  # the convention that needs them
    assert Person.objects.filter(pk=person.pk).exists()
    rights_request.refresh_from_db()
    assert rights_request.answered_on is None


@pytest.mark.django_db
def test_only_an_erasure_request_erases(client, cast, today):
    from partnership.models import Person

    person = PersonFactory(organisation=cast.partnership.commune)
    rights_request = make_request(cast, kind=RightsRequest.Kind.OPPOSITION, person=person)
    client.force_login(cast[Role.ADMINISTRATOR])
    response = client.post(reverse("privacy:request_erase", args=[rights_request.pk]))
    assert response.status_code == 400 and "Seule une demande d'effacement" in html.unescape(response.content.decode())
    assert Person.objects.filter(pk=person.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT])
def test_only_the_administrateur_applies_an_erasure(client, cast, role, today):
    rights_request = erasure_request(cast, PersonFactory(organisation=cast.partnership.commune))
    url = reverse("privacy:request_erase", args=[rights_request.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(cast[role])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


@pytest.mark.django_db
def test_an_erasure_request_of_another_commune_is_not_found(client, cast, other_cast, today):
    rights_request = erasure_request(other_cast, PersonFactory(organisation=other_cast.partnership.commune))
    client.force_login(cast[Role.ADMINISTRATOR])
    assert client.get(reverse("privacy:request_erase", args=[rights_request.pk])).status_code == 404
