"""Amendments (avenants) and their services; the termination dates made right (clauses C12, O18):
the convention stays in force through the whole notice, to the end of the day the month expires;
the breach route counts from Pôle emploi's decision maintained and notified; of several pending
terminations the first to take effect ends the convention. The stored terms are computed again
with a copy of those rules as they stand at this migration (no amendment exists yet)."""

import datetime

from dateutil.relativedelta import relativedelta
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from partnership.permissions import sync_roles


ONE_DAY = datetime.timedelta(days=1)


def _months(day, months):
    return day + relativedelta(months=months)


def _last_day(termination):
    if termination.ground in ("demande", "preavis_partenaire"):
        return _months(termination.letter_sent_on, 1) if termination.letter_sent_on else None
    if termination.ground == "necessite_service":
        latest = _months(termination.letter_sent_on, 1) if termination.letter_sent_on else None
    else:
        notified = termination.decision_notified_on if termination.decision_maintained else None
        latest = _months(notified, 1) if notified else None
    if latest and termination.notice_ends_on and termination.notice_ends_on < latest:
        return termination.notice_ends_on
    return latest


def _end(convention, terminations):
    opus = convention.kind == "opus"
    start = convention.signed_on if opus else convention.effective_from
    end = _months(start, convention.duration_months) - ONE_DAY if start and convention.duration_months else None
    if opus and convention.parent_id:
        parent_end = _end(convention.parent, terminations)
        if parent_end and (end is None or parent_end <= end):
            end = parent_end
    ends = [d for d in (_last_day(t) for t in terminations.get(convention.pk, []) if not t.withdrawn) if d]
    if ends and (end is None or min(ends) <= end):
        end = min(ends)
    return end


def store_terms(apps, schema_editor):
    Convention = apps.get_model("partnership", "Convention")
    Termination = apps.get_model("partnership", "Termination")
    terminations = {}
    for termination in Termination.objects.all():
        terminations.setdefault(termination.convention_id, []).append(termination)
    for convention in Convention.objects.select_related("parent"):
        Convention.objects.filter(pk=convention.pk).update(ends_on=_end(convention, terminations))


