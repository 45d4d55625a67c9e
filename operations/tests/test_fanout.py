"""The daily jobs spread over the workers (`operations.fanout`): the day claimed once, one task
per batch, each batch claimed and finished once, one summary whose counts are those of the job
run in one piece."""

import datetime
import smtplib
import time
from collections import Counter

import pytest
from django.core import mail
from django.db import transaction

from operations import fanout
from operations.models import DailyRun, JobBatch, JobRun
from operations.tasks import WAIT_SECONDS, WAIT_TIMES, fan_out
from opus_accounts import jobs as opus_jobs
from opus_accounts.models import HolderChange
from opus_accounts.tests.factories import AccountFactory, AnnexFactory
from privacy import destruction
from reminders import services
from reminders.models import SentReminder
from reminders.tests.test_concurrency import run_at_once

C9_DUE = datetime.date(2027, 2, 28)  # the cast's cooperation convention ends on 31 December 2026
# In this order: the erasure takes the accounts the review acts on.
UNSPREAD = {
    "review_opus_accounts": opus_jobs.review_accounts,
    "send_reminders": services.send_reminders,
    "destroy_personal_data": destruction.destroy_personal_data,
}


@pytest.fixture(autouse=True)
def one_partnership_per_batch(settings):
    settings.DAILY_JOBS_BATCH_SIZE = {"default": 1, "destroy_personal_data": 1}
    settings.DAILY_JOBS_BATCH_LEASE_MINUTES = 15


def with_accounts(*casts):
    """An OPUS account per cast whose holder left (clause O6), besides each calendar's reminders
    and the C9 erasure due on C9_DUE."""
    for cast in casts:
        AnnexFactory(convention=cast.opus)
        account = AccountFactory(convention=cast.opus, active=True)
        HolderChange.objects.create(
            person=account.person, kind=HolderChange.Kind.DEPARTURE, on=datetime.date(2026, 6, 1)
        )


def message_ids():
    return [m.extra_headers["Message-ID"] for m in mail.outbox if "Message-ID" in m.extra_headers]


@pytest.mark.django_db
def test_the_summary_counts_are_those_of_the_job_run_in_one_piece(cast, other_cast, caplog):
    # clauses C9 (erasure), O6 (review) and the reminders of both calendars
    with_accounts(cast, other_cast)
    unspread = {}
    with transaction.atomic():
        for job, run in UNSPREAD.items():
            run(C9_DUE)
            unspread[job] = JobRun.objects.get(job=job).last_counts
        transaction.set_rollback(True)
    assert all(unspread.values()), unspread
    mail.outbox.clear()
    caplog.clear()

    with caplog.at_level("INFO", logger="jobs"):
        for job in UNSPREAD:
            assert fan_out(job, C9_DUE.isoformat()) >= 2  # a batch per partnership (per convention for C9)
    for job, counts in unspread.items():
        run = DailyRun.objects.get(job=job, day=C9_DUE)
        assert run.finished_at and run.counts == counts, job
        assert JobRun.objects.get(job=job).last_counts == counts
    # one line per job, written by the batch that ended last
    logged = Counter(r.getMessage().split(" for ")[0] for r in caplog.records if r.name == "jobs")
    assert logged == Counter(list(UNSPREAD))


@pytest.mark.django_db
def test_a_batch_run_twice_does_nothing_the_second_time(cast, other_cast):
    first, second = fanout.dispatch("send_reminders", C9_DUE)
    counts = fanout.run_batch(first, "task-1")
    assert counts["claimed"] > 0
    sent = len(mail.outbox)
    assert fanout.run_batch(first, "task-1") is None  # the same message delivered again, once done
    assert fanout.run_batch(first, "task-2") is None
    assert len(mail.outbox) == sent
    assert not DailyRun.objects.get().finished_at  # the other batch is not done yet
    assert fanout.run_batch(second, "task-3")["claimed"] > 0
    run = DailyRun.objects.get()
    assert run.finished_at and run.counts["claimed"] == len(mail.outbox) == SentReminder.objects.count()
    assert len(set(message_ids())) == len(mail.outbox)


