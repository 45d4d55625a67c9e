# The committee members' attendance in neutral wording: « Présent(e) », « Représenté(e) », « Excusé(e) ».

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partnership', '0008_role_rights_privacy'),
    ]

    operations = [
        migrations.AlterField(
            model_name='committeemember',
            name='attendance',
            field=models.CharField(choices=[('present', 'Présent(e)'), ('represente', 'Représenté(e)'), ('excuse', 'Excusé(e)')], default='present', max_length=12, verbose_name='présence'),
        ),
    ]
