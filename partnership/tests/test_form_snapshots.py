"""The empty forms of an amendment and of a scope notice written once for their reader and day,
and shown again until a source changes (partnership.duty_snapshots.kept_page); a form posted is
written afresh, with its errors."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from partnership.models import (
    Amendment,
    CommitteeMember,
    Convention,
    DutyChange,
    PageSnapshot,
    SteeringCommittee,
    User,
)
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory
from partnership.tests.snapshots import html_of, source_tables, tables_read_when_written
from relais.models import ReferentMeeting
from relais.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db
D = datetime.date

FORMS = {
    "amendment_new": "partnership/_amendment_form_body.html",
    "scope_notice_new": "partnership/_scope_notice_form_body.html",
}


def page(client, name, convention):
    response = client.get(reverse(name, args=[convention.pk]))
    return response, html_of(response)


def written(response, name):
    return FORMS[name] in [t.name for t in response.templates]


@pytest.mark.parametrize("name", FORMS)
def test_the_empty_form_is_written_once_then_read(client, cast, name):
    client.force_login(cast[Role.AGENT])
    first, html = page(client, name, cast.opus)
    again, html_again = page(client, name, cast.opus)
    assert first.status_code == 200 and written(first, name) and not written(again, name)
    assert html_again == html and cast.opus.title in html


def test_a_form_read_from_its_snapshot_posts_with_its_own_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast[Role.AGENT])
    kept = CommitmentFactory(convention=cast.cooperation)
    url = reverse("amendment_new", args=[cast.cooperation.pk])
    client.get(url)
    html = client.get(url).content.decode()
    assert "(page snapshot)" not in html
    token = re.findall(r'name="csrfmiddlewaretoken" value="(\w+)"', html)[
        -1
    ]  # the amendment form's, after the header's
    data = {"csrfmiddlewaretoken": token, "number": 1, "object": "Engagements", "effective_from": "2025-01-01"}
    assert client.post(url, {**data, "dropped": [kept.pk]}).status_code == 302
    assert Amendment.objects.get().number == 1
    # the amendment is a source: the next empty form offers the next number
    assert 'value="2"' in client.get(url).content.decode()


def test_a_form_posted_with_errors_is_written_afresh_and_not_kept(client, cast):
    client.force_login(cast[Role.AGENT])
    url = reverse("amendment_new", args=[cast.cooperation.pk])
    response = client.post(url, {"number": "", "object": ""})
    assert response.status_code == 422 and written(response, "amendment_new")
    assert not PageSnapshot.objects.exists()


def test_another_communes_convention_is_not_found_even_with_a_snapshot(client, cast, other_cast):
    client.force_login(other_cast[Role.AGENT])
    page(client, "amendment_new", other_cast.opus)
    client.force_login(cast[Role.AGENT])
    assert page(client, "amendment_new", other_cast.opus)[0].status_code == 404
    assert page(client, "scope_notice_new", cast.cooperation)[0].status_code == 404  # not an OPUS convention


def test_a_committees_form_is_written_once_and_again_when_a_member_changes(client, cast):
    committee = SteeringCommittee.objects.create(partnership=cast.partnership, year=2026, date=D(2026, 11, 5))
    client.force_login(cast[Role.AGENT])
    url = reverse("committee_edit", args=[committee.pk])
    body = "partnership/_committee_form_body.html"
    assert body in [t.name for t in client.get(url).templates]
    assert body not in [t.name for t in client.get(url).templates]
    CommitteeMember.objects.create(committee=committee, name="Claire Exemple", order=1)
    response = client.get(url)
    assert body in [t.name for t in response.templates] and "Claire Exemple" in response.content.decode()
    committee.status = SteeringCommittee.Status.CANCELLED
    committee.save()
    assert client.get(url).status_code == 302  # a cancelled committee is no longer edited


def test_a_meetings_form_is_written_once_and_again_when_it_changes(client, cast):
    meeting = MeetingFactory(partnership=cast.partnership, place="Salle du conseil")
    client.force_login(cast[Role.AGENT])
    url = reverse("relais:meeting_edit", args=[meeting.pk])
    body = "relais/_meeting_form_body.html"
    assert body in [t.name for t in client.get(url).templates]
    assert body not in [t.name for t in client.get(url).templates]
    meeting.place = "Salle des fêtes"
    meeting.save()
    response = client.get(url)
    assert body in [t.name for t in response.templates] and "Salle des fêtes" in response.content.decode()


def test_a_meetings_page_is_written_again_once_it_has_begun(client, cast, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    meeting = MeetingFactory(partnership=cast.partnership)
    client.force_login(cast[Role.AGENT])
    url = reverse("relais:meeting_detail", args=[meeting.pk])
    body = "relais/_meeting_detail_body.html"
    monkeypatch.setattr(timezone, "now", lambda: meeting.starts_at - dt.timedelta(minutes=1))
    client.get(url)
    assert body not in [t.name for t in client.get(url).templates]
    monkeypatch.setattr(timezone, "now", lambda: meeting.starts_at + dt.timedelta(minutes=1))
    assert body in [t.name for t in client.get(url).templates]  # « marquer comme tenue » is offered now


def test_every_table_the_forms_are_read_from_is_a_source(client, monkeypatch):
    """What the demo's empty forms read when they are written, for each role that may open them."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    read = tables_read_when_written(monkeypatch)
    for username in ("agent", "rgc", "elu", "correspondant", "admin"):
        user = User.objects.get(username=username)
        client.force_login(user)
        for amendment in Amendment.objects.filter(convention__in=Convention.objects.visible_to(user)):
            client.get(reverse("amendment_detail", args=[amendment.pk]))  # not a form: kept the same way
        for convention in Convention.objects.visible_to(user):
            for name in FORMS:
                client.get(reverse(name, args=[convention.pk]))
        client.get(reverse("relais:meeting_create"))
        for committee in SteeringCommittee.objects.visible_to(user):
            client.get(reverse("committee_edit", args=[committee.pk]))
            client.get(reverse("committee_detail", args=[committee.pk]))  # not a form: kept the same way
            client.get(reverse("committee_answers", args=[committee.pk]))
        for meeting in ReferentMeeting.objects.visible_to(user):
            client.get(reverse("relais:meeting_edit", args=[meeting.pk]))
            client.get(reverse("relais:meeting_detail", args=[meeting.pk]))  # not a form: kept the same way
    assert read and read <= source_tables(), read - source_tables()


def test_a_staff_members_name_is_a_source_and_a_login_is_not(client, cast):
    user = cast[Role.AGENT]
    before = DutyChange.objects.count()
    client.force_login(user)  # its time of login saved (`update_last_login`)
    assert DutyChange.objects.count() == before
    user.first_name = "Camille"
    user.save()
    assert DutyChange.objects.filter(partnership=None).count() > 0 and DutyChange.objects.count() == before + 1
