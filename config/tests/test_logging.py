"""The calendar feed's secret stays out of the logs: Django's (runserver's request lines
included) and gunicorn's access and error logs."""

import logging
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.urls import reverse

from config.log_filters import RedactFeedToken, redact
from config.tests.test_settings import ROOT

# A fixed token of the real shape: the parallel test processes must collect the same test ids.
TOKEN = "JKXAkw6C6cAc_lehgQqgBd0bvhVcCG8t7TQvl78D6zs"


@pytest.mark.parametrize(
    "line, expected",
    [
        (
            f'"GET /echeancier/agenda/{TOKEN}.ics HTTP/1.1" 200 512',
            '"GET /echeancier/agenda/[secret].ics HTTP/1.1" 200 512',
        ),
        (f"/echeancier/agenda/{TOKEN}.ics?x=1", "/echeancier/agenda/[secret].ics?x=1"),
        (f"/echeancier/agenda/{TOKEN}%2Eics", "/echeancier/agenda/[secret].ics"),
        (f"Not Found: /echeancier/agenda/{TOKEN}.ics", "Not Found: /echeancier/agenda/[secret].ics"),
        # the pages beside the feed keep their address
        ('"GET /echeancier/agenda/ HTTP/1.1" 200', '"GET /echeancier/agenda/ HTTP/1.1" 200'),
        ('"POST /echeancier/agenda/revoquer/ HTTP/1.1" 302', '"POST /echeancier/agenda/revoquer/ HTTP/1.1" 302'),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected


def test_the_feed_address_is_the_one_redacted():
    assert TOKEN not in redact(reverse("calendar_feed", args=[TOKEN]))


def test_the_filter_redacts_the_formatted_message():
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s', (f"GET /echeancier/agenda/{TOKEN}.ics", 200), None
    )
    assert RedactFeedToken().filter(record)
    assert record.getMessage() == '"GET /echeancier/agenda/[secret].ics" 200'


def test_every_handler_of_the_django_logs_redacts(settings):
    for name, handler in settings.LOGGING["handlers"].items():
        assert "redact_feed_token" in handler["filters"], name
    # Django's own handlers, unfiltered, give way to the root's
    assert "handlers" not in settings.LOGGING["loggers"]["django"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """A migrated SQLite database with one calendar token, for servers run as in production."""
    env = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('logs') / 'db.sqlite3'}",
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "INFO",
        "EMAIL_URL": "dummymail://",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    create = (
        "from partnership.models import User; from reminders.models import CalendarToken; "
        f"CalendarToken.objects.create(user=User.objects.create(username='feed', is_superuser=True), token={TOKEN!r})"
    )
    subprocess.run([*manage, "shell", "--no-imports", "-c", create], cwd=ROOT, env=env, check=True, timeout=60)
    return env


def serve(command, env, port):
    """Run the server, fetch the feed, stop the server: its response and everything it logged."""
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/echeancier/agenda/{TOKEN}.ics"
        deadline = time.monotonic() + 30
        while True:
            try:
                response = urllib.request.urlopen(url, timeout=5)
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        body = response.read().decode()
        time.sleep(0.5)  # the access line is written after the response
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    return response, body, output


def test_runserver_logs_the_feed_without_its_secret(server_env):
    port = free_port()
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    response, body, output = serve(command, server_env, port)
    assert response.status == 200 and body.startswith("BEGIN:VCALENDAR")
    assert '"GET /echeancier/agenda/[secret].ics HTTP/1.1" 200' in output
    assert TOKEN not in output


def test_gunicorn_logs_the_feed_without_its_secret_and_sends_no_server_banner(server_env):
    port = free_port()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    command = [gunicorn, "-c", "config/gunicorn.py", "config.wsgi", "-b", f"127.0.0.1:{port}", "--workers", "1",
               "--access-logfile", "-", "--error-logfile", "-"]  # fmt: skip
    response, body, output = serve(command, server_env, port)
    assert response.status == 200 and body.startswith("BEGIN:VCALENDAR")
    assert "Server" not in response.headers
    assert '"GET /echeancier/agenda/[secret].ics HTTP/1.1" 200' in output
    assert TOKEN not in output
