"""The record of the C9 destructions moves here from the reminders app, its rows kept: the model
is taken over in the migration state (its table renamed by 0002), its content type and
permissions follow it, and the schedule of the daily job names the task by its new name."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def take_over(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="privacy", model="destructionrecord").exists():
        ContentType.objects.filter(app_label="reminders", model="destructionrecord").update(app_label="privacy")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task="reminders.destroy_personal_data").update(task="privacy.destroy_personal_data")


def give_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="privacy", model="destructionrecord").update(app_label="reminders")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task="privacy.destroy_personal_data").update(task="reminders.destroy_personal_data")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("partnership", "0007_committee_record_sections"),
        ("reminders", "0003_email_attempts"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DestructionRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("performed_on", models.DateField(verbose_name="effectuée le")),
                        ("deadline", models.DateField(verbose_name="échéance (clause C9)")),
                        ("summary", models.JSONField(default=list, help_text="[[libellé, nombre], …] par application.", verbose_name="bilan")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="enregistrée le")),
                        ("convention", models.OneToOneField(limit_choices_to=models.Q(("kind", "cooperation")), on_delete=django.db.models.deletion.PROTECT, related_name="destruction_record", to="partnership.convention", verbose_name="convention")),
                    ],
                    options={
                        "verbose_name": "destruction des données personnelles",
                        "verbose_name_plural": "destructions des données personnelles",
                        "ordering": ["-performed_on"],
                        "db_table": "reminders_destructionrecord",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(take_over, give_back),
    ]
