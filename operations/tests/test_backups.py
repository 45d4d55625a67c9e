"""A backup of the demo restores into a fresh database and storage, on SQLite and PostgreSQL:
every table's row count and every document's checksum are the same. The restoration runs as an
operator runs it, `manage.py restore` in another process pointed at the empty database."""

import datetime
import hashlib
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from operations import backups

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    from django.apps import apps

    from partnership.permissions import sync_roles

    sync_roles(apps)  # transactional tests start from flushed tables
    call_command("load_demo", stdout=open(os.devnull, "w"))


def live_counts():
    with connection.cursor() as cursor:
        return backups._counts(connection, cursor)


def checksums(folder):
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in Path(folder).rglob("*")
        if path.is_file()
    }


def restore_elsewhere(folder, database_url, documents_root):
    """`manage.py restore` as an operator runs it, with the new machine's variables."""
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "DOCUMENTS_ROOT": str(documents_root),
        "EMAIL_URL": "dummymail://",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def backed_up(tmp_path, settings):
    before = live_counts()
    documents = checksums(settings.STORAGES["documents"]["OPTIONS"]["location"])
    call_command("backup", output=tmp_path / "backups", stdout=open(os.devnull, "w"))
    (folder,) = (tmp_path / "backups").glob("backup-*")
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"] == before
    assert {name: entry["sha256"] for name, entry in manifest["documents"].items()} == documents
    assert documents and sum(before.values()) > 1000  # the demo, with its placeholder PDFs
    return folder, manifest


def assert_restored(result, manifest, counts, documents_root):
    assert result.returncode == 0, result.stderr
    assert "conformes au manifeste" in result.stdout
    assert counts == manifest["tables"]
    restored = checksums(documents_root)
    assert restored == {name: entry["sha256"] for name, entry in manifest["documents"].items()}


def test_the_demo_backed_up_restores_into_a_fresh_sqlite_database(demo, tmp_path, settings):
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL round trip is the next test")
    folder, manifest = backed_up(tmp_path, settings)
    assert manifest["database"]["file"] == "database.sqlite3"
    target = tmp_path / "restored.sqlite3"
    result = restore_elsewhere(folder, f"sqlite:///{target}", tmp_path / "restored-documents")
    with sqlite3.connect(target) as restored:
        counts = {
            table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for (table,) in restored.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'sqlite_sequence'"
            )
        }
    assert_restored(result, manifest, counts, tmp_path / "restored-documents")


@pytest.mark.postgres
def test_the_demo_backed_up_restores_into_a_fresh_postgresql_database(demo, tmp_path, settings):
    import psycopg2

    folder, manifest = backed_up(tmp_path, settings)
    assert manifest["database"]["file"] == "database.dump"
    params = connection.settings_dict
    server = {
        "host": params["HOST"],
        "port": params["PORT"] or 5432,
        "user": params["USER"],
        "password": params["PASSWORD"],
    }
    name = f"{params['NAME']}_restored"
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{server['user']}:{server['password']}@{server['host']}:{server['port']}/{name}"
        result = restore_elsewhere(folder, url, tmp_path / "restored-documents")
        restored = psycopg2.connect(dbname=name, **server)
        with restored.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            tables = [table for (table,) in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
        restored.close()
        assert_restored(result, manifest, counts, tmp_path / "restored-documents")
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def test_the_manifest_says_when_and_which_version(demo, tmp_path, settings):
    settings.APP_VERSION = "2026.12"
    folder = backups.create(tmp_path, now=datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC))
    assert folder.name == "backup-20261201-030000"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["created_at"] == "2026-12-01T03:00:00+00:00"
    assert manifest["version"] == "2026.12"
    assert manifest["database"]["vendor"] == connection.vendor
    for entry in manifest["documents"].values():
        assert len(entry["sha256"]) == 64 and entry["size"] > 0


def test_a_restoration_refuses_a_database_or_a_storage_not_empty(demo, tmp_path, settings):
    folder = backups.create(tmp_path)
    with pytest.raises(CommandError, match="La base de données n'est pas vide"):
        call_command("restore", str(folder))
    with pytest.raises(CommandError, match="Pas de sauvegarde lisible"):
        call_command("restore", str(tmp_path / "nothing-here"))


def test_a_tampered_backup_is_refused(demo, tmp_path):
    folder = backups.create(tmp_path)
    database = next(path for path in folder.iterdir() if path.name.startswith("database."))
    with database.open("ab") as tampered:
        tampered.write(b"x")
    with pytest.raises(backups.BackupError, match="sauvegarde altérée"):
        backups.restore(folder)


def test_old_backups_are_deleted_after_the_retention(tmp_path, settings):
    now = datetime.datetime(2026, 12, 1, 3, 0, tzinfo=datetime.UTC)
    for days in (0, 29, 31, 90):
        (tmp_path / f"backup-{now - datetime.timedelta(days=days):%Y%m%d-%H%M%S}").mkdir()
    (tmp_path / "backup-notes").mkdir()
    deleted = backups.prune(tmp_path, 30, now=now)
    assert sorted(path.name for path in deleted) == ["backup-20260902-030000", "backup-20261031-030000"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "backup-20261102-030000",
        "backup-20261201-030000",
        "backup-notes",
    ]
