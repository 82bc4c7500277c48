"""The public ids of the records of the documents (migrations 0003-0005): rows that existed
before get each their own UUID, and the migration goes back and forth."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from innopartner.procedures import services
from innopartner.testing import draft_procedure, make_world

BEFORE = [("procedures", "0002_procedure_scoring_declaration")]
TABLES = {
    "marketconsultationentry": 1,
    "requirement": 2,
    "selectioncriterion": 1,
    "awardcriterion": 2,
    "performancelevel": 1,
    "purchaseitem": 1,
}


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_existing_rows_get_distinct_public_ids_and_the_migration_reverses():
    world = make_world()
    for _ in range(2):
        services.consultation_record(
            procedure=draft_procedure(world),
            kind="demo",
            held_on=dt.date(2024, 1, 10),
            learned="Het kan.",
            now=world.now,
            actor=world.officer,
        )
    try:
        old = _migrate(BEFORE)  # back: the columns are dropped, the rows stay
        assert "public_id" not in {
            f.name for f in old.get_model("procedures", "requirement")._meta.get_fields()
        }
        latest = _migrate(_leaves())
        for name, per_procedure in TABLES.items():
            ids = list(latest.get_model("procedures", name).objects.values_list("public_id"))
            assert len(ids) == 2 * per_procedure, name
            assert None not in ids and len(set(ids)) == len(ids), name
    finally:
        _migrate(_leaves())


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
