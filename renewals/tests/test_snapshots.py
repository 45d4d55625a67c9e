"""A renewal's page written once for its reader and shown again until a source changes
(partnership.duty_snapshots.page)."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership.models import PageSnapshot, User
from partnership.permissions import Role
from partnership.tests.snapshots import html_of, source_tables, tables_in, tables_read_when_written
from renewals import services, views
from renewals.models import Renewal

pytestmark = pytest.mark.django_db

BODY = "renewals/_detail_body.html"
D = datetime.date


def page(client, renewal):
    response = client.get(reverse("renewals:detail", args=[renewal.pk]))
    return response, html_of(response)


def written(response):
    return BODY in [t.name for t in response.templates]


def written_afresh(client, renewal):
    PageSnapshot.objects.all().delete()
    return page(client, renewal)[1]


def test_the_page_is_written_once_then_read_from_its_snapshot(client, cast, renewal):
    client.force_login(cast[Role.AGENT])
    first, html = page(client, renewal)
    again, html_again = page(client, renewal)
    assert written(first) and not written(again)
    assert html_again == html and "Nommer un référent." in html


def test_its_forms_carry_the_token_of_each_response(client, cast, renewal):
    client.force_login(cast[Role.AGENT])
    page(client, renewal)
    html = client.get(reverse("renewals:detail", args=[renewal.pk])).content.decode()
    assert "(page snapshot)" not in html
    assert html.count('<form method="post"') <= len(re.findall(r'name="csrfmiddlewaretoken" value="\w{64}"', html))


def test_a_change_to_each_source_writes_it_again(client, cast, renewal):
    client.force_login(cast[Role.AGENT])
    commitment = renewal.commitments.first()

    def edit_commitment():
        commitment.text = "Nommer deux référents."
        commitment.save()

    def edit_renewal():
        renewal.title = "Convention de coopération renouvelée"
        renewal.save()

    changes = [
        edit_commitment,
        lambda: services.add_commitment(renewal, party=cast.partnership.commune, clause="", text="Ouvrir le lieu."),
        edit_renewal,
        lambda: services.do_step(renewal, Renewal.Step.SENT, {"done_on": D(2026, 6, 2)}, cast[Role.AGENT]),
    ]
    for change in changes:
        page(client, renewal)
        change()
        response, html = page(client, renewal)
        assert written(response), change
        assert html == written_afresh(client, renewal)


def test_each_reader_gets_their_own(client, cast, renewal):
    client.force_login(cast[Role.AGENT])
    assert 'name="c' in page(client, renewal)[1]  # the draft's commitment forms
    client.force_login(cast[Role.ELU])
    response, html = page(client, renewal)
    assert written(response) and "Nommer un référent." in html and "<textarea" not in html
    assert PageSnapshot.objects.count() == 2


def test_another_commune_gets_404_even_with_a_snapshot(client, cast, renewal, other_cast):
    client.force_login(cast[Role.AGENT])
    page(client, renewal)
    client.force_login(other_cast[Role.AGENT])
    assert page(client, renewal)[0].status_code == 404


def test_every_table_the_page_is_read_from_is_a_source(client):
    """What the demo's renewal pages read, for each role: a source each, or the snapshots' own tables."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    read = set()
    for username in ("agent", "rgc", "elu", "correspondant", "admin"):
        user = User.objects.get(username=username)
        client.force_login(user)
        for renewal in Renewal.objects.visible_to(user):
            request = client.get(reverse("renewals:detail", args=[renewal.pk])).wsgi_request
            with CaptureQueriesContext(connection) as queries:
                views._detail_body(request, views._renewal(user, renewal.pk))
            read |= tables_in(queries)
    assert read and read <= source_tables(), read - source_tables()


def test_the_empty_forms_are_written_once_and_a_step_done_leaves_its_form(client, cast, renewal):
    client.force_login(cast[Role.AGENT])
    edit = reverse("renewals:edit", args=[renewal.pk])
    sent = reverse("renewals:step", args=[renewal.pk, Renewal.Step.SENT])
    for url, body in ((edit, "renewals/_edit_body.html"), (sent, "renewals/_step_body.html")):
        assert body in [t.name for t in client.get(url).templates]
        again = client.get(url)
        assert again.status_code == 200 and body not in [t.name for t in again.templates]
    assert client.post(sent, {"done_on": ""}).status_code == 422  # with its errors, not kept
    services.do_step(renewal, Renewal.Step.SENT, {"done_on": D(2026, 6, 2)}, cast[Role.AGENT])
    assert client.get(sent).status_code == 404  # no longer the next step
    assert client.get(edit).status_code == 404  # no longer a draft


def test_every_table_the_forms_are_read_from_is_a_source(client, monkeypatch):
    """What the demo's renewal forms read when they are written: a source each."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    read = tables_read_when_written(monkeypatch)
    for username in ("agent", "rgc", "admin"):
        user = User.objects.get(username=username)
        client.force_login(user)
        for renewal in Renewal.objects.visible_to(user):
            client.get(reverse("renewals:edit", args=[renewal.pk]))
            if renewal.next_step():
                client.get(reverse("renewals:step", args=[renewal.pk, renewal.next_step()]))
    assert read and read <= source_tables(), read - source_tables()
