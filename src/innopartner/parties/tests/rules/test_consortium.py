"""A consortium has at least two members and exactly one lead member (Art. 19(2))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.parties import rules


def test_two_members_with_one_lead_form_a_consortium():
    rules.ensure_consortium_composition(member_count=2, lead_count=1)


def test_one_member_is_no_consortium():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_consortium_composition(member_count=1, lead_count=1)
    assert excinfo.value.code == "consortium-too-small"
    assert "19(2)" in excinfo.value.article


@pytest.mark.parametrize("lead_count", [0, 2])
def test_a_consortium_without_exactly_one_lead_is_refused(lead_count):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_consortium_composition(member_count=3, lead_count=lead_count)
    assert excinfo.value.code == "consortium-lead-required"
