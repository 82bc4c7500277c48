"""Decision support through the API: the same services and selectors as ``innopartner analyse``,
internal to the buyer (its staff act, auditors read, everyone else is refused), and bad input
is a 400 with the rule code, never a 500."""

import datetime as dt

import pytest

from innopartner.decisions import partners
from innopartner.decisions.models import ProcedureChoiceAssessment
from innopartner.decisions.selectors import procedure_choice_report, tco_report
from innopartner.evaluation.selectors import scoring_report
from innopartner.risks.models import Risk
from innopartner.testing import run_round

from .conftest import assert_problem, url

pytestmark = pytest.mark.django_db

PARTNERS = "/api/v1/analysis/partners/"

ANSWERS = {
    "rd_needed": True,
    "solution_on_market": "none",
    "functional_only": True,
    "purchase_at_scale": True,
    "risk_appetite": "medium",
    "market_appetite": "high",
    "acceptance_issue": False,
    "cofunding": False,
    "means_definable": False,
}

RISK = {
    "title": "Sensor haalt de nauwkeurigheid niet",
    "category": "technical",
    "owner": "partner",
    "probability": "0.3",
    "cost": ["10000", "50000", "150000"],
    "delay": ["0", "30", "90"],
    "mitigations": [
        {"description": "Tweede meetprincipe", "cost": "20000", "probability_after": "0.1"}
    ],
}

OPTION = {
    "name": "Warmtepomp",
    "horizon_years": 25,
    "lines": [
        {"category": "acquisition", "amount": 250000, "year": 0},
        {"category": "energy", "quantity": 40000, "unit_price": 0.3, "from": 1, "to": 25},
    ],
}


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content[:500])
    return response.json()


def outsiders(world):
    return {
        "supplier": world.supplier(world.operators[0]),
        "other_buyer_officer": world.other_buyer_officer,
    }


@pytest.fixture
def opened(world, negotiation):
    """Round 1 tendered by A, B and C (A and B tied), opened and scored."""
    a, b, c = world.operators[:3]
    run_round(world, negotiation, kind="initial", prices={a: 100, b: 100, c: 102}, negotiate=False)
    return negotiation


# Choice of procedure


def test_the_buyer_answers_the_questions_and_the_advice_is_stored(api, world, auditor, draft):
    body = ok(api.post(world.officer, url(draft, "procedure-choice/"), {"answers": ANSWERS}), 201)

    assert body["recommendation"] == "innovation_partnership"
    assert body["reasons"] and isinstance(body["what_would_change"], list)
    stored = ProcedureChoiceAssessment.objects.get(procedure=draft)
    assert body == procedure_choice_report(draft, stored)  # the CLI's --json
    assert ok(api.get(auditor, url(draft, "procedure-choice/"))) == body
    assert draft.audit_records.filter(action="decisions.procedure_choice_assessed").exists()


def test_the_procedure_choice_is_refused_to_all_but_the_buyer(api, world, auditor, published):
    tail = url(published, "procedure-choice/")
    assert_problem(api.get(world.officer, tail), 404, "no-procedure-choice-assessment")
    for person in (*outsiders(world).values(), auditor):
        assert_problem(api.post(person, tail, {"answers": ANSWERS}), 403, "not-buyer-staff")
    for person in outsiders(world).values():
        assert_problem(api.get(person, tail), 403, "analysis-not-allowed")
    assert_problem(api.get(None, tail), 401, "not-authenticated")
    assert_problem(api.post(None, tail, {"answers": ANSWERS}), 401, "not-authenticated")


def test_unanswered_or_unknown_questions_are_a_400_with_the_rule_code(api, world, draft):
    tail = url(draft, "procedure-choice/")
    missing = {k: v for k, v in ANSWERS.items() if k != "cofunding"}
    assert_problem(api.post(world.officer, tail, {"answers": missing}), 400, "answers-missing")
    assert_problem(
        api.post(world.officer, tail, {"answers": {**ANSWERS, "x": 1}}),
        400,
        "answers-unknown-question",
    )
    assert_problem(api.post(world.officer, tail, {"answers": [1]}), 400, "invalid-input")


# Risk register and simulation


