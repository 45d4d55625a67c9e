"""Celery task of the reminders job: a thin wrapper around it (tests call the function directly).

Beat runs the daily jobs from django-celery-beat rows (editable by a platform superuser in the
admin); a worker that starts runs them once (config/celery.py). A worker killed mid-run leaves
its unsent e-mails to a later run, which sends them again under the same Message-ID.
"""

from celery import shared_task

from partnership import daily
from reminders import services


@shared_task(name="reminders.send_reminders")
def send_reminders(day=None):
    return len(services.send_reminders(daily.task_day(day)))
