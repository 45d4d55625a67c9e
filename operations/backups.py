"""One consistent backup of the installation, and its restoration into an empty one.

A backup is a folder ``backup-YYYYMMDD-HHMMSS`` holding the database (PostgreSQL: ``pg_dump``'s
custom format; SQLite: a copy made with SQLite's backup API), the stored documents under
``documents/``, and ``manifest.json``: when, which version of the application, the row count of
every table and the SHA-256 of every document, all read in the same snapshot as the dump (a
repeatable-read transaction whose snapshot ``pg_dump`` shares; SQLite's counts are read from the
copy itself). Documents are copied after the snapshot: every file the dump refers to is there.

A restoration refuses a database that has any table or a storage that holds any file, then
checks the counts and checksums of the manifest against what it restored.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import connections
from django.utils import timezone

from documents.storage import storage

MANIFEST = "manifest.json"
DOCUMENTS = "documents"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restoration that cannot be made; its message is French, for the operator."""


def create(target, *, using="default", now=None):
    """Write one backup under the folder `target`; returns its folder."""
    now = now or timezone.now()
    folder = Path(target) / f"backup-{now.astimezone(datetime.UTC):%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True)
    connection = connections[using]
    database = folder / DATABASE_FILES[connection.vendor]
    tables = (
        _dump_postgresql(connection, database)
        if connection.vendor == "postgresql"
        else _copy_sqlite(connection, database)
    )
    manifest = {
        "format": 1,
        "created_at": now.isoformat(),
        "version": version(),
        "database": {"vendor": connection.vendor, "file": database.name, "sha256": _sha256_of_path(database)},
        "tables": tables,
        "documents": _copy_documents(folder / DOCUMENTS),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return folder


def prune(target, keep_days, *, now=None):
    """Delete the backups under `target` older than `keep_days`; returns the folders deleted."""
    limit = (now or timezone.now()) - datetime.timedelta(days=keep_days)
    deleted = []
    for folder in sorted(Path(target).glob("backup-*")):
        try:
            taken = datetime.datetime.strptime(folder.name, "backup-%Y%m%d-%H%M%S").replace(tzinfo=datetime.UTC)
        except ValueError:
            continue  # not one of ours
        if taken < limit:
            shutil.rmtree(folder)
            deleted.append(folder)
    return deleted


def version():
    """The application's version: APP_VERSION if set, else the git commit it runs from, else ""."""
    if settings.APP_VERSION:
        return settings.APP_VERSION
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return found.stdout.strip() if found.returncode == 0 else ""


def restore(folder, *, using="default"):
    """Restore the backup in `folder` into the empty database `using` and the empty documents'
    storage, then check it against its manifest. Returns the manifest."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"Pas de sauvegarde lisible dans {folder} : {error}") from error
    connection = connections[using]
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(
            f"Cette sauvegarde est celle d'une base {manifest['database']['vendor']}, "
            f"la base à restaurer est {connection.vendor}."
        )
    database = folder / manifest["database"]["file"]
    if _sha256_of_path(database) != manifest["database"]["sha256"]:
        raise BackupError(f"Le fichier {database.name} ne correspond pas au manifeste : sauvegarde altérée.")
    if tables := connection.introspection.table_names():
        raise BackupError(f"La base de données n'est pas vide ({len(tables)} tables) : restaurez dans une base vide.")
    if stored := next(_stored_files(), None):
        raise BackupError(f"Le stockage des documents n'est pas vide ({stored}) : restaurez dans un stockage vide.")
    if connection.vendor == "postgresql":
        _restore_postgresql(connection, database)
    else:
        _restore_sqlite(connection, database)
    _restore_documents(folder / DOCUMENTS, manifest["documents"])
    differences = verify(manifest, using=using)
    if differences:
        raise BackupError("La restauration ne correspond pas au manifeste :\n" + "\n".join(differences))
    return manifest


def verify(manifest, *, using="default"):
    """What differs between the manifest and the database and storage: [] when they agree."""
    connection = connections[using]
    with connection.cursor() as cursor:
        found = _counts(connection, cursor)
    differences = [
        f"table {table} : {manifest['tables'].get(table)} lignes attendues, {found.get(table)} trouvées"
        for table in sorted(manifest["tables"].keys() | found.keys())
        if manifest["tables"].get(table) != found.get(table)
    ]
    files = storage()
    for name, expected in sorted(manifest["documents"].items()):
        with files.open(name) as stored:
            if _sha256(stored) != expected["sha256"]:
                differences.append(f"document {name} : empreinte différente")
    return differences


def _counts(connection, cursor):
    quote = connection.ops.quote_name
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _dump_postgresql(connection, path):
    """pg_dump in the snapshot the row counts are read in: both see the same database."""
    raw = connection.get_new_connection(connection.get_connection_params())
    try:
        raw.autocommit = True
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _counts(connection, cursor)
        _run_postgresql(connection, "pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}")
        cursor.execute("COMMIT")
    finally:
        raw.close()
    return counts


def _restore_postgresql(connection, path):
    _run_postgresql(
        connection, "pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", str(path)
    )


def _run_postgresql(connection, program, *args):
    """Run pg_dump or pg_restore on the database of `connection` (its password through the environment)."""
    params = connection.settings_dict
    command = [program, f"--dbname={params['NAME']}", *args]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            command.append(f"{option}={params[key]}")
    env = {**os.environ, **({"PGPASSWORD": params["PASSWORD"]} if params.get("PASSWORD") else {})}
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise BackupError(f"{program} est introuvable : installez le client PostgreSQL.") from error
    if done.returncode != 0:
        raise BackupError(f"{program} a échoué : {done.stderr.strip()[:2000]}")


def _copy_sqlite(connection, path):
    """SQLite's backup API copies a consistent database, however busy; the counts are the copy's."""
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        return _counts(connection, copy.cursor())
    finally:
        copy.close()


def _restore_sqlite(connection, path):
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _stored_files(prefix=""):
    """The name of every file in the documents' storage (a folder or an object store alike)."""
    try:
        folders, names = storage().listdir(prefix)
    except FileNotFoundError:  # a storage folder not made yet holds nothing
        return
    for name in names:
        yield f"{prefix}{name}"
    for folder in folders:
        yield from _stored_files(f"{prefix}{folder}/")


def _copy_documents(target):
    files = storage()
    found = {}
    for name in _stored_files():
        copy = target / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with files.open(name) as stored, copy.open("wb") as out:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        found[name] = {"sha256": digest.hexdigest(), "size": copy.stat().st_size}
    return found


def _restore_documents(source, documents):
    files = storage()
    for name in sorted(documents):
        with (source / name).open("rb") as copy:
            saved = files.save(name, File(copy, name=name))
        if saved != name:
            raise BackupError(f"Le document {name} a été enregistré sous un autre nom ({saved}).")


def _sha256(stream):
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _sha256_of_path(path):
    with Path(path).open("rb") as stream:
        return _sha256(stream)
