"""``innopartner analyse risks`` and ``analyse scoring`` as a user runs them, on a demo
database with the six cases (one slow set-up for the module)."""

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
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    data = tmp_path_factory.mktemp("demo")
    done = innopartner("demo", "--no-serve", data=data)
    assert done.returncode == 0, done.stderr
    return data


def test_analyse_risks_prints_percentiles_before_and_after_and_the_top_drivers(demo, tmp_path):
    args = ("analyse", "risks", "--procedure", "gvb", "--iterations", "20000", "--seed", "7")
    done = innopartner(*args, "--json", "--charts", str(tmp_path), data=demo)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    for key in ("p50", "p80", "p95"):
        assert result[key]["cost_overrun"] > 0 and result[key]["delay"] > 0
    assert result["p50"]["cost_overrun"] <= result["p80"]["cost_overrun"]
    assert result["p80"]["cost_overrun"] <= result["p95"]["cost_overrun"]
    after = result["cost_overrun"]["after"]
    assert after["p80"] < result["cost_overrun"]["before"]["p80"]
    assert result["top_drivers"]["cost_overrun"][0]["risk"].startswith("R1 De innovatie")
    assert sum(map(sum, result["heat_map"]["before"])) == 5
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "risks-distribution.svg",
        "risks-heatmap.svg",
        "risks-tornado.svg",
    ]
    again = json.loads(innopartner(*args, "--json", data=demo).stdout)
    assert again["p80"] == result["p80"]  # the same seed gives the same figures


def test_analyse_scoring_prints_the_ranking_with_points_method_and_sensitivity(demo):
    done = innopartner("analyse", "scoring", "--procedure", "gvb", "--json", data=demo)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["method"]["scoring_method"] == "weighted_sum"
    assert result["method"]["tie_break_rule"] == "quality_price_lot"
    assert [row["rank"] for row in result["ranking"]] == [1, 2, 3, 4]
    assert "Prijs" in result["ranking"][0]["points"]
    smallest = result["sensitivity"]["smallest"]
    assert smallest["kind"] in ("score", "weight") and smallest["description"]


def test_an_unknown_procedure_is_named(demo):
    done = innopartner("analyse", "scoring", "--procedure", "bestaat-niet", data=demo)
    assert done.returncode == 1 and "procedure-not-found" in done.stderr
