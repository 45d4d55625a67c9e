"""The Administrateur allows its organisation's e-mail domains for ProConnect (partnership.permissions)."""

from django.db import migrations

from partnership.permissions import sync_roles


class Migration(migrations.Migration):
    dependencies = [("proconnect", "0001_initial"), ("partnership", "0009_committee_attendance_neutral")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
