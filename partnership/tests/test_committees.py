import datetime
import os
import re

import pytest
from django.urls import reverse

from partnership import committees, obligations, report
from partnership.models import Commitment, CommitteeMember, Partnership, SteeringCommittee, User
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory

D = datetime.date
READERS = {Role.AGENT, Role.RGC, Role.ELU, Role.CORRESPONDENT}
EDITORS = {Role.AGENT, Role.RGC}


def _committee(partnership, **fields):
    defaults = {"year": 2025, "date": D(2026, 2, 10)}
    defaults.update(fields)
    return committees.create_committee(partnership, **defaults)


def test_committee_due_one_year_after_the_convention_then_after_the_last_held():
    # clause C10
    assert committees.steering_committee_due(None, D(2024, 1, 1)).date == D(2025, 1, 1)
    assert committees.steering_committee_due(D(2025, 2, 10), D(2024, 1, 1)).date == D(2026, 2, 10)
    # clause C10: month ends are clamped (29 February + 1 year = 28 February)
    assert committees.steering_committee_due(D(2024, 2, 29), D(2024, 1, 1)).date == D(2025, 2, 28)


def test_committee_duty_in_the_calendar_until_held(cast):
    # clause C10
    ids = [cast.partnership.pk]
    duty = next(d for d in obligations.collect(ids, D(2024, 6, 1)) if d.key.endswith(":c10"))
    assert duty.due_date == D(2025, 1, 1)
    assert not duty.done
    committee = _committee(cast.partnership, date=D(2025, 1, 20), year=2024)
    committees.mark_held(committee.pk, Partnership.objects.all())
    c10 = [d for d in obligations.collect(ids, D(2025, 2, 1)) if d.key.endswith(":c10")]
    assert [(d.due_date, d.done) for d in c10] == [(D(2025, 1, 1), True), (D(2026, 1, 20), False)]
    assert c10[0].key == duty.key  # the same duty, now done


def test_default_members_are_the_parties_representatives_then_the_previous_committee(cast):
    from partnership.models import ConventionParty, Person

    director = Person.objects.create(organisation=cast.partnership.agency, first_name="Marie", last_name="DIRECTRICE")
    ConventionParty.objects.create(
        convention=cast.cooperation,
        organisation=cast.partnership.agency,
        designation="Pôle emploi",
        representative=director,
    )
    first = _committee(cast.partnership)
    assert [m.name for m in first.members.all()] == ["Marie DIRECTRICE"]
    CommitteeMember.objects.create(committee=first, name="Emilie JOUBERT", function="Adjointe", order=1)
    second = _committee(cast.partnership, date=D(2027, 2, 1), year=2026)
    assert [m.name for m in second.members.all()] == ["Marie DIRECTRICE", "Emilie JOUBERT"]


def test_indicators_frozen_when_held_do_not_change_afterwards(cast):
    # clause C10: later changes leave a past committee's record unchanged
    commitment = CommitmentFactory(convention=cast.cooperation, status=Commitment.Status.IN_PROGRESS)
    committee = _committee(cast.partnership)
    committee, frozen_now = committees.mark_held(committee.pk, Partnership.objects.all())
    assert frozen_now
    record = committee.indicators
    assert _in_progress(record) == "1"
    assert any(s["title"] == "Bilan annuel du Relais Emploi 2025" for s in record["sections"])  # through the hook

    commitment.status = Commitment.Status.DONE
    commitment.save()
    CommitmentFactory(convention=cast.cooperation)
    committee, frozen_now = committees.mark_held(committee.pk, Partnership.objects.all())
    assert not frozen_now
    committee.refresh_from_db()
    assert committee.indicators == record
    assert _in_progress(committee.indicators) == "1"


def _in_progress(record):
    """The commitments "En cours" of the whole partnership, as the record wrote them."""
    [section] = [s for s in record["sections"] if s["title"].startswith("Engagements des parties")]
    [table] = section["tables"]
    return table["rows"][-1][table["columns"].index("En cours")]


def test_indicators_work_whatever_apps_provide_them(cast, monkeypatch):
    import types

    fake = types.ModuleType("fake_app.indicators")
    fake.indicators = lambda partnership, year: [report.section("Chiffres", facts=[("Un", "1")])]
    monkeypatch.setattr(committees, "app_modules", lambda hook: [fake])
    assert committees.gather_indicators(cast.partnership, 2025) == {
        "sections": [{"title": "Chiffres", "facts": [["Un", "1"]], "tables": []}]
    }


@pytest.mark.parametrize("role", Role.ALL)
def test_each_role_reaches_exactly_its_committee_pages(cast, client, role):
    committee = _committee(cast.partnership)
    client.force_login(cast[role])
    pages = [
        ("committee_list", [], READERS),
        ("committee_detail", [committee.pk], READERS),
        ("committee_pdf", [committee.pk], READERS),
        ("committee_create", [], EDITORS),
        ("committee_edit", [committee.pk], EDITORS),
        ("committee_held", [committee.pk], EDITORS),
    ]
    for name, args, allowed in pages:
        url = reverse(name, args=args) + ("?html=1" if name.endswith("pdf") else "")
        assert client.get(url).status_code == (200 if role in allowed else 403), (name, role)


def test_outsiders_get_404_and_cannot_change_a_committee(cast, other_cast, client):
    committee = _committee(cast.partnership)
    client.force_login(other_cast[Role.RGC])
    for name in ("committee_detail", "committee_edit", "committee_held", "committee_pdf"):
        assert client.get(reverse(name, args=[committee.pk])).status_code == 404, name
    assert client.post(reverse("committee_held", args=[committee.pk])).status_code == 404
    committee.refresh_from_db()
    assert committee.status == SteeringCommittee.Status.PLANNED


