import datetime

import pytest
from django.urls import reverse

from partnership import committees, obligations
from partnership.models import Commitment, CommitteeMember, Partnership, SteeringCommittee
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
    CommitteeMember.objects.create(committee=first, name="Emilie JULLIEN", function="Adjointe", order=1)
    second = _committee(cast.partnership, date=D(2027, 2, 1), year=2026)
    assert [m.name for m in second.members.all()] == ["Marie DIRECTRICE", "Emilie JULLIEN"]


def test_indicators_frozen_when_held_do_not_change_afterwards(cast):
    # clause C10: later changes leave a past committee's record unchanged
    commitment = CommitmentFactory(convention=cast.cooperation, status=Commitment.Status.IN_PROGRESS)
    committee = _committee(cast.partnership)
    committee, frozen_now = committees.mark_held(committee.pk, Partnership.objects.all())
    assert frozen_now
    record = committee.indicators
    assert record["partnership"]["commitments"]["by_status"]["En cours"] == 1
    assert "relais" in record  # the relais app's annual report, through the hook

    commitment.status = Commitment.Status.DONE
    commitment.save()
    CommitmentFactory(convention=cast.cooperation)
    committee, frozen_now = committees.mark_held(committee.pk, Partnership.objects.all())
    assert not frozen_now
    committee.refresh_from_db()
    assert committee.indicators == record
    assert committee.indicators["partnership"]["commitments"]["by_status"]["En cours"] == 1


def test_indicators_work_whatever_apps_provide_them(cast, monkeypatch):
    import types

    fake = types.ModuleType("fake_app.indicators")
    fake.indicators = lambda partnership, year: {"figures": [1, 2]}
    monkeypatch.setattr(committees, "app_modules", lambda hook: [fake])
    assert committees.gather_indicators(cast.partnership, 2025) == {"fake_app": {"figures": [1, 2]}}


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
    client.force_login(cast[Role.AGENT])
    response = client.post(
        reverse("committee_create"),
        {"partnership": cast.partnership.pk, "convention": cast.cooperation.pk, "year": 2025, "date": "2026-02-10"},
    )
    assert response.status_code == 302
    committee = SteeringCommittee.objects.get()
    form = {
        "convention": cast.cooperation.pk,
        "year": 2025,
        "date": "2026-02-10",
        "members-TOTAL_FORMS": 1,
        "members-INITIAL_FORMS": 0,
        "members-0-name": "Henri HOURIEZ",
        "members-0-attendance": "represente",
        "members-0-represented_by": "",
        "members-0-order": 0,
    }
    response = client.post(reverse("committee_edit", args=[committee.pk]), form)
    assert response.status_code == 200  # a represented member needs a representative
    form["members-0-represented_by"] = "Emilie JULLIEN"
    assert client.post(reverse("committee_edit", args=[committee.pk]), form).status_code == 302
    assert committee.members.get().represented_by == "Emilie JULLIEN"
    assert client.post(reverse("committee_held", args=[committee.pk])).status_code == 302
    committee.refresh_from_db()
    assert committee.is_held and committee.indicators_frozen_at


def test_committee_list_keeps_a_bounded_number_of_queries(cast, client, django_assert_max_num_queries):
    for n in range(30):
        _committee(cast.partnership, date=D(2000 + n, 2, 1), year=1999 + n)
    client.force_login(cast[Role.ELU])
    with django_assert_max_num_queries(13):
        assert client.get(reverse("committee_list")).status_code == 200
