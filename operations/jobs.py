"""The daily jobs watched, their lateness, and the job that tells the platform's administrators
when one is late: once as it becomes late, then every ``HEALTH_LATE_ALERT_EVERY_HOURS`` while it
lasts (as healthchecks reminds of a check that stays down)."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from operations.models import LATE, JobRun
from partnership import daily
from partnership.languages import by_language

logger = logging.getLogger(__name__)

# The names the jobs log under (`partnership.daily.logged_run`), in the order of README's "Jobs".
JOBS = {
    "destroy_personal_data": _l("Destruction des données personnelles (clause C9)"),
    "review_opus_accounts": _l("Revue des comptes OPUS (clause O6)"),
    "send_reminders": _l("Rappels des échéances"),
    "alert_late_jobs": _l("Alerte des traitements en retard"),
}


def job_runs():
    """The row of every watched job, in the order of `JOBS` (made for a job never seen: it is
    expected one period after)."""
    found = {run.job: run for run in JobRun.objects.filter(job__in=JOBS)}
    for job in JOBS.keys() - found.keys():
        found[job], _ = JobRun.objects.get_or_create(job=job)
    for job, run in found.items():
        run.label = JOBS[job]
    return [found[job] for job in JOBS]


def platform_administrators():
    return get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(email="").order_by("pk")


def alert_late_jobs(today, *, now=None):
    """The job: e-mail the platform's administrators about the jobs late at `now` that were not
    told of in the last ``HEALTH_LATE_ALERT_EVERY_HOURS``. Each job's alert is claimed with a
    conditional update, so that two runs at once send it once. Returns the jobs alerted about."""
    now = now or timezone.now()
    with daily.logged_run("alert_late_jobs", today) as counts:
        runs = job_runs()
        due = now - datetime.timedelta(hours=settings.HEALTH_LATE_ALERT_EVERY_HOURS)
        late = [run for run in runs if run.status(now) == LATE]
        claimed = [
            run for run in late if (run.late_alerted_at is None or run.late_alerted_at <= due) and _claim(run, now)
        ]
        recipients = list(platform_administrators().values_list("email", flat=True))
        if claimed and recipients:
            try:
                _send(claimed, recipients)
            except Exception:
                for run in claimed:  # a later run tells them
                    JobRun.objects.filter(pk=run.pk, late_alerted_at=now).update(late_alerted_at=run.late_alerted_at)
                raise
        elif claimed:
            logger.warning("%s job(s) late and no platform administrator with an e-mail address to tell.", len(claimed))
        counts.update(late=len(late), alerted=len(claimed))
    return [run.job for run in claimed]


def _claim(run, now):
    """Whether this run is the one to tell of `run` now: of runs at once, exactly one changes the row."""
    return JobRun.objects.filter(pk=run.pk, late_alerted_at=run.late_alerted_at).update(late_alerted_at=now) == 1


def _send(runs, recipients):
    """The alert, one e-mail per language of its recipients (partnership/languages.py)."""
    for group in by_language(recipients):
        context = {
            "runs": runs,
            "url": settings.SITE_URL.rstrip("/") + reverse("operations:status"),
            "every_hours": settings.HEALTH_LATE_ALERT_EVERY_HOURS,
        }
        subject = " ".join(render_to_string("operations/email/late_subject.txt", context).split())
        send_mail(
            subject,
            render_to_string("operations/email/late.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            group,
        )
