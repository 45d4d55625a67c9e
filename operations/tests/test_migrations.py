"""Upgrades without surprises: a database holding the demo, taken back to each app's first
migration, migrates forward to the head and passes the system checks with its data whole; and
no data migration reads the current models (only the historical ones, `apps.get_model`)."""

import ast
import os
from pathlib import Path

import pytest
from django.apps import apps as global_apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from operations.tests.test_backups import live_counts

PROJECT_APPS = [config for config in global_apps.get_app_configs() if Path(config.path).parent == settings.BASE_DIR]


# Rows the migrations make themselves (the schedules of the jobs, permissions and their content
# types), which a transactional test's flush took away before.
MADE_BY_MIGRATIONS = ("auth_permission", "django_content_type", "django_celery_beat_")


def first_migrations():
    """(app, its first migration) of each app of the project with more than one migration, the
    apps others depend on last (going back to their first migration takes back the most)."""
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    labels = {config.label for config in PROJECT_APPS}
    firsts = [
        node for node in graph.root_nodes() if node[0] in labels and sum(n[0] == node[0] for n in graph.nodes) > 1
    ]
    return sorted(firsts, key=lambda node: len(graph.backwards_plan(node)))


@pytest.mark.django_db(transaction=True)
def test_the_demo_migrates_from_each_apps_first_migration_to_the_head(settings):
    """For each app, `migrate <app> <first>` with the demo's data (which takes back every
    migration that depends on the app's later ones), then `migrate`: the rows of every table the
    first state kept come through, and the system checks pass."""
    from partnership.permissions import sync_roles

    sync_roles(global_apps)
    call_command("load_demo", stdout=open(os.devnull, "w"))
    settings.EMAIL_URL_SET = True  # as production has it
    targets = first_migrations()
    assert {app for app, _ in targets} >= {"partnership", "opus_accounts", "relais", "reminders", "privacy"}
    assert targets[-1] == ("partnership", "0001_initial")
    lost = {}
    for target in targets:
        before = live_counts()
        MigrationExecutor(connection).migrate([target])
        kept = {table for table in set(live_counts()) & set(before) if not table.startswith(MADE_BY_MIGRATIONS)}
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        assert not MigrationExecutor(connection).migration_plan(executor.loader.graph.leaf_nodes())
        call_command("check", stdout=open(os.devnull, "w"))
        after = live_counts()
        assert set(after) == set(before), target
        lost.update({(target, table): (before[table], after[table]) for table in kept if before[table] != after[table]})
    assert lost == {}


def _imports(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, [alias.name for alias in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []


def test_no_data_migration_imports_the_current_models():
    packages = {config.name for config in PROJECT_APPS}
    offenders = []
    for config in PROJECT_APPS:
        for path in sorted(Path(config.path, "migrations").glob("[0-9]*.py")):
            source = path.read_text()
            if "RunPython" not in source:
                continue
            for module, names in _imports(ast.parse(source)):
                parts = module.split(".")
                if parts[0] in packages and ("models" in parts or "models" in names):
                    offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {module}")
    assert offenders == []
