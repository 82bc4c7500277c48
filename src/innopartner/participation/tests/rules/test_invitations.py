"""Rule [5]: invite at least the announced minimum, or every qualified candidate when fewer
qualify (with the reason recorded); never above the maximum; never an operator that did not
apply or did not pass selection (Art. 65(2))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.participation import rules


def count(invited, qualified, candidates_min=3, candidates_max=None, fewer_reason=""):
    rules.ensure_invitation_count(
        invited=invited,
        qualified=qualified,
        candidates_min=candidates_min,
        candidates_max=candidates_max,
        fewer_reason=fewer_reason,
    )


def refused(*args, **kwargs):
    with pytest.raises(RuleViolation) as excinfo:
        count(*args, **kwargs)
    assert "65(2)" in excinfo.value.article
    return excinfo.value.code


def test_inviting_exactly_the_minimum_is_accepted():
    count(invited=3, qualified=7)


def test_inviting_one_below_the_minimum_while_more_qualify_is_refused():
    assert refused(invited=2, qualified=7) == "too-few-candidates-invited"


def test_inviting_one_below_the_minimum_is_refused_even_with_a_reason_when_more_qualify():
    assert refused(invited=2, qualified=3, fewer_reason="Budget.") == "too-few-candidates-invited"


def test_inviting_all_qualified_when_fewer_than_the_minimum_qualify_needs_a_reason():
    assert refused(invited=2, qualified=2) == "fewer-candidates-reason-missing"


def test_a_reason_of_only_spaces_is_no_reason():
    assert refused(invited=2, qualified=2, fewer_reason="  ") == "fewer-candidates-reason-missing"


def test_inviting_all_qualified_when_fewer_than_the_minimum_qualify_with_a_reason_is_accepted():
    count(invited=2, qualified=2, fewer_reason="Slechts twee gegadigden voldeden.")


def test_inviting_fewer_than_all_of_too_few_qualified_is_refused():
    assert refused(invited=1, qualified=2, fewer_reason="Reden.") == "too-few-candidates-invited"


def test_inviting_exactly_the_maximum_is_accepted():
    count(invited=5, qualified=8, candidates_max=5)


def test_inviting_one_above_the_maximum_is_refused():
    assert refused(invited=6, qualified=8, candidates_max=5) == "candidates-above-maximum"


def test_without_a_maximum_every_qualified_candidate_may_be_invited():
    count(invited=12, qualified=12)


def test_inviting_more_than_qualified_is_refused():
    assert refused(invited=4, qualified=3) == "invitee-not-qualified"


def test_an_operator_that_applied_and_qualified_may_be_invited():
    rules.ensure_invitee_applied_and_qualified(applied=True, qualified=True, name="Veer BV")


def test_an_operator_that_did_not_apply_is_never_invited():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_invitee_applied_and_qualified(applied=False, qualified=True, name="Veer BV")
    assert excinfo.value.code == "invitee-did-not-apply"
    assert "Veer BV" in excinfo.value.message


def test_an_operator_that_did_not_pass_selection_is_never_invited():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_invitee_applied_and_qualified(applied=True, qualified=False, name="Veer BV")
    assert excinfo.value.code == "invitee-not-qualified"
    assert "65(2)" in excinfo.value.article


def test_an_operator_that_neither_applied_nor_qualified_is_refused_for_not_applying():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_invitee_applied_and_qualified(applied=False, qualified=False, name="X")
    assert excinfo.value.code == "invitee-did-not-apply"
