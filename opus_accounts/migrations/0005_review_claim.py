from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("opus_accounts", "0004_constraint_messages"),
    ]

    operations = [
        migrations.RenameModel("Notice", "ReviewClaim"),
        migrations.RenameField("ReviewClaim", "sent_on", "claimed_on"),
        migrations.AlterModelOptions(
            name="reviewclaim",
            options={
                "verbose_name": "étape de la revue quotidienne",
                "verbose_name_plural": "étapes de la revue quotidienne",
            },
        ),
    ]
