"""The three daily jobs alike: the same task signature, all run when a worker starts, each run
twice for the same day changes nothing the second time, each logs one line of counts."""

import datetime
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail

from config import celery
from operations.tasks import JOBS_APART_SECONDS
from opus_accounts import jobs
from opus_accounts.models import HolderChange
from opus_accounts.tests.factories import AccountFactory, AnnexFactory
from partnership.permissions import Role
from privacy import destruction
from reminders import services
from reminders.tests.test_worker import start_worker, stop_worker, worker_environment

ROOT = Path(__file__).resolve().parents[2]
C9_DUE = datetime.date(2027, 2, 28)  # the cast's cooperation convention ends on 31 December 2026
JOBS = {
    "privacy.destroy_personal_data": destruction.destroy_personal_data,
    "opus_accounts.review_accounts": jobs.review_accounts,
    "reminders.send_reminders": services.send_reminders,
}


def test_the_daily_jobs_are_three_tasks_taking_the_same_day_argument():
    from opus_accounts import tasks as opus_tasks
    from privacy import tasks as privacy_tasks
    from reminders import tasks as reminders_tasks

    assert settings.DAILY_JOBS == list(JOBS)
    for task in (privacy_tasks.destroy_personal_data, opus_tasks.review_accounts, reminders_tasks.send_reminders):
        assert task.name in settings.DAILY_JOBS
        assert task.__wrapped__.__code__.co_varnames[0] == "day"


def test_a_worker_that_starts_sends_every_daily_job(monkeypatch, settings):
    sent = []
    monkeypatch.setattr(celery.app, "send_task", lambda name, **options: sent.append((name, options)))
    settings.DAILY_JOBS_ON_WORKER_START = True
    celery.run_daily_jobs_on_start()
    # in turn, each JOBS_APART_SECONDS after the one before (a job that waits for another finds its run begun)
    assert sent[:3] == [(name, {"countdown": n * JOBS_APART_SECONDS}) for n, name in enumerate(JOBS)]
    # and the reminders once more, when a killed worker's unsent claims may be sent again
    assert sent[-1] == ("reminders.send_reminders", {"countdown": 60 * settings.REMINDER_RESEND_AFTER_MINUTES + 60})
    sent.clear()
    settings.DAILY_JOBS_ON_WORKER_START = False
    celery.run_daily_jobs_on_start()
    assert sent == []


def _everything():
    """Every row of every table of the project's apps, as values (what a run may have changed)."""
    return {
        model._meta.label: sorted(map(repr, model._base_manager.values()))
        for model in apps.get_models()
        if model._meta.app_label in {"partnership", "opus_accounts", "reminders", "privacy", "relais", "diagnosis"}
    }


@pytest.mark.django_db
def test_each_daily_job_run_twice_for_the_same_day_changes_nothing_the_second_time(cast, settings, monkeypatch):
    # clauses O6 (review), C9 (destruction) and every reminder of the calendar
    # On their day: the changes the pages count are of the day (the second run's `prune` keeps them).
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: C9_DUE)
    AnnexFactory(convention=cast.opus)
    account = AccountFactory(convention=cast.opus, active=True)
    HolderChange.objects.create(person=account.person, kind=HolderChange.Kind.DEPARTURE, on=datetime.date(2026, 6, 1))
    for job in JOBS.values():
        job(C9_DUE)
    first, emails = _everything(), len(mail.outbox)
    assert first["privacy.DestructionRecord"] and first["reminders.SentReminder"]
    for job in JOBS.values():
        assert job(C9_DUE) == []
    assert _everything() == first
    assert len(mail.outbox) == emails


@pytest.mark.django_db
def test_each_job_logs_one_line_with_its_counts_and_no_name(cast, caplog):
    AnnexFactory(convention=cast.opus)
    account = AccountFactory(convention=cast.opus, active=True)
    HolderChange.objects.create(person=account.person, kind=HolderChange.Kind.DEPARTURE, on=datetime.date(2026, 6, 1))
    with caplog.at_level("INFO", logger="jobs"):
        jobs.review_accounts(datetime.date(2026, 6, 2))
        destruction.destroy_personal_data(C9_DUE)
        services.send_reminders(C9_DUE)
    lines = [r.getMessage() for r in caplog.records if r.name == "jobs"]
    jobs_logged = [line.split(" for ")[0] for line in lines]
    assert jobs_logged == ["review_opus_accounts", "destroy_personal_data", "send_reminders"]
    assert all(" done in " in line for line in lines)
    assert "revoked=1" in lines[0] and "conventions=1" in lines[1] and "claimed=" in lines[2]
    names = {account.person.last_name, account.person.first_name, *(u.last_name for u in cast.users.values())}
    assert not any(name in line for line in lines for name in names)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_three_daily_jobs_when_it_starts(cast, tmp_path):
    queue, env = worker_environment(tmp_path / "mail", DAILY_JOBS_ON_WORKER_START="true")
    worker = start_worker(env)
    output = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and worker.poll() is None:
            line = worker.stdout.readline()
            output.append(line)
            if "".join(output).count(" done in ") >= 3:
                break
    finally:
        rest = stop_worker(worker)
    text = "".join(output) + rest
    for job in ("destroy_personal_data", "review_opus_accounts", "send_reminders"):
        assert f"{job} for " in text and " done in " in text, text[-3000:]
    assert cast[Role.RGC].username  # the cast's data was there for the jobs to read
