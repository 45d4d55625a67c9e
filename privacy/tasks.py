from celery import shared_task

from operations.tasks import fan_out


@shared_task(name="privacy.destroy_personal_data", acks_late=True)
def destroy_personal_data(day=None):
    return fan_out("destroy_personal_data", day)
