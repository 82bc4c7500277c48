"""Rule [20]: at least one selection criterion covers R&D or innovation capacity
(Art. 31(6))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import COMPETITIVE_NEGOTIATION, INNOVATION_PARTNERSHIP


def test_one_rd_criterion_among_others_is_enough():
    rules.ensure_rd_selection_criterion(ptype=INNOVATION_PARTNERSHIP, covers_rd=[False, True])


def test_selection_criteria_without_rd_capacity_are_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_rd_selection_criterion(ptype=INNOVATION_PARTNERSHIP, covers_rd=[False, False])
    assert excinfo.value.code == "rd-selection-criterion-missing"
    assert "31(6)" in excinfo.value.article


def test_no_selection_criteria_at_all_are_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_rd_selection_criterion(ptype=INNOVATION_PARTNERSHIP, covers_rd=[])
    assert excinfo.value.code == "rd-selection-criterion-missing"


def test_a_competitive_procedure_with_negotiation_needs_no_rd_criterion():
    rules.ensure_rd_selection_criterion(ptype=COMPETITIVE_NEGOTIATION, covers_rd=[False])
