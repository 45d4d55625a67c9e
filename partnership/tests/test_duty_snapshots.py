"""The pages' calendar read from snapshots (partnership.duty_snapshots): the same duties as
gathering them afresh, taken again after any change to what they are made of."""

import datetime
import re
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from partnership import duty_snapshots, obligations
from partnership.models import Convention, DutyChange, DutySnapshot, Partnership, Termination

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The changes are recorded for the day the pages reckon as today: pinned."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))
    DutyChange.objects.all().delete()  # the changes loading made: each test counts its own
    return list(Partnership.objects.values_list("pk", flat=True))


def terminate(convention):
    """Clause C12: a party's reasoned request, by registered letter."""
    return Termination.objects.create(
        convention=convention,
        ground=Termination.Ground.REQUEST,
        requested_by=convention.partnership.commune,
        reasons="Motifs de démonstration",
        letter_sent_on=datetime.date(2026, 11, 2),
    )


def fresh(ids, today=TODAY):
    return obligations.collect(ids, today, since=obligations.default_since(today))


def test_every_table_the_duties_are_read_from_is_a_declared_source(demo):
    tables = {model._meta.db_table for model in duty_snapshots.sources()}
    with CaptureQueriesContext(connection) as queries:
        obligations.gather(demo, TODAY)
        obligations.gather(demo, TODAY, since=obligations.default_since(TODAY))
    read = {name for query in queries for name in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])}
    assert read and read <= tables, read - tables


def test_the_snapshot_gives_the_same_duties_and_is_read_in_two_queries(demo):
    expected = fresh(demo)
    assert duty_snapshots.collect(demo, TODAY) == expected
    assert DutySnapshot.objects.count() == len(demo)
    with CaptureQueriesContext(connection) as queries:
        assert duty_snapshots.collect(demo, TODAY) == expected
    assert len(queries) == 2  # the changes counted, the snapshots read


def test_a_change_to_a_source_takes_its_partnership_again_and_only_it(demo):
    sqf, valbrume = demo[0], demo[1]
    duty_snapshots.collect(demo, TODAY)
    convention = Convention.objects.filter(partnership_id=sqf, kind=Convention.Kind.COOPERATION).latest(
        "effective_from"
    )
    terminate(convention)
    counts = duty_snapshots.change_counts(demo, TODAY)
    assert counts[sqf] == 1 and counts[valbrume] == 0
    duties = duty_snapshots.collect(demo, TODAY)
    assert duties == fresh(demo)
    assert any(d.kind == "termination" and d.partnership_id == sqf for d in duties)
    snapshots = dict(DutySnapshot.objects.values_list("partnership_id", "changes"))
    assert snapshots == {sqf: 1, valbrume: 0}


def test_deleting_and_moving_a_source_count_for_each_partnership_concerned(demo):
    sqf, valbrume = demo[0], demo[1]
    convention = Convention.objects.filter(partnership_id=sqf).first()
    termination = terminate(convention)
    termination.convention = Convention.objects.filter(partnership_id=valbrume).first()
    termination.save()  # moved: both partnerships' calendars change
    assert duty_snapshots.change_counts(demo, TODAY) == {sqf: 2, valbrume: 1}
    termination.delete()
    assert duty_snapshots.change_counts(demo, TODAY) == {sqf: 2, valbrume: 2}


def test_a_change_committed_while_the_duties_are_read_is_not_missed(demo, monkeypatch):
    """The changes are counted before the duties are read: one that lands in between leaves a
    snapshot that the next read does not take."""
    gather = obligations.gather
    calls = []

    def gather_while_someone_writes(ids, today, since=None):
        calls.append(ids)
        found = gather(ids, today, since)
        if len(calls) == 1:
            duty_snapshots.changed([demo[0]])
        return found

    monkeypatch.setattr(obligations, "gather", gather_while_someone_writes)
    duty_snapshots.collect(demo, TODAY)
    duty_snapshots.collect(demo, TODAY)
    assert calls == [demo, [demo[0]]]
    duty_snapshots.collect(demo, TODAY)
    assert len(calls) == 2


def test_a_change_for_all_takes_every_partnership_again(demo):
    duty_snapshots.collect(demo, TODAY)
    duty_snapshots.changed()
    with CaptureQueriesContext(connection) as queries:
        duty_snapshots.collect(demo, TODAY)
    assert len(queries) > 3  # gathered again
    assert set(DutySnapshot.objects.values_list("changes", flat=True)) == {1}


def test_a_snapshot_is_of_one_day_and_language(demo):
    duty_snapshots.collect(demo, TODAY)
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert duty_snapshots.collect(demo, tomorrow) == fresh(demo, tomorrow)
    assert set(DutySnapshot.objects.values_list("day", flat=True)) == {tomorrow}
    with translation.override("en"):
        duty_snapshots.collect(demo, tomorrow)
    assert DutySnapshot.objects.count() == 2 * len(demo)


