from celery import shared_task
from django.utils import timezone

from opus_accounts import jobs


@shared_task
def review_accounts():
    return len(jobs.review_accounts(timezone.localdate()))
