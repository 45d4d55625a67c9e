"""Celery task of the reminders job: its dispatcher, which spreads the job over the workers
(`operations.fanout`; tests call the functions directly).

Beat runs the daily jobs from django-celery-beat rows (editable by a platform superuser in the
admin); a worker that starts runs them once (config/celery.py). A batch whose worker was killed
mid-run goes to another worker process, and its unsent e-mails go again under the same
Message-ID.
"""

from celery import shared_task

from operations.tasks import fan_out


@shared_task(name="reminders.send_reminders", acks_late=True)
def send_reminders(day=None, waited=0):
    return fan_out("send_reminders", day, task=send_reminders, waited=waited)
