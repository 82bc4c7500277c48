from __future__ import annotations

import pytest

from innopartner.testing import draft_procedure, make_world


@pytest.fixture
def world(db):
    return make_world(operators=3)


@pytest.fixture
def procedure(world):
    return draft_procedure(world)
