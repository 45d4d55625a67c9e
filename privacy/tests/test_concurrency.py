"""Two workers running the C9 destruction at the same moment, on the real PostgreSQL database."""

import pytest

from conftest import make_cast
from privacy import destruction
from privacy.models import DestructionRecord
from reminders.tests.test_concurrency import C9_DUE, run_at_once


@pytest.fixture
def calls(monkeypatch):
    """The conventions the hooks are asked to erase, however many workers ask."""
    found = []

    class Hook:
        @staticmethod
        def erase(plans):
            found.extend(plans)
            return {pk: [("Données", 1)] for pk in plans}

    monkeypatch.setattr(destruction, "app_modules", lambda hook: [Hook])
    return found


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_running_the_destruction_at_once_record_it_once(cast, other_cast, calls):
    # clause C9: each convention erased once, in one batch by one worker; the others find it taken
    results = run_at_once(lambda: destruction.destroy_personal_data(C9_DUE))
    assert sorted(len(r) for r in results) == [0, 0, 0, 2]
    assert sorted(calls) == sorted([cast.cooperation.pk, other_cast.cooperation.pk])
    assert DestructionRecord.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_batches_that_overlap_erase_the_shared_convention_once(cast, other_cast, calls):
    # clause C9: a worker finding one convention of its batch taken erases the others
    third = make_cast("third-")
    by_pk = destruction.cooperation_conventions().in_bulk([c.cooperation.pk for c in (cast, other_cast, third)])
    first, shared, last = (by_pk[c.cooperation.pk] for c in (cast, other_cast, third))
    batches = iter([[first, shared], [shared, last]])
    results = run_at_once(lambda: destruction.destroy_batch(next(batches), C9_DUE), workers=2)
    assert sorted(record.convention_id for records in results for record in records) == sorted(by_pk)
    assert sorted(calls) == sorted(by_pk)
    assert DestructionRecord.objects.count() == 3
