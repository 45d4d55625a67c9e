from django.db import migrations

from partnership.permissions import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("axes", "0009_add_session_hash"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