def test_the_buyer_records_risks_and_reads_the_register_and_its_simulation(
    api, world, auditor, draft
):
    risk = ok(api.post(world.officer, url(draft, "risks/"), RISK), 201)
    assert risk["number"] == 1 and len(risk["mitigations"]) == 1
    assert risk["cost_max"] == "150000.00"

    register = ok(api.get(auditor, url(draft, "risks/")))
    assert [r["title"] for r in register] == [RISK["title"]]

    params = {"iterations": 2000, "seed": 7}
    first = ok(api.get(world.officer, url(draft, "risks/simulation/"), params))
    again = ok(api.get(auditor, url(draft, "risks/simulation/"), params))
    assert first == again  # reproducible with the seed
    assert first["iterations"] == 2000 and first["seed"] == 7
    before, after = first["cost_overrun"]["before"], first["cost_overrun"]["after"]
    assert before["p95"] >= before["p80"] >= before["p50"] and after["p80"] <= before["p80"]
    assert first["top_drivers"]["cost_overrun"][0]["risk"].startswith("R1 ")
    assert first["mitigation_cost"] == 20000


def test_the_register_is_internal_to_the_buyer(api, world, auditor, published):
    tail = url(published, "risks/")
    for person in (*outsiders(world).values(), auditor):
        assert_problem(api.post(person, tail, RISK), 403, "not-buyer-staff")
    for person in outsiders(world).values():
        assert_problem(api.get(person, tail), 403, "analysis-not-allowed")
        assert_problem(
            api.get(person, url(published, "risks/simulation/")), 403, "analysis-not-allowed"
        )
    for path in (tail, url(published, "risks/simulation/")):
        assert_problem(api.get(None, path), 401, "not-authenticated")
    assert not Risk.objects.exists()


def test_a_draft_is_not_even_found_by_outsiders(api, world, draft):
    for person in outsiders(world).values():
        assert_problem(api.get(person, url(draft, "risks/")), 404, "procedure-not-found")


def test_bad_risks_are_refused_whole_with_the_rule_code(api, world, draft):
    tail = url(draft, "risks/")
    for change, code in (
        ({"category": "weather"}, "risk-category-unknown"),
        ({"probability": "1.5"}, "risk-probability-invalid"),
        ({"cost": ["3", "2", "1"]}, "risk-estimate-unordered"),
        ({"cost": ["-1", "2", "3"]}, "risk-estimate-negative"),
        ({"cost": ["1e20", "1e20", "1e20"]}, "invalid-input"),
        ({"probability": "abc"}, "invalid-input"),
        (
            {"mitigations": [{"description": "Duur", "cost": "1", "probability_after": "0.9"}]},
            "mitigation-raises-risk",
        ),
    ):
        assert_problem(api.post(world.officer, tail, {**RISK, **change}), 400, code)
    assert not Risk.objects.exists()  # a refused mitigation leaves no half risk behind


def test_the_simulation_refuses_bad_iterations(api, world, draft):
    tail = url(draft, "risks/simulation/")
    for params in (
        {"iterations": -5},
        {"iterations": 0},
        {"iterations": 200_001},
        {"iterations": "10" * 40},
        {"iterations": "veel"},
        {"seed": -1},
        {"distribution": "normal"},
    ):
        body = assert_problem(api.get(world.officer, tail, params), 400, "invalid-input")
        assert body["errors"][0]["field"] in params


# Total cost of ownership


def test_the_buyer_records_options_and_reads_the_tco_analysis(api, world, auditor, draft):
    option = ok(api.post(world.officer, url(draft, "tco-options/"), OPTION), 201)
    assert option["name"] == "Warmtepomp" and len(option["lines"]) == 2
    cheap = {**OPTION, "name": "Gasketel", "lines": [{"category": "acquisition", "amount": 1000}]}
    ok(api.post(world.officer, url(draft, "tco-options/"), cheap), 201)

    analysis = ok(api.get(auditor, url(draft, "tco/"), {"rate": 0.03}))
    assert analysis == tco_report(draft, rate=0.03)  # the CLI's --json
    assert analysis["ranking"][0] == "Gasketel" and analysis["horizon_years"] == 25
    assert ok(api.get(world.officer, url(draft, "tco/")))["discount_rate"] > 0


def test_tco_is_internal_to_the_buyer_and_refuses_bad_input(api, world, auditor, published):
    for person in (*outsiders(world).values(), auditor):
        assert_problem(
            api.post(person, url(published, "tco-options/"), OPTION), 403, "not-buyer-staff"
        )
    for person in outsiders(world).values():
        assert_problem(api.get(person, url(published, "tco/")), 403, "analysis-not-allowed")
    assert_problem(api.get(None, url(published, "tco/")), 401, "not-authenticated")

    officer = world.officer
    assert_problem(api.get(officer, url(published, "tco/")), 400, "tco-no-options")
    tail = url(published, "tco-options/")
    for change, code in (
        ({"horizon_years": 0}, "tco-horizon-invalid"),
        ({"lines": [{"category": "luck", "amount": 1}]}, "tco-category-unknown"),
        ({"lines": [{"category": "energy", "amount": -1}]}, "tco-negative-amount"),
        ({"lines": [{"category": "energy"}]}, "tco-line-invalid"),
        ({"lines": [{"category": "energy", "amount": 1e300}]}, "invalid-input"),
        ({"lines": [{"category": "energy", "amount": "veel"}]}, "invalid-input"),
    ):
        assert_problem(api.post(officer, tail, {**OPTION, **change}), 400, code)
    ok(api.post(officer, tail, OPTION), 201)
    assert_problem(api.post(officer, tail, OPTION), 400, "tco-option-exists")
    for rate in ("abc", "-1", "1e400", "nan"):
        assert_problem(api.get(officer, url(published, "tco/"), {"rate": rate}), 400)


