"""The Administrateur's permissions on the record of the C9 destructions, now in the privacy app."""

from django.db import migrations

from partnership.permissions import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0007_committee_record_sections"),
        ("privacy", "0002_own_table"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
