"""Suite-wide pytest hooks.

Tests marked ``own_sqlite`` run the ``innopartner`` command in a subprocess on a SQLite data
folder of their own (they drop ``DATABASE_URL``): the database under test plays no part. CI
runs the suite twice, on SQLite and on PostgreSQL; the PostgreSQL pass leaves these out (they
ran, identically, in the SQLite pass) and says so in its header.
"""

from __future__ import annotations

import os

import pytest


def _on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _on_postgresql():
        return
    kept, left_out = [], []
    for item in items:
        (left_out if item.get_closest_marker("own_sqlite") else kept).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str | None:
    if _on_postgresql():
        return (
            "PostgreSQL pass: tests marked own_sqlite (subprocesses on their own SQLite folder) "
            "are left out; they run in the SQLite pass"
        )
    return None