def test_the_correspondent_sees_the_committees_of_its_agency(cast, other_cast, client):
    _committee(cast.partnership)
    _committee(other_cast.partnership)
    client.force_login(cast[Role.CORRESPONDENT])
    response = client.get(reverse("committee_list"))
    assert [c.partnership for c in response.context["committees"]] == [cast.partnership]


def test_create_edit_attendance_and_hold_through_the_pages(cast, client):
    # clause C10
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("committee_create"),
        {"partnership": cast.partnership.pk, "convention": cast.cooperation.pk, "year": 2025, "date": "2026-02-10"},
    )
    assert response.status_code == 302
    committee = SteeringCommittee.objects.get()
    assert committee.duration_minutes == 120 and committee.start_time is None
    form = {
        "convention": cast.cooperation.pk,
        "year": 2025,
        "date": "2026-02-10",
        "members-TOTAL_FORMS": 1,
        "members-INITIAL_FORMS": 0,
        "members-0-name": "",
        "members-0-function": "Adjoint délégué à l'Économie",
        "members-0-order": 0,
    }
    response = client.post(reverse("committee_edit", args=[committee.pk]), form)
    assert response.status_code == 200  # a member needs a name or a person
    form["members-0-name"] = "Henri HUBERT"
    assert client.post(reverse("committee_edit", args=[committee.pk]), form).status_code == 302
    member = committee.members.get()
    answers = {
        "answers-TOTAL_FORMS": 1,
        "answers-INITIAL_FORMS": 1,
        "answers-0-id": member.pk,
        "answers-0-answer": "",
        "answers-0-attendance": "represente",
        "answers-0-represented_by": "",
    }
    url = reverse("committee_answers", args=[committee.pk])
    assert client.post(url, answers).status_code == 200  # a represented member needs a representative
    answers["answers-0-represented_by"] = "Emilie JOUBERT"
    assert client.post(url, answers).status_code == 302
    assert committee.members.get().represented_by == "Emilie JOUBERT"
    assert client.post(reverse("committee_held", args=[committee.pk])).status_code == 302
    committee.refresh_from_db()
    assert committee.is_held and committee.indicators_frozen_at


def test_committee_list_keeps_a_bounded_number_of_queries(cast, client, django_assert_max_num_queries):
    for n in range(30):
        _committee(cast.partnership, date=D(2000 + n, 2, 1), year=1999 + n)
    client.force_login(cast[Role.ELU])
    with django_assert_max_num_queries(13):
        assert client.get(reverse("committee_list")).status_code == 200


RAW = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:True|False|None)\b|Rgc in office|Seekers abc")


def test_the_record_reads_in_french_on_the_page_and_in_the_pdf(client, db):
    # clause C10: the committee's file handed to the elected officials shows no raw key or ISO date
    from django.core.management import call_command

    call_command("load_demo", stdout=open(os.devnull, "w"))
    committee = SteeringCommittee.objects.held().get(partnership__commune__name="Saint-Quentin-Fallavier")
    client.force_login(User.objects.get(username="elu"))
    for url in (committee.get_absolute_url(), reverse("committee_pdf", args=[committee.pk]) + "?html=1"):
        html = client.get(url).content.decode()
        record = html[html.index("Indicateurs de suivi") :]
        text = re.sub(r"<[^>]+>", " ", record)
        assert RAW.findall(text) == [], url
        assert "Diagnostic territorial partagé 2025" in text and "Comptes actifs" in text and "février" in text
    pdf = client.get(reverse("committee_pdf", args=[committee.pk]))
    assert pdf["Content-Type"] == "application/pdf"


def test_a_record_frozen_before_the_sections_is_rewritten_in_french():
    # clause C10: the records held before keep their figures and read like new ones
    import importlib

    migration = importlib.import_module("partnership.migrations.0007_committee_record_sections")
    old = {
        "opus_accounts": {"opus_accounts": [{"convention": "OPUS 2024", "active_accounts": 2, "rgc_in_office": True,
                                             "rgc_approved_on": "2024-01-30"}]},
        "diagnosis": {"territorial_diagnosis": {"year": 2025,
                                                "quarters": [{"quarter": "T1 2025", "seekers_abc": 1445}]}},
    }  # fmt: skip
    sections = migration.sections(old)
    assert [s["title"] for s in sections] == ["Comptes OPUS", "Diagnostic territorial partagé"]
    assert sections[0]["tables"][0]["columns"] == ["Convention", "Comptes actifs", "RGC en fonction", "RGC agréé le"]
    assert sections[0]["tables"][0]["rows"] == [["OPUS 2024", "2", "oui", "30 janvier 2024"]]
    assert sections[1]["facts"] == [["Année", "2025"]]
    assert sections[1]["tables"][0]["rows"] == [["T1 2025", "1\u202f445"]]


def test_attendance_reads_for_a_woman_and_a_man_alike(cast, client):
    # clause C10: the members' attendance, in wording that fits whoever it names
    committee = _committee(cast.partnership)
    CommitteeMember.objects.create(committee=committee, name="Emilie JOUBERT", attendance="present")
    CommitteeMember.objects.create(
        committee=committee, name="Henri HUBERT", attendance="represente", represented_by="X"
    )
    CommitteeMember.objects.create(committee=committee, name="Claire DURAND", attendance="excuse")
    client.force_login(cast[Role.AGENT])
    page = client.get(reverse("committee_detail", args=[committee.pk])).content.decode()
    assert "Présent(e)" in page and "Représenté(e) par X" in page and "Excusé(e)" in page
    assert [label for _value, label in CommitteeMember.Attendance.choices] == [
        "Non relevée",
        "Présent(e)",
        "Représenté(e)",
        "Excusé(e)",
        "Absent(e)",
    ]
