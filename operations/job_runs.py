"""The ``job_runs`` hook (partnership/hooks.py): each daily job's successful run, recorded."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from operations.models import JobRun


def record(job, today, counts, duration):
    """Record a successful run of `job` for `today` now; a late job that succeeds is no longer
    alerted about, so that its next delay is told afresh. Written first, read never: on SQLite,
    jobs finishing at once (a worker that starts runs them all) each wait for the write lock,
    where a read then a write would deadlock ("database is locked")."""
    fields = {
        "last_success_at": timezone.now(),
        "last_day": today,
        "last_counts": dict(counts),
        "last_duration": round(duration, 3),
        "late_alerted_at": None,
    }
    if JobRun.objects.filter(job=job).update(**fields):
        return
    try:
        with transaction.atomic():
            JobRun.objects.create(job=job, **fields)
    except IntegrityError:  # another run of the same job made the row first
        JobRun.objects.filter(job=job).update(**fields)
