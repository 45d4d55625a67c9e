"""The late jobs' alert: e-mailed to the platform's administrators as a job becomes late, then
again every HEALTH_LATE_ALERT_EVERY_HOURS while it lasts, never twice for the same moment."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from operations import jobs, tasks
from operations.job_runs import record
from operations.models import JobRun
from partnership.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
NOW = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def reckoning(settings):
    settings.HEALTH_JOB_PERIOD_HOURS, settings.HEALTH_JOB_GRACE_HOURS = 24, 2
    settings.HEALTH_LATE_ALERT_EVERY_HOURS = 24


@pytest.fixture
def admins():
    UserFactory(username="plateforme", is_superuser=True, email="plateforme@example.org")
    UserFactory(username="ancien", is_superuser=True, is_active=False, email="ancien@example.org")
    UserFactory(username="agent", email="agent@example.org")


def watched(hours_since_success, now=NOW):
    for job in jobs.JOBS:
        JobRun.objects.create(job=job, created_at=now - 100 * HOUR, last_success_at=now - 1 * HOUR)
    JobRun.objects.filter(job="send_reminders").update(last_success_at=now - hours_since_success * HOUR)


def test_nothing_is_sent_while_every_job_is_on_time(admins):
    watched(25)  # awaited, within its grace
    assert jobs.alert_late_jobs(TODAY, now=NOW) == []
    assert not mail.outbox


def test_a_late_job_is_told_once_then_every_day_while_it_lasts(admins):
    watched(30)
    assert jobs.alert_late_jobs(TODAY, now=NOW) == ["send_reminders"]
    assert [m.to for m in mail.outbox] == [["plateforme@example.org"]]  # the active platform administrators only
    message = mail.outbox[0]
    assert message.subject == "Relais Emploi : un traitement quotidien est en retard"
    assert "Rappels des échéances" in message.body and "/exploitation/" in message.body
    assert "renvoyé toutes les 24 heures tant que le retard dure" in message.body
    for hours in (1, 12, 23.9):  # the hourly runs of the same day
        assert jobs.alert_late_jobs(TODAY, now=NOW + hours * HOUR) == []
    assert len(mail.outbox) == 1
    assert jobs.alert_late_jobs(TODAY, now=NOW + 24 * HOUR) == ["send_reminders"]
    assert len(mail.outbox) == 2


def test_a_job_that_succeeds_again_is_told_afresh_when_late_again(admins):
    watched(30)
    jobs.alert_late_jobs(TODAY, now=NOW)
    record("send_reminders", TODAY, {"claimed": 1}, 0.5)
    assert JobRun.objects.get(job="send_reminders").late_alerted_at is None
    JobRun.objects.filter(job="send_reminders").update(last_success_at=NOW - 27 * HOUR)
    assert jobs.alert_late_jobs(TODAY, now=NOW + HOUR) == ["send_reminders"]
    assert len(mail.outbox) == 2


def test_several_late_jobs_make_one_email(admins):
    watched(30)
    JobRun.objects.filter(job="review_opus_accounts").update(last_success_at=None)
    assert sorted(jobs.alert_late_jobs(TODAY, now=NOW)) == ["review_opus_accounts", "send_reminders"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Relais Emploi : 2 traitements quotidiens sont en retard"
    assert "aucune réussite enregistrée" in mail.outbox[0].body


def test_two_runs_at_once_send_it_once(admins):
    watched(30)
    stale = JobRun.objects.get(job="send_reminders")
    assert jobs.alert_late_jobs(TODAY, now=NOW) == ["send_reminders"]
    assert not jobs._claim(stale, NOW)  # the other run read the row before the first claimed it


def test_a_mail_failure_leaves_the_alert_to_the_next_run(admins, monkeypatch):
    watched(30)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no server")

    with monkeypatch.context() as patch:
        patch.setattr(jobs, "send_mail", refuse)
        with pytest.raises(ConnectionRefusedError):
            jobs.alert_late_jobs(TODAY, now=NOW)
    assert JobRun.objects.get(job="send_reminders").late_alerted_at is None
    assert jobs.alert_late_jobs(TODAY, now=NOW + HOUR) == ["send_reminders"]
    assert len(mail.outbox) == 1


def test_a_job_never_run_is_late_a_period_and_a_grace_after_it_is_watched(admins):
    first = jobs.job_runs()
    assert [run.job for run in first] == list(jobs.JOBS)
    JobRun.objects.update(created_at=NOW - 26 * HOUR)
    assert len(jobs.alert_late_jobs(TODAY, now=NOW)) == len(jobs.JOBS)


def test_the_task_and_the_command_run_the_job(admins, capsys):
    watched(30, now=timezone.now())  # the task and the command reckon from the clock's time
    assert tasks.alert_late_jobs.delay().get() == 1
    JobRun.objects.filter(job="send_reminders").update(late_alerted_at=None)
    call_command("alert_late_jobs")
    assert "1 traitement(s) en retard signalé(s) : send_reminders." in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_the_alert_is_scheduled_every_hour():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="operations.alert_late_jobs")
    assert task.enabled and task.crontab.hour == "*" and task.crontab.minute == "15"
