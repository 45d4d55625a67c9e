"""The read API: each endpoint open to the roles of its pages, scoped to the user's partnerships,
answering what the schema says, with a number of queries that does not grow with the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from api.tests import schema
from api.tests.conftest import bearer, fill
from diagnosis.permissions import READERS as FIGURES_READERS
from opus_accounts.tests.factories import AnnexFactory
from opus_accounts.views import REGISTER_ROLES
from partnership.permissions import Role
from partnership.tests.factories import AgencyFactory, ConventionFactory, PartnershipFactory, UserFactory
from partnership.tests.scale import regional_partnerships
from partnership.views import COMMITTEE_READERS
from relais.permissions import MEETING_READERS

pytestmark = pytest.mark.django_db

# Each list, the roles of the pages showing the same data, and how a row names its partnership.
ENDPOINTS = {
    "api:partnership-list": (Role.ALL, "id"),
    "api:convention-list": (Role.ALL, "partnership"),
    "api:commitment-list": (Role.ALL, "partnership"),
    "api:obligations": (Role.ALL, "partnership"),
    "api:quarterly-figures-list": (FIGURES_READERS, "partnership"),
    "api:meeting-list": (MEETING_READERS, "partnership"),
    "api:committee-list": (COMMITTEE_READERS, "partnership"),
    "api:opus-register-list": (REGISTER_ROLES, "partnership"),
}
DETAILS = ["partnership", "convention", "commitment", "quarterly-figures", "meeting", "committee", "opus-register"]


@pytest.fixture
def filled(cast, other_cast):
    fill(cast)
    fill(other_cast)
    return cast, other_cast


@pytest.mark.parametrize("name", ENDPOINTS)
@pytest.mark.parametrize("role", Role.ALL)
def test_each_role_of_each_organisation_reads_its_own_partnerships_only(client, filled, name, role):
    allowed, key = ENDPOINTS[name]
    for cast in filled:
        response = client.get(reverse(name), **bearer(cast[role]))
        if role not in allowed:
            assert response.status_code == 403
            continue
        assert response.status_code == 200
        schema.check(response)
        rows = response.json()["results"]
        assert rows, f"{name} shows {role} nothing"
        assert {row[key] for row in rows} == {cast.partnership.pk}


@pytest.mark.parametrize("basename", DETAILS)
def test_another_communes_rows_are_not_found(client, filled, basename):
    cast, other = filled
    headers = bearer(cast[Role.RGC])
    response = client.get(reverse(f"api:{basename}-list"), {"partnership": other.partnership.pk}, **headers)
    assert response.status_code == 404
    theirs = client.get(reverse(f"api:{basename}-list"), **bearer(other[Role.RGC])).json()["results"][0]
    assert client.get(reverse(f"api:{basename}-detail", args=[theirs["id"]]), **headers).status_code == 404
    mine = client.get(reverse(f"api:{basename}-list"), **headers).json()["results"][0]
    response = client.get(reverse(f"api:{basename}-detail", args=[mine["id"]]), **headers)
    assert response.status_code == 200
    schema.check(response)


def test_a_login_without_organisation_sees_nothing(client, filled):
    user = UserFactory(role=Role.AGENT, organisation=None)
    for name in ENDPOINTS:
        response = client.get(reverse(name), **bearer(user))
        assert response.status_code == 200 and response.json()["results"] == []


# The lists whose rows `fill` adds; the conventions' and the register's grow with the partnerships.
GROWING = ["api:commitment-list", "api:obligations", "api:quarterly-figures-list", "api:meeting-list"]
GROWING += ["api:committee-list"]


@pytest.mark.parametrize("name", GROWING)
def test_list_queries_do_not_grow_with_the_data(client, cast, name):
    headers = bearer(cast[Role.RGC])
    fill(cast, 2)
    client.get(reverse(name), **headers)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name), **headers)
    fill(cast, 8, start=2)
    client.get(reverse(name), **headers)  # the calendar's snapshot is taken again once, after a change
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(name), **headers)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert response.json()["count"] >= 10 or name == "api:obligations"
    schema.check(response)


@pytest.mark.parametrize(
    "name", ["api:partnership-list", "api:convention-list", "api:obligations", "api:opus-register-list"]
)
def test_a_regional_correspondents_queries_do_not_grow_with_its_partnerships(client, name):
    user, partnerships = regional_partnerships(2)
    for partnership in partnerships:
        _conventions(partnership)
    headers = bearer(user)
    client.get(reverse(name), **headers)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name), **headers)
    for _ in range(10):
        _conventions(PartnershipFactory(agency=AgencyFactory(parent=user.organisation)))
    client.get(reverse(name), **headers)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse(name), **headers)
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len({row["partnership"] if "partnership" in row else row["id"] for row in response.json()["results"]}) == 12


def _conventions(partnership):
    cooperation = ConventionFactory(partnership=partnership, effective_from=datetime.date(2025, 1, 1))
    AnnexFactory(convention=ConventionFactory(partnership=partnership, opus=True, parent=cooperation))


def test_lists_are_paginated(client, cast):
    fill(cast, 5)
    headers = bearer(cast[Role.AGENT])
    response = client.get(reverse("api:commitment-list"), {"page_size": 2, "page": 2}, **headers)
    body = response.json()
    assert body["count"] == 5 and len(body["results"]) == 2 and body["next"] and body["previous"]
    schema.check(response)


def test_dates_filter_each_list_by_its_own_date(client, cast):
    fill(cast, 4)  # meetings on 10 January, 12 March, 12 May, 12 July 2025
    headers = bearer(cast[Role.AGENT])
    url = reverse("api:meeting-list")
    body = client.get(url, {"since": "2025-03-01", "until": "2025-05-31"}, **headers).json()
    assert [row["starts_at"][:10] for row in body["results"]] == ["2025-03-12", "2025-05-12"]
    figures = client.get(reverse("api:quarterly-figures-list"), {"since": "2024-07-01"}, **headers).json()
    assert [(row["year"], row["quarter"]) for row in figures["results"]] == [(2024, 3), (2024, 4)]
    duties = client.get(reverse("api:obligations"), {"until": "2024-12-31"}, **headers).json()["results"]
    assert duties and all(duty["due_date"] <= "2024-12-31" for duty in duties)


def test_conventions_give_their_term_and_status(client, cast):
    response = client.get(
        reverse("api:convention-list"), {"since": "2024-06-01", "until": "2024-06-30"}, **bearer(cast[Role.ELU])
    )
    schema.check(response)
    by_kind = {row["kind"]: row for row in response.json()["results"]}
    cooperation = by_kind["cooperation"]
    assert cooperation["starts_on"] == "2024-01-01" and cooperation["ends_on"] == "2026-12-31"  # clause C2
    assert cooperation["status"] == cast.cooperation.status() and cooperation["status_label"]
    assert by_kind["opus"]["ends_on"] == "2026-12-31"  # clause O20: no later than the cooperation's
    later = client.get(reverse("api:convention-list"), {"since": "2027-01-01"}, **bearer(cast[Role.ELU]))
    assert later.json()["results"] == []


def test_a_bad_filter_is_refused_in_french(client, cast):
    headers = bearer(cast[Role.AGENT])
    response = client.get(reverse("api:meeting-list"), {"since": "hier"}, **headers)
    assert response.status_code == 400 and "AAAA-MM-JJ" in response.json()["since"]
    response = client.get(reverse("api:meeting-list"), {"partnership": "x"}, **headers)
    assert response.status_code == 400


def test_the_opus_register_gives_counts_and_no_holder(client, cast):
    fill(cast, 3)
    response = client.get(reverse("api:opus-register-list"), **bearer(cast[Role.ELU]))
    schema.check(response)
    (row,) = response.json()["results"]
    assert (row["active"], row["requested"], row["active_accounts_cap"]) == (3, 0, 20)
    text = response.content.decode()
    holder = cast.opus.opus_accounts.first().person
    assert holder.last_name not in text and holder.email not in text


def test_meetings_name_no_participant(client, cast):
    from relais.tests.factories import PersonFactory

    fill(cast)
    meeting = cast.partnership.referent_meetings.get()
    person = PersonFactory(organisation=cast.partnership.commune, last_name="DUPONTEL")
    meeting.participants.add(person)
    text = client.get(reverse("api:meeting-list"), **bearer(cast[Role.AGENT])).content.decode()
    assert "DUPONTEL" not in text


def test_obligations_come_from_the_calendar(client, cast):
    response = client.get(reverse("api:obligations"), **bearer(cast[Role.AGENT]))
    schema.check(response)
    duties = response.json()["results"]
    assert any(duty["convention"] == cast.cooperation.pk for duty in duties)
    assert {duty["state"] for duty in duties} <= {"a_venir", "bientot", "en_retard", "fait"}


def test_no_token_a_wrong_one_a_revoked_one_or_an_inactive_user_are_refused(client, cast):
    url = reverse("api:partnership-list")
    assert client.get(url).status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION="Bearer rep_nope").status_code == 401
    user = cast[Role.AGENT]
    headers = bearer(user)
    assert client.get(url, **headers).status_code == 200
    user.api_tokens.all().delete()
    assert client.get(url, **headers).status_code == 401
    headers = bearer(user)
    user.is_active = False
    user.save()
    response = client.get(url, **headers)
    assert response.status_code == 401 and "révoqué" in response.json()["detail"]


def test_a_session_is_not_a_credential_for_the_data(client, cast):
    client.force_login(cast[Role.AGENT])
    assert client.get(reverse("api:partnership-list")).status_code == 401


def test_the_rate_is_limited_per_token(client, cast, monkeypatch):
    from api.throttling import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    headers, others = bearer(cast[Role.AGENT]), bearer(cast[Role.RGC])
    url = reverse("api:partnership-list")
    assert [client.get(url, **headers).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get(url, **others).status_code == 200


def test_the_schema_is_served_to_a_session_and_to_a_token(client, cast):
    assert client.get(reverse("api:schema"), **bearer(cast[Role.ELU])).status_code == 200
    client.force_login(cast[Role.ELU])
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200 and "/api/v1/quarterly-figures/" in response.json()["paths"]


def test_the_schema_reads_no_duty(client, cast, monkeypatch):
    # 2,000 partnerships' duties were gathered to learn the obligations' model (8 s)
    from partnership import duty_snapshots

    monkeypatch.setattr(duty_snapshots, "collect", lambda *args: pytest.fail("duties read"))
    client.force_login(cast[Role.CORRESPONDENT])
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200 and "/api/v1/obligations/" in response.json()["paths"]


def test_the_schema_is_generated_once_per_language(client, cast, monkeypatch):
    # 2,000 partnerships: generated on each request, the schema took 4 to 6 times a bare page
    from drf_spectacular.generators import SchemaGenerator

    generations = []
    generate = SchemaGenerator.get_schema
    monkeypatch.setattr(SchemaGenerator, "get_schema", lambda *a, **kw: generations.append(1) or generate(*a, **kw))
    first = client.get(reverse("api:schema"), {"format": "json"}, **bearer(cast[Role.ELU])).json()
    client.force_login(cast[Role.AGENT])  # another user, another role: the same schema
    second = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert first == second and "/api/v1/obligations/" in second["paths"]
    assert len(generations) == 1


def test_the_token_records_its_last_use(client, cast):
    user = cast[Role.AGENT]
    client.get(reverse("api:partnership-list"), **bearer(user))
    assert user.api_tokens.get().last_used_at.date() >= datetime.date(2026, 1, 1)


def test_the_opus_register_gives_the_cap_an_amendment_sets(client, cast):
    # clause O22: the cap in force today, as the amendments in effect set it
    from partnership.models import Amendment

    fill(cast, 3)
    Amendment.objects.create(convention=cast.opus, number=1, object="Plafond", effective_from=cast.opus.signed_on,
                             active_accounts_cap=25)  # fmt: skip
    response = client.get(reverse("api:opus-register-list"), **bearer(cast[Role.ELU]))
    schema.check(response)
    assert response.json()["results"][0]["active_accounts_cap"] == 25