@pytest.mark.django_db
def test_a_claimed_batch_is_left_to_its_task_until_its_lease_ends(cast):
    now = datetime.datetime(2027, 2, 28, 7, 0, tzinfo=datetime.UTC)
    [batch] = fanout.dispatch("send_reminders", C9_DUE, now=now)
    JobBatch.objects.filter(pk=batch).update(claimed_at=now, task_id="died", attempts=1)  # its worker is gone
    assert fanout.run_batch(batch, "another", now=now + datetime.timedelta(minutes=1)) is None
    assert mail.outbox == []
    # Celery delivers the same message again (acknowledged late): it takes its claim back.
    assert fanout.run_batch(batch, "died", now=now + datetime.timedelta(minutes=1))["claimed"] > 0
    assert JobBatch.objects.get(pk=batch).attempts == 2


@pytest.mark.django_db
def test_a_later_dispatch_of_the_day_sends_again_only_what_is_left(cast, settings):
    now = datetime.datetime(2027, 2, 28, 7, 0, tzinfo=datetime.UTC)
    [batch] = fanout.dispatch("send_reminders", C9_DUE, now=now)
    # A second beat at the same moment: the day is held, nothing to send.
    assert fanout.dispatch("send_reminders", C9_DUE, now=now) == []
    JobBatch.objects.filter(pk=batch).update(claimed_at=now, task_id="died")
    # Within the lease a worker that starts sends nothing; after it, the dead batch.
    assert fanout.dispatch("send_reminders", C9_DUE, now=now + datetime.timedelta(minutes=5)) == []
    later = now + datetime.timedelta(minutes=16)
    assert fanout.dispatch("send_reminders", C9_DUE, now=later) == [batch]
    assert fanout.dispatch("send_reminders", C9_DUE, now=later) == []  # of two at once, one
    assert fanout.run_batch(batch, "new", now=later)["claimed"] > 0
    assert DailyRun.objects.get().finished_at


