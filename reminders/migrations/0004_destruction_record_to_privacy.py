"""The record of the C9 destructions now belongs to the privacy app (privacy 0001): only the
migration state lets it go; its table and rows stay with it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reminders", "0003_email_attempts"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DestructionRecord")],
            database_operations=[],
        ),
    ]
