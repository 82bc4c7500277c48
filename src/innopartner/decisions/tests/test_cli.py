"""``innopartner analyse procedure-choice|tco|partners`` on the demo data: the JSON keys are the
contract, and --charts writes the files."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite]


def innopartner(*args, data=None):
    """As a user runs it: dev settings, not the test settings of this pytest process."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env["INNOPARTNER_ENV"] = "dev"
    command = [sys.executable, "-m", "innopartner", *args]
    if data:
        command += ["--data", str(data)]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo")
    result = innopartner("demo", "--no-serve", data=data)
    assert result.returncode == 0, result.stderr
    return data


@pytest.mark.parametrize(
    ("slug", "recommendation"),
    [("gvb", "competitive_negotiation"), ("charm", "pcp"), ("ifv", "innovation_partnership")],
)
def test_procedure_choice_prints_the_advice_its_reasons_and_what_would_change_it(
    demo_data, slug, recommendation
):
    result = innopartner("analyse", "procedure-choice", "--procedure", slug, "--json",
                         data=demo_data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["recommendation"] == recommendation and data["matches_procedure_type"] is True
    assert data["reasons"] and all(isinstance(r, str) for r in data["reasons"])
    assert {"question", "answer", "changed_to", "recommendation"} <= set(
        data["what_would_change"][0]
    )


def test_tco_of_hof_van_twente_over_25_years_with_charts(demo_data, tmp_path):
    charts = tmp_path / "charts"
    result = innopartner("analyse", "tco", "--procedure", "hof-van-twente", "--json",
                         "--charts", str(charts), data=demo_data)  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["discount_rate"] == 0.0225 and data["horizon_years"] == 25
    assert {"ranking", "cheapest", "break_even", "sensitivity", "options"} <= set(data)
    assert {"npv", "equivalent_annual_cost", "npv_by_category"} <= set(data["options"][0])
    assert data["cheapest"] == "Klimaatneutraal all-electric"
    assert data["break_even"][0]["year"] == 20
    assert all(Path(p).is_file() and Path(p).parent == charts for p in data["charts"])
    assert len(data["charts"]) == 3


def test_tco_of_gvb_compares_three_options_and_a_unknown_procedure_is_refused(demo_data):
    data = json.loads(innopartner("analyse", "tco", "--procedure", "gvb", "--json",
                                  data=demo_data).stdout)  # fmt: skip
    assert len(data["options"]) == 3 and all(o["assumed"] for o in data["options"])
    missing = innopartner("analyse", "tco", "--procedure", "nope", data=demo_data)
    assert missing.returncode == 1 and "procedure-not-found" in missing.stderr


def test_partners_finds_the_best_number_and_writes_its_chart(tmp_path):
    result = innopartner("analyse", "partners", "--budget", "500000", "--json",
                         "--charts", str(tmp_path))  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["best_partners"] == 2 and len(data["by_partners"]) == 6
    assert {"chance_at_least_one", "expected_working", "expected_cost_per_working"} <= set(
        data["by_partners"][0]
    )
    assert (tmp_path / "partners.svg").is_file()
