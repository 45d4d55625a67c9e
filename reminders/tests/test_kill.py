"""A real `send_reminders` process, or the Celery pool child running the task, killed with SIGKILL
in the middle of its run loses no e-mail.

The process runs on this test's PostgreSQL database and writes each e-mail as a file, slowly
(`reminders.tests.slow_mail`); the test kills it once some e-mails are out, runs the job again
with no resend delay, then reads every file: each planned reminder was delivered at least once,
and one delivered twice (written, then killed before it was marked sent) carries the same
Message-ID both times.
"""

import datetime
import email
import email.policy
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

from reminders import services
from reminders.models import Notification, SentReminder
from reminders.tests.test_worker import database_url, worker_environment

ROOT = Path(__file__).resolve().parents[2]
# Clause C9 due on 28 February 2027 (two months after the cooperation convention of the cast
# ends, clause C2): that day every duty of the calendar still open is late or due, several
# reminders for each partnership.
C9_DUE = datetime.date(2027, 2, 28)


def run_job(mail, log, *, resend_after_minutes, seconds_per_message):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        # django-environ drops one leading slash: four slashes give an absolute path.
        "EMAIL_URL": f"filemail:///{mail}",
        "EMAIL_BACKEND": "reminders.tests.slow_mail.EmailBackend",
        "SLOW_MAIL_SECONDS": str(seconds_per_message),
        "REMINDER_RESEND_AFTER_MINUTES": str(resend_after_minutes),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_reminders", "--date", C9_DUE.isoformat()],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def delivered(mail):
    """(recipient, subject, Message-ID) of every e-mail file written."""
    result = []
    for path in sorted(mail.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        result.append((message["To"], message["Subject"], message["Message-ID"]))
    return result


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("kill_after", "then_wait"),
    [
        (1, 0.0),  # just after the first e-mail is written, before it is marked sent
        (3, 0.2),  # while the fourth is on its way: claimed, not written
    ],
)
def test_a_job_killed_mid_run_loses_no_reminder(cast, other_cast, tmp_path, kill_after, then_wait):
    planned = {(item.duty.key, item.occasion, item.user.pk) for item in services.plan(C9_DUE)}
    assert len(planned) > kill_after + 2
    mail = tmp_path / "mail"
    log_path = tmp_path / "job.log"
    with log_path.open("w") as log:
        job = run_job(mail, log, resend_after_minutes=15, seconds_per_message=0.3)
        try:
            deadline = time.monotonic() + 60
            while len(list(mail.glob("*.eml"))) < kill_after and job.poll() is None and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(then_wait)
            job.send_signal(signal.SIGKILL)
        finally:
            job.wait(timeout=30)
        assert job.returncode == -signal.SIGKILL, log_path.read_text()
        before = len(delivered(mail))
        assert kill_after <= before < len(planned), "the job was not killed mid-run"
        # It died holding a claim whose e-mail is not marked sent: the case at stake.
        assert SentReminder.objects.filter(emailed_at__isnull=True).exists()

        # The next run, once the claims left unsent are old enough (no delay here); quick mail.
        again = run_job(mail, log, resend_after_minutes=0, seconds_per_message=0)
        assert again.wait(timeout=120) == 0, log_path.read_text()

    duplicated = assert_each_planned_reminder_delivered(mail, planned)
    print(f"planned {len(planned)}, delivered before the kill {before}, reminders delivered twice {duplicated}")
    assert duplicated <= 1


def assert_each_planned_reminder_delivered(mail, planned):
    """Every planned reminder was claimed once, with one notification, and its e-mail delivered at
    least once; a repeat has the same Message-ID, recipient and subject. Returns the repeats."""
    files = delivered(mail)
    by_message_id = defaultdict(set)
    by_reminder = defaultdict(set)
    for to, subject, message_id in files:
        by_message_id[message_id].add((to, subject))
        by_reminder[(to, subject)].add(message_id)
    reminders = {r.pk: r for r in SentReminder.objects.select_related("user")}
    domain = settings.ICAL_UID_DOMAIN
    assert {(r.duty_key, r.occasion, r.user_id) for r in reminders.values()} == planned
    assert set(by_message_id) == {f"<reminder-{pk}@{domain}>" for pk in reminders}
    assert len(by_reminder) == len(planned)
    assert all(len(ids) == 1 for ids in by_reminder.values())
    assert all(len(e) == 1 for e in by_message_id.values())
    for pk, reminder in reminders.items():
        [(to, _subject)] = by_message_id[f"<reminder-{pk}@{domain}>"]
        assert to == reminder.user.email
        assert reminder.emailed_at is not None
    assert Notification.objects.count() == len(planned)
    return len(files) - len(planned)


def pool_children(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_celery_pool_child_killed_mid_task_loses_no_reminder(cast, tmp_path):
    planned = {(item.duty.key, item.occasion, item.user.pk) for item in services.plan(C9_DUE)}
    mail = tmp_path / "mail"
    redis_url = settings.REDIS_URL
    queue, env = worker_environment(
        mail,
        EMAIL_BACKEND="reminders.tests.slow_mail.EmailBackend",
        SLOW_MAIL_SECONDS="0.1",
        # One task at a time here: the second may send again at once what the first left.
        REMINDER_RESEND_AFTER_MINUTES="0",
    )
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=1"]
            + ["-Q", queue, "--loglevel=INFO"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        sender = Celery(broker=redis_url)
        try:
            sender.send_task("reminders.send_reminders", args=[C9_DUE.isoformat()], queue=queue)
            deadline = time.monotonic() + 60
            while not list(mail.glob("*.eml")) and worker.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            assert list(mail.glob("*.eml")), log_path.read_text()
            [child] = pool_children(worker.pid)
            os.kill(child, signal.SIGKILL)
            before = len(delivered(mail))
            assert 1 <= before < len(planned), log_path.read_text()
            assert SentReminder.objects.filter(emailed_at__isnull=True).exists()

            # The master forks a new child; the next run of the task (not the same message: it was
            # acknowledged when the child took it) sends what the killed one left.
            sender.send_task("reminders.send_reminders", args=[C9_DUE.isoformat()], queue=queue)
            deadline = time.monotonic() + 60
            unsent = SentReminder.objects.filter(emailed_at__isnull=True)
            while time.monotonic() < deadline and worker.poll() is None:
                if SentReminder.objects.count() == len(planned) and not unsent.exists():
                    break
                time.sleep(0.2)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            sender.close()
    assert "exited with 'signal 9 (SIGKILL)'" in log_path.read_text()
    duplicated = assert_each_planned_reminder_delivered(mail, planned)
    print(f"planned {len(planned)}, delivered before the kill {before}, reminders delivered twice {duplicated}")
    assert duplicated <= 1
