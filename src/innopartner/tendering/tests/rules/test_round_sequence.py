"""Rule [7]: the first round holds the initial tenders; a later round follows an opened and
negotiated round; nothing follows the final tenders (Art. 31(3))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.tendering import rules


def sequence(
    kind,
    number,
    *,
    mandatory=True,
    previous_kind="initial",
    previous_opened=True,
    previous_negotiated=True,
):
    rules.ensure_round_sequence(
        kind=kind,
        number=number,
        negotiation_mandatory=mandatory,
        previous_kind=previous_kind,
        previous_opened=previous_opened,
        previous_negotiated=previous_negotiated,
    )


def refused(*args, **kwargs):
    with pytest.raises(RuleViolation) as excinfo:
        sequence(*args, **kwargs)
    assert "31(3)" in excinfo.value.article
    return excinfo.value.code


def test_the_first_round_of_initial_tenders_is_accepted():
    sequence("initial", 1, previous_kind=None, previous_opened=True, previous_negotiated=False)


@pytest.mark.parametrize("kind", ["final", "subsequent"])
def test_a_first_round_other_than_initial_is_refused_when_negotiation_is_mandatory(kind):
    assert refused(kind, 1, previous_kind=None) == "first-round-must-be-initial"


def test_a_first_round_of_final_tenders_is_allowed_when_negotiation_is_not_mandatory():
    # Art. 29(4): a competitive procedure with negotiation may award on initial tenders.
    sequence("final", 1, mandatory=False, previous_kind=None, previous_negotiated=False)


def test_a_final_round_after_an_opened_and_negotiated_initial_round_is_accepted():
    sequence("final", 2)


def test_a_subsequent_round_after_an_opened_and_negotiated_round_is_accepted():
    sequence("subsequent", 3, previous_kind="subsequent")


def test_no_round_follows_the_final_tenders():
    assert refused("subsequent", 3, previous_kind="final") == "final-tender-not-negotiable"


def test_no_round_follows_the_final_tenders_even_if_they_were_negotiated():
    assert (
        refused("final", 3, previous_kind="final", previous_negotiated=True)
        == "final-tender-not-negotiable"
    )


def test_a_next_round_before_the_previous_one_was_opened_is_refused():
    assert refused("final", 2, previous_opened=False) == "previous-round-not-opened"


def test_a_next_round_without_negotiating_the_previous_one_is_refused():
    assert refused("final", 2, previous_negotiated=False) == "negotiation-required"


def test_negotiation_of_the_previous_round_is_needed_even_when_not_mandatory_by_law():
    assert refused("final", 2, mandatory=False, previous_negotiated=False) == (
        "negotiation-required"
    )


def test_a_later_round_cannot_be_another_initial_round():
    assert refused("initial", 2) == "initial-round-only-first"
