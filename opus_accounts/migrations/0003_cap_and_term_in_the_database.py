"""The OPUS cap (clause O22) and the convention's term (clause O20) kept by the database,
whatever the path a write takes (a form, a revert, an admin action, the shell, an update):

- an account becomes active only if the annex 2 of its convention exists and leaves a place
  (the annex row is locked first, so that two activations at once count each other), on a day
  the convention is in force (`partnership_convention.starts_on` / `ends_on`), and, when it comes
  back from a suspension or a revocation, on a day no earlier than that change;
- an account is requested only on a day its convention has not ended;
- the cap of annex 2 cannot be lowered below the accounts active.

Each refusal raises a code that `partnership.integrity` turns into a French message."""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION opus_accounts_check_account() RETURNS trigger AS $$
    DECLARE
        cap integer;
        active integer;
        term_start date;
        term_end date;
    BEGIN
        IF NEW.state = 'actif' AND (TG_OP = 'INSERT' OR OLD.state <> 'actif' OR OLD.convention_id <> NEW.convention_id) THEN
            SELECT active_accounts_cap INTO cap FROM partnership_opusannex
                WHERE convention_id = NEW.convention_id FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'opus_accounts_no_annex' USING ERRCODE = 'check_violation';
            END IF;
            SELECT count(*) INTO active FROM opus_accounts_opusaccount
                WHERE convention_id = NEW.convention_id AND state = 'actif' AND id <> NEW.id;
            IF active >= cap THEN
                RAISE EXCEPTION 'opus_accounts_cap_reached' USING ERRCODE = 'check_violation';
            END IF;
            SELECT starts_on, ends_on INTO term_start, term_end FROM partnership_convention
                WHERE id = NEW.convention_id;
            IF term_start IS NULL OR NEW.activated_on < term_start OR NEW.activated_on > term_end THEN
                RAISE EXCEPTION 'opus_accounts_not_in_force' USING ERRCODE = 'check_violation';
            END IF;
            IF TG_OP = 'UPDATE' AND NEW.activated_on < GREATEST(OLD.suspended_on, OLD.revoked_on) THEN
                RAISE EXCEPTION 'opus_accounts_stale_activation' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        IF NEW.state = 'demande' AND (TG_OP = 'INSERT' OR OLD.state <> 'demande' OR OLD.convention_id <> NEW.convention_id) THEN
            SELECT ends_on INTO term_end FROM partnership_convention WHERE id = NEW.convention_id;
            IF NEW.requested_on > term_end THEN
                RAISE EXCEPTION 'opus_accounts_not_in_force' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER opus_accounts_check_account BEFORE INSERT OR UPDATE ON opus_accounts_opusaccount
    FOR EACH ROW EXECUTE FUNCTION opus_accounts_check_account()
    """,
    """
    CREATE OR REPLACE FUNCTION opus_accounts_check_cap() RETURNS trigger AS $$
    BEGIN
        IF NEW.active_accounts_cap < (SELECT count(*) FROM opus_accounts_opusaccount
                                      WHERE convention_id = NEW.convention_id AND state = 'actif') THEN
            RAISE EXCEPTION 'opus_accounts_cap_below_active' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER opus_accounts_check_cap BEFORE UPDATE OF active_accounts_cap, convention_id
    ON partnership_opusannex FOR EACH ROW EXECUTE FUNCTION opus_accounts_check_cap()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS opus_accounts_check_account ON opus_accounts_opusaccount",
    "DROP FUNCTION IF EXISTS opus_accounts_check_account()",
    "DROP TRIGGER IF EXISTS opus_accounts_check_cap ON partnership_opusannex",
    "DROP FUNCTION IF EXISTS opus_accounts_check_cap()",
]

# SQLite runs one writer at a time: the count inside the write needs no lock.
_ACTIVE = "SELECT count(*) FROM opus_accounts_opusaccount WHERE convention_id = NEW.convention_id AND state = 'actif'"


def _check_activation(others):
    return f"""
    SELECT RAISE(ABORT, 'opus_accounts_no_annex')
        WHERE NOT EXISTS (SELECT 1 FROM partnership_opusannex WHERE convention_id = NEW.convention_id);
    SELECT RAISE(ABORT, 'opus_accounts_cap_reached')
        WHERE ({others})
            >= (SELECT active_accounts_cap FROM partnership_opusannex WHERE convention_id = NEW.convention_id);
    SELECT RAISE(ABORT, 'opus_accounts_not_in_force')
        WHERE NOT EXISTS (SELECT 1 FROM partnership_convention c WHERE c.id = NEW.convention_id
            AND c.starts_on IS NOT NULL AND NEW.activated_on >= c.starts_on
            AND (c.ends_on IS NULL OR NEW.activated_on <= c.ends_on));
    """


_CHECK_REQUEST = """
    SELECT RAISE(ABORT, 'opus_accounts_not_in_force')
        WHERE EXISTS (SELECT 1 FROM partnership_convention c WHERE c.id = NEW.convention_id
            AND c.ends_on IS NOT NULL AND NEW.requested_on > c.ends_on);
"""
SQLITE = [
    f"""CREATE TRIGGER opus_accounts_activation_insert BEFORE INSERT ON opus_accounts_opusaccount
    WHEN NEW.state = 'actif' BEGIN {_check_activation(_ACTIVE)} END""",
    f"""CREATE TRIGGER opus_accounts_activation_update BEFORE UPDATE ON opus_accounts_opusaccount
    WHEN NEW.state = 'actif' AND (OLD.state <> 'actif' OR OLD.convention_id <> NEW.convention_id) BEGIN
    {_check_activation(_ACTIVE + ' AND id <> NEW.id')}
    SELECT RAISE(ABORT, 'opus_accounts_stale_activation')
        WHERE NEW.activated_on < max(coalesce(OLD.suspended_on, ''), coalesce(OLD.revoked_on, ''));
    END""",
    f"""CREATE TRIGGER opus_accounts_request_insert BEFORE INSERT ON opus_accounts_opusaccount
    WHEN NEW.state = 'demande' BEGIN {_CHECK_REQUEST} END""",
    f"""CREATE TRIGGER opus_accounts_request_update BEFORE UPDATE ON opus_accounts_opusaccount
    WHEN NEW.state = 'demande' AND (OLD.state <> 'demande' OR OLD.convention_id <> NEW.convention_id) BEGIN
    {_CHECK_REQUEST} END""",
    f"""CREATE TRIGGER opus_accounts_cap_update BEFORE UPDATE OF active_accounts_cap, convention_id
    ON partnership_opusannex BEGIN
    SELECT RAISE(ABORT, 'opus_accounts_cap_below_active') WHERE NEW.active_accounts_cap < ({_ACTIVE});
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS opus_accounts_activation_insert",
    "DROP TRIGGER IF EXISTS opus_accounts_activation_update",
    "DROP TRIGGER IF EXISTS opus_accounts_request_insert",
    "DROP TRIGGER IF EXISTS opus_accounts_request_update",
    "DROP TRIGGER IF EXISTS opus_accounts_cap_update",
]
STATEMENTS = {"postgresql": (POSTGRESQL, POSTGRESQL_REVERSE), "sqlite": (SQLITE, SQLITE_REVERSE)}


def _run(index):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in STATEMENTS:
            raise NotImplementedError(f"the OPUS cap and term triggers are written for {', '.join(STATEMENTS)}")
        for statement in STATEMENTS[vendor][index]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("opus_accounts", "0002_roles_and_schedule"),
        ("partnership", "0005_convention_terms"),
    ]

    operations = [migrations.RunPython(_run(0), _run(1))]
