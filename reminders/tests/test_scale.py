"""The calendar of obligations for a user who sees many partnerships: a regional correspondent
(a regional direction, parent of the agencies). Query counts must not grow with the number of
partnerships, quarters or meetings; bounding with `since` never loses an undone duty."""

import datetime

import pytest
from django.urls import reverse

from diagnosis.models import QuarterlyFigures
from diagnosis.quarters import Quarter, quarters_between
from diagnosis.tests.factories import QuarterlyFiguresFactory
from partnership import obligations
from partnership.models import Organisation
from partnership.permissions import Role
from partnership.tests.factories import AgencyFactory, ConventionFactory, PartnershipFactory, UserFactory
from relais.tests.factories import PARIS, ActionFactory, MeetingFactory
from reminders import services

D = datetime.date
TODAY = D(2026, 12, 10)
PARTNERSHIPS = 30


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    return TODAY


@pytest.fixture
def region(db):
    """30 partnerships under one regional direction, each with three cooperation conventions
    since 2018 (36 quarters of figures, most received), meetings held and follow-up actions."""
    direction = Organisation.objects.create(kind=Organisation.Kind.REGIONAL_DIRECTION, name="DR Auvergne-Rhône-Alpes")
    partnerships = []
    figures = []
    for n in range(PARTNERSHIPS):
        partnership = PartnershipFactory(agency=AgencyFactory(parent=direction))
        partnerships.append(partnership)
        for year in (2018, 2021, 2024):
            ConventionFactory(partnership=partnership, effective_from=D(year, 1, 1), signed_on=D(year - 1, 12, 1))
        # Figures received for every quarter but the last four (and one old quarter, left late).
        for quarter in quarters_between(Quarter(2018, 1), Quarter(2025, 4)):
            if (quarter.year, quarter.number) != (2019, 2):
                figures.append(
                    QuarterlyFiguresFactory.build(partnership=partnership, year=quarter.year, quarter=quarter.number)
                )
        if n < 5:
            for month in (2, 4, 6, 8, 10):
                meeting = MeetingFactory(
                    partnership=partnership, starts_at=datetime.datetime(2025, month, 10, 10, tzinfo=PARIS), held=True
                )
                ActionFactory(meeting=meeting, due_on=D(2025, month + 1, 1), done_on=D(2025, month + 1, 1))
            ActionFactory(meeting=meeting, due_on=D(2025, 12, 1))  # never done: late
    QuarterlyFigures.objects.bulk_create(figures)
    user = UserFactory(username="region", role=Role.CORRESPONDENT, organisation=direction)
    return partnerships, user


def test_since_never_drops_an_undone_duty(region):
    partnerships, _user = region
    ids = [p.pk for p in partnerships]
    everything = obligations.collect(ids, TODAY)
    bounded = obligations.collect(ids, TODAY, since=obligations.default_since(TODAY))
    undone = {d.key for d in everything if not d.done}
    assert undone == {d.key for d in bounded if not d.done}
    assert {d.key for d in bounded} == {d.key for d in everything if not d.done or d.due_date >= D(2026, 9, 11)}
    # The figures received long ago (about 30 × 30 quarters) are not built at all.
    assert len(everything) - len(bounded) > 800
    # Stable keys and states: a duty kept is the same duty.
    by_key = {d.key: d for d in everything}
    assert all(by_key[d.key] == d for d in bounded)
    # The old late figures (2019 Q2) and the old undone follow-up action stay.
    assert any(d.key.endswith(":2019T2:figures") and d.state == obligations.State.LATE for d in bounded)
    assert any(d.key.startswith("followup-action:") and not d.done for d in bounded)


def test_reminders_job_still_sees_every_late_duty(region):
    """The daily job is not bounded: a duty late for years is still reminded."""
    partnerships, _user = region
    due = {duty.key for duty in obligations.collect([p.pk for p in partnerships], TODAY) if not duty.done}
    assert due and {item.duty.key for item in services.plan(TODAY)} <= due
    assert any(":2019T2:figures" in key for key in due)


def test_home_for_a_regional_correspondent(client, region, today, django_assert_max_num_queries, settings):
    settings.WIDE_SCOPE_PARTNERSHIPS = 50  # all 30 at once (beyond the threshold: one at a time)
    _partnerships, user = region
    client.force_login(user)
    with django_assert_max_num_queries(37):  # written: with its snapshot's (counted, looked for, kept)
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<li class="duty') <= 30  # yours: 10 late, 10 next; 10 of the others'
    assert "voir toutes les échéances en retard" in page


def test_calendar_for_a_regional_correspondent(client, region, today, django_assert_max_num_queries, settings):
    settings.WIDE_SCOPE_PARTNERSHIPS = 50  # all 30 at once (beyond the threshold: one at a time)
    partnerships, user = region
    client.force_login(user)
    with django_assert_max_num_queries(35):
        response = client.get(reverse("calendar"))
    page = response.content.decode()
    assert page.count('class="duty-row') == 50
    assert 'aria-current="page"' in page and 'aria-label="Pagination"' in page
    assert 'name="partenariat"' in page  # several partnerships: the filter is offered
    with django_assert_max_num_queries(35):
        response = client.get(reverse("calendar"), {"partenariat": partnerships[3].pk, "page": 2})
    assert response.status_code == 200
    assert partnerships[0].name not in response.content.decode().split("<tbody>")[1]


def test_calendar_partnership_filter_refuses_a_partnership_not_seen(client, cast, region, today):
    partnerships, user = region
    client.force_login(cast[Role.AGENT])
    page = client.get(reverse("calendar")).content.decode()
    assert 'name="partenariat"' not in page  # one partnership: no filter
    client.force_login(user)
    page = client.get(reverse("calendar"), {"partenariat": cast.partnership.pk}).content.decode()
    assert "ne vous est pas accessible" in page


def test_personal_data_page_does_not_grow_with_ended_conventions(client, region, today, django_assert_max_num_queries):
    partnerships, _user = region
    admin = UserFactory(username="region-admin", role=Role.ADMINISTRATOR, organisation=partnerships[0].commune)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    # 60 conventions ended long ago (2018 and 2021 ones), 30 with their deadline in 80 days:
    # 90 to act on, pages of 20: each app's inventory read once per page .
    with django_assert_max_num_queries(33) as first:
        response = client.get(reverse("privacy:schedule"))
    page = response.content.decode()
    assert page.count('<section class="card" id="convention-') == 20  # a page
    assert 'aria-current="page"' in page
    assert response.context["page_obj"].paginator.count == 90
    with django_assert_max_num_queries(33) as second:
        page = client.get(reverse("privacy:schedule"), {"page": 5}).content.decode()
    assert page.count('<section class="card" id="convention-') == 10
    assert len(first.captured_queries) == len(second.captured_queries)