@pytest.mark.django_db
def test_reminders_the_mail_server_refused_go_again_with_the_next_dispatch_of_the_day(cast, monkeypatch):
    def refused(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", refused)
        fan_out("send_reminders", C9_DUE.isoformat())
    claims = SentReminder.objects.count()
    assert claims and not SentReminder.objects.filter(emailed_at__isnull=False).exists()
    assert DailyRun.objects.get().finished_at

    assert fan_out("send_reminders", C9_DUE.isoformat()) == 1  # a batch of the partnership to send again
    assert len(mail.outbox) == claims == len(set(message_ids())) == SentReminder.objects.count()
    run = DailyRun.objects.get()
    assert run.finished_at and run.counts == {"claimed": claims, "sent_again": claims}
    assert fan_out("send_reminders", C9_DUE.isoformat()) == 0
    assert len(mail.outbox) == claims


@pytest.mark.django_db
def test_a_day_with_nothing_to_do_is_summarised_at_once_and_a_month_of_runs_is_kept(db):
    old = C9_DUE - datetime.timedelta(days=31)
    assert fan_out("destroy_personal_data", old.isoformat()) == 0
    assert fan_out("destroy_personal_data", (C9_DUE - datetime.timedelta(days=30)).isoformat()) == 0
    assert fan_out("destroy_personal_data", C9_DUE.isoformat()) == 0
    run = DailyRun.objects.get(day=C9_DUE)
    assert run.finished_at and run.counts == {}
    assert JobRun.objects.get(job="destroy_personal_data").last_day == C9_DUE
    assert DailyRun.objects.count() == 2 and not DailyRun.objects.filter(day=old).exists()


class Resent:
    """A task's `apply_async`, recorded."""

    def __init__(self):
        self.sent = []

    def apply_async(self, args, kwargs, countdown):
        self.sent.append((args, kwargs, countdown))


@pytest.mark.django_db
def test_the_reminders_wait_while_the_erasure_or_the_review_of_the_day_runs(cast):
    # clause C9: a convention whose personal data the day's job is erasing is not reminded as late
    day = C9_DUE.isoformat()
    erasure = DailyRun.objects.create(job="destroy_personal_data", day=C9_DUE)
    DailyRun.objects.create(job="review_opus_accounts", day=C9_DUE - datetime.timedelta(days=1))  # another day
    assert fanout.waits("send_reminders", C9_DUE)
    assert not fanout.waits("destroy_personal_data", C9_DUE) and not fanout.waits("review_opus_accounts", C9_DUE)
    task = Resent()
    assert fan_out("send_reminders", day, task=task, waited=3) == 0
    assert task.sent == [([day], {"waited": 4}, WAIT_SECONDS)]
    assert not DailyRun.objects.filter(job="send_reminders").exists() and not mail.outbox
    # once the erasure is over, or after waiting WAIT_TIMES times, the reminders go
    assert fan_out("send_reminders", day, task=task, waited=WAIT_TIMES) >= 1
    assert len(task.sent) == 1 and DailyRun.objects.filter(job="send_reminders", day=C9_DUE).exists()
    erasure.finished_at = erasure.started_at
    erasure.save()
    assert not fanout.waits("send_reminders", C9_DUE)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_dispatchers_firing_at_once_dispatch_once_and_send_each_reminder_once(cast, other_cast):
    planned = len(services.plan(C9_DUE))
    assert planned > 4
    # Four beats fire the task at the same moment; its batches run here (eager), each in its thread.
    results = run_at_once(lambda: fan_out("send_reminders", C9_DUE.isoformat()))
    assert sorted(results) == [0, 0, 0, 2]
    assert DailyRun.objects.count() == 1 and JobBatch.objects.count() == 2
    keys = list(SentReminder.objects.values_list("duty_key", "occasion", "user_id"))
    assert len(keys) == len(set(keys)) == planned == len(mail.outbox) == len(set(message_ids()))
    assert DailyRun.objects.get().counts == {"claimed": planned, "sent_again": 0}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_batches_finishing_at_once_write_the_summary_once(cast, other_cast, caplog):
    batches = fanout.dispatch("send_reminders", C9_DUE)
    assert len(batches) == 2
    with caplog.at_level("INFO", logger="jobs"):
        results = run_at_once(lambda: [fanout.run_batch(pk) for pk in batches], workers=2)
    assert len([counts for result in results for counts in result if counts is not None]) == 2  # each batch once
    lines = [r.getMessage() for r in caplog.records if r.name == "jobs"]
    assert len(lines) == 1 and "send_reminders for 2027-02-28 done" in lines[0]
    assert len(mail.outbox) == SentReminder.objects.count() == len(set(message_ids()))


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_real_worker_processes_run_the_batches_and_two_beats_at_once_send_nothing_twice(cast, other_cast, tmp_path):
    import subprocess
    import sys

    from celery import Celery

    from reminders.tests.test_kill import ROOT, assert_each_planned_reminder_delivered
    from reminders.tests.test_worker import stop_worker, worker_environment

    planned = {(item.duty.key, item.occasion, item.user.pk) for item in services.plan(C9_DUE)}
    mail_folder = tmp_path / "mail"
    queue, env = worker_environment(
        mail_folder,
        DAILY_JOBS_BATCH_SIZE='{"default": 1}',
        EMAIL_BACKEND="reminders.tests.slow_mail.EmailBackend",
        SLOW_MAIL_SECONDS="0",
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=prefork", "--concurrency=2"]
        + ["-Q", queue, "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sender = Celery(broker=env["CELERY_BROKER_URL"])
    try:
        for _beat in range(2):  # two beats fire the dispatcher at once
            sender.send_task("reminders.send_reminders", args=[C9_DUE.isoformat()], queue=queue)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and worker.poll() is None:
            if DailyRun.objects.filter(finished_at__isnull=False).exists():
                break
            time.sleep(0.3)
    finally:
        output = stop_worker(worker)
        sender.close()
    run = DailyRun.objects.get()
    assert run.finished_at, output[-3000:]
    assert run.batches.count() == 2 and all(b.finished_at and b.attempts == 1 for b in run.batches.all())
    assert assert_each_planned_reminder_delivered(mail_folder, planned) == 0
    assert output.count("send_reminders for 2027-02-28 done") == 1
