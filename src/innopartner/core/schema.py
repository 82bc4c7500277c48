"""Whether the database's schema matches the code: the migrations not yet applied."""

from __future__ import annotations


def pending_migrations() -> list[str]:
    """The migrations not yet applied to the database, as ``app.name``, in the order they
    would run."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]
