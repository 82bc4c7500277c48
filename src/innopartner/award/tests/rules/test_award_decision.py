"""Rule [7] at the award: an innovation partnership is awarded on final tenders after
negotiation (Art. 31(3)); the winners are the best ranked tenders (Art. 31(1), 67)."""

import pytest

from innopartner.award import rules
from innopartner.core.exceptions import RuleViolation


def award(kind="final", number=2, opened=True, mandatory=True):
    rules.ensure_award_on_final_tenders(
        negotiation_mandatory=mandatory,
        last_round_kind=kind,
        last_round_number=number,
        last_round_opened=opened,
    )


def refused(**kwargs):
    with pytest.raises(RuleViolation) as excinfo:
        award(**kwargs)
    assert "31(3)" in excinfo.value.article
    return excinfo.value.code


def test_award_on_opened_final_tenders_of_round_two_is_allowed():
    award()


def test_award_on_opened_final_tenders_of_a_later_round_is_allowed():
    award(number=4)


def test_award_on_final_tenders_of_round_one_is_refused_when_negotiation_is_mandatory():
    assert refused(number=1) == "award-without-negotiation"


def test_award_on_initial_tenders_is_refused_when_negotiation_is_mandatory():
    assert refused(kind="initial", number=1) == "award-without-negotiation"


def test_award_on_subsequent_tenders_that_are_not_final_is_refused():
    assert refused(kind="subsequent", number=3) == "award-without-negotiation"


def test_award_on_final_tenders_that_were_not_opened_is_refused():
    assert refused(opened=False) == "no-opened-tenders"


def test_award_without_any_round_is_refused():
    assert refused(kind=None, number=0) == "no-opened-tenders"


def test_award_on_initial_tenders_is_allowed_when_negotiation_is_not_mandatory():
    # Art. 29(4): a competitive procedure with negotiation may reserve award on initial tenders.
    award(kind="initial", number=1, mandatory=False)


RANKS = {"A": 1, "B": 2, "C": 3}


def test_the_best_ranked_tender_may_win():
    rules.ensure_winners_are_best_ranked(ranks=RANKS, winners=["A"])


def test_the_two_best_ranked_tenders_may_become_partners():
    rules.ensure_winners_are_best_ranked(ranks=RANKS, winners=["B", "A"])


def test_passing_over_a_better_ranked_tender_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_winners_are_best_ranked(ranks=RANKS, winners=["A", "C"])
    assert excinfo.value.code == "award-against-ranking"
    assert "67" in excinfo.value.article


def test_an_unranked_winner_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_winners_are_best_ranked(ranks=RANKS, winners=["X"])
    assert excinfo.value.code == "winner-not-ranked"


def test_an_award_without_winners_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_winners_are_best_ranked(ranks=RANKS, winners=[])
    assert excinfo.value.code == "no-winner"
