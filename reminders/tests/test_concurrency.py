"""Two workers running the daily jobs at the same moment, on the real PostgreSQL database."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from reminders import destruction, services
from reminders.models import DestructionRecord, SentReminder

C9_DUE = datetime.date(2027, 2, 28)


def run_at_once(job, workers=4):
    barrier = threading.Barrier(workers)
    results, errors = [], []

    def worker():
        try:
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_running_the_destruction_at_once_record_it_once(cast, monkeypatch):
    calls = []

    class Hook:
        @staticmethod
        def erase(convention):
            calls.append(convention.pk)
            return [("Données", 1)]

    monkeypatch.setattr(destruction, "app_modules", lambda hook: [Hook])
    results = run_at_once(lambda: destruction.destroy_personal_data(C9_DUE))
    assert sum(len(r) for r in results) == 1
    assert calls == [cast.cooperation.pk]
    assert DestructionRecord.objects.count() == 1
