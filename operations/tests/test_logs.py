"""The lines an operator reads: one per request (its id, also sent back as X-Request-ID, the
user's id, the status, the duration), one per job run (its counts and duration), as JSON lines
with LOG_FORMAT=json; never a person's name or address."""

import datetime
import io
import json
import logging
import os
import secrets
import subprocess
import sys

import pytest

from config.log_format import JsonLines
from config.tests.test_settings import ROOT
from partnership.permissions import Role
from reminders import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the `requests` and `jobs` loggers write, as the JSON lines of LOG_FORMAT=json."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLines())
    loggers = [logging.getLogger(name) for name in ("requests", "jobs")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for logger in loggers:
        logger.removeHandler(handler)


def personal(user):
    return [user.username, user.email, user.first_name, user.last_name]


def test_one_line_per_request_with_its_id_the_user_id_the_status_and_duration(client, cast, json_lines):
    agent = cast[Role.AGENT]
    client.force_login(agent)
    response = client.get("/echeancier/")
    (line,) = json_lines()
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["logger"] == "requests" and line["level"] == "INFO"
    assert (line["method"], line["path"], line["status"], line["user_id"]) == ("GET", "/echeancier/", 200, agent.pk)
    assert line["duration_ms"] > 0
    assert line["message"].startswith("GET /echeancier/ 200 ") and f"user={agent.pk}" in line["message"]
    text = json.dumps(line, ensure_ascii=False)
    assert not [value for value in personal(agent) if value in text]


def test_each_request_has_its_own_id_and_an_anonymous_one_no_user(client, json_lines):
    first, second = client.get("/connexion/"), client.get("/sante/")
    lines = json_lines()
    assert [line["request_id"] for line in lines] == [first["X-Request-ID"], second["X-Request-ID"]]
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert [line["user_id"] for line in lines] == [None, None]


def test_the_request_id_of_our_proxy_is_kept_only_behind_it(client, settings, json_lines):
    given = "nginx-0123456789abcdef"
    assert client.get("/sante/", headers={"X-Request-ID": given})["X-Request-ID"] != given
    settings.BEHIND_PROXY = True
    assert client.get("/sante/", headers={"X-Request-ID": given})["X-Request-ID"] == given
    assert client.get("/sante/", headers={"X-Request-ID": "bad id\nforged line"})["X-Request-ID"] != "bad id"


def test_the_feed_secret_stays_out_of_the_request_line(client, cast, json_lines):
    from reminders.models import CalendarToken

    token = CalendarToken.objects.create(user=cast[Role.AGENT])
    client.get(token.get_absolute_url())
    (line,) = json_lines()
    assert token.token not in json.dumps(line)
    assert line["path"] == "/echeancier/agenda/[secret].ics"


def test_one_line_per_job_run_with_its_counts_and_duration(cast, json_lines):
    services.send_reminders(datetime.date(2027, 2, 28))
    (line,) = json_lines()
    assert line["logger"] == "jobs"
    assert (line["job"], line["day"], line["outcome"]) == ("send_reminders", "2027-02-28", "done")
    assert line["counts"]["claimed"] > 0 and line["duration_s"] >= 0
    text = json.dumps(line, ensure_ascii=False)
    for user in cast.users.values():
        assert not [value for value in personal(user) if value in text]


def run_python(code, **env):
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": secrets.token_urlsafe(50), "EMAIL_URL": "dummymail://", **env}
    command = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    return subprocess.run(
        command, cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"}, capture_output=True, text=True
    )


def test_log_format_json_writes_json_lines_and_text_plain_ones():
    code = "import logging; logging.getLogger('jobs').info('a run', extra={'fields': {'job': 'x'}})"
    line = json.loads(run_python(code, LOG_FORMAT="json").stderr.strip())
    assert (line["message"], line["job"], line["logger"]) == ("a run", "x", "jobs")
    assert run_python(code).stderr.strip() == "INFO jobs a run"


def test_an_unknown_log_format_is_refused_by_name():
    result = run_python("", LOG_FORMAT="xml")
    assert result.returncode != 0 and "LOG_FORMAT is 'xml': expected text or json." in result.stderr
