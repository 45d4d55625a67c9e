from celery import shared_task

from opus_accounts import jobs
from partnership import daily


@shared_task(name="opus_accounts.review_accounts")
def review_accounts(day=None):
    return len(jobs.review_accounts(daily.task_day(day)))
