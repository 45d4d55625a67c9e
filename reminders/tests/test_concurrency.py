"""Two workers running the daily jobs at the same moment, on the real PostgreSQL database."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from reminders import services
from reminders.models import SentReminder

C9_DUE = datetime.date(2027, 2, 28)


def run_at_once(job, workers=4):
    """Run `job` in `workers` threads released together, each with its own connection; its results."""
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def worker():
        try:
            connection.ensure_connection()  # connect first, so that the jobs really start together
            barrier.wait()
            results.append(job())
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_running_the_daily_job_at_once_send_each_reminder_once(cast, other_cast):
    planned = len(services.plan(C9_DUE))
    assert planned > 4
    results = run_at_once(lambda: services.send_reminders(C9_DUE))
    assert sum(len(sent) for sent in results) == planned
    keys = list(SentReminder.objects.values_list("duty_key", "occasion", "user_id"))
    assert len(keys) == len(set(keys)) == planned
    assert len(mail.outbox) == planned
    assert len({(tuple(m.to), m.subject) for m in mail.outbox}) == planned
    # And again later the same day: nothing more.
    assert run_at_once(lambda: services.send_reminders(C9_DUE)) == [[], [], [], []]


class Killed(BaseException):
    """The worker dies here: nothing after this line runs."""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_running_at_once_send_a_claim_left_unsent_again_once(cast, other_cast, monkeypatch, settings):
    settings.REMINDER_RESEND_AFTER_MINUTES = 15
    t0 = datetime.datetime(2027, 2, 28, 7, 0, tzinfo=datetime.UTC)

    def die(*args, **kwargs):
        monkeypatch.undo()
        raise Killed

    # A first run (clause C9 due today, with every other duty of both calendars) claims one
    # reminder and dies before its e-mail leaves.
    planned = len(services.plan(C9_DUE))
    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", die)
    with pytest.raises(Killed):
        services.send_reminders(C9_DUE, now=t0)
    [stale] = SentReminder.objects.all()

    # Twenty minutes later four workers at once: each sees the claim to send again, one takes it.
    results = run_at_once(lambda: services.send_reminders(C9_DUE, now=t0 + datetime.timedelta(minutes=20)))
    assert [item.reminder for sent in results for item in sent if item.reminder] == [stale]
    assert sum(len(sent) for sent in results) == planned
    assert [m.extra_headers["Message-ID"] for m in mail.outbox].count(stale.message_id) == 1
    assert len(mail.outbox) == planned
    stale.refresh_from_db()
    assert stale.attempts == 2 and stale.emailed_at is not None
    assert not SentReminder.objects.filter(emailed_at__isnull=True).exists()
