"""Clause C9's schedule and dry run written once for their reader and shown again until anything
changes in any partnership (partnership.duty_snapshots.page for all partnerships): who is erased
with a convention depends on the conventions of every partnership that name the same people."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opus_accounts.models import HolderChange
from opus_accounts.tests.factories import HolderFactory
from partnership import duty_snapshots
from partnership.models import (
    CommitteeMember,
    Convention,
    DutyChange,
    PageSnapshot,
    Partnership,
    SteeringCommittee,
    User,
)
from partnership.permissions import Role, has_role
from partnership.tests.factories import ConventionFactory, PartnershipFactory
from partnership.tests.snapshots import html_of, source_tables, tables_in
from privacy import destruction, views
from privacy.tests.test_erasure import build
from relais.tests.factories import MeetingFactory
from reminders.models import Notification

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 12, 10)  # the cast's cooperation convention's C9 deadline is within the page's horizon
SCHEDULE, DRY_RUN = "privacy/_personal_data_body.html", "privacy/_dry_run_body.html"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def page(client, url, **query):
    response = client.get(url, query)
    return response, html_of(response)


def written(response, body):
    return body in [t.name for t in response.templates]


def urls(cast):
    return [(reverse("privacy:schedule"), SCHEDULE), (reverse("privacy:dry_run", args=[cast.cooperation.pk]), DRY_RUN)]


def test_each_page_is_written_once_then_read_from_its_snapshot(client, cast):
    build(cast)
    client.force_login(cast[Role.RGC])
    for url, body in urls(cast):
        first, html = page(client, url)
        again, html_again = page(client, url)
        assert written(first, body) and not written(again, body)
        assert html_again == html
    assert PageSnapshot.objects.filter(partnership=None).count() == 2


def test_a_change_in_another_partnership_writes_them_again(client, cast, other_cast):
    # clause C9: a convention of another partnership may name the same people and keep them
    build(cast)
    client.force_login(cast[Role.RGC])
    for url, _body in urls(cast):
        page(client, url)
    ConventionFactory(partnership=other_cast.partnership)
    for url, body in urls(cast):
        response, html = page(client, url)
        assert written(response, body)
        PageSnapshot.objects.all().delete()
        assert html == page(client, url)[1]


def test_each_reader_and_each_page_of_the_schedule_has_its_own(client, cast):
    build(cast)
    for role in (Role.AGENT, Role.RGC):
        client.force_login(cast[role])
        page(client, reverse("privacy:schedule"))
        page(client, reverse("privacy:schedule"), page=2)
    assert PageSnapshot.objects.filter(partnership=None).count() == 4
    client.force_login(cast[Role.AGENT])
    assert reverse("privacy:dry_run", args=[cast.cooperation.pk]) not in page(client, reverse("privacy:schedule"))[1]


@pytest.mark.parametrize("query", [{"page": "999999"}, {"page": "deux"}, {"page": "1", "tri": "x"}])
def test_other_queries_are_written_afresh_and_never_kept(client, cast, query):
    # one row per page number an attacker could ask for: none
    client.force_login(cast[Role.RGC])
    assert page(client, reverse("privacy:schedule"), **query)[0].status_code == 200
    assert not PageSnapshot.objects.exists()


def test_a_convention_out_of_scope_or_destroyed_is_not_found_even_with_a_snapshot(client, cast, other_cast):
    client.force_login(other_cast[Role.RGC])
    url = reverse("privacy:dry_run", args=[other_cast.cooperation.pk])
    assert page(client, url)[0].status_code == 200
    client.force_login(cast[Role.RGC])
    assert page(client, url)[0].status_code == 404
    client.force_login(other_cast[Role.RGC])
    destruction.destroy_batch([destruction.cooperation_conventions().get(pk=other_cast.cooperation.pk)], D(2027, 3, 1))
    assert page(client, url)[0].status_code == 404


def test_the_c9_erasure_of_any_partnership_deletes_them(client, cast, other_cast):
    # clause C9: the dry run names the people; no copy of them stays once erased
    build(cast)
    client.force_login(cast[Role.RGC])
    for url, _body in urls(cast):
        page(client, url)
    duty_snapshots.forget([other_cast.partnership.pk])
    assert not PageSnapshot.objects.filter(partnership=None).exists()


def test_a_partnership_deleted_leaves_its_changes_counted_for_all(cast):
    # a count never goes back to what a snapshot was taken at
    partnership = PartnershipFactory(commune=cast.partnership.commune)
    before = duty_snapshots.total_changes(TODAY)
    Partnership.objects.filter(pk=partnership.pk).delete()
    assert duty_snapshots.total_changes(TODAY) >= before
    assert DutyChange.objects.filter(partnership=None).exists()


def test_every_table_the_pages_are_read_from_is_a_source(client):
    """What the demo's schedule and dry runs read, for each role that may see them, on a day when
    each cooperation convention is on the schedule: a source each, or the snapshots' own tables."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    read = set()
    conventions = list(destruction.cooperation_conventions())
    assert conventions
    for convention in conventions:
        day = convention.personal_data_destruction_deadline().date - datetime.timedelta(days=10)
        for username in ("agent", "rgc", "elu", "admin"):
            user = User.objects.get(username=username)
            client.force_login(user)
            request = client.get(reverse("privacy:schedule")).wsgi_request
            dry_run = has_role(user, *views.DRY_RUN_ROLES) and convention in Convention.objects.visible_to(user)
            with CaptureQueriesContext(connection) as queries:
                views._schedule_body(request, day)
                if dry_run:
                    views._dry_run_body(request, convention.pk)
            read |= tables_in(queries)
    assert read and read <= source_tables(), read - source_tables()


def new_source_rows(cast, other_cast):
    """A row of each source this app adds, each in a partnership that is not the page's."""
    holder = HolderFactory(organisation=other_cast.partnership.commune)
    committee = SteeringCommittee.objects.create(
        partnership=other_cast.partnership, convention=other_cast.cooperation, year=2025, date=D(2026, 2, 10)
    )
    meeting = MeetingFactory(partnership=other_cast.partnership)
    yield lambda: CommitteeMember.objects.create(committee=committee, person=holder, name=str(holder))
    yield lambda: HolderChange.objects.create(person=holder, kind=HolderChange.Kind.DEPARTURE, on=D(2026, 6, 30))
    yield lambda: Notification.objects.create(user=cast[Role.AGENT], title=f"Compte de {holder}")
    yield lambda: meeting.participants.add(holder)  # no save: the many-to-many signal
    yield lambda: meeting.participants.remove(holder)
    yield lambda: meeting.participants.add(holder) or meeting.participants.clear()


def test_a_change_to_each_of_this_apps_sources_writes_them_again(client, cast, other_cast):
    build(cast)
    client.force_login(cast[Role.RGC])
    for change in new_source_rows(cast, other_cast):
        for url, _body in urls(cast):
            page(client, url)
        change()
        for url, body in urls(cast):
            assert written(page(client, url)[0], body), change
