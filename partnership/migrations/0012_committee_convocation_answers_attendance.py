# The steering committee convened by e-mail (clause C10): its start time and duration, its iCalendar
# SEQUENCE, its cancellation; each member's answer and attendance (absent, or not yet recorded), with history.

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partnership', '0011_scope_notices_and_signed_annex_1'),
    ]

    operations = [
        migrations.AddField(
            model_name='committeemember',
            name='answer',
            field=models.CharField(blank=True, choices=[('', 'Sans réponse'), ('accepte', 'Présence confirmée'), ('excuse', 'Excusé(e)'), ('represente', 'Se fera représenter')], default='', max_length=12, verbose_name='réponse'),
        ),
        migrations.AddField(
            model_name='committeemember',
            name='answer_represented_by',
            field=models.CharField(blank=True, max_length=200, verbose_name='représentant annoncé'),
        ),
        migrations.AddField(
            model_name='committeemember',
            name='answered_on',
            field=models.DateField(blank=True, null=True, verbose_name='réponse reçue le'),
        ),
        migrations.AddField(
            model_name='historicalsteeringcommittee',
            name='duration_minutes',
            field=models.PositiveSmallIntegerField(default=120, validators=[django.core.validators.MinValueValidator(15), django.core.validators.MaxValueValidator(480)], verbose_name='durée (minutes)'),
        ),
        migrations.AddField(
            model_name='historicalsteeringcommittee',
            name='start_time',
            field=models.TimeField(blank=True, help_text="Nécessaire pour convoquer les membres par courriel avec une invitation d'agenda.", null=True, verbose_name='heure de début'),
        ),
        migrations.AddField(
            model_name='steeringcommittee',
            name='duration_minutes',
            field=models.PositiveSmallIntegerField(default=120, validators=[django.core.validators.MinValueValidator(15), django.core.validators.MaxValueValidator(480)], verbose_name='durée (minutes)'),
        ),
        migrations.AddField(
            model_name='steeringcommittee',
            name='ical_sequence',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='steeringcommittee',
            name='invitation_sent_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='steeringcommittee',
            name='invitation_sequence_sent',
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='steeringcommittee',
            name='start_time',
            field=models.TimeField(blank=True, help_text="Nécessaire pour convoquer les membres par courriel avec une invitation d'agenda.", null=True, verbose_name='heure de début'),
        ),
        migrations.AlterField(
            model_name='committeemember',
            name='attendance',
            field=models.CharField(blank=True, choices=[('', 'Non relevée'), ('present', 'Présent(e)'), ('represente', 'Représenté(e)'), ('excuse', 'Excusé(e)'), ('absent', 'Absent(e)')], default='', max_length=12, verbose_name='présence'),
        ),
        migrations.AlterField(
            model_name='committeemember',
            name='person',
            field=models.ForeignKey(blank=True, help_text="Sa fiche donne l'adresse électronique à laquelle part la convocation.", null=True, on_delete=django.db.models.deletion.SET_NULL, to='partnership.person', verbose_name='personne'),
        ),
        migrations.AlterField(
            model_name='historicalsteeringcommittee',
            name='convened_on',
            field=models.DateField(blank=True, help_text="Renseignée d'elle-même à l'envoi de la convocation par courriel.", null=True, verbose_name='date de convocation'),
        ),
        migrations.AlterField(
            model_name='historicalsteeringcommittee',
            name='status',
            field=models.CharField(choices=[('prevu', 'Prévu'), ('tenu', 'Tenu'), ('annule', 'Annulé')], default='prevu', max_length=10, verbose_name='état'),
        ),
        migrations.AlterField(
            model_name='steeringcommittee',
            name='convened_on',
            field=models.DateField(blank=True, help_text="Renseignée d'elle-même à l'envoi de la convocation par courriel.", null=True, verbose_name='date de convocation'),
        ),
        migrations.AlterField(
            model_name='steeringcommittee',
            name='status',
            field=models.CharField(choices=[('prevu', 'Prévu'), ('tenu', 'Tenu'), ('annule', 'Annulé')], default='prevu', max_length=10, verbose_name='état'),
        ),
        migrations.CreateModel(
            name='HistoricalCommitteeMember',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='nom')),
                ('function', models.CharField(blank=True, max_length=200, verbose_name='fonction')),
                ('organisation', models.CharField(blank=True, max_length=200, verbose_name='structure')),
                ('answer', models.CharField(blank=True, choices=[('', 'Sans réponse'), ('accepte', 'Présence confirmée'), ('excuse', 'Excusé(e)'), ('represente', 'Se fera représenter')], default='', max_length=12, verbose_name='réponse')),
                ('answer_represented_by', models.CharField(blank=True, max_length=200, verbose_name='représentant annoncé')),
                ('answered_on', models.DateField(blank=True, null=True, verbose_name='réponse reçue le')),
                ('attendance', models.CharField(blank=True, choices=[('', 'Non relevée'), ('present', 'Présent(e)'), ('represente', 'Représenté(e)'), ('excuse', 'Excusé(e)'), ('absent', 'Absent(e)')], default='', max_length=12, verbose_name='présence')),
                ('represented_by', models.CharField(blank=True, max_length=200, verbose_name='représenté par')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='ordre')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('committee', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.steeringcommittee')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('person', models.ForeignKey(blank=True, db_constraint=False, help_text="Sa fiche donne l'adresse électronique à laquelle part la convocation.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.person', verbose_name='personne')),
            ],
            options={
                'verbose_name': 'historical membre du comité',
                'verbose_name_plural': 'historical membres du comité',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
