"""Rule [16]: threshold value = R&D + purchase (Art. 5(10)); proportionality is justified
before publication (Art. 31(7))."""

from decimal import Decimal

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import COMPETITIVE_NEGOTIATION, INNOVATION_PARTNERSHIP

D = Decimal


def test_the_threshold_value_adds_the_rd_of_all_phases_and_the_purchase():
    assert rules.threshold_value(rd_value=D("1200000"), purchase_value=D("4000000")) == D("5200000")


def test_the_threshold_value_keeps_cents():
    assert rules.threshold_value(rd_value=D("0.01"), purchase_value=D("215999.99")) == D(
        "216000.00"
    )


def test_the_threshold_value_without_a_purchase_is_the_rd_value():
    assert rules.threshold_value(rd_value=D(750000), purchase_value=D(0)) == D(750000)


RD = D(1_000_000)
PURCHASE = D(3_000_000)


def check(rd=RD, purchase=PURCHASE, justification="Afname 3x investering."):
    rules.ensure_proportionality(
        ptype=INNOVATION_PARTNERSHIP,
        rd_value=rd,
        purchase_value=purchase,
        justification=justification,
    )


def refused(**kwargs):
    with pytest.raises(RuleViolation) as excinfo:
        check(**kwargs)
    return excinfo.value


def test_estimated_values_with_a_justification_pass():
    check()


def test_zero_values_are_estimates_too():
    check(rd=D(0), purchase=D(0))


@pytest.mark.parametrize("kwargs", [{"rd": None}, {"purchase": None}], ids=["rd", "purchase"])
def test_a_missing_estimate_is_refused(kwargs):
    error = refused(**kwargs)
    assert error.code == "estimated-value-missing"
    assert "5(10)" in error.article


@pytest.mark.parametrize(
    "kwargs", [{"rd": D("-0.01")}, {"purchase": D("-0.01")}], ids=["rd", "purchase"]
)
def test_a_negative_estimate_is_refused(kwargs):
    assert refused(**kwargs).code == "estimated-value-missing"


def test_a_blank_justification_is_refused():
    error = refused(justification="   ")
    assert error.code == "proportionality-not-justified"
    assert "31(7)" in error.article


def test_a_competitive_procedure_with_negotiation_needs_no_proportionality():
    rules.ensure_proportionality(
        ptype=COMPETITIVE_NEGOTIATION, rd_value=None, purchase_value=None, justification=""
    )
