from celery import shared_task

from partnership import daily
from privacy import destruction


@shared_task(name="privacy.destroy_personal_data")
def destroy_personal_data(day=None):
    return len(destruction.destroy_personal_data(daily.task_day(day)))
