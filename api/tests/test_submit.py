"""Quarterly figures sent by the correspondent's system: the upload's checks, all or nothing
(clause C3)."""

import json

import pytest
from django.urls import reverse

from api.tests import schema
from api.tests.conftest import bearer
from diagnosis.models import QuarterlyFigures
from diagnosis.tests.factories import valid_values
from partnership.permissions import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/quarterly-figures/"


def quarter(cast, year=2025, number=2, **values):
    return {"insee": cast.partnership.commune.insee_code, "year": year, "quarter": number, **valid_values(**values)}


def send(client, user, quarters, **options):
    body = json.dumps({"quarters": quarters, **options})
    return client.post(URL, body, content_type="application/json", **bearer(user))


@pytest.mark.parametrize("role", Role.ALL)
def test_the_roles_of_the_upload_may_send_figures(client, cast, role):
    response = send(client, cast[role], [quarter(cast)])
    if role in (Role.CORRESPONDENT, Role.AGENT, Role.RGC):
        assert response.status_code == 201
        schema.check(response, "post")
    else:
        assert response.status_code == 403
        assert not QuarterlyFigures.objects.exists()


def test_the_figures_are_saved_as_the_upload_saves_them(client, cast):
    assert reverse("api:quarterly-figures-list") == URL
    response = send(client, cast[Role.CORRESPONDENT], [quarter(cast, number=1), quarter(cast, number=2)])
    assert response.status_code == 201
    saved = QuarterlyFigures.objects.current().order_by("quarter")
    assert [(f.quarter, f.source, f.version, f.submitted_by) for f in saved] == [
        (1, "api", 1, cast[Role.CORRESPONDENT]),
        (2, "api", 1, cast[Role.CORRESPONDENT]),
    ]
    assert saved[0].figures_date.isoformat() == "2025-03-31"  # the quarter's end when none is given
    assert [row["seekers_abc"] for row in response.json()["saved"]] == [482, 482]


def test_one_refused_quarter_refuses_the_whole_sending(client, cast):
    good, bad = quarter(cast, number=1), quarter(cast, number=2, seekers_a=900)
    response = send(client, cast[Role.CORRESPONDENT], [good, bad])
    assert response.status_code == 422
    schema.check(response, "post")
    body = response.json()
    assert "rien n'a été enregistré" in body["detail"]
    assert {problem["row"] for problem in body["problems"]} == {2}
    assert not QuarterlyFigures.objects.exists()


def test_another_communes_figures_are_refused(client, cast, other_cast):
    response = send(client, cast[Role.CORRESPONDENT], [quarter(other_cast)])
    assert response.status_code == 422
    assert "commune" in response.json()["problems"][0]["message"]
    assert not QuarterlyFigures.objects.exists()


def test_a_quarter_received_is_replaced_only_when_confirmed(client, cast):
    user = cast[Role.CORRESPONDENT]
    assert send(client, user, [quarter(cast)]).status_code == 201
    response = send(client, user, [quarter(cast, women=250)])
    assert response.status_code == 409 and "confirm_replace" in response.json()["detail"]
    schema.check(response, "post")
    assert send(client, user, [quarter(cast, women=250)], confirm_replace=True).status_code == 201
    versions = QuarterlyFigures.objects.order_by("version")
    assert [(v.version, v.women, v.superseded_at is None) for v in versions] == [(1, 251, False), (2, 250, True)]


def test_hostile_bodies_are_refused_in_french_and_nothing_is_saved(client, cast):
    user = cast[Role.CORRESPONDENT]
    headers = bearer(user)
    response = client.post(URL, "{not json", content_type="application/json", **headers)
    assert response.status_code == 400
    response = client.post(URL, json.dumps({"quarters": []}), content_type="application/json", **headers)
    assert response.status_code == 400
    response = send(client, user, [quarter(cast, seekers_abc="beaucoup")])
    assert response.status_code == 400 and "entier" in json.dumps(response.json(), ensure_ascii=False)
    response = send(client, user, [quarter(cast, year=1900)])
    assert response.status_code == 422 and "Année" in response.json()["problems"][0]["message"]
    assert not QuarterlyFigures.objects.exists()


def test_a_sending_beyond_the_upload_limits_is_refused(client, cast, settings):
    settings.DIAGNOSIS_UPLOAD_MAX_ROWS = 1
    response = send(client, cast[Role.CORRESPONDENT], [quarter(cast, number=1), quarter(cast, number=2)])
    assert response.status_code == 413
    settings.DIAGNOSIS_UPLOAD_MAX_BYTES = 100
    response = send(client, cast[Role.CORRESPONDENT], [quarter(cast)])
    assert response.status_code == 413
    assert not QuarterlyFigures.objects.exists()
