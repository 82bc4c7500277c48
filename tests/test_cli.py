"""The innopartner command, run as a user runs it: in a subprocess."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.own_sqlite  # each command runs on its own SQLite folder

CASES = Path(__file__).resolve().parents[1] / "src" / "innopartner" / "scenarios" / "cases"


def innopartner(*args, data=None, timeout=300):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env["INNOPARTNER_ENV"] = "dev"
    if data:
        env["INNOPARTNER_DATA"] = str(data)
    return subprocess.run(
        [sys.executable, "-m", "innopartner", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


@pytest.mark.slow
def test_cases_run_json_gives_the_six_cases_with_type_final_state_and_funnel():
    done = innopartner("cases", "run", "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert [r["case"] for r in results] == [
        "ifv",
        "hof-van-twente",
        "gvb",
        "almere",
        "rivierenland",
        "charm",
    ]
    types = {r["case"]: r["procedure_type"] for r in results}
    assert types == {
        "ifv": "innovation_partnership",
        "hof-van-twente": "innovation_partnership",
        "gvb": "competitive_negotiation",
        "almere": "innovation_partnership",
        "rivierenland": "innovation_partnership",
        "charm": "pcp",
    }
    for result in results:
        assert result["final_state"] and result["ok"]
        assert all(set(step) == {"stage", "count"} for step in result["funnel"])
    ifv = next(r for r in results if r["case"] == "ifv")
    assert [
        s["count"]
        for s in ifv["funnel"]
        if s["stage"] in ("interested", "requests", "awarded", "purchase")
    ] == [8, 4, 2, 1]


def test_a_scenario_that_breaks_a_rule_stops_at_that_step_with_the_rule_code_and_message(tmp_path):
    text = (CASES / "ifv.yaml").read_text(encoding="utf-8")
    # The notice now leaves only 20 days for requests.
    broken = text.replace(
        "    requests_deadline: 2018-03-05 12:00\n    channel: tenderned",
        "    requests_deadline: 2018-02-21 12:00\n    channel: tenderned",
    )
    assert broken != text
    path = tmp_path / "te-kort.yaml"
    path.write_text(broken, encoding="utf-8")
    done = innopartner("cases", "run", "--file", str(path))
    assert done.returncode == 1
    assert "publish_notice" in done.stderr and "request-time-limit-too-short" in done.stderr
    assert "30" in done.stderr and "Art. 31(1)" in done.stderr
    # The step's number in the file: the third publish_notice (after two rehearsed refusals).
    steps = yaml.safe_load(text)["steps"]
    number = [i for i, s in enumerate(steps, start=1) if s["do"] == "publish_notice"][2]
    assert f"stap {number} (publish_notice)" in done.stderr


def test_an_unknown_step_is_named(tmp_path):
    path = tmp_path / "onbekend.yaml"
    path.write_text(
        "case: x\ntitle: X\nprocedure_type: innovation_partnership\n"
        "organisations: {buyers: [{key: b, name: Gemeente X, type: municipality}]}\n"
        "people: [{username: b-inkoper, organisation: b, role: procurement_officer}]\n"
        "steps:\n  - {do: create, at: 2020-01-01, buyers: [{organisation: b, lead: true}]}\n"
        "  - {do: toveren, at: 2020-01-02}\n",
        encoding="utf-8",
    )
    done = innopartner("cases", "run", "--file", str(path), "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)[0]
    assert result["error"]["code"] == "scenario-unknown-step" and result["error"]["step"] == 2
    assert result["final_state"] == "preparation"


def test_a_file_that_is_not_a_scenario_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("case: [unclosed", encoding="utf-8")
    done = innopartner("cases", "run", "--file", str(path))
    assert done.returncode == 2 and "scenario-invalid" in done.stderr
    done = innopartner("cases", "run", "--file", str(tmp_path / "bestaat-niet.yaml"))
    assert done.returncode == 2 and "scenario-not-found" in done.stderr


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    """One demo data folder for the demo tests: loading the six cases is the slow part."""
    folder = tmp_path_factory.mktemp("demo")
    done = innopartner("demo", "--no-serve", "--data", str(folder))
    return folder, done


@pytest.mark.slow
def test_demo_loads_the_cases_and_accounts_into_the_data_folder_and_commands_find_a_case_by_slug(
    demo_data,
):
    tmp_path, done = demo_data
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "innopartner.sqlite3").exists()
    assert "demo.example.org" not in done.stdout  # the loading's mails are not printed
    for account in (
        "demo-officer",
        "demo-evaluator",
        "demo-supplier-a",
        "demo-supplier-b",
        "demo-auditor",
    ):
        assert account in done.stdout
    again = innopartner("demo", "--no-serve", "--data", str(tmp_path))
    assert again.returncode == 0 and "al geladen" in again.stdout
    shown = innopartner("procedure", "show", "ifv", "--json", "--data", str(tmp_path))
    assert shown.returncode == 0, shown.stderr
    procedure = json.loads(shown.stdout)
    assert procedure["stage"] == "purchase" and procedure["audit_records"] > 50
    by_id = innopartner("procedure", "show", procedure["id"], "--data", str(tmp_path))
    assert by_id.returncode == 0 and "Instituut Fysieke Veiligheid (penvoerder)" in by_id.stdout
    trail = json.loads(
        innopartner("audit", "trail", "gvb", "--json", "--data", str(tmp_path)).stdout
    )
    assert trail[0]["action"] == "procedure.created" and all(r["actor"] for r in trail)
    missing = innopartner("procedure", "show", "bestaat-niet", "--data", str(tmp_path))
    assert missing.returncode == 1 and "procedure-not-found" in missing.stderr


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_demo_serves_the_application_on_127_0_0_1(demo_data):
    tmp_path, _ = demo_data  # already loaded: the demo starts serving at once
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env["INNOPARTNER_ENV"] = "dev"
    env.pop("INNOPARTNER_DEBUG", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "innopartner", "demo", "--port", str(port), "--data", str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/admin/login/", timeout=5
                ) as response:
                    assert response.status == 200
                    assert b"password" in response.read()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.5)
        # Debug pages are off in the demo: an unknown address is the friendly 404, without
        # Django's technical page (the URL list).
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bestaat-niet/", timeout=10)
        assert missing.value.code == 404
        page = missing.value.read().decode()
        assert "Niet gevonden" in page and "URLconf" not in page
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert "AXES: BEGIN" not in output  # no start-up banner of django-axes


def test_a_command_on_a_database_without_tables_says_to_migrate_first(tmp_path):
    done = innopartner("organisation", "list", data=tmp_path / "nieuw")
    assert done.returncode == 1
    assert done.stderr.startswith("FOUT database-not-migrated: ")
    assert "innopartner manage migrate" in done.stderr and "Traceback" not in done.stderr
