"""The cap of annex 2 as the amendments set it (clause O22), kept by the database like the cap of
migration 0003:

- an account activated on a day must fit under the cap in force that day (the last amendment in
  effect that sets one, else annex 2) and under every lower cap an amendment sets later on;
- an amendment cannot set a cap below the accounts active (the annex row is locked first, as an
  activation locks it, so that the two count each other);
- a revocation may give "fin de la convention" as its reason (the daily job closes the accounts
  of an ended convention).

Each refusal raises the codes of migration 0003."""

import importlib

from django.db import migrations, models

EARLIER = importlib.import_module("opus_accounts.migrations.0003_cap_and_term_in_the_database")

_CAP_ON = """(SELECT a.active_accounts_cap FROM partnership_amendment a
    WHERE a.convention_id = NEW.convention_id AND a.active_accounts_cap IS NOT NULL
    AND a.effective_from <= NEW.activated_on ORDER BY a.effective_from DESC, a.number DESC, a.id DESC LIMIT 1)"""
_LATER_CAP = """(SELECT min(a.active_accounts_cap) FROM partnership_amendment a
    WHERE a.convention_id = NEW.convention_id AND a.effective_from > NEW.activated_on)"""

POSTGRESQL = [
    EARLIER.POSTGRESQL[0].replace(
        """            SELECT count(*) INTO active""",
        f"""            cap := LEAST(coalesce({_CAP_ON}, cap), {_LATER_CAP});
            SELECT count(*) INTO active""",
    ),
    """
    CREATE OR REPLACE FUNCTION partnership_amendment_check_cap() RETURNS trigger AS $$
    BEGIN
        IF NEW.active_accounts_cap IS NOT NULL THEN
            PERFORM 1 FROM partnership_opusannex WHERE convention_id = NEW.convention_id FOR UPDATE;
            IF NEW.active_accounts_cap < (SELECT count(*) FROM opus_accounts_opusaccount
                                          WHERE convention_id = NEW.convention_id AND state = 'actif') THEN
                RAISE EXCEPTION 'opus_accounts_cap_below_active' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER partnership_amendment_check_cap BEFORE INSERT OR UPDATE ON partnership_amendment
    FOR EACH ROW EXECUTE FUNCTION partnership_amendment_check_cap()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS partnership_amendment_check_cap ON partnership_amendment",
    "DROP FUNCTION IF EXISTS partnership_amendment_check_cap()",
    EARLIER.POSTGRESQL[0],
]

_ACTIVE = EARLIER._ACTIVE
_ANNEX_CAP = "(SELECT active_accounts_cap FROM partnership_opusannex WHERE convention_id = NEW.convention_id)"


def _check_activation(others):
    """0003's checks, the cap being the one in force on the day of activation and any lower one later."""
    cap = f"min(coalesce({_CAP_ON}, {_ANNEX_CAP}), coalesce({_LATER_CAP}, {_CAP_ON}, {_ANNEX_CAP}))"
    return EARLIER._check_activation(others).replace(f">= {_ANNEX_CAP};", f">= {cap};")


def _sqlite(check_activation):
    return [
        "DROP TRIGGER IF EXISTS opus_accounts_activation_insert",
        "DROP TRIGGER IF EXISTS opus_accounts_activation_update",
        f"""CREATE TRIGGER opus_accounts_activation_insert BEFORE INSERT ON opus_accounts_opusaccount
        WHEN NEW.state = 'actif' BEGIN {check_activation(_ACTIVE)} END""",
        f"""CREATE TRIGGER opus_accounts_activation_update BEFORE UPDATE ON opus_accounts_opusaccount
        WHEN NEW.state = 'actif' AND (OLD.state <> 'actif' OR OLD.convention_id <> NEW.convention_id) BEGIN
        {check_activation(_ACTIVE + ' AND id <> NEW.id')}
        SELECT RAISE(ABORT, 'opus_accounts_stale_activation')
            WHERE NEW.activated_on < max(coalesce(OLD.suspended_on, ''), coalesce(OLD.revoked_on, ''));
        END""",
    ]


_AMENDMENT_CAP = f"""
    SELECT RAISE(ABORT, 'opus_accounts_cap_below_active')
        WHERE NEW.active_accounts_cap < ({_ACTIVE});
"""
SQLITE = [
    *_sqlite(_check_activation),
    f"""CREATE TRIGGER partnership_amendment_cap_insert BEFORE INSERT ON partnership_amendment
    WHEN NEW.active_accounts_cap IS NOT NULL BEGIN {_AMENDMENT_CAP} END""",
    f"""CREATE TRIGGER partnership_amendment_cap_update BEFORE UPDATE ON partnership_amendment
    WHEN NEW.active_accounts_cap IS NOT NULL BEGIN {_AMENDMENT_CAP} END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS partnership_amendment_cap_insert",
    "DROP TRIGGER IF EXISTS partnership_amendment_cap_update",
    *_sqlite(EARLIER._check_activation),
]
STATEMENTS = {"postgresql": (POSTGRESQL, POSTGRESQL_REVERSE), "sqlite": (SQLITE, SQLITE_REVERSE)}


def _run(index):
    def run(apps, schema_editor):
        for statement in STATEMENTS[schema_editor.connection.vendor][index]:
            schema_editor.execute(statement)

    return run


REASONS = [
    ("fonction", "Changement de fonction"),
    ("absence", "Absence de plus de trois mois"),
    ("depart", "Départ de la structure"),
    ("retrait_pe", "Retrait par Pôle emploi"),
    ("fin_conv", "Fin de la convention"),
    ("autre", "Autre"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("opus_accounts", "0006_review_task_name"),
        ("partnership", "0010_amendments_and_termination_dates"),
    ]

    operations = [
        migrations.AlterField(
            model_name="historicalopusaccount",
            name="revocation_reason",
            field=models.CharField(blank=True, choices=REASONS, max_length=12, verbose_name="motif de révocation"),
        ),
        migrations.AlterField(
            model_name="opusaccount",
            name="revocation_reason",
            field=models.CharField(blank=True, choices=REASONS, max_length=12, verbose_name="motif de révocation"),
        ),
        migrations.RunPython(_run(0), _run(1)),
    ]
