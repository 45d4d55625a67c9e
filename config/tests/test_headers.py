"""The headers a security review reads, on a page of a logged-in user and on documents."""

import pytest
from django.urls import reverse

from partnership.permissions import Role
from reminders.models import CalendarToken, new_token

pytestmark = pytest.mark.django_db


def no_store(response):
    return "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_logged_in_page(client, cast):
    client.force_login(cast[Role.AGENT])
    response = client.get(reverse("convention_list"))
    assert response.status_code == 200
    assert no_store(response)
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download(client, cast, fmt):
    client.force_login(cast[Role.AGENT])
    response = client.get(reverse("diagnosis:series_export", args=[cast.partnership.pk, fmt]))
    assert response.status_code == 200 and response.has_header("Content-Disposition")
    assert no_store(response)
    assert "camera=()" in response["Permissions-Policy"]


def test_a_pdf(client, cast):
    client.force_login(cast[Role.ELU])
    response = client.get(reverse("dashboard:dashboard_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert no_store(response)


def test_the_calendar_feed_is_not_kept_either(client, cast):
    token = CalendarToken.objects.create(user=cast[Role.AGENT], token=new_token())
    response = client.get(token.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert no_store(response)


def test_an_anonymous_visitor_gets_the_permissions_policy_too(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "camera=()" in response["Permissions-Policy"]
