"""Who continues after a gate (practice notes of DOMAIN.md): go/no-go lets everyone through
who met the targets; a mini-competition lets the best N through; a tie at the cut-off is
refused."""

from decimal import Decimal

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.partnership import rules

D = Decimal


def outcome(kind, targets_met, scores=None, continue_count=None):
    return rules.gate_outcome(
        gate_kind=kind,
        targets_met=targets_met,
        scores=scores or {},
        continue_count=continue_count,
    )


@pytest.mark.parametrize("kind", ["go_no_go", "final"])
def test_go_no_go_lets_every_partner_through_that_met_the_targets(kind):
    assert outcome(kind, {"C": True, "A": True, "B": False}) == ["A", "C"]


def test_go_no_go_ignores_scores():
    assert outcome("go_no_go", {"A": True, "B": True}, {"A": D(1), "B": D(9)}) == ["A", "B"]


def test_go_no_go_where_nobody_met_the_targets_lets_nobody_through():
    assert outcome("go_no_go", {"A": False, "B": False}) == []


def test_a_mini_competition_lets_the_best_n_through():
    scores = {"A": D(7), "B": D(9), "C": D(8), "D": D(6)}
    met = dict.fromkeys(scores, True)
    assert outcome("mini_competition", met, scores, continue_count=2) == ["B", "C"]


def test_a_mini_competition_ranks_only_partners_that_met_the_targets():
    scores = {"A": D(7), "B": D(10), "C": D(8)}
    met = {"A": True, "B": False, "C": True}
    assert outcome("mini_competition", met, scores, continue_count=2) == ["A", "C"]


def test_a_mini_competition_with_no_more_passing_partners_than_n_lets_them_all_through():
    assert outcome("mini_competition", {"A": True, "B": True}, {"A": D(5), "B": D(5)}, 3) == [
        "A",
        "B",
    ]


def test_a_tie_above_the_cut_off_is_no_problem():
    scores = {"A": D(9), "B": D(9), "C": D(5)}
    assert outcome("mini_competition", dict.fromkeys(scores, True), scores, 2) == ["A", "B"]


def test_a_tie_at_the_cut_off_is_refused():
    scores = {"A": D(9), "B": D(7), "C": D(7)}
    with pytest.raises(RuleViolation) as excinfo:
        outcome("mini_competition", dict.fromkeys(scores, True), scores, continue_count=2)
    assert excinfo.value.code == "gate-tie"
    assert "31(2)" in excinfo.value.article


def test_a_difference_of_one_hundredth_at_the_cut_off_decides():
    scores = {"A": D(9), "B": D("7.01"), "C": D(7)}
    assert outcome("mini_competition", dict.fromkeys(scores, True), scores, 2) == ["A", "B"]


def test_a_mini_competition_needs_a_score_for_every_partner_that_met_the_targets():
    with pytest.raises(RuleViolation) as excinfo:
        outcome("mini_competition", {"A": True, "B": True}, {"A": D(5), "B": None}, 1)
    assert excinfo.value.code == "gate-score-missing"


def test_a_mini_competition_needs_no_score_for_a_partner_that_missed_the_targets():
    assert outcome("mini_competition", {"A": True, "B": False}, {"A": D(5)}, 1) == ["A"]


def test_an_unknown_kind_of_gate_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        outcome("lottery", {"A": True})
    assert excinfo.value.code == "gate-kind-unknown"


def test_the_buyers_choice_matching_the_announced_gate_passes_in_any_order():
    rules.ensure_gate_choice_matches(chosen=["C", "A"], by_rule=["A", "C"])


def test_the_buyers_choice_differing_from_the_announced_gate_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_gate_choice_matches(chosen=["A", "B"], by_rule=["A", "C"])
    assert excinfo.value.code == "gate-against-announced-criteria"


def test_the_buyer_may_not_keep_fewer_partners_than_the_gate_lets_through():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_gate_choice_matches(chosen=["A"], by_rule=["A", "C"])
    assert excinfo.value.code == "gate-against-announced-criteria"
