from celery import shared_task

from operations import jobs
from partnership import daily


@shared_task(name="operations.alert_late_jobs")
def alert_late_jobs(day=None):
    return len(jobs.alert_late_jobs(daily.task_day(day)))
