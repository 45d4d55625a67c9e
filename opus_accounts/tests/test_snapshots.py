"""The register of OPUS accounts written once for its reader and shown again until a source
changes (partnership.duty_snapshots.page), its forms with each response's own token."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opus_accounts import services, views
from opus_accounts.models import AccessConfirmation, OpusAccount
from opus_accounts.tests.factories import AccountFactory, DesignationFactory
from partnership import duty_snapshots
from partnership.models import DutyChange, DutySnapshot, PageSnapshot, Partnership, User
from partnership.permissions import Role

pytestmark = pytest.mark.django_db

BODY = "opus_accounts/_register_body.html"
REGISTER = reverse("opus_register")
D = datetime.date
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="(\w+)"')


def page(client, **query):
    """The response and its HTML, but for the forms' tokens and the nonce, each response's own."""
    response = client.get(REGISTER, query)
    return response, re.sub(r'nonce="[^"]+"', "", TOKEN.sub("", response.content.decode()))


def written(response):
    return BODY in [t.name for t in response.templates]


def test_the_register_is_written_once_then_read_from_its_snapshot(client, cast, opus):
    AccountFactory(convention=opus, active=True, person__last_name="FAURE")
    client.force_login(cast[Role.AGENT])
    first, html = page(client)
    again, same = page(client)
    assert written(first) and not written(again)
    assert same == html and "FAURE" in html
    assert PageSnapshot.objects.count() == 1


def test_the_rgcs_forms_carry_each_responses_own_token(cast, opus):
    # clause O6: the quarterly review, one click per account, from the register shown again
    account = AccountFactory(convention=opus, active=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast[Role.RGC])
    first, again = client.get(REGISTER), client.get(REGISTER)
    assert written(first) and not written(again)
    tokens = TOKEN.findall(again.content.decode())
    assert tokens and "(page snapshot)" not in again.content.decode()
    url = reverse("opus_confirm_access", args=[account.pk])
    assert client.post(url, {"csrfmiddlewaretoken": tokens[-1]}).status_code == 302
    assert AccessConfirmation.objects.get().account == account


def _confirmation(cast, opus, account):
    services.confirm_access(account, cast[Role.RGC], D(2026, 5, 10))


def _person(cast, opus, account):
    account.person.function = "Conseillère emploi"
    account.person.save()


def _account(cast, opus, account):
    account.revoked_on = D(2026, 6, 1)
    account.revocation_reason = OpusAccount.Reason.DEPARTURE
    account.state = OpusAccount.State.REVOKED
    account.save()


@pytest.mark.parametrize(
    "change",
    [
        _confirmation,
        _person,
        _account,
        lambda cast, opus, account: DesignationFactory(convention=opus, approved=True),
    ],
    ids=["confirmation", "person", "account", "designation"],
)
def test_a_change_to_any_source_writes_the_register_again(client, cast, opus, change):
    account = AccountFactory(convention=opus, active=True)
    client.force_login(cast[Role.RGC])
    before = page(client)[1]
    change(cast, opus, account)
    response, after = page(client)
    assert written(response) and after != before
    PageSnapshot.objects.all().delete()
    assert after == page(client)[1]


def test_each_reader_and_each_choice_has_its_own_register(client, cast, opus):
    AccountFactory(convention=opus, active=True)
    client.force_login(cast[Role.RGC])
    assert "Confirmer le besoin" in page(client)[1]
    page(client, toutes="1")
    client.force_login(cast[Role.ELU])
    assert "Confirmer le besoin" not in page(client)[1]
    assert PageSnapshot.objects.count() == 3


def test_another_days_scope_is_written_afresh(client, cast, opus):
    # clauses O9, O21: the scope in force on the day of ?date=
    client.force_login(cast[Role.AGENT])
    response = page(client, date="2024-02-01")[0]
    assert response.status_code == 200 and written(response) and not PageSnapshot.objects.exists()
    assert page(client, date="2024-13-45")[0].status_code == 400


def test_every_table_the_register_is_read_from_is_a_source(client):
    """What the demo's register reads for each role, ended conventions included: a source each,
    or the snapshots' own tables."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    tables = {model._meta.db_table for model in duty_snapshots.sources()}
    tables |= {model._meta.db_table for model in (DutyChange, DutySnapshot)}
    today, read = timezone.localdate(), set()
    for username in ("agent", "rgc", "elu", "correspondant"):
        user = User.objects.get(username=username)
        client.force_login(user)
        request = client.get(REGISTER).wsgi_request
        for partnership in Partnership.objects.visible_to(user):
            with CaptureQueriesContext(connection) as queries:
                views._register_body(request, partnership.pk, True, today)
            read |= {name for query in queries for name in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}
    assert read and read <= tables, read - tables