# Partners and development budget


def test_partners_is_a_computation_for_any_signed_in_user(api, world):
    params = {"budget": 600000, "max_partners": 4}
    body = ok(api.get(world.supplier(world.operators[0]), PARTNERS, params))

    assert body == partners.compare(budget=600000, max_partners=4)
    assert [r["partners"] for r in body["by_partners"]] == [1, 2, 3, 4]
    assert 1 <= body["best_partners"] <= 4
    assert_problem(api.get(None, PARTNERS, params), 401, "not-authenticated")


def test_partners_refuses_bad_input_with_the_rule_code(api, world):
    officer = world.officer
    for params, code in (
        ({"budget": "veel"}, "invalid-input"),
        ({}, "invalid-input"),
        ({"budget": "1e400"}, "invalid-input"),
        ({"budget": "1e300"}, "invalid-input"),
        ({"budget": -5}, "partners-budget-invalid"),
        ({"budget": "nan"}, "invalid-input"),
        ({"budget": 1000, "max_partners": 0}, "partners-max-partners-invalid"),
        ({"budget": 1000, "max_partners": 10**6}, "partners-max-partners-invalid"),
        ({"budget": 1000, "max_partners": "9" * 40}, "invalid-input"),
        ({"budget": 1000, "p_max": 2}, "partners-p-max-invalid"),
        ({"budget": 1000, "common_cause": 1}, "partners-common-cause-invalid"),
    ):
        assert_problem(api.get(officer, PARTNERS, params), 400, code)


# Ranking and lot drawing


def test_the_ranking_of_an_opened_round_with_its_sensitivity(api, world, auditor, opened):
    for person in (world.officer, auditor):
        body = ok(api.get(person, url(opened, "rounds/1/ranking/")))
        assert body == scoring_report(opened, round_number=1)  # the CLI's --json
    assert [row["rank"] for row in body["ranking"]] == [1, 1, 3]
    assert "sensitivity" in body and body["method"]["tie_break_rule"] == "quality_price_lot"


def test_the_ranking_is_refused_to_outsiders_and_before_the_opening(api, world, auditor, opened):
    tail = url(opened, "rounds/1/ranking/")
    for person in (*outsiders(world).values(), world.evaluator):
        assert_problem(api.get(person, tail), 403, "analysis-not-allowed")
    assert_problem(api.get(None, tail), 401, "not-authenticated")
    assert_problem(api.get(world.officer, url(opened, "rounds/9/ranking/")), 404, "round-not-found")
    assert_problem(api.get(world.officer, url(opened, "rounds/x/ranking/")), 404, "round-not-found")


def test_no_ranking_before_the_opening(api, world, negotiation):
    from innopartner.tendering import services as tendering

    tendering.round_open(
        procedure=negotiation,
        kind="initial",
        deadline=world.now + dt.timedelta(days=14),
        now=world.now,
        actor=world.officer,
    )
    tail = url(negotiation, "rounds/1/ranking/")
    assert_problem(api.get(world.officer, tail), 409, "round-not-opened")


def test_the_buyer_draws_lots_once_with_a_witness(api, world, auditor, opened):
    tail = url(opened, "rounds/1/lot-drawing/")
    for person in (*outsiders(world).values(), auditor):
        assert_problem(api.post(person, tail, {"witness": "X"}), 403, "not-buyer-staff")
    assert_problem(api.post(None, tail, {"witness": "X"}), 401, "not-authenticated")
    assert_problem(api.post(world.officer, tail, {"witness": " "}), 400)
    assert_problem(api.post(world.officer, tail, {}), 400, "invalid-input")

    drawing = ok(api.post(world.officer, tail, {"witness": "J. de Vries"}), 201)
    assert drawing["round"] == 1 and len(drawing["order"]) == 2
    ranks = [r["rank"] for r in ok(api.get(auditor, url(opened, "rounds/1/ranking/")))["ranking"]]
    assert ranks == [1, 2, 3]
    assert_problem(api.post(world.officer, tail, {"witness": "Y"}), 409, "lot-already-drawn")