def test_prune_keeps_what_todays_snapshots_count(demo):
    duty_snapshots.collect(demo, TODAY)
    for days_ago in (0, 1, 2, 30):
        DutyChange.objects.create(partnership_id=demo[0], day=TODAY - datetime.timedelta(days=days_ago))
    duty_snapshots.prune(TODAY + datetime.timedelta(days=1))
    assert sorted(DutyChange.objects.values_list("day", flat=True)) == [TODAY]
    assert not DutySnapshot.objects.exists()


def test_the_c9_erasure_deletes_the_partnerships_snapshots(demo):
    """Clause C9: the snapshots' titles may name the people the other apps' hooks erase."""
    from partnership import personal_data
    from privacy.destruction import plans

    duty_snapshots.collect(demo, TODAY)
    convention = Convention.objects.filter(partnership_id=demo[0]).first()
    personal_data.erase(plans([convention]))
    assert list(DutySnapshot.objects.values_list("partnership_id", flat=True)) == [demo[1]]


# On PostgreSQL, with real transactions ------------------------------------------------------


def in_thread(function, *args):
    """Run `function` on its own connection; returns the thread and a list for its result."""
    result = []

    def run():
        try:
            result.append(function(*args))
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_snapshot_taken_while_a_change_is_uncommitted_is_taken_again_after_the_commit(cast):
    """The writer's open transaction does not block the reader, and the snapshot the reader
    takes meanwhile (without the change) is not used once the change is committed."""
    ids = [cast.partnership.pk]
    before = duty_snapshots.change_counts(ids, TODAY)[cast.partnership.pk]  # making the cast
    saved, release = threading.Event(), threading.Event()

    def write():
        with transaction.atomic():
            terminate(cast.cooperation)
            saved.set()
            release.wait(timeout=30)

    def terminations():
        return [d for d in duty_snapshots.collect(ids, TODAY) if d.kind == "termination"]

    writer, _result = in_thread(write)
    assert saved.wait(timeout=30)
    reader, seen = in_thread(terminations)
    reader.join(timeout=10)
    blocked = reader.is_alive()
    release.set()
    writer.join(timeout=30)
    assert not blocked and seen == [[]]
    assert DutySnapshot.objects.get().changes == before
    assert len(terminations()) == 1
    assert DutySnapshot.objects.get().changes == before + 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_readers_taking_the_same_snapshots_at_once_in_either_order(cast, other_cast):
    """Requests run in a transaction each (ATOMIC_REQUESTS): readers asking for the same two
    partnerships in opposite orders take their snapshots without waiting on each other."""
    ids = [cast.partnership.pk, other_cast.partnership.pk]
    barrier = threading.Barrier(4)
    expected = fresh(ids)

    def read(order):
        with transaction.atomic():
            barrier.wait(timeout=30)
            found = duty_snapshots.collect(order, TODAY)
            time.sleep(0.3)  # the rest of the request, its locks held
            return found

    threads = [in_thread(read, ids[::step]) for step in (1, -1, 1, -1)]
    for thread, _result in threads:
        thread.join(timeout=30)
    assert [result for _thread, result in threads] == [[expected]] * 4
    assert DutySnapshot.objects.count() == 2


def test_bulk_work_records_one_change_for_all_however_it_ends(demo):
    convention = Convention.objects.filter(partnership_id=demo[0]).first()
    with duty_snapshots.one_change_for_all():
        terminate(convention)
        terminate(convention).delete()
        assert not DutyChange.objects.exists()
    assert list(DutyChange.objects.values_list("partnership_id", flat=True)) == [None]
    with pytest.raises(RuntimeError), duty_snapshots.one_change_for_all():
        raise RuntimeError
    assert DutyChange.objects.count() == 2
    assert duty_snapshots.change_counts(demo, TODAY) == {demo[0]: 2, demo[1]: 2}


def test_a_duty_keeps_its_times_through_the_snapshot_and_older_rows_read_without(cast):
    starts = datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC)
    timed = obligations.Duty(
        key="meeting:1:meeting",
        title="Réunion",
        due_date=datetime.date(2026, 12, 3),
        clause="C6",
        partnership_id=cast.partnership.pk,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=90),
    )
    row = duty_snapshots._to_row(timed)
    day = datetime.date(2026, 12, 1)
    assert duty_snapshots._from_row(row, day) == obligations.with_states([timed], day)[0]
    assert duty_snapshots._from_row(row, day).state == obligations.State.DUE_SOON
    dated = duty_snapshots._from_row(row[:10], day)  # a snapshot taken before duties had times
    assert (dated.due_date, dated.starts_at, dated.ends_at) == (datetime.date(2026, 12, 3), None, None)
