"""Rule [4]: an innovation partnership is awarded on the best price-quality ratio only
(Art. 31(1), 67); the weighting is unambiguous (Art. 67(5))."""

from decimal import Decimal

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import (
    COMPETITIVE_NEGOTIATION,
    INNOVATION_PARTNERSHIP,
    PRE_COMMERCIAL_PROCUREMENT,
)

D = Decimal


def refused(criteria, ptype=INNOVATION_PARTNERSHIP):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_award_criteria(ptype=ptype, criteria=criteria)
    return excinfo.value


def test_quality_and_price_weighted_to_100_are_accepted():
    rules.ensure_award_criteria(
        ptype=INNOVATION_PARTNERSHIP, criteria=[("quality", D(60)), ("price", D(40))]
    )


def test_quality_only_with_a_fixed_price_is_accepted():
    rules.ensure_award_criteria(
        ptype=INNOVATION_PARTNERSHIP, criteria=[("quality", D(70)), ("quality", D(30))]
    )


def test_quality_and_life_cycle_cost_are_accepted():
    rules.ensure_award_criteria(
        ptype=INNOVATION_PARTNERSHIP, criteria=[("quality", D(55)), ("cost", D(45))]
    )


def test_price_only_is_refused_for_an_innovation_partnership():
    error = refused([("price", D(100))])
    assert error.code == "award-not-bpqr"
    assert "31(1)" in error.article


def test_cost_only_is_refused_for_an_innovation_partnership():
    assert refused([("cost", D(100))]).code == "award-not-bpqr"


def test_price_and_cost_without_quality_are_refused_for_an_innovation_partnership():
    assert refused([("price", D(50)), ("cost", D(50))]).code == "award-not-bpqr"


def test_price_only_is_refused_for_pre_commercial_procurement_too():
    assert refused([("price", D(100))], PRE_COMMERCIAL_PROCUREMENT).code == "award-not-bpqr"


def test_price_only_is_allowed_for_a_competitive_procedure_with_negotiation():
    rules.ensure_award_criteria(ptype=COMPETITIVE_NEGOTIATION, criteria=[("price", D(100))])


def test_cost_only_is_allowed_for_a_competitive_procedure_with_negotiation():
    rules.ensure_award_criteria(ptype=COMPETITIVE_NEGOTIATION, criteria=[("cost", D(100))])


def test_no_award_criteria_at_all_are_refused():
    assert refused([]).code == "award-criteria-missing"


def test_weights_adding_up_to_99_99_are_refused():
    error = refused([("quality", D("59.99")), ("price", D(40))])
    assert error.code == "award-criteria-weights-not-100"
    assert "67(5)" in error.article


def test_weights_adding_up_to_100_01_are_refused():
    assert refused([("quality", D("60.01")), ("price", D(40))]).code == (
        "award-criteria-weights-not-100"
    )


def test_weights_with_decimals_adding_up_to_exactly_100_are_accepted():
    rules.ensure_award_criteria(
        ptype=INNOVATION_PARTNERSHIP,
        criteria=[("quality", D("33.33")), ("quality", D("33.33")), ("price", D("33.34"))],
    )


def test_a_zero_weight_is_refused():
    error = refused([("quality", D(100)), ("price", D(0))])
    assert error.code == "award-criterion-weight-invalid"


def test_a_negative_weight_is_refused_even_if_the_sum_is_100():
    assert refused([("quality", D(110)), ("price", D(-10))]).code == (
        "award-criterion-weight-invalid"
    )


def test_a_smallest_positive_weight_is_accepted():
    rules.ensure_award_criteria(
        ptype=INNOVATION_PARTNERSHIP, criteria=[("quality", D("99.99")), ("price", D("0.01"))]
    )
