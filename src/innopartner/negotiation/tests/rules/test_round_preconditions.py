"""Rules [7] and [10] as the rounds page and the services both ask them: a round is negotiated
once, in the negotiation stage, after its opening, never the final one, with every remaining
tenderer (Art. 31(3)-(4)); a reduction follows an opened, non-final latest round and the
ranking of its scored tenders (Art. 31(5))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.negotiation import rules


def refusal(check, **facts):
    with pytest.raises(RuleViolation) as excinfo:
        check(**facts)
    return excinfo.value.code


NEGOTIABLE = {"stage": "negotiation", "kind": "initial", "opened": True, "negotiated": False}


def test_an_opened_round_not_yet_negotiated_may_be_negotiated():
    rules.ensure_round_negotiable(**NEGOTIABLE)
    rules.ensure_round_negotiable(**{**NEGOTIABLE, "kind": "subsequent"})


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"stage": "standstill"}, "wrong-stage"),
        ({"kind": "final"}, "final-tender-not-negotiable"),
        ({"opened": False}, "round-not-opened"),
        ({"negotiated": True}, "round-already-negotiated"),
        # The stage is asked first, then the kind: a final round in the wrong stage.
        ({"stage": "selection", "kind": "final"}, "wrong-stage"),
    ],
)
def test_a_round_is_not_negotiated(change, code):
    assert refusal(rules.ensure_round_negotiable, **{**NEGOTIABLE, **change}) == code


def test_negotiation_covers_exactly_the_remaining_tenderers():
    rules.ensure_negotiation_with_all(met={1, 2}, remaining={1, 2})
    assert refusal(rules.ensure_negotiation_with_all, met={1}, remaining={1, 2}) == (
        "negotiation-not-with-all"
    )
    assert refusal(rules.ensure_negotiation_with_all, met={1, 2, 3}, remaining={1, 2}) == (
        "negotiation-not-with-all"
    )


REDUCIBLE = {
    "stage": "negotiation",
    "announced": True,
    "kind": "initial",
    "opened": True,
    "later_round": False,
}


def test_the_latest_opened_round_may_be_followed_by_a_reduction():
    rules.ensure_round_reducible(**REDUCIBLE)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"stage": "standstill"}, "wrong-stage"),
        ({"announced": False}, "reduction-not-announced"),
        ({"kind": "final"}, "reduction-after-final"),
        ({"opened": False}, "round-not-opened"),
        ({"later_round": True}, "reduction-not-on-latest-round"),
    ],
)
def test_no_reduction_after_this_round(change, code):
    assert refusal(rules.ensure_round_reducible, **{**REDUCIBLE, **change}) == code


RANKS = {"A": 1, "B": 2, "C": 3}


def test_the_last_ranked_tenderer_may_be_eliminated():
    rules.ensure_elimination_by_ranking(
        ranks=RANKS, remaining=["A", "B", "C"], eliminated=[("C", "C B.V.")]
    )


def test_a_tenderer_without_a_scored_tender_counts_as_last_and_cannot_be_eliminated():
    remaining = ["A", "B", "C", "D"]
    assert (
        refusal(
            rules.ensure_elimination_by_ranking,
            ranks=RANKS,
            remaining=remaining,
            eliminated=[("C", "C B.V.")],
        )
        == "reduction-against-ranking"
    )
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_elimination_by_ranking(
            ranks=RANKS, remaining=remaining, eliminated=[("D", "D B.V.")]
        )
    assert excinfo.value.code == "reduction-without-scores"
    assert "D B.V." in excinfo.value.message and "31(5)" in excinfo.value.article


def test_the_last_remaining_tenderer_is_not_eliminated():
    assert (
        refusal(
            rules.ensure_elimination_by_ranking,
            ranks={"A": 1},
            remaining=["A"],
            eliminated=[("A", "A B.V.")],
        )
        == "reduction-leaves-nobody"
    )
