"""The role groups get exactly the permissions `ROLE_PERMISSIONS` names: the Administrateur no
longer manages the role groups, the job schedules nor the OPUS register (read only)."""

from django.db import migrations

from partnership.permissions import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0005_convention_terms"),
        ("opus_accounts", "0002_roles_and_schedule"),
        ("reminders", "0002_schedule_and_roles"),
        ("axes", "0010_accessattemptexpiration"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
