"""The partnership filter (partnership.services.choose_partnership) costs the same at a few and at
thousands of partnerships: beyond CHOICE_LIMIT it offers a search by name, the chosen partnership
and the matches, never every partnership."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnership import services
from partnership.models import PageSnapshot, Partnership, SteeringCommittee
from partnership.permissions import Role
from partnership.tests.factories import ConventionFactory, PartnershipFactory
from partnership.tests.scale import regional_partnerships

LIMIT = 5  # lowered from services.CHOICE_LIMIT: the same code at a few partnerships' cost
MATCHES = 3

# The pages that offer the partnership filter, as a regional RGC sees them.
PAGES = [
    "home",
    "convention_list",
    "committee_list",
    "calendar",
    "dashboard:dashboard",
    "relais:meeting_list",
    "relais:activity_table",
    "relais:premises",
    "renewals:list",
    "documents:list",
    "documents:letters",
    "opus_service:ledger",
    "opus_register",
    "privacy:register",
]


@pytest.fixture
def limit(monkeypatch, settings):
    monkeypatch.setattr(services, "CHOICE_LIMIT", LIMIT)
    monkeypatch.setattr(services, "CHOICE_MATCHES", MATCHES)
    settings.WIDE_SCOPE_PARTNERSHIPS = 2  # one partnership at a time on the home page and the calendar


@pytest.fixture
def large(db, limit):
    """A regional RGC who sees LIMIT + 5 partnerships, three of them in Villefontaine."""
    user, partnerships = regional_partnerships(LIMIT + 5, role=Role.RGC, username="large")
    for n, partnership in enumerate(partnerships[:3]):
        partnership.name = f"Villefontaine {n} – Pôle emploi"
        partnership.save(update_fields=["name"])
    return user, partnerships


@pytest.fixture
def small(db, limit):
    return regional_partnerships(3, role=Role.RGC, username="small")


def page(client, name, **query):
    response = client.get(reverse(name), query)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_large_scope_offers_a_search_not_every_partnership(client, large):
    user, partnerships = large
    client.force_login(user)
    text = page(client, "convention_list")
    assert 'type="search" id="filter-partnership-search" name="partenariat_recherche"' in text
    assert 'aria-describedby="filter-partnership-hint"' in text
    assert f"{LIMIT + 5} partenariats : tapez une partie d'un nom pour en trouver un autre." in text
    assert not any(p.name in text for p in partnerships)  # no convention: the names are the options'
    assert '<option value="">Tous</option>' in text  # the list still shows every partnership's


def test_a_small_scope_lists_every_partnership_without_a_search(client, small):
    user, partnerships = small
    client.force_login(user)
    text = page(client, "convention_list")
    assert "partenariat_recherche" not in text
    assert all(f'<option value="{p.pk}">{p.name}</option>' in text for p in partnerships)


def test_the_search_offers_the_matches_and_says_how_many_are_left_off(client, large):
    user, partnerships = large
    client.force_login(user)
    text = page(client, "convention_list", partenariat_recherche="villefontaine 1")
    assert f'<option value="{partnerships[1].pk}">{partnerships[1].name}</option>' in text
    assert partnerships[0].name not in text and partnerships[3].name not in text
    text = page(client, "convention_list", partenariat_recherche="COMMUNE")  # 7 match, 3 shown
    assert sum(p.name in text for p in partnerships[3:]) == MATCHES
    assert "4 autres correspondent : précisez la recherche." in text
    text = page(client, "convention_list", partenariat_recherche="Grenoble")
    assert "Aucun ne correspond à « Grenoble »." in text


def test_the_chosen_partnership_stays_offered_with_the_matches(client, large):
    user, partnerships = large
    client.force_login(user)
    chosen = partnerships[-1]
    text = page(client, "convention_list", partenariat=chosen.pk, partenariat_recherche="villefontaine")
    assert f'<option value="{chosen.pk}" selected>{chosen.name}</option>' in text
    assert all(p.name in text for p in partnerships[:3])
    assert partnerships[3].name not in text
    text = page(client, "dashboard:dashboard", partenariat=chosen.pk)
    assert f'<option value="{chosen.pk}" selected>{chosen.name}</option>' in text
    assert 'value=""' in text and "partenariat_recherche" in text  # the empty search field


def test_the_first_partnership_is_shown_by_default_one_at_a_time(client, large):
    user, partnerships = large
    client.force_login(user)
    first = min(partnerships, key=lambda p: (p.name, p.pk))
    for name in ("home", "calendar", "dashboard:dashboard", "renewals:list"):
        text = page(client, name)
        assert f'<option value="{first.pk}" selected>{first.name}</option>' in text, name
        assert sum(p.name in text for p in partnerships) == 1, name


@pytest.mark.parametrize("name", [p for p in PAGES if p not in ("calendar", "opus_register")])
def test_a_partnership_outside_the_scope_or_not_a_number_is_404(client, large, small, name):
    user, _partnerships = large
    _other, theirs = small
    client.force_login(user)
    assert client.get(reverse(name), {"partenariat": theirs[0].pk}).status_code == 404
    assert client.get(reverse(name), {"partenariat": "x"}).status_code == 404
    assert client.get(reverse(name), {"partenariat": "9" * 30}).status_code == 404


def test_the_calendar_says_a_partnership_outside_the_scope_is_refused(client, large, small):
    user, _partnerships = large
    _other, theirs = small
    client.force_login(user)
    text = page(client, "calendar", partenariat=theirs[0].pk)
    assert "Ce partenariat n'existe pas ou ne vous est pas accessible." in text


def test_the_calendar_offers_the_search_and_its_matches(client, large):
    user, partnerships = large
    client.force_login(user)
    text = page(client, "calendar", partenariat_recherche="villefontaine")
    assert 'name="partenariat_recherche"' in text and 'aria-describedby="id_partenariat_recherche_helptext"' in text
    assert 'id="id_partenariat_recherche_helptext"' in text
    assert all(p.name in text for p in partnerships[:3]) and partnerships[4].name not in text


def count_queries(client, name, **query):
    client.get(reverse(name), query)  # the first visit may store the day's duty snapshots
    PageSnapshot.objects.all().delete()  # the page written, not read from its snapshot
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse(name), query)
    assert response.status_code == 200, name
    return len(context.captured_queries)


@pytest.mark.parametrize("name", PAGES)
def test_the_query_count_is_the_same_for_a_few_or_many_partnerships(client, large, small, name):
    (many, partnerships), (few, theirs) = large, small
    if name == "opus_register":  # the partnerships with an OPUS convention
        for partnership in partnerships + theirs:
            cooperation = ConventionFactory(partnership=partnership)
            ConventionFactory(partnership=partnership, opus=True, parent=cooperation)
    client.force_login(few)
    few_counts = [count_queries(client, name), count_queries(client, name, partenariat=theirs[-1].pk)]
    client.force_login(many)
    assert [count_queries(client, name), count_queries(client, name, partenariat=partnerships[-1].pk)] == few_counts
    # A search costs one query more, whatever the number of matches.
    assert count_queries(client, name, partenariat_recherche="villefontaine") <= few_counts[0] + 1
    assert count_queries(client, name, partenariat_recherche="commune") <= few_counts[0] + 1


def test_choose_partnership_reads_the_scope_in_one_query(rf, large, django_assert_num_queries):
    user, partnerships = large
    request = rf.get("/", {"partenariat": partnerships[-1].pk})
    request.user = user
    with django_assert_num_queries(1):
        choice = services.choose_partnership(request, Partnership.objects.visible_to(user))
    assert (choice.count, choice.complete, choice.options) == (LIMIT + 5, False, [(choice.pk, choice.name)])
    with django_assert_num_queries(1):
        assert choice.partnership == partnerships[-1]
    request = rf.get("/", {"partenariat_recherche": "villefontaine"})
    request.user = user
    with django_assert_num_queries(2):
        choice = services.choose_partnership(request, Partnership.objects.visible_to(user))
    assert (choice.pk, choice.matches, len(choice.options)) == (None, 3, 3)


def test_narrowed_keeps_the_same_rows_whatever_the_scope(rf, small, large, settings):
    """A list's rows read through `narrowed`: the chosen partnership's; with none chosen, the same
    rows whether the scope is narrow (by its partnerships' keys) or wide (by the scope alone)."""
    settings.WIDE_SCOPE_PARTNERSHIPS = len(small[1])
    outside = PartnershipFactory()
    for partnership in [outside, *small[1], *large[1]]:
        SteeringCommittee.objects.create(partnership=partnership, year=2025, date=datetime.date(2026, 2, 10))
    for (user, partnerships), wide in ((small, False), (large, True)):
        rows = SteeringCommittee.objects.visible_to(user)
        everyone = {committee.partnership for committee in rows}
        assert everyone == set(partnerships)
        first = set(rows.filter(partnership=partnerships[0]))
        for query, expected in (({}, set(rows)), ({"partenariat": partnerships[0].pk}, first)):
            request = rf.get("/", query)
            request.user = user
            choice = services.choose_partnership(request, Partnership.objects.visible_to(user))
            narrowed = choice.narrowed(rows)
            assert set(narrowed) == expected
            by_keys = re.search(r'"partnership_id" IN \(\d', str(narrowed.query)) is not None
            assert by_keys is (not wide and not query)
