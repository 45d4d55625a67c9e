"""A convention's page written once for its reader and shown again until a source changes
(partnership.duty_snapshots.page)."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents import services as documents
from documents.models import Letter
from documents.tests import files
from partnership import duty_snapshots, views
from partnership.models import (
    AmendedService,
    Amendment,
    Convention,
    ConventionParty,
    DutyChange,
    DutySnapshot,
    NoticedService,
    OpusService,
    PageSnapshot,
    Person,
    ScopeNotice,
    User,
)
from partnership.permissions import Role
from partnership.tests.factories import CommitmentFactory, ConventionFactory
from partnership.tests.snapshots import html_of

pytestmark = pytest.mark.django_db

BODY = "partnership/_convention_body.html"
D = datetime.date


def page(client, convention, **query):
    """The response and its HTML, but for what each response has its own (the logout form's
    token, the Content-Security-Policy nonce)."""
    response = client.get(reverse("convention_detail", args=[convention.pk]), query)
    return response, html_of(response)


def written(response):
    return BODY in [t.name for t in response.templates]


def written_afresh(client, convention):
    PageSnapshot.objects.all().delete()
    return page(client, convention)[1]


@pytest.fixture
def opus(cast):
    """`cast`'s OPUS convention with annex 1, an amendment and a party named on its page."""
    Amendment.objects.create(convention=cast.opus, number=1, object="CV", effective_from=D(2025, 3, 1))
    OpusService.objects.create(convention=cast.opus, name="Consultation des offres", description="", access=True)
    ConventionParty.objects.create(
        convention=cast.opus, organisation=cast.partnership.commune, designation="la commune", capacity="Maire"
    )
    return cast.opus


def test_the_page_is_written_once_then_read_from_its_snapshot(client, cast, opus):
    client.force_login(cast[Role.AGENT])
    first, html = page(client, opus)
    again, same = page(client, opus)
    assert first.status_code == again.status_code == 200
    assert written(first) and not written(again)
    assert same == html and "Consultation des offres" in html and "<title>" in html
    assert PageSnapshot.objects.count() == 1


def _party(cast, opus):
    party = opus.parties.get()
    party.representative = Person.objects.create(
        organisation=cast.partnership.commune, first_name="Inès", last_name="Morel"
    )
    party.save()


def _organisation(cast, opus):
    commune = cast.partnership.commune
    commune.name = "Ville renommée"
    commune.save()


def _amended_service(cast, opus):
    AmendedService.objects.create(amendment=opus.amendments.get(), name="Demandes de CV", description="", access=True)


def _notice(cast, opus):
    letter = documents.draft_letter(
        cast.partnership, Letter.Kind.SCOPE_CHANGE, written_on=D(2025, 9, 2), user=None, convention=opus
    )
    notice = ScopeNotice.objects.create(convention=opus, effective_from=D(2025, 9, 15), letter=letter)
    NoticedService.objects.create(notice=notice, name="Consultation des offres", description="", access=False)


def _document(cast, opus):
    documents.file(cast.partnership, files.upload("x.pdf", files.pdf()), user=None, kind="autre",
                   title="Annexe signée", date=D(2026, 1, 1), convention=opus)  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        _party,
        _organisation,
        _amended_service,
        _notice,
        _document,
        lambda cast, opus: CommitmentFactory(convention=opus, party=cast.partnership.commune),
    ],
    ids=["party", "organisation", "amended-service", "notice", "document", "commitment"],
)
def test_a_change_to_any_source_writes_the_page_again(client, cast, opus, change):
    client.force_login(cast[Role.AGENT])
    before = page(client, opus)[1]
    change(cast, opus)
    response, after = page(client, opus)
    assert written(response)
    assert after != before and after == written_afresh(client, opus)


def test_a_service_of_annex_1_written_before_the_signature_writes_the_page_again(client, cast):
    # clause O9: annex 1 is written until the OPUS convention is signed, then only changed by
    # an amendment or the director's notice
    unsigned = ConventionFactory(partnership=cast.partnership, opus=True, parent=cast.cooperation, signed_on=None)
    client.force_login(cast[Role.AGENT])
    before = page(client, unsigned)[1]
    OpusService.objects.create(convention=unsigned, name="Demandes de CV", description="", access=True)
    response, after = page(client, unsigned)
    assert written(response) and "Demandes de CV" in after and "Demandes de CV" not in before


def test_each_reader_has_the_links_of_their_roles(client, cast, opus):
    client.force_login(cast[Role.AGENT])
    assert reverse("amendment_new", args=[opus.pk]) in page(client, opus)[1]
    client.force_login(cast[Role.ELU])
    assert reverse("amendment_new", args=[opus.pk]) not in page(client, opus)[1]
    assert PageSnapshot.objects.count() == 2


def test_another_days_scope_is_written_afresh_and_a_wrong_day_refused(client, cast, opus):
    # clauses O9, O21: the scope in force on the day of ?date=
    client.force_login(cast[Role.AGENT])
    response, html = page(client, opus, date="2024-02-01")
    assert response.status_code == 200 and written(response) and not PageSnapshot.objects.exists()
    response, html = page(client, opus, date="pas une date")
    assert response.status_code == 400 and written(response) and not PageSnapshot.objects.exists()


def test_another_partnerships_convention_is_not_found_with_or_without_a_snapshot(client, cast, other_cast):
    client.force_login(other_cast[Role.AGENT])
    page(client, other_cast.cooperation)
    client.force_login(cast[Role.AGENT])
    assert page(client, other_cast.cooperation)[0].status_code == 404


def test_every_table_the_page_is_read_from_is_a_source(client):
    """What the demo's convention pages read, for each role: a source each, or the snapshots' own tables."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    tables = {model._meta.db_table for model in duty_snapshots.sources()}
    tables |= {model._meta.db_table for model in (DutyChange, DutySnapshot)}
    today, read = timezone.localdate(), set()
    for username in ("agent", "rgc", "elu", "correspondant", "admin"):
        user = User.objects.get(username=username)
        client.force_login(user)
        for convention in Convention.objects.visible_to(user):
            request = client.get(reverse("convention_detail", args=[convention.pk])).wsgi_request
            with CaptureQueriesContext(connection) as queries:
                views._convention_body(request, convention.pk, today)
            read |= {name for query in queries for name in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}
    assert read and read <= tables, read - tables
