"""Rule [5], first half: the notice invites at least three candidates (Art. 65(2))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import (
    COMPETITIVE_NEGOTIATION,
    INNOVATION_PARTNERSHIP,
    PRE_COMMERCIAL_PROCUREMENT,
)


def refused(candidates_min, candidates_max=None, ptype=INNOVATION_PARTNERSHIP):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_candidate_limits(
            ptype=ptype, candidates_min=candidates_min, candidates_max=candidates_max
        )
    return excinfo.value


def test_a_minimum_of_three_candidates_is_accepted():
    rules.ensure_candidate_limits(
        ptype=INNOVATION_PARTNERSHIP, candidates_min=3, candidates_max=None
    )


def test_a_minimum_of_two_candidates_is_refused():
    error = refused(2)
    assert error.code == "candidates-minimum-too-low"
    assert "65(2)" in error.article


def test_no_minimum_at_all_is_refused():
    assert refused(None).code == "candidates-minimum-too-low"


def test_a_minimum_of_two_is_refused_for_a_competitive_procedure_with_negotiation():
    assert refused(2, ptype=COMPETITIVE_NEGOTIATION).code == "candidates-minimum-too-low"


def test_pre_commercial_procurement_may_compare_two_candidates():
    rules.ensure_candidate_limits(
        ptype=PRE_COMMERCIAL_PROCUREMENT, candidates_min=2, candidates_max=None
    )


def test_a_maximum_equal_to_the_minimum_is_accepted():
    rules.ensure_candidate_limits(ptype=INNOVATION_PARTNERSHIP, candidates_min=4, candidates_max=4)


def test_a_maximum_one_below_the_minimum_is_refused():
    assert refused(4, 3).code == "candidates-maximum-below-minimum"
