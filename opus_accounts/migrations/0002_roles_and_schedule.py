"""The RGC's permissions on the register (partnership.permissions.ROLE_PERMISSIONS) and the
daily review of the accounts scheduled for celery beat (editable in the admin)."""

from django.db import migrations

from partnership.permissions import sync_roles

TASK_NAME = "Revue quotidienne des comptes OPUS (clause O6)"


def schedule_review(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="15", hour="6", day_of_week="*", day_of_month="*", month_of_year="*", timezone="Europe/Paris"
    )
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME, defaults={"task": "opus_accounts.tasks.review_accounts", "crontab": crontab}
    )


def unschedule_review(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("opus_accounts", "0001_initial"),
        ("partnership", "0002_roles"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
        migrations.RunPython(schedule_review, unschedule_review),
    ]
