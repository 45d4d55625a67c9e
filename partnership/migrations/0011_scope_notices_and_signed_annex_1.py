"""Clauses O9 and O21: the regional director's notices of a change of scope (annex 1), and the
rules the database keeps whatever the door (a form, the admin panel, a revert, the shell):

- a notice rests on its paper (a CHECK constraint): the ledger's letter « Notification d'une
  modification du périmètre d'accès (O9) » of the same partnership (and convention, if it names
  one), or a filed document of the partnership, a letter received or an annex; the acknowledgement,
  if any, is the commune's letter of that kind; the notice is of an OPUS convention; it takes
  effect no earlier than the date its paper bears;
- once the convention is signed, a service of annex 1 is not renamed, moved to another convention
  or given another access: the scope changes by a notice or an amendment only.

Each refusal raises a code that `partnership.integrity` turns into a French message
(`partnership.apps`)."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from partnership.permissions import sync_roles

_CHECKS = {
    "not_opus": """NOT EXISTS (SELECT 1 FROM partnership_convention c WHERE c.id = NEW.convention_id AND c.kind = 'opus')""",
    "letter": """NEW.letter_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents_letter l, partnership_convention c
        WHERE l.id = NEW.letter_id AND c.id = NEW.convention_id AND l.kind = 'perimetre_o9'
        AND l.partnership_id = c.partnership_id AND (l.convention_id IS NULL OR l.convention_id = c.id))""",
    "document": """NEW.document_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents_document d, partnership_convention c
        WHERE d.id = NEW.document_id AND c.id = NEW.convention_id AND d.kind IN ('lettre_recue', 'annexe')
        AND d.partnership_id = c.partnership_id)""",
    "acknowledgement": """NEW.acknowledgement_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM documents_letter l,
        partnership_convention c WHERE l.id = NEW.acknowledgement_id AND c.id = NEW.convention_id
        AND l.kind = 'accuse_perimetre_o9' AND l.partnership_id = c.partnership_id)""",
    "before_notice": """NEW.effective_from < coalesce((SELECT written_on FROM documents_letter WHERE id = NEW.letter_id),
        (SELECT date FROM documents_document WHERE id = NEW.document_id))""",
}
_CODES = {
    "not_opus": "partnership_scope_notice_not_opus",
    "letter": "partnership_scope_notice_letter",
    "document": "partnership_scope_notice_letter",
    "acknowledgement": "partnership_scope_acknowledgement",
    "before_notice": "partnership_scope_before_notice",
}
_SIGNED = "EXISTS (SELECT 1 FROM partnership_convention WHERE id = OLD.convention_id AND signed_on IS NOT NULL)"
_SERVICE_CHANGED = "(OLD.name <> NEW.name OR OLD.access <> NEW.access OR OLD.convention_id <> NEW.convention_id)"

_PG_CHECKS = "\n".join(
    f"IF {condition} THEN RAISE EXCEPTION '{_CODES[name]}' USING ERRCODE = 'check_violation'; END IF;"
    for name, condition in _CHECKS.items()
)
POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION partnership_scopenotice_check() RETURNS trigger AS $$
    BEGIN
        {_PG_CHECKS}
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER partnership_scopenotice_check BEFORE INSERT OR UPDATE ON partnership_scopenotice
    FOR EACH ROW EXECUTE FUNCTION partnership_scopenotice_check()""",
    f"""CREATE OR REPLACE FUNCTION partnership_opusservice_signed() RETURNS trigger AS $$
    BEGIN
        IF {_SERVICE_CHANGED} AND {_SIGNED} THEN
            RAISE EXCEPTION 'partnership_annex_1_signed' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER partnership_opusservice_signed BEFORE UPDATE ON partnership_opusservice
    FOR EACH ROW EXECUTE FUNCTION partnership_opusservice_signed()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS partnership_scopenotice_check ON partnership_scopenotice",
    "DROP FUNCTION IF EXISTS partnership_scopenotice_check()",
    "DROP TRIGGER IF EXISTS partnership_opusservice_signed ON partnership_opusservice",
    "DROP FUNCTION IF EXISTS partnership_opusservice_signed()",
]
_SQLITE_CHECKS = "\n".join(
    f"SELECT RAISE(ABORT, '{_CODES[name]}') WHERE {condition};" for name, condition in _CHECKS.items()
)
SQLITE = [
    *(
        f"""CREATE TRIGGER partnership_scopenotice_{event.lower()} BEFORE {event} ON partnership_scopenotice
        BEGIN {_SQLITE_CHECKS} END"""
        for event in ("INSERT", "UPDATE")
    ),
    f"""CREATE TRIGGER partnership_opusservice_signed BEFORE UPDATE ON partnership_opusservice
    WHEN {_SERVICE_CHANGED} BEGIN SELECT RAISE(ABORT, 'partnership_annex_1_signed') WHERE {_SIGNED}; END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS partnership_scopenotice_insert",
    "DROP TRIGGER IF EXISTS partnership_scopenotice_update",
    "DROP TRIGGER IF EXISTS partnership_opusservice_signed",
]
STATEMENTS = {"postgresql": (POSTGRESQL, POSTGRESQL_REVERSE), "sqlite": (SQLITE, SQLITE_REVERSE)}


