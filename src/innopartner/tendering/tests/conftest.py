import pytest

from innopartner.sealing.testing import isolated_store  # noqa: F401


@pytest.fixture(autouse=True)
def _own_store(isolated_store):  # noqa: F811
    return isolated_store
