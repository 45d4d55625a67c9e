"""The daily schedule of the reminders jobs, as django-celery-beat rows the Administrateur can
change in the admin (Périodic tasks), and the role permissions on this app's models."""

from django.db import migrations

from partnership.permissions import sync_roles

SCHEDULES = [
    # (name, task, hour, minute)
    ("Destruction des données personnelles (clause C9)", "reminders.destroy_personal_data", "6", "30"),
    ("Rappels quotidiens des échéances", "reminders.send_reminders", "7", "0"),
]


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for name, task, hour, minute in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour=hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Europe/Paris",
        )
        PeriodicTask.objects.get_or_create(name=name, defaults={"task": task, "crontab": crontab, "enabled": True})
    # Tell a running beat (DatabaseScheduler) that the schedule changed.
    from django.utils import timezone

    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0001_initial"),
        ("partnership", "0002_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(create_schedule, remove_schedule),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
