"""Rule [12]: clarifications and answers go to all remaining tenderers at once (Art. 31(4))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.negotiation import rules


def test_an_answer_to_all_remaining_tenderers_passes():
    rules.ensure_answer_publication(to_all=True, private_reason="")


def test_an_answer_to_the_asker_alone_without_a_reason_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_answer_publication(to_all=False, private_reason="")
    assert excinfo.value.code == "answer-must-go-to-all"
    assert "31(4)" in excinfo.value.article


def test_a_reason_of_only_spaces_is_no_reason():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_answer_publication(to_all=False, private_reason=" \t")
    assert excinfo.value.code == "answer-must-go-to-all"


def test_an_answer_about_the_askers_own_confidential_solution_may_go_to_it_alone():
    rules.ensure_answer_publication(
        to_all=False,
        private_reason="Betreft uitsluitend het eigen laadconcept van de vragensteller.",
    )
