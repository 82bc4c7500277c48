"""The partnership: targets assessed before each gate, gates in order and by the announced
kind, dropping partners only if announced, purchase only at agreed performance and cost."""

import pytest

from innopartner.core.exceptions import NotAllowed, RuleViolation
from innopartner.partnership import services
from innopartner.partnership.models import Partner
from innopartner.procedures.models import Procedure
from innopartner.testing import (
    draft_procedure,
    make_world,
    publish,
    select,
    to_partnership,
    to_standstill,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def partnership(world, **kwargs):
    procedure = select(world, publish(world, draft_procedure(world, **kwargs)))
    return to_partnership(world, to_standstill(world, procedure))


def assess(world, procedure, phase, results):
    for operator, (met, score) in results.items():
        services.targets_assess(
            procedure=procedure,
            operator=operator,
            phase_number=phase,
            results={1: met, 2: met},
            assessment="Beoordeeld.",
            gate_score=score,
            now=world.now,
            actor=world.officer,
        )


def test_a_gate_needs_every_partner_assessed_against_the_targets(world):
    procedure = partnership(world)
    a, b = [p.operator for p in procedure.partners.all()]
    assess(world, procedure, 1, {a: (True, 8)})
    with pytest.raises(RuleViolation) as caught:
        services.gate_decide(
            procedure=procedure, phase_number=1, reasons="x", now=world.now, actor=world.officer
        )
    assert caught.value.code == "phase-not-assessed"


def test_gates_are_decided_in_the_order_of_the_phases(world):
    procedure = partnership(world)
    with pytest.raises(RuleViolation) as caught:
        services.gate_decide(
            procedure=procedure, phase_number=2, reasons="x", now=world.now, actor=world.officer
        )
    assert caught.value.code == "gate-out-of-order"


def test_a_mini_competition_lets_the_best_partner_through_and_the_other_is_told_why(world):
    procedure = partnership(world)
    a, b = [p.operator for p in procedure.partners.all()]
    assess(world, procedure, 1, {a: (True, 7), b: (True, 9)})
    with pytest.raises(RuleViolation) as caught:
        services.gate_decide(
            procedure=procedure,
            phase_number=1,
            continuing=[a],
            reasons="x",
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "gate-against-announced-criteria"
    services.gate_decide(
        procedure=procedure,
        phase_number=1,
        continuing=[b],
        reasons="Beste prototype.",
        now=world.now,
        actor=world.officer,
    )
    assert Partner.objects.get(operator=a).status == "dropped"
    assert procedure.letters.get(addressee=a, kind="gate_stop")


def test_dropping_a_partner_is_refused_when_the_documents_did_not_provide_for_it(world):
    procedure = partnership(world, termination_option=False)
    a, b = [p.operator for p in procedure.partners.all()]
    assess(world, procedure, 1, {a: (True, 7), b: (True, 9)})
    with pytest.raises(RuleViolation) as caught:
        services.gate_decide(
            procedure=procedure, phase_number=1, reasons="x", now=world.now, actor=world.officer
        )
    assert caught.value.code == "termination-not-announced"
    assert Partner.objects.filter(status="active").count() == 2


def test_ending_the_partnership_at_a_gate_terminates_the_procedure(world):
    procedure = partnership(world)
    a, b = [p.operator for p in procedure.partners.all()]
    assess(world, procedure, 1, {a: (False, 3), b: (False, 4)})
    with pytest.raises(RuleViolation) as caught:
        services.gate_decide(
            procedure=procedure, phase_number=1, reasons="x", now=world.now, actor=world.officer
        )
    assert caught.value.code == "no-partner-passes"
    services.gate_decide(
        procedure=procedure,
        phase_number=1,
        end_partnership=True,
        reasons="Niemand haalt het.",
        now=world.now,
        actor=world.officer,
    )
    assert Procedure.objects.get(pk=procedure.pk).stage == "terminated"


def _through_all_phases(world, procedure):
    a, b = [p.operator for p in procedure.partners.all()]
    assess(world, procedure, 1, {a: (True, 9), b: (True, 7)})
    services.gate_decide(
        procedure=procedure, phase_number=1, reasons="Beste.", now=world.now, actor=world.officer
    )
    assess(world, procedure, 2, {a: (True, None)})
    services.gate_decide(
        procedure=procedure, phase_number=2, reasons="Klaar.", now=world.now, actor=world.officer
    )
    return a


def test_the_purchase_starts_only_at_the_agreed_performance_and_within_the_maximum_cost(world):
    procedure = partnership(world)
    a = _through_all_phases(world, procedure)
    with pytest.raises(RuleViolation) as caught:
        services.purchase_start(
            procedure=procedure,
            operator=a,
            measured={"nauwkeurigheid": 89},
            prices={"Meetjaar": 90000},
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "performance-not-met"
    with pytest.raises(RuleViolation) as caught:
        services.purchase_start(
            procedure=procedure,
            operator=a,
            measured={"nauwkeurigheid": 90},
            prices={"Meetjaar": 100001},
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "above-maximum-cost"
    services.purchase_start(
        procedure=procedure,
        operator=a,
        measured={"nauwkeurigheid": 90},
        prices={"Meetjaar": 100000},
        now=world.now,
        actor=world.officer,
    )
    assert Procedure.objects.get(pk=procedure.pk).stage == "purchase"
    services.call_off_place(
        procedure=procedure,
        buyer=world.buyer,
        item_name="Meetjaar",
        quantity=5,
        now=world.now,
        actor=world.officer,
    )
    with pytest.raises(RuleViolation) as caught:
        services.call_off_place(
            procedure=procedure,
            buyer=world.buyer,
            item_name="Meetjaar",
            quantity=3,
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "above-maximum-cost"
    with pytest.raises(NotAllowed):
        services.call_off_place(
            procedure=procedure,
            buyer=world.buyer,
            item_name="Meetjaar",
            quantity=1,
            now=world.now,
            actor=world.other_buyer_officer,
        )


def test_instalments_are_paid_once_per_partner_and_phase(world):
    procedure = partnership(world)
    a = procedure.partners.first().operator
    services.instalment_pay(
        procedure=procedure,
        operator=a,
        phase_number=1,
        instalment=1,
        now=world.now,
        actor=world.officer,
    )
    with pytest.raises(RuleViolation) as caught:
        services.instalment_pay(
            procedure=procedure,
            operator=a,
            phase_number=1,
            instalment=1,
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "instalment-already-paid"
    with pytest.raises(RuleViolation) as caught:
        services.instalment_pay(
            procedure=procedure,
            operator=a,
            phase_number=2,
            instalment=1,
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "partner-not-in-phase"


def test_pre_commercial_procurement_never_buys_the_result(world):
    procedure = select(world, publish(world, draft_procedure(world, procedure_type="pcp")))
    procedure = to_partnership(world, to_standstill(world, procedure))
    a = _through_all_phases(world, procedure)
    with pytest.raises(RuleViolation) as caught:
        services.purchase_start(
            procedure=procedure,
            operator=a,
            measured={},
            prices={},
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "no-purchase-phase"
