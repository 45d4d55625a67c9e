"""The daily jobs spread over however many Celery workers run.

What beat fires is a dispatcher (`dispatch`): it claims the job's run for the day by inserting its
`DailyRun` row (unique per job and day: of two beats firing at once, one inserts it), splits the
work into batches of partnerships (of conventions for clause C9), ``DAILY_JOBS_BATCH_SIZE`` each,
and gives back the batches to send, one Celery task each (`operations.tasks.run_job_batch`).

Each batch task claims its `JobBatch` with a conditional update (`run_batch`): a batch finished
does nothing more, one held by a live task is left to it, and the same message delivered again
after its worker died (the tasks are acknowledged late) takes its claim back at once. What a
batch does is claimed item by item as before (a reminder's `SentReminder` and its Message-ID, an
account's `ReviewClaim`, a convention's `DestructionRecord`), so a batch run again after being
killed midway sends nothing twice. The batch that finishes last writes the summary once: the
counts summed, the one line `partnership.daily` logs and the health record (`job_runs` hook).

A later dispatcher of the same day (a worker that starts, beat fired again by hand) sends again
the batches whose claim is older than ``DAILY_JOBS_BATCH_LEASE_MINUTES`` (their worker died
before Celery could deliver them again), and, for the reminders, a batch of the partnerships
whose claims are to be sent again (a run died sending them, or the mail server refused them);
of dispatchers at once, one does this (a conditional update of the run's row).
"""

import datetime
import logging
import time
import uuid
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from operations.models import DailyRun, JobBatch
from opus_accounts import jobs as opus_jobs
from opus_accounts.models import OpusAccount
from partnership import daily, duty_snapshots
from partnership.models import Partnership
from privacy import destruction
from reminders import services as reminders

logger = logging.getLogger(__name__)

KEEP_DAYS = 30  # the runs and batches of the last month are kept, to look into


@dataclass(frozen=True)
class Job:
    """How a daily job spreads: `units(today)` the pks to split (in a stable order),
    `batch(pks, today)` does the work of one batch and returns its counts, `prepare(today)` what
    runs once before the batches, `again(now)` the pks to go over again in a later dispatch of
    the same day."""

    units: object
    batch: object
    prepare: object = None
    again: object = None
    size: int | None = None  # its batches' size, unless DAILY_JOBS_BATCH_SIZE names the job
    # The jobs whose run of the day, once begun, this one waits for (`waits`).
    after: tuple = ()


def _partnerships(today):
    return list(Partnership.objects.order_by("pk").values_list("pk", flat=True))


def _with_accounts(today):
    """The partnerships with an account the review may act on (clause O6)."""
    return list(
        OpusAccount.objects.filter(state__in=[OpusAccount.State.ACTIVE, OpusAccount.State.SUSPENDED])
        .order_by("convention__partnership_id")
        .values_list("convention__partnership_id", flat=True)
        .distinct()
    )


def _due_conventions(today):
    return sorted(convention.pk for convention, _deadline in destruction.due(today))


def destroy_batch(conventions, today):
    """Clause C9 for the conventions among `conventions` (pks) due on `today`, erased together
    (`privacy.destruction.destroy_batch`). Returns its counts."""
    records = destruction.destroy_batch(
        destruction.cooperation_conventions().filter(pk__in=conventions).order_by("pk"), today
    )
    return {"conventions": len(records), "rows": sum(row["count"] for record in records for row in record.summary)}


JOBS = {
    "destroy_personal_data": Job(units=_due_conventions, batch=destroy_batch, size=destruction.BATCH_SIZE),
    "review_opus_accounts": Job(units=_with_accounts, batch=opus_jobs.review_batch),
    "send_reminders": Job(
        units=_partnerships,
        batch=reminders.send_reminders_batch,
        prepare=duty_snapshots.prune,
        again=reminders.partnerships_to_send_again,
        # The reminders read the duties those jobs complete: a convention whose personal data the
        # C9 job is erasing is not "late" (clause C9), nor an account the review is revoking.
        after=("destroy_personal_data", "review_opus_accounts"),
    ),
}


def waits(job, today):
    """Whether `job` should wait before its dispatch: a job it comes after has begun its run of
    `today` and not finished it (beat fires them apart, a worker that starts fires them in turn)."""
    after = JOBS[job].after
    return bool(after) and DailyRun.objects.filter(job__in=after, day=today, finished_at__isnull=True).exists()


