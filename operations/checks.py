"""The configuration read from the environment, checked as Django system checks: `manage.py
check` (and runserver, migrate) report them, and the web server, the worker and beat refuse to
start on an error (`refuse_to_start`, from config/wsgi.py and config/celery.py). Each message
names the variable to set. Values that cannot be read at all (a bad DATABASE_URL, LOG_FORMAT…)
are refused by the settings themselves, before anything starts."""

import ctypes.util
import os
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TAG = "environment"


@checks.register(TAG)
def email_configured(app_configs=None, **kwargs):
    if settings.DEBUG or settings.EMAIL_URL_SET:
        return []
    return [
        checks.Error(
            "EMAIL_URL is not set and DEBUG is off: the reminders and alerts would be written to files nobody reads.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587 (see .env.example).",
            id="operations.E001",
        )
    ]


def _writable(folder):
    """Whether files can be written in `folder`, or it can be made (its nearest existing parent is writable)."""
    path = Path(folder)
    while not path.exists():
        path = path.parent
    return path.is_dir() and os.access(path, os.W_OK | os.X_OK)


@checks.register(TAG)
def documents_storage_writable(app_configs=None, **kwargs):
    options = settings.STORAGES["documents"].get("OPTIONS", {})
    if not settings.STORAGES["documents"]["BACKEND"].endswith("FileSystemStorage") or _writable(options["location"]):
        return []
    return [
        checks.Error(
            f"DOCUMENTS_ROOT ({options['location']}) cannot be written: the documents could not be stored.",
            hint="Set DOCUMENTS_ROOT to a folder the application's user may write, or give it that right.",
            id="operations.E002",
        )
    ]


@checks.register(TAG)
def positive_durations(app_configs=None, **kwargs):
    names = [
        "HEALTH_JOB_PERIOD_HOURS",
        "HEALTH_JOB_GRACE_HOURS",
        "HEALTH_LATE_ALERT_EVERY_HOURS",
        "HEALTH_TIMEOUT_SECONDS",
    ]
    return [
        checks.Error(f"{name} must be a positive number.", id="operations.E003")
        for name in names
        if getattr(settings, name) <= 0
    ]


@checks.register(TAG)
def backups_kept_within_the_c9_window(app_configs=None, **kwargs):
    """Clause C9: personal data is destroyed two months after a cooperation convention ends; a
    backup kept longer would keep what the job erased."""
    if settings.BACKUP_KEEP_DAYS <= 59:
        return []
    return [
        checks.Warning(
            f"BACKUP_KEEP_DAYS is {settings.BACKUP_KEEP_DAYS}: backups would keep the personal data clause C9 "
            "erases for more than two months.",
            hint="Set BACKUP_KEEP_DAYS to 59 or less (default 30).",
            id="operations.W001",
        )
    ]


@checks.register(TAG)
def pdf_font_subsetter(app_configs=None, **kwargs):
    """WeasyPrint embeds in each PDF the glyphs it uses, cut out of the fonts by HarfBuzz's
    subsetter when the system has it, else by fontTools in Python: the annual report took 1.18 s
    instead of 0.78 s."""
    if ctypes.util.find_library("harfbuzz-subset"):
        return []
    return [
        checks.Warning(
            "HarfBuzz's subsetter (libharfbuzz-subset) is missing: every PDF embeds its fonts through "
            "fontTools, about a third slower, which WeasyPrint will stop doing.",
            hint="Install it (Debian: apt-get install libharfbuzz-subset0; ./dev start does).",
            id="operations.W002",
        )
    ]


def refuse_to_start():
    """Raise ImproperlyConfigured with every error of the configuration (for the web server, the
    worker and beat, which Django's own command checks do not cover)."""
    errors = [message for message in checks.run_checks(tags=[TAG]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("\n".join(f"{error.msg} {error.hint or ''}".strip() for error in errors))
