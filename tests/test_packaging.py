"""The package's own dependency list (pyproject.toml, what `pip install .` pulls in) names
the same runtime dependencies as requirements.in (from which requirements.lock is compiled),
and every one of them is pinned in the lock: an installation without the lock is not missing a
library the code imports."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def _names(lines) -> set[str]:
    return {canonicalize_name(Requirement(line).name) for line in lines}


def _requirements_in() -> set[str]:
    lines = (ROOT / "requirements.in").read_text().splitlines()
    return _names(line for line in lines if line.strip() and not line.startswith(("#", "-")))


def test_pyproject_lists_the_runtime_dependencies_of_requirements_in():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert _names(pyproject["project"]["dependencies"]) == _requirements_in()


def test_every_runtime_dependency_is_pinned_with_hashes_in_the_lock():
    pinned = set()
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            pinned.add(canonicalize_name(line.split("==")[0].split("[")[0]))
    assert _requirements_in() <= pinned
