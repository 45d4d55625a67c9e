"""The lists of conventions, committees and referent meetings written once for their reader and
query, and shown again until a source changes (partnership.duty_snapshots.kept_page): kept for
the partnership shown, or for all of them when the reader sees several."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from partnership.models import PageSnapshot, Partnership, User
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory
from partnership.tests.scale import regional_partnerships
from partnership.tests.snapshots import html_of, source_tables, tables_read_when_written
from relais.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db
D = datetime.date

LISTS = {
    "convention_list": "partnership/_convention_list_body.html",
    "committee_list": "partnership/_committee_list_body.html",
    "relais:meeting_list": "relais/_meeting_list_body.html",
    "home": "partnership/_home_body.html",
    "calendar": "reminders/_calendar_body.html",
}
# Read for every role, with the lists: the other pages kept for their query, and each partnership's figures.
OTHERS = {
    "diagnosis:index": "diagnosis/_index_body.html",
    "renewals:list": "renewals/_list_body.html",
    "opus_service:ledger": "opus_service/_ledger_body.html",
    "relais:activity_table": "relais/_activity_table_body.html",
    "privacy:register": "privacy/_register_body.html",
    "documents:list": "documents/_list_body.html",
}


def page(client, name, **query):
    response = client.get(reverse(name), query)
    return response, html_of(response)


def written(response, name):
    return {**LISTS, **OTHERS}[name] in [t.name for t in response.templates]


@pytest.mark.parametrize("name", LISTS)
def test_a_list_is_written_once_for_its_partnership_then_read(client, cast, name):
    MeetingFactory(partnership=cast.partnership)
    client.force_login(cast[Role.AGENT])
    first, html = page(client, name)
    again, html_again = page(client, name)
    assert written(first, name) and not written(again, name)
    assert html_again == html
    assert PageSnapshot.objects.get().partnership_id == cast.partnership.pk


@pytest.mark.parametrize("name", LISTS)
def test_a_list_over_several_partnerships_is_kept_for_all_and_written_again_after_any_change(client, name):
    user, partnerships = regional_partnerships(3)
    client.force_login(user)
    page(client, name)
    assert not written(page(client, name)[0], name)
    assert PageSnapshot.objects.get().partnership_id is None
    convention = ConventionFactory(partnership=partnerships[2])
    MeetingFactory(partnership=partnerships[2])
    response, html = page(client, name)
    assert written(response, name)
    assert convention.title in html or name != "convention_list"
    # one partnership chosen: kept for it
    page(client, name, partenariat=partnerships[1].pk)
    assert PageSnapshot.objects.filter(partnership=partnerships[1]).exists()


def test_each_filter_and_page_has_its_own(client, cast):
    client.force_login(cast[Role.AGENT])
    for query in ({}, {"statut": "terminee"}, {"statut": "terminee", "page": "1"}, {"page": "2"}):
        page(client, "convention_list", **query)
    assert PageSnapshot.objects.count() == 4


@pytest.mark.parametrize(
    "query",
    [
        {"page": "51"},
        {"page": "0"},
        {"page": "-1"},
        {"tri": "titre"},
        {"partenariat_recherche": "Saint"},
        {"statut": "x" * 41},
        {"statut": ["en_vigueur", "terminee"]},
    ],
)
def test_other_queries_are_written_afresh_and_never_kept(client, cast, query):
    # no row for each query one could make up
    client.force_login(cast[Role.AGENT])
    client.get(reverse("convention_list"), query)
    assert not PageSnapshot.objects.exists()


def test_a_wrong_filter_is_still_refused_with_a_snapshot(client, cast, other_cast):
    client.force_login(cast[Role.AGENT])
    page(client, "relais:meeting_list")
    assert client.get(reverse("relais:meeting_list"), {"annee": "1900"}).status_code == 404
    assert client.get(reverse("convention_list"), {"statut": "perdue"}).status_code == 404
    assert client.get(reverse("convention_list"), {"partenariat": other_cast.partnership.pk}).status_code == 404


def test_a_partnerships_figures_are_kept_for_it_and_written_again_when_they_change(client, cast):
    from diagnosis.tests.factories import QuarterlyFiguresFactory

    QuarterlyFiguresFactory(partnership=cast.partnership, year=2025, quarter=1)
    client.force_login(cast[Role.AGENT])
    url = reverse("diagnosis:series", args=[cast.partnership.pk])
    client.get(url)
    again = client.get(url)
    assert "diagnosis/_series_body.html" not in [t.name for t in again.templates]
    assert PageSnapshot.objects.get().partnership_id == cast.partnership.pk
    QuarterlyFiguresFactory(partnership=cast.partnership, year=2025, quarter=2)
    assert "diagnosis/_series_body.html" in [t.name for t in client.get(url).templates]


def test_the_ledger_and_the_register_are_written_again_when_a_record_is_added(client, cast):
    from opus_service.tests.factories import InterruptionFactory, SupportRequestFactory
    from privacy.models import DpoContact

    changes = {
        "opus_service:ledger": [
            lambda: SupportRequestFactory(partnership=cast.partnership),
            lambda: InterruptionFactory(partnership=cast.partnership),
        ],
        "privacy:register": [
            lambda: DpoContact.objects.create(partnership=cast.partnership, party="commune", email="dpo@example.org")
        ],
    }
    client.force_login(cast[Role.RGC])
    for name, makes in changes.items():
        for make in makes:
            page(client, name)
            assert not written(page(client, name)[0], name)
            make()
            assert written(page(client, name)[0], name), make


def test_the_documents_are_written_again_when_one_is_filed_or_its_filer_renamed(client, cast):
    from documents import services as documents
    from documents.tests import files

    client.force_login(cast[Role.AGENT])
    page(client, "documents:list")
    documents.file(cast.partnership, files.upload("cr.pdf", files.pdf()), user=cast[Role.AGENT], kind="compte_rendu",
                   title="Compte rendu", date=D(2026, 3, 1))  # fmt: skip
    response, html = page(client, "documents:list")
    assert written(response, "documents:list") and "Compte rendu" in html
    assert not written(page(client, "documents:list")[0], "documents:list")
    cast[Role.AGENT].first_name = "Camille"
    cast[Role.AGENT].save()
    response, html = page(client, "documents:list")
    assert written(response, "documents:list") and "Camille" in html


def test_the_calendar_offers_the_feed_address_once_made(client, cast):
    from reminders.models import CalendarToken

    client.force_login(cast[Role.AGENT])
    assert "Créer mon adresse" in page(client, "calendar")[1]
    CalendarToken.objects.create(user=cast[Role.AGENT])
    html = page(client, "calendar")[1]
    assert "Voir mon adresse" in html and CalendarToken.objects.get().token not in html


def test_every_table_the_lists_are_read_from_is_a_source(client, monkeypatch):
    """What the demo's lists read when they are written, for each role: a source each, or the
    snapshots' own tables."""
    call_command("load_demo", stdout=open("/dev/null", "w"))
    tables = source_tables()
    # Who may open a link: a change of anyone's groups or permissions counts for every partnership.
    tables |= {"auth_group", "auth_group_permissions", "auth_permission", "django_content_type"}
    tables |= {"partnership_user_groups", "partnership_user_user_permissions"}
    read = tables_read_when_written(monkeypatch)
    for username in ("agent", "rgc", "elu", "correspondant", "admin"):
        user = User.objects.get(username=username)
        client.force_login(user)
        urls = [reverse(name) for name in {**LISTS, **OTHERS}]
        urls += [reverse("diagnosis:series", args=[p.pk]) for p in Partnership.objects.visible_to(user)]
        for url in urls:
            queries = (
                {},
                {"page": "2"},
                {"statut": "terminee"},
                {"state": "en_retard"},
                {"tout": "1"},
                {"annee": "2024"},
            )
            for query in queries:
                PageSnapshot.objects.all().delete()
                client.get(url, query)
    assert read and read <= tables, sorted(read - tables)
