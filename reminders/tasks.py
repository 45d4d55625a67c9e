"""Celery tasks: thin wrappers around the daily jobs (tests call the functions directly).

Beat runs them from the django-celery-beat rows created by migration 0002 (07:00 and 06:30,
Europe/Paris), which the Administrateur can change in the admin. A worker that starts also
runs them once (``REMINDERS_RUN_ON_WORKER_START``): the jobs catch up from the database state
and never claim a reminder twice, so a machine that was off at 07:00 still sends today's
reminders, and a worker killed mid-run has the e-mails it left unsent sent by a later run.
"""

import datetime

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.utils import timezone

from reminders import destruction, services


def _day(day):
    """Today, or the ISO date given (to replay a day by hand)."""
    return datetime.date.fromisoformat(day) if day else timezone.localdate()


@shared_task(name="reminders.send_reminders")
def send_reminders(day=None):
    return len(services.send_reminders(_day(day)))


@shared_task(name="reminders.destroy_personal_data")
def destroy_personal_data(day=None):
    return len(destruction.destroy_personal_data(_day(day)))


@worker_ready.connect
def run_daily_jobs_on_start(**kwargs):
    if getattr(settings, "REMINDERS_RUN_ON_WORKER_START", True):
        destroy_personal_data.delay()
        send_reminders.delay()
