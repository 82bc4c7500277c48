"""Rule [10]: tenders are eliminated between negotiation stages only if the documents
announced it, following the ranking on the published award criteria (Art. 31(5))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.negotiation import rules

RANKS = {"A": 1, "B": 2, "C": 3, "D": 4}


def refused(ranks, eliminated, remaining_after):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_reduction_follows_ranking(
            ranks=ranks, eliminated=eliminated, remaining_after=remaining_after
        )
    assert "31(5)" in excinfo.value.article
    return excinfo.value.code


def test_reduction_announced_in_the_documents_is_allowed():
    rules.ensure_reduction_allowed(announced=True)


def test_reduction_not_announced_in_the_documents_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_reduction_allowed(announced=False)
    assert excinfo.value.code == "reduction-not-announced"
    assert "31(5)" in excinfo.value.article


def test_eliminating_the_lowest_ranked_tenders_passes():
    rules.ensure_reduction_follows_ranking(ranks=RANKS, eliminated=["C", "D"], remaining_after=2)


def test_eliminating_only_the_last_ranked_tender_passes():
    rules.ensure_reduction_follows_ranking(ranks=RANKS, eliminated=["D"], remaining_after=3)


def test_eliminating_a_tender_while_a_lower_ranked_one_stays_is_refused():
    assert refused(RANKS, ["C"], 3) == "reduction-against-ranking"


def test_eliminating_the_best_tender_is_refused():
    assert refused(RANKS, ["A"], 3) == "reduction-against-ranking"


def test_eliminating_one_of_two_tenders_tied_last_passes():
    rules.ensure_reduction_follows_ranking(
        ranks={"A": 1, "B": 2, "C": 2}, eliminated=["C"], remaining_after=2
    )


def test_a_reduction_that_leaves_nobody_is_refused():
    assert refused(RANKS, ["A", "B", "C", "D"], 0) == "reduction-leaves-nobody"


def test_a_reduction_that_leaves_exactly_one_tender_passes():
    rules.ensure_reduction_follows_ranking(
        ranks=RANKS, eliminated=["B", "C", "D"], remaining_after=1
    )


def test_eliminating_a_tender_without_scores_is_refused():
    assert refused(RANKS, ["E"], 4) == "reduction-without-scores"
