"""Procedure types as declarations (procedures/types.py) and rule [19]'s export code."""

import pytest

from innopartner.core.exceptions import InvalidInput, RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import (
    COMPETITIVE_NEGOTIATION,
    INNOVATION_PARTNERSHIP,
    PRE_COMMERCIAL_PROCUREMENT,
    PROCEDURE_TYPES,
    Stage,
    procedure_type,
)

ALL_TYPES = list(PROCEDURE_TYPES.values())


def _reachable_from_preparation(transitions):
    seen, todo = {Stage.PREPARATION}, [Stage.PREPARATION]
    while todo:
        for nxt in transitions.get(todo.pop(), frozenset()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


@pytest.mark.parametrize("ptype", ALL_TYPES, ids=lambda t: t.code)
def test_every_stage_of_a_type_is_reachable_from_preparation(ptype):
    declared = set(ptype.transitions) | {s for t in ptype.transitions.values() for s in t}
    assert declared <= _reachable_from_preparation(ptype.transitions)


@pytest.mark.parametrize("ptype", ALL_TYPES, ids=lambda t: t.code)
def test_every_type_ends_in_completed_or_cancelled_and_those_are_final(ptype):
    assert {Stage.COMPLETED, Stage.CANCELLED} <= set(ptype.stages)
    assert Stage.COMPLETED not in ptype.transitions
    assert Stage.CANCELLED not in ptype.transitions


@pytest.mark.parametrize("ptype", ALL_TYPES, ids=lambda t: t.code)
def test_every_type_opens_with_the_notice_after_preparation(ptype):
    assert ptype.stages[0] == Stage.PREPARATION
    assert ptype.allows("preparation", "requests_open")
    assert not ptype.allows("preparation", "negotiation")


def test_stages_are_listed_in_the_order_of_the_procedure():
    assert INNOVATION_PARTNERSHIP.stages == [
        Stage.PREPARATION,
        Stage.REQUESTS_OPEN,
        Stage.SELECTION,
        Stage.NEGOTIATION,
        Stage.STANDSTILL,
        Stage.RD_PHASES,
        Stage.PURCHASE,
        Stage.COMPLETED,
        Stage.TERMINATED,
        Stage.CANCELLED,
    ]


def test_innovation_partnership_goes_from_rd_phases_to_purchase():
    assert INNOVATION_PARTNERSHIP.allows("rd_phases", "purchase")
    assert INNOVATION_PARTNERSHIP.has_purchase_phase


def test_pre_commercial_procurement_has_no_purchase_stage():
    assert Stage.PURCHASE not in PRE_COMMERCIAL_PROCUREMENT.stages
    assert not PRE_COMMERCIAL_PROCUREMENT.has_purchase_phase
    assert not PRE_COMMERCIAL_PROCUREMENT.allows("rd_phases", "purchase")


def test_competitive_negotiation_has_no_rd_phases_and_ends_by_contract():
    assert Stage.RD_PHASES not in COMPETITIVE_NEGOTIATION.stages
    assert COMPETITIVE_NEGOTIATION.allows("standstill", "contracted")


def test_innovation_partnership_flags_switch_on_the_article_31_rules():
    ip = INNOVATION_PARTNERSHIP
    assert ip.min_request_days == 30
    assert ip.candidates_min_floor == 3
    assert ip.bpqr_only and ip.negotiation_mandatory and ip.rd_selection_criterion_required
    assert ip.requires_ip_arrangement and ip.requires_proportionality
    assert not ip.pin_may_be_call
    assert ip.standstill_applies


def test_innovation_partnership_is_exported_as_eforms_procedure_code_innovation():
    # Rule [19]: eForms BT-105 = innovation.
    assert INNOVATION_PARTNERSHIP.eforms_procedure_code == "innovation"


def test_procedure_type_is_looked_up_by_its_code():
    assert procedure_type("innovation_partnership") is INNOVATION_PARTNERSHIP
    assert procedure_type("pcp") is PRE_COMMERCIAL_PROCUREMENT


def test_an_unknown_procedure_type_is_refused_with_its_code():
    with pytest.raises(InvalidInput) as excinfo:
        procedure_type("x")
    assert excinfo.value.code == "procedure-type-unknown"


def test_a_declared_stage_transition_is_allowed():
    rules.ensure_stage_transition(
        ptype=INNOVATION_PARTNERSHIP, from_stage="negotiation", to_stage="standstill"
    )


def test_skipping_a_stage_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_stage_transition(
            ptype=INNOVATION_PARTNERSHIP, from_stage="requests_open", to_stage="negotiation"
        )
    assert excinfo.value.code == "stage-transition-not-allowed"


def test_pre_commercial_procurement_cannot_move_to_purchase():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_stage_transition(
            ptype=PRE_COMMERCIAL_PROCUREMENT, from_stage="rd_phases", to_stage="purchase"
        )
    assert excinfo.value.code == "stage-transition-not-allowed"


def test_an_action_in_an_allowed_stage_passes():
    rules.ensure_stage(stage="negotiation", allowed=[Stage.NEGOTIATION], action="gunnen")


def test_an_action_in_another_stage_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_stage(stage="selection", allowed=[Stage.NEGOTIATION], action="gunnen")
    assert excinfo.value.code == "wrong-stage"
    assert excinfo.value.extra["stage"] == "selection"
