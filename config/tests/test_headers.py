"""The headers a security review reads, on a page of a logged-in user and on documents:
Content-Security-Policy, Permissions-Policy, Cache-Control, and the session cookie."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from partnership.permissions import Role
from relais.tests.factories import ActivityFactory
from reminders.models import CalendarToken, new_token

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-de-test"


@pytest.fixture
def logged_in(client, cast):
    """The agent, logged in through the login form: the response sets the session cookie."""
    user = cast[Role.AGENT]
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


def assert_strict_policy(response):
    csp = policy(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert "script-src" not in csp  # scripts fall back to default-src: the site's files only


def assert_not_kept(response):
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "public" not in cache_control


def assert_permissions_policy(response):
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]


def test_a_logged_in_page(client, logged_in):
    cookie = logged_in.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # ends when the browser closes
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    session = Session.objects.get(session_key=cookie.value)
    assert abs(session.expire_date - (timezone.now() + datetime.timedelta(hours=8))) < datetime.timedelta(minutes=1)

    response = client.get(reverse("convention_list"))
    assert response.status_code == 200
    assert_strict_policy(response)
    assert_permissions_policy(response)
    assert_not_kept(response)
    # Each request pushes the end of the session back; the cookie still ends with the browser.
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_download(client, cast, logged_in, fmt):
    response = client.get(reverse("diagnosis:series_export", args=[cast.partnership.pk, fmt]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert_not_kept(response)
    assert_strict_policy(response)
    assert_permissions_policy(response)


def test_a_pdf(client, cast):
    client.force_login(cast[Role.ELU])
    response = client.get(reverse("dashboard:dashboard_pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert_not_kept(response)
    assert_strict_policy(response)


def test_the_calendar_feed_is_not_kept_either(client, cast):
    token = CalendarToken.objects.create(user=cast[Role.AGENT], token=new_token())
    response = client.get(token.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert_not_kept(response)


def test_an_anonymous_visitor_gets_the_policies_too(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_strict_policy(response)
    assert_permissions_policy(response)


@pytest.mark.parametrize("preview", [False, True])
def test_charts_carry_the_nonce_of_their_page(client, cast, preview):
    """pygal's style sheet inside each SVG is the one inline style the policy lets through, by the
    page's nonce; pygal's inline script and style attribute are gone."""
    for month in range(1, 13):
        ActivityFactory(partnership=cast.partnership, year=2025, month=month)
    client.force_login(cast[Role.AGENT])
    url = reverse("relais:annual_report_pdf") + "?annee=2025&html=1" if preview else reverse("relais:activity_table")
    response = client.get(url, {} if preview else {"annee": 2025})
    html = response.content.decode()
    nonce = re.search(r"'nonce-([^']+)'", " ".join(policy(response)["style-src"])).group(1)
    drawings = 2 * (1 if preview else 2)  # a page draws each chart wide and narrow, a PDF's preview wide
    assert html.count("<svg") == drawings
    assert html.count(f'<style nonce="{nonce}" type="text/css">') == drawings
    assert "<style>" not in html and "<script" not in html and "style=" not in html
