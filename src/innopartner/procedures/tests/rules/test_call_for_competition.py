"""Rule [1]: an innovation partnership is called by a contract notice, never by a PIN."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import (
    COMPETITIVE_NEGOTIATION,
    INNOVATION_PARTNERSHIP,
    PROCEDURE_TYPES,
)


def test_a_pin_is_refused_as_call_for_competition_for_an_innovation_partnership():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_call_for_competition(ptype=INNOVATION_PARTNERSHIP, call_type=rules.CALL_PIN)
    assert excinfo.value.code == "pin-not-a-call-for-competition"
    assert "26(5)" in excinfo.value.article


@pytest.mark.parametrize("ptype", PROCEDURE_TYPES.values(), ids=lambda t: t.code)
def test_a_contract_notice_is_accepted_as_call_for_every_type(ptype):
    rules.ensure_call_for_competition(ptype=ptype, call_type=rules.CALL_CONTRACT_NOTICE)


def test_no_declared_type_lets_a_pin_be_the_call():
    assert not any(t.pin_may_be_call for t in PROCEDURE_TYPES.values())


def test_an_unknown_kind_of_call_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_call_for_competition(ptype=COMPETITIVE_NEGOTIATION, call_type="tweet")
    assert excinfo.value.code == "call-type-unknown"
