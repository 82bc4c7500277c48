"""``innopartner export ocds|eforms``, run as a user runs it: in a subprocess on a data folder
loaded with the six cases (``innopartner demo --no-serve``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite]


def innopartner(*args, data):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env["INNOPARTNER_ENV"] = "dev"
    return subprocess.run(
        [sys.executable, "-m", "innopartner", *args, "--data", str(data)],
        capture_output=True,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("opendata-cli")
    done = innopartner("demo", "--no-serve", data=folder)
    assert done.returncode == 0, done.stderr.decode()
    return folder


def test_export_ocds_writes_a_release_package_and_a_record_package(data, tmp_path, validate_ocds):
    releases = tmp_path / "releases.json"
    done = innopartner("export", "ocds", "--output", str(releases), data=data)
    assert done.returncode == 0, done.stderr.decode()
    package = json.loads(releases.read_text(encoding="utf-8"))
    assert len({r["ocid"] for r in package["releases"]}) >= 6  # the six cases and any demo extras
    result = validate_ocds(package)
    assert result["validation_errors"] == [] and result["additional_closed_codelist_values"] == {}
    done = innopartner("export", "ocds", "--procedure", "ifv", "--packaging", "records", data=data)
    assert done.returncode == 0, done.stderr.decode()
    record = json.loads(done.stdout)["records"][0]
    assert record["compiledRelease"]["tender"]["procurementMethod"] == "selective"


def test_export_eforms_refuses_with_the_missing_fields_and_unknown_procedures(data):
    done = innopartner("export", "eforms", "--procedure", "ifv", "--notice", "cn", data=data)
    assert done.returncode == 1
    assert b"eforms-organisation-data-missing" in done.stderr and b"BT-513" in done.stderr
    assert done.stdout == b""
    done = innopartner("export", "eforms", "--procedure", "nee", "--notice", "can", data=data)
    assert done.returncode == 1 and b"procedure-not-found" in done.stderr
    done = innopartner("export", "ocds", "--procedure", "nee", data=data)
    assert done.returncode == 1 and b"procedure-not-found" in done.stderr
