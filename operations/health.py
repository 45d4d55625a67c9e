"""The checks of the installation's health: each answers whether a service this application
needs works now, with a short French detail for the platform administrator's page (never shown
to the load balancer)."""

import logging
import os
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from documents.storage import storage

logger = logging.getLogger(__name__)


@dataclass
class Result:
    label: str
    ok: bool
    detail: str


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def cache_works():
    cache = caches["default"]
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", 30)
    found = cache.get(key)
    cache.delete(key)
    if found != "1":
        raise RuntimeError(_("la valeur écrite n'a pas été relue"))
    return cache.__class__.__name__


def broker():
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=settings.HEALTH_TIMEOUT_SECONDS)
        if conn.transport_cls == "filesystem":  # the embedded broker "connects" to any folder, even missing
            folder = conn.transport_options.get("data_folder_in", "")
            if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
                raise RuntimeError(_("le dossier %(folder)s n'existe pas ou ne peut être écrit") % {"folder": folder})
        return conn.transport_cls


def documents_storage():
    files = storage()
    name = files.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with files.open(name) as probe:
            if probe.read() != b"ok":
                raise RuntimeError(_("le fichier écrit n'a pas été relu"))
    finally:
        files.delete(name)
    return files.__class__.__name__


def worker():
    from config.celery import app

    replies = app.control.ping(timeout=settings.HEALTH_TIMEOUT_SECONDS)
    if not replies:
        raise RuntimeError(
            _("aucun worker n'a répondu en %(seconds)s s") % {"seconds": settings.HEALTH_TIMEOUT_SECONDS}
        )
    return _("%(count)d worker(s) ont répondu") % {"count": len(replies)}


# What the load balancer asks: what every request needs. The page shows them all.
ESSENTIAL = {"database": (_l("Base de données"), database), "cache": (_l("Cache"), cache_works)}
ALL = {
    **ESSENTIAL,
    "broker": (_l("Courtier des tâches (Celery)"), broker),
    "documents": (_l("Stockage des documents"), documents_storage),
    "worker": (_l("Worker Celery"), worker),
}


def run(checks):
    """{key: Result} of each check: a failure is reported, never raised."""
    results = {}
    for key, (label, check) in checks.items():
        try:
            results[key] = Result(label, True, str(check()))
        except Exception as error:  # noqa: BLE001 (a check that fails says so; the others still run)
            logger.warning("Health check %s failed: %s", key, type(error).__name__)
            results[key] = Result(label, False, f"{type(error).__name__}: {str(error)[:200]}")
    return results
