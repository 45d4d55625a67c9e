from celery import shared_task

from operations.tasks import fan_out


@shared_task(name="opus_accounts.review_accounts", acks_late=True)
def review_accounts(day=None):
    return fan_out("review_opus_accounts", day)
