"""Rules [13] and [14]: a phase closes only after its results are assessed against every
intermediate target; gates come in phase order; ending or reducing the partnership only if
the documents provided for it (Art. 31(2))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.partnership import rules


def test_a_phase_with_every_partner_assessed_may_close():
    rules.ensure_phase_assessed(unassessed=[])


def test_a_phase_with_a_partner_not_yet_assessed_may_not_close():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_phase_assessed(unassessed=["Waalveer BV"])
    assert excinfo.value.code == "phase-not-assessed"
    assert "31(2)" in excinfo.value.article
    assert "Waalveer BV" in excinfo.value.message


def test_an_assessment_covering_every_target_passes():
    rules.ensure_all_targets_assessed(missing_targets=[])


def test_an_assessment_missing_one_target_is_refused_and_names_it():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_all_targets_assessed(missing_targets=["Proefvaart 100 uur"])
    assert excinfo.value.code == "target-not-assessed"
    assert "31(2)" in excinfo.value.article
    assert "Proefvaart 100 uur" in excinfo.value.message


def test_the_gate_of_the_running_phase_may_be_decided():
    rules.ensure_gate_in_order(phase_number=2, current_phase_number=2)


@pytest.mark.parametrize("phase_number", [1, 3])
def test_the_gate_of_another_phase_than_the_running_one_is_refused(phase_number):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_gate_in_order(phase_number=phase_number, current_phase_number=2)
    assert excinfo.value.code == "gate-out-of-order"


def test_termination_announced_with_conditions_is_allowed():
    rules.ensure_termination_announced(
        announced=True, conditions="Na elke fase bij het niet halen van de tussendoelen."
    )


def test_termination_not_announced_in_the_documents_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_termination_announced(announced=False, conditions="Bij slechte resultaten.")
    assert excinfo.value.code == "termination-not-announced"
    assert "31(2)" in excinfo.value.article


def test_termination_announced_without_conditions_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_termination_announced(announced=True, conditions="  ")
    assert excinfo.value.code == "termination-not-announced"
