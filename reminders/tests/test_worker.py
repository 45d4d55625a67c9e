"""A task sent through a real Redis broker to a real Celery worker started by the test."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from reminders.models import SentReminder

ROOT = Path(__file__).resolve().parents[2]


def database_url():
    """The URL of the database this test uses (pytest-django's test database), for the worker."""
    s = connection.settings_dict
    if connection.vendor == "postgresql":
        user = quote(s["USER"] or "", safe="")
        password = quote(s["PASSWORD"] or "", safe="")
        return f"postgres://{user}:{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return f"sqlite:///{s['NAME']}"
    pytest.skip("the worker needs a database another process can open (PostgreSQL or an SQLite file)")


def worker_environment(mail_folder, **overrides):
    """(queue, environment) of a Celery worker process on this test's database and the real
    Redis broker, reading a queue of its own (other test runs may share this Redis database)."""
    queue = f"test-{uuid.uuid4().hex}"
    return queue, {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DAILY_JOBS_ON_WORKER_START": "false",
        # django-environ drops one leading slash: four slashes give an absolute path.
        "EMAIL_URL": f"filemail:///{mail_folder}",
        **overrides,
    }


def start_worker(env):
    """A Celery worker process (solo pool) reading the queue `env` names; its output is piped."""
    queue = env["CELERY_TASK_DEFAULT_QUEUE"]
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(worker):
    """Stop the worker (killed if it does not stop within 20 s); what it printed not read yet."""
    worker.terminate()
    try:
        output, _ = worker.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return output


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_task_through_redis_reaches_a_real_worker(cast, tmp_path):
    redis_url = settings.REDIS_URL
    queue, env = worker_environment(tmp_path / "mail")
    worker = start_worker(env)
    try:
        sender = Celery(broker=redis_url)
        sender.send_task("reminders.send_reminders", args=["2027-02-28"], queue=queue)
        reminders = SentReminder.objects.filter(duty_key=f"convention:{cast.cooperation.pk}:c9")
        # Each reminder is claimed before its e-mail and marked sent after: wait for both marks.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            if reminders.filter(emailed_at__isnull=False).count() == 2:
                break
            time.sleep(0.5)
        assert sorted(reminders.values_list("occasion", "user__username")) == [
            ("echeance", "administrateur"),
            ("echeance", "rgc"),
        ], "the worker did not run the task"
        assert all(r.emailed_at for r in reminders)
        assert len(list((tmp_path / "mail").iterdir())) >= 1
    finally:
        output = stop_worker(worker)
        sender.close()
    assert "reminders.send_reminders" in output