def _run(index):
    def run(apps, schema_editor):
        for statement in STATEMENTS[schema_editor.connection.vendor][index]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_opus_account_commitment'),
        ('partnership', '0010_amendments_and_termination_dates'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalScopeNotice',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('effective_from', models.DateField(verbose_name='prend effet le')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('acknowledgement', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.letter', verbose_name='accusé de réception envoyé')),
                ('convention', models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'opus'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.convention', verbose_name='convention OPUS')),
                ('document', models.ForeignKey(blank=True, db_constraint=False, help_text="Le scan de la lettre reçue, ou de l'annexe 1 signée à nouveau par le directeur régional.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.document', verbose_name='document déposé (scan de la notification)')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('letter', models.ForeignKey(blank=True, db_constraint=False, help_text="Le courrier « Notification d'une modification du périmètre d'accès (O9) » du registre.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='documents.letter', verbose_name='courrier du directeur régional (registre)')),
            ],
            options={
                'verbose_name': "historical notification de modification du périmètre d'accès",
                'verbose_name_plural': "historical notifications de modification du périmètre d'accès",
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ScopeNotice',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('effective_from', models.DateField(verbose_name='prend effet le')),
                ('notes', models.TextField(blank=True, verbose_name='notes')),
                ('acknowledgement', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='acknowledged_scope_notices', to='documents.letter', verbose_name='accusé de réception envoyé')),
                ('convention', models.ForeignKey(limit_choices_to={'kind': 'opus'}, on_delete=django.db.models.deletion.CASCADE, related_name='scope_notices', to='partnership.convention', verbose_name='convention OPUS')),
                ('document', models.ForeignKey(blank=True, help_text="Le scan de la lettre reçue, ou de l'annexe 1 signée à nouveau par le directeur régional.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='scope_notices', to='documents.document', verbose_name='document déposé (scan de la notification)')),
                ('letter', models.ForeignKey(blank=True, help_text="Le courrier « Notification d'une modification du périmètre d'accès (O9) » du registre.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name='scope_notices', to='documents.letter', verbose_name='courrier du directeur régional (registre)')),
            ],
            options={
                'verbose_name': "notification de modification du périmètre d'accès",
                'verbose_name_plural': "notifications de modification du périmètre d'accès",
                'ordering': ['convention', 'effective_from', 'id'],
            },
        ),
        migrations.CreateModel(
            name='NoticedService',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='service')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('access', models.BooleanField(verbose_name='accès')),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='services', to='partnership.scopenotice')),
            ],
            options={
                'verbose_name': 'service modifié par notification',
                'verbose_name_plural': 'services modifiés par notification',
                'ordering': ['id'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalNoticedService',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='service')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('access', models.BooleanField(verbose_name='accès')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('notice', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='partnership.scopenotice')),
            ],
            options={
                'verbose_name': 'historical service modifié par notification',
                'verbose_name_plural': 'historical services modifiés par notification',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='scopenotice',
            constraint=models.CheckConstraint(condition=models.Q(('letter__isnull', False), ('document__isnull', False), _connector='OR'), name='scope_notice_rests_on_its_letter', violation_error_message="Une modification du périmètre d'accès repose sur la notification écrite et datée du directeur régional de Pôle emploi (clause O9) : choisissez son courrier dans le registre ou le document déposé."),
        ),
        migrations.RunPython(_run(0), _run(1)),
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
