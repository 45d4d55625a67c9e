"""Shared fixtures: a cast of users per role around one partnership, and the rule that
service-backed tests run (not skip) when REQUIRE_SERVICES=1, as in CI."""

import os
import shutil
from dataclasses import dataclass

import pytest

from partnership.permissions import Role

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _unavailable(reason):
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    from django.conf import settings

    if item.get_closest_marker("postgres") and "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        _unavailable("this test needs PostgreSQL (set DATABASE_URL)")
    if item.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        _unavailable("this test needs Redis (set REDIS_URL)")
    if item.get_closest_marker("browser") and not shutil.which("chromium"):
        _unavailable("this test needs Chromium (/usr/bin/chromium)")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path, monkeypatch):
    from config.celery import app

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # On the Celery app, not in Django's settings, which Celery reads only once, when first asked:
    # whatever the tests' order, the tasks run here.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "documents", "base_url": None},
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Chromium asks for French pages (Accept-Language), as a French user's does: the pages follow
    the browser's language until one is chosen (partnership/languages.py)."""
    return {**browser_context_args, "locale": "fr-FR"}


@dataclass
class Cast:
    """One partnership (commune + agency, a cooperation and an OPUS convention) and a user per role."""

    partnership: object
    cooperation: object
    opus: object
    users: dict

    def __getitem__(self, role):
        return self.users[role]


def make_cast(prefix="", agency=None):
    """A cast around a new partnership; with `agency`, one more commune of that agency."""
    import datetime

    from partnership.tests.factories import ConventionFactory, PartnershipFactory, UserFactory

    partnership = PartnershipFactory(**({"agency": agency} if agency else {}))
    cooperation = ConventionFactory(
        partnership=partnership, effective_from=datetime.date(2024, 1, 1), signed_on=datetime.date(2023, 12, 1)
    )
    opus = ConventionFactory(
        partnership=partnership, opus=True, parent=cooperation, signed_on=datetime.date(2024, 1, 15)
    )
    organisation_of = {Role.CORRESPONDENT: partnership.agency}
    users = {
        role: UserFactory(
            username=f"{prefix}{role.lower().replace(' ', '-')}",
            role=role,
            organisation=organisation_of.get(role, partnership.commune),
        )
        for role in Role.ALL
    }
    return Cast(partnership, cooperation, opus, users)


@pytest.fixture
def cast(db):
    return make_cast()


@pytest.fixture
def other_cast(db):
    """A second commune's partnership, whose data `cast` users must never see."""
    return make_cast("other-")
