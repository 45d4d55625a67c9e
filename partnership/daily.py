"""What the daily jobs share: the day they run for (``--date`` for the commands, the ISO date
a task may be given), the one line each run logs: its day, what it touched and how long it
took (counts only, never a person's name), and the record of each successful run (the
``job_runs`` hook, which the health page reads)."""

import argparse
import contextlib
import datetime
import logging
import time

from django.utils import timezone

from partnership import hooks

logger = logging.getLogger("jobs")


def _iso_day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"Date invalide « {text} » : attendu AAAA-MM-JJ.") from error


def add_date_argument(parser):
    parser.add_argument("--date", type=_iso_day, help="Journée à traiter, AAAA-MM-JJ (par défaut : aujourd'hui).")


def day(options):
    """The day given with ``--date``, else today."""
    return options["date"] or timezone.localdate()


def task_day(value=None):
    """The day a task runs for: today, or the ISO date given (to replay a day by hand)."""
    return datetime.date.fromisoformat(value) if value else timezone.localdate()


@contextlib.contextmanager
def logged_run(job, today, *, dry_run=False):
    """Log one line when the job's run ends, however it ends: ``with logged_run("x", day) as
    counts: counts["sent"] = 3``."""
    counts = {}
    started = time.monotonic()
    outcome = "failed"
    try:
        yield counts
        outcome = "dry run" if dry_run else "done"
    finally:
        report(job, today, counts, time.monotonic() - started, outcome)


def report(job, today, counts, duration, outcome="done"):
    """The one line of a job's run for `today`, and the record of its success (the ``job_runs``
    hook); a job spread over several workers reports here once, when its last batch ends
    (`operations.fanout`)."""
    touched = ", ".join(f"{name}={value}" for name, value in counts.items()) or "nothing"
    fields = {"job": job, "day": today.isoformat(), "outcome": outcome, "duration_s": round(duration, 3)}
    logger.info(
        "%s for %s %s in %.2f s: %s", job, today.isoformat(), outcome, duration, touched,
        extra={"fields": {**fields, "counts": dict(counts)}},
    )  # fmt: skip
    if outcome == "done":
        for module in hooks.app_modules("job_runs"):
            module.record(job, today, counts, duration)
