"""The daily review's task is named like the other daily jobs' (``<app>.<job>``)."""

from django.db import migrations


def rename(old, new):
    def run(apps, schema_editor):
        apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=old).update(task=new)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("opus_accounts", "0005_review_claim"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(
            rename("opus_accounts.tasks.review_accounts", "opus_accounts.review_accounts"),
            rename("opus_accounts.review_accounts", "opus_accounts.tasks.review_accounts"),
        )
    ]
