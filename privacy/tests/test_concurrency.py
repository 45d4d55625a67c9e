"""Two workers running the C9 destruction at the same moment, on the real PostgreSQL database."""

import pytest

from privacy import destruction
from privacy.models import DestructionRecord
from reminders.tests.test_concurrency import C9_DUE, run_at_once


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_running_the_destruction_at_once_record_it_once(cast, monkeypatch):
    calls = []

    class Hook:
        @staticmethod
        def erase(plans):
            calls.extend(plans)
            return {pk: [("Données", 1)] for pk in plans}

    monkeypatch.setattr(destruction, "app_modules", lambda hook: [Hook])
    results = run_at_once(lambda: destruction.destroy_personal_data(C9_DUE))
    assert sum(len(r) for r in results) == 1
    assert calls == [cast.cooperation.pk]
    assert DestructionRecord.objects.count() == 1
