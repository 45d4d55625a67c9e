from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("reminders", "0004_destruction_record_to_privacy"),
    ]

    operations = [migrations.AlterModelTable(name="destructionrecord", table=None)]
