"""The configuration read from the environment is checked at start: the settings refuse what
cannot be read, the system checks (`manage.py check`) what would not work, and the web server,
the worker and beat refuse to start on an error; each message names the variable."""

import os
import secrets
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.celery import check_configuration
from config.tests.test_settings import ROOT
from operations import checks


def run(args, **env):
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": secrets.token_urlsafe(50), "EMAIL_URL": "dummymail://", **env}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    "url, message",
    [
        ("postgress://user@db.example.org/partnership", "DATABASE_URL names no supported database"),
        ("partnership", "DATABASE_URL names no supported database"),
        ("postgres://user:password@db.example.org:port/partnership", "DATABASE_URL is not a valid database address"),
    ],
)
def test_a_bad_database_url_is_refused_by_name(url, message):
    result = run(["manage.py", "check"], DATABASE_URL=url)
    assert result.returncode != 0
    assert message in result.stderr


def test_a_missing_email_url_with_debug_off_fails_the_check():
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": secrets.token_urlsafe(50)}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "(operations.E001) EMAIL_URL is not set and DEBUG is off" in result.stderr
    assert run(["manage.py", "check"], DEBUG="true", EMAIL_URL="").returncode == 0  # a developer's machine


def test_a_bad_email_url_is_refused_by_name():
    result = run(["manage.py", "check"], EMAIL_URL="smtq://relais@example.org@smtp.example.org")
    assert result.returncode != 0
    assert "EMAIL_URL is not a mail server address (Invalid email schema smtq)" in result.stderr


def test_an_unwritable_documents_storage_fails_the_check(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run(["manage.py", "check"], DOCUMENTS_ROOT=str(blocker / "documents"))
    assert result.returncode != 0
    assert f"(operations.E002) DOCUMENTS_ROOT ({blocker / 'documents'}) cannot be written" in result.stderr
    assert run(["manage.py", "check"], DOCUMENTS_ROOT=str(tmp_path / "new" / "documents")).returncode == 0


def test_the_web_server_refuses_to_start_on_a_configuration_error():
    env = {"PATH": os.environ["PATH"], "SECRET_KEY": secrets.token_urlsafe(50)}
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: EMAIL_URL is not set and DEBUG is off" in result.stderr
    assert run(["-c", "import config.wsgi"]).returncode == 0


def test_the_worker_and_beat_refuse_to_start_on_a_configuration_error(settings):
    settings.EMAIL_URL_SET = False
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL is not set and DEBUG is off"):
        check_configuration()
    settings.EMAIL_URL_SET = True
    check_configuration()


def test_durations_must_be_positive(settings):
    settings.HEALTH_JOB_GRACE_HOURS = 0
    assert [error.msg for error in checks.positive_durations()] == ["HEALTH_JOB_GRACE_HOURS must be a positive number."]


def test_backups_kept_beyond_the_c9_window_are_warned_of(settings):
    # clause C9: personal data destroyed two months after the convention ends, backups included
    settings.BACKUP_KEEP_DAYS = 90
    (warning,) = checks.backups_kept_within_the_c9_window()
    assert warning.id == "operations.W001" and "BACKUP_KEEP_DAYS is 90" in warning.msg
    settings.BACKUP_KEEP_DAYS = 30
    assert checks.backups_kept_within_the_c9_window() == []


def test_a_missing_font_subsetter_is_warned_of_not_refused(monkeypatch):
    """Without HarfBuzz's subsetter WeasyPrint still makes every PDF, a third slower: a warning."""
    monkeypatch.setattr(checks.ctypes.util, "find_library", lambda name: None)
    (warning,) = checks.pdf_font_subsetter()
    # not serious: `refuse_to_start` lets the server start
    assert warning.id == "operations.W002" and not warning.is_serious() and "libharfbuzz-subset0" in warning.hint
    monkeypatch.setattr(checks.ctypes.util, "find_library", lambda name: f"lib{name}.so.0")
    assert checks.pdf_font_subsetter() == []
