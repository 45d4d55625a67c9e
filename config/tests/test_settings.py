"""The settings refuse what must not reach production, and `check --deploy` is clean with the
production variables of the README."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "partenariat.example.org",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "BEHIND_PROXY": "true",
    "EMAIL_URL": "smtp+tls://relais@example.org:password@smtp.example.org:587",
}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        # Only what production has: the test run's own variables (DJANGO_ALLOW_ASYNC_UNSAFE…) stay out.
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_with_the_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr


@pytest.mark.parametrize("key", sorted(settings.PUBLIC_SECRET_KEYS))
def test_the_public_keys_are_refused_when_debug_is_off(key):
    result = manage("check", **{**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_the_development_key_still_works_with_debug_on():
    result = manage("check", DEBUG="true", SECRET_KEY=settings.DEV_SECRET_KEY)
    assert result.returncode == 0, result.stderr


def test_models_and_migrations_are_compared_without_any_configuration():
    # makemigrations signs and sends nothing: no SECRET_KEY, no EMAIL_URL, DEBUG off
    result = manage("makemigrations", "--check", "--dry-run", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    assert manage("check", DATABASE_URL="sqlite:///:memory:").returncode != 0  # the rest still refuses
