"""A pytest fixture for tests that look into the file store: a store of their own."""

from __future__ import annotations

import pytest


@pytest.fixture
def isolated_store(settings, tmp_path):
    """Each test its own empty STORE_DIR, so that files of other tests (whose rows were rolled
    back) do not look like orphans."""
    settings.STORE_DIR = tmp_path / "store"
    return settings.STORE_DIR
