"""The ``job_runs`` hook (partnership/hooks.py): each daily job's successful run, recorded."""

from django.utils import timezone

from operations.models import JobRun


def record(job, today, counts, duration):
    """Record a successful run of `job` for `today` now; a late job that succeeds is no longer
    alerted about, so that its next delay is told afresh."""
    JobRun.objects.update_or_create(
        job=job,
        defaults={
            "last_success_at": timezone.now(),
            "last_day": today,
            "last_counts": dict(counts),
            "last_duration": round(duration, 3),
            "late_alerted_at": None,
        },
    )
