"""Sessions end after SESSION_IDLE_HOURS without a request, each request pushing the end back,
and when the browser closes."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from config.tests.test_settings import manage
from partnership.permissions import Role

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-de-test"


def log_in(client, user):
    user.set_password(PASSWORD)
    user.save()
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def stored_session(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def test_the_session_ends_after_the_idle_time(client, cast, settings):
    log_in(client, cast[Role.AGENT])
    idle = datetime.timedelta(hours=8)
    assert settings.SESSION_COOKIE_AGE == idle.total_seconds()
    assert abs(stored_session(client).expire_date - (timezone.now() + idle)) < datetime.timedelta(minutes=1)
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("convention_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_each_request_pushes_the_end_back(client, cast):
    log_in(client, cast[Role.AGENT])
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    assert client.get(reverse("convention_list")).status_code == 200
    assert stored_session(client).expire_date > timezone.now() + datetime.timedelta(hours=7, minutes=59)


def test_static_files_do_not_write_the_session(client, cast, settings):
    settings.WHITENOISE_USE_FINDERS = True  # served by WhiteNoise, before the session middleware
    log_in(client, cast[Role.AGENT])
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.update(expire_date=soon)
    assert client.get("/static/css/app.css").status_code == 200
    assert stored_session(client).expire_date == soon


def test_the_idle_time_comes_from_the_environment():
    code = "from django.conf import settings; print(settings.SESSION_COOKIE_AGE)"
    result = manage("shell", "--no-imports", "-c", code, DEBUG="true", SESSION_IDLE_HOURS="0.5")
    assert result.stdout.strip() == "1800", result.stderr
    result = manage("check", DEBUG="true", SESSION_IDLE_HOURS="0")
    assert result.returncode != 0 and "SESSION_IDLE_HOURS" in result.stderr
