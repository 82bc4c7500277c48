"""The approval step for answers (four eyes): a procedure setting, not law."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.negotiation import rules


def test_a_second_colleague_may_approve_a_draft():
    rules.ensure_answer_approvable(drafted=True, published=False, drafter_id=1, approver_id=2)


def test_the_drafter_never_approves_their_own_answer():
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_answer_approvable(drafted=True, published=False, drafter_id=1, approver_id=1)
    assert caught.value.code == "answer-approver-is-drafter"


def test_there_is_nothing_to_approve_without_a_draft():
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_answer_approvable(
            drafted=False, published=False, drafter_id=None, approver_id=2
        )
    assert caught.value.code == "answer-not-drafted"


def test_a_published_answer_is_not_approved_again():
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_answer_approvable(drafted=True, published=True, drafter_id=1, approver_id=2)
    assert caught.value.code == "answer-already-published"


def test_publishing_only_unapproved_drafts_is_refused_when_approval_is_required():
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_answers_approved(approval_required=True, approved=0, unapproved=["q"])
    assert caught.value.code == "answer-not-approved"


def test_approved_answers_are_published_while_other_drafts_wait():
    rules.ensure_answers_approved(approval_required=True, approved=1, unapproved=["q"])


def test_without_the_approval_step_drafts_are_published_as_before():
    rules.ensure_answers_approved(approval_required=False, approved=0, unapproved=["q"])
