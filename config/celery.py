import os

from celery import Celery
from celery.signals import beat_init, worker_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("partnership_manager")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def check_configuration(sender=None, **kwargs):
    """The worker and beat refuse to start with a configuration error, as the web server does."""
    import django

    django.setup()
    from operations.checks import refuse_to_start

    refuse_to_start()


@worker_ready.connect
def run_daily_jobs_on_start(sender=None, **kwargs):
    """A worker that starts runs every daily job once, in turn: they catch up from the database
    state and never act twice, so a machine that was off at their hour still does today's work.
    The reminders run once more when the unsent claims of a worker killed just before may be sent
    again (REMINDER_RESEND_AFTER_MINUTES)."""
    from django.conf import settings

    from operations.tasks import JOBS_APART_SECONDS

    if not settings.DAILY_JOBS_ON_WORKER_START:
        return
    # In turn: a job that comes after another finds its run begun, and waits for its end
    # (operations.fanout.waits), as beat's hours keep them apart.
    for position, name in enumerate(settings.DAILY_JOBS):
        app.send_task(name, countdown=position * JOBS_APART_SECONDS)
    app.send_task("reminders.send_reminders", countdown=60 * settings.REMINDER_RESEND_AFTER_MINUTES + 60)