def batch_size(job):
    sizes = settings.DAILY_JOBS_BATCH_SIZE
    return max(1, int(sizes.get(job) or JOBS[job].size or sizes.get("default", 50)))


def dispatch(job, today, *, now=None):
    """The dispatcher: claim `job`'s run for `today` and split it into batches, or, when the run
    is already claimed, take what is left to do. Returns the pks of the batches to send (none
    when another dispatcher holds the day)."""
    now = now or timezone.now()
    spec = JOBS[job]
    try:
        with transaction.atomic():
            run = DailyRun.objects.create(job=job, day=today, started_at=now)
            DailyRun.objects.filter(job=job, day__lt=today - datetime.timedelta(days=KEEP_DAYS)).delete()
            if spec.prepare:
                spec.prepare(today)
            batches = _add_batches(run, spec.units(today), now)
    except IntegrityError:
        return _left_over(DailyRun.objects.get(job=job, day=today), spec, now)
    if not batches:
        summarize(run.pk, now)
    return batches


def _add_batches(run, units, now, first=0):
    size = batch_size(run.job)
    created = JobBatch.objects.bulk_create(
        JobBatch(run=run, number=first + number, units=list(units[start : start + size]), created_at=now)
        for number, start in enumerate(range(0, len(units), size))
    )
    return [batch.pk for batch in created]


def _left_over(run, spec, now):
    """A later dispatcher of the day: the batches whose worker died, and a batch of what is to
    be gone over again; one dispatcher at a time within the lease."""
    stale = now - datetime.timedelta(minutes=settings.DAILY_JOBS_BATCH_LEASE_MINUTES)
    with transaction.atomic():
        taken = (
            DailyRun.objects.filter(pk=run.pk)
            .filter(Q(redispatched_at__isnull=True) | Q(redispatched_at__lte=stale))
            .filter(started_at__lte=stale if run.finished_at is None else now)
            .update(redispatched_at=now)
        )
        if not taken:
            return []
        batches = list(
            JobBatch.objects.filter(run=run, finished_at__isnull=True)
            .filter(Q(claimed_at__isnull=True, created_at__lte=stale) | Q(claimed_at__lte=stale))
            .values_list("pk", flat=True)
        )
        again = spec.again(now) if spec.again else []
        if again:
            last = run.batches.aggregate(last=Max("number"))["last"]
            batches += _add_batches(run, again, now, first=last + 1)
            # The run is open again; its summary, when these are done, counts the whole day.
            DailyRun.objects.filter(pk=run.pk).update(finished_at=None, started_at=now)
    return batches


def run_batch(pk, task_id=None, *, now=None):
    """One batch task: claim the batch, do its work, mark it finished, and write the summary if
    it was the last. Returns its counts, or None when it was finished or is held by another
    task. `task_id` is the Celery task's id: the same message delivered again takes back its claim."""
    now = now or timezone.now()
    task_id = task_id or uuid.uuid4().hex
    stale = now - datetime.timedelta(minutes=settings.DAILY_JOBS_BATCH_LEASE_MINUTES)
    claimed = (
        JobBatch.objects.filter(pk=pk, finished_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(task_id=task_id) | Q(claimed_at__lte=stale))
        .update(claimed_at=now, task_id=task_id, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return None
    batch = JobBatch.objects.select_related("run").get(pk=pk)
    started = time.monotonic()
    counts = JOBS[batch.run.job].batch(batch.units, batch.run.day)
    seconds = round(time.monotonic() - started, 3)
    finished = JobBatch.objects.filter(pk=pk, finished_at__isnull=True).update(
        finished_at=timezone.now(), counts=counts, seconds=seconds
    )
    if finished and not JobBatch.objects.filter(run_id=batch.run_id, finished_at__isnull=True).exists():
        summarize(batch.run_id)
    return counts


def summarize(run_pk, now=None):
    """Once every batch of the run is finished: its counts summed, its line logged and its
    success recorded, by exactly one of the batches finishing at once."""
    now = now or timezone.now()
    if not DailyRun.objects.filter(pk=run_pk, finished_at__isnull=True).update(finished_at=now):
        return None
    run = DailyRun.objects.get(pk=run_pk)
    counts = Counter()
    for batch_counts in run.batches.values_list("counts", flat=True):
        counts.update(batch_counts)
    run.counts = dict(sorted(counts.items()))
    run.save(update_fields=["counts"])
    daily.report(run.job, run.day, run.counts, (now - run.started_at).total_seconds())
    return run.counts