class Migration(migrations.Migration):

    dependencies = [
        ('partnership', '0009_committee_attendance_neutral'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='termination',
            options={'ordering': ['-letter_sent_on', '-id'], 'verbose_name': 'résiliation'},
        ),
        migrations.AddField(
            model_name='historicaltermination',
            name='decision_notified_on',
            field=models.DateField(blank=True, help_text='Clause O18 : la résiliation pour manquement intervient dans le mois qui suit.', null=True, verbose_name='décision maintenue notifiée le'),
        ),
        migrations.AddField(
            model_name='historicaltermination',
            name='reasons_received_on',
            field=models.DateField(blank=True, null=True, verbose_name='motifs reçus par la commune le'),
        ),
        migrations.AddField(
            model_name='termination',
            name='decision_notified_on',
            field=models.DateField(blank=True, help_text='Clause O18 : la résiliation pour manquement intervient dans le mois qui suit.', null=True, verbose_name='décision maintenue notifiée le'),
        ),
        migrations.AddField(
            model_name='termination',
            name='reasons_received_on',
            field=models.DateField(blank=True, null=True, verbose_name='motifs reçus par la commune le'),
        ),
        migrations.AlterField(
            model_name='historicaltermination',
            name='letter_sent_on',
            field=models.DateField(blank=True, help_text="Vide tant que la lettre n'est pas partie : le préavis n'a pas commencé.", null=True, verbose_name='lettre recommandée envoyée le'),
        ),
        migrations.AlterField(
            model_name='historicaltermination',
            name='notice_ends_on',
            field=models.DateField(blank=True, help_text="Nécessités de service : au plus un mois après l'envoi ; manquement : au plus un mois après la notification de la décision maintenue (clause O18). Dernier jour en vigueur.", null=True, verbose_name='fin du préavis annoncée'),
        ),
        migrations.AlterField(
            model_name='termination',
            name='letter_sent_on',
            field=models.DateField(blank=True, help_text="Vide tant que la lettre n'est pas partie : le préavis n'a pas commencé.", null=True, verbose_name='lettre recommandée envoyée le'),
        ),
        migrations.AlterField(
            model_name='termination',
            name='notice_ends_on',
            field=models.DateField(blank=True, help_text="Nécessités de service : au plus un mois après l'envoi ; manquement : au plus un mois après la notification de la décision maintenue (clause O18). Dernier jour en vigueur.", null=True, verbose_name='fin du préavis annoncée'),
        ),
        migrations.CreateModel(
            name='Amendment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='avenant n°')),
                ('object', models.CharField(max_length=300, verbose_name='objet')),
                ('signed_on', models.DateField(blank=True, null=True, verbose_name='signé le')),
                ('effective_from', models.DateField(verbose_name='prend effet le')),
                ('duration_months', models.PositiveSmallIntegerField(blank=True, help_text="Durée totale depuis la prise d'effet de la convention (clause C2).", null=True, verbose_name='nouvelle durée (mois)')),
                ('active_accounts_cap', models.PositiveSmallIntegerField(blank=True, help_text='Clause O22.', null=True, verbose_name='nouveau plafond de comptes actifs (hors RGC)')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('convention', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='amendments', to='partnership.convention', verbose_name='convention')),
                ('deliberation', models.ForeignKey(blank=True, help_text="Quand la loi demande l'approbation du conseil municipal, comme pour la convention.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='amendments', to='partnership.deliberation', verbose_name="délibération d'approbation")),
            ],
            options={
                'verbose_name': 'avenant',
                'ordering': ['convention', 'effective_from', 'number'],
            },
        ),
        migrations.CreateModel(
            name='AmendedService',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='service')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('access', models.BooleanField(verbose_name='accès')),
                ('amendment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='services', to='partnership.amendment')),
            ],
            options={
                'verbose_name': 'service modifié par avenant',
                'verbose_name_plural': 'services modifiés par avenant',
                'ordering': ['id'],
            },
        ),
        migrations.AddField(
            model_name='commitment',
            name='added_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='added_commitments', to='partnership.amendment', verbose_name="ajouté par l'avenant"),
        ),
        migrations.AddField(
            model_name='commitment',
            name='dropped_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='dropped_commitments', to='partnership.amendment', verbose_name="supprimé par l'avenant"),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='added_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.amendment', verbose_name="ajouté par l'avenant"),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='dropped_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.amendment', verbose_name="supprimé par l'avenant"),
        ),
        migrations.CreateModel(
            name='HistoricalAmendedService',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='service')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('access', models.BooleanField(verbose_name='accès')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('amendment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.amendment')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical service modifié par avenant',
                'verbose_name_plural': 'historical services modifiés par avenant',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalAmendment',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField(verbose_name='avenant n°')),
                ('object', models.CharField(max_length=300, verbose_name='objet')),
                ('signed_on', models.DateField(blank=True, null=True, verbose_name='signé le')),
                ('effective_from', models.DateField(verbose_name='prend effet le')),
                ('duration_months', models.PositiveSmallIntegerField(blank=True, help_text="Durée totale depuis la prise d'effet de la convention (clause C2).", null=True, verbose_name='nouvelle durée (mois)')),
                ('active_accounts_cap', models.PositiveSmallIntegerField(blank=True, help_text='Clause O22.', null=True, verbose_name='nouveau plafond de comptes actifs (hors RGC)')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('convention', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.convention', verbose_name='convention')),
                ('deliberation', models.ForeignKey(blank=True, db_constraint=False, help_text="Quand la loi demande l'approbation du conseil municipal, comme pour la convention.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.deliberation', verbose_name="délibération d'approbation")),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical avenant',
                'verbose_name_plural': 'historical avenants',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='amendment',
            constraint=models.UniqueConstraint(fields=('convention', 'number'), name='one_amendment_number_per_convention', violation_error_message='Cette convention a déjà un avenant de ce numéro.'),
        ),
        migrations.RunPython(store_terms, migrations.RunPython.noop),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
