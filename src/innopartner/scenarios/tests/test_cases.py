"""The six cases of the publication run end to end, with the publication's own numbers."""

from decimal import Decimal

import pytest

from innopartner.scenarios.format import CASE_SLUGS, CASES_DIR, load_scenario
from innopartner.scenarios.runner import run_scenario

pytestmark = pytest.mark.django_db


def run(slug):
    result = run_scenario(load_scenario(CASES_DIR / f"{slug}.yaml"))
    assert result.ok, result.failure
    return result


def counts(result):
    return {step["stage"]: step["count"] for step in result.funnel}


@pytest.mark.parametrize("slug", CASE_SLUGS)
def test_each_case_ends_in_its_expected_state_with_its_expected_funnel(slug):
    scenario = load_scenario(CASES_DIR / f"{slug}.yaml")
    assert scenario.assumed, "a case says what it assumed where the publication is silent"
    result = run(slug)
    assert result.final_state == scenario.expect["final_state"]
    assert result.funnel == [
        {"stage": s["stage"], "count": s["count"]} for s in scenario.expect["funnel"]
    ]


def test_ifv_funnel_is_eight_four_two_one():
    result = run("ifv")
    c = counts(result)
    assert (
        c["interested"],
        c["requests"],
        c["awarded"],
        c["phase_1"],
        c["phase_2"],
        c["purchase"],
    ) == (8, 4, 2, 2, 1, 1)
    assert result.procedure_type == "innovation_partnership" and result.final_state == "purchase"


def test_hof_van_twente_twelve_applications_three_selected_one_consortium_eight_million_25_years():
    result = run("hof-van-twente")
    c = counts(result)
    assert (c["requests"], c["invited"], c["awarded"]) == (12, 3, 1)
    procedure = result.procedure
    assert procedure.purchase_max_cost == Decimal("8000000")
    assert procedure.agreement.duration_years == 25
    winner = procedure.award_decision.lines.get(awarded=True).operator
    assert winner.kind == "consortium" and winner.member_links.count() == 3


def test_gvb_chooses_the_competitive_procedure_with_negotiation_and_says_why():
    result = run("gvb")
    procedure = result.procedure
    assert result.procedure_type == "competitive_negotiation"
    assert procedure.procedure_choice_reasons.strip()
    assert "innovation_partnership" in procedure.alternatives_considered
    assert not procedure.phase_plans.exists()


def test_almere_three_buyers_buy_and_the_partnership_could_end_early():
    result = run("almere")
    procedure = result.procedure
    assert procedure.buyers.count() == 3
    assert procedure.termination_option and procedure.termination_conditions.strip()
    assert {c.buyer_id for c in procedure.call_offs.all()} == set(
        procedure.buyers.values_list("authority_id", flat=True)
    )


def test_rivierenland_four_firm_consortium_and_intellectual_property_by_cofunding_share():
    result = run("rivierenland")
    procedure = result.procedure
    winner = procedure.award_decision.lines.get(awarded=True).operator
    assert winner.kind == "consortium" and winner.member_links.count() == 4
    assert (
        procedure.ip_arrangement == "split_by_cofunding"
        and procedure.ip_cofunding_share == Decimal("50")
    )
    assert procedure.notices.filter(kind="pin").exists()
    assert result.final_state == "purchase"


def test_charm_joint_cross_border_pre_commercial_procurement_forty_to_twelve():
    result = run("charm")
    c = counts(result)
    assert (c["consultation_one_to_one"], c["consultation_demo"]) == (40, 12)
    procedure = result.procedure
    assert result.procedure_type == "pcp" and result.final_state == "completed"
    assert {b.authority.country for b in procedure.buyers.select_related("authority")} == {
        "NL",
        "GB",
    }
    assert "no-purchase-phase" in result.refusals_rehearsed


def test_every_step_of_a_case_is_in_the_audit_trail():
    result = run("ifv")
    actions = set(result.procedure.audit_records.values_list("action", flat=True))
    for expected in (
        "procedure.created",
        "notice.published",
        "request.submitted",
        "tender.submitted",
        "opening.confirmed",
        "award.decided",
        "agreement.signed",
        "gate.decided",
        "purchase.started",
        "call_off.placed",
    ):
        assert expected in actions
