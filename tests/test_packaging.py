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


def _pins(lock: str) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes) of a uv/pip-compile lock file."""
    pins: dict[str, tuple[str, frozenset[str]]] = {}
    name = None
    for line in (ROOT / lock).read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            requirement = line.split(" ")[0]
            name = canonicalize_name(requirement.split("==")[0].split("[")[0])
            pins[name] = (requirement.split("==")[1], frozenset())
        elif "--hash=" in line and name:
            version, hashes = pins[name]
            pins[name] = (version, hashes | {line.split("--hash=")[1].split()[0]})
    return pins


def test_every_runtime_dependency_is_pinned_with_hashes_in_the_lock():
    pinned = _pins("requirements.lock")
    assert _requirements_in() <= set(pinned)
    assert all(hashes for _version, hashes in pinned.values())


def test_the_runtime_lock_is_the_runtime_part_of_the_tested_lock():
    """Production installs requirements-runtime.lock (no test tools): every package in it has
    exactly the version and hashes the tests ran with, and every runtime dependency is in it."""
    runtime, tested = _pins("requirements-runtime.lock"), _pins("requirements.lock")
    assert _requirements_in() <= set(runtime)
    different = {n: pin for n, pin in runtime.items() if tested.get(n) != pin}
    assert not different, different
    assert not {"pytest", "ruff", "playwright", "schemathesis", "bandit"} & set(runtime)
