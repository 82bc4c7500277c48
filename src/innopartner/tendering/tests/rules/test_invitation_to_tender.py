"""Rule [6]: only invited candidates that are still in the procedure may tender."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.tendering import rules


def test_an_invited_remaining_candidate_may_tender():
    rules.ensure_invited(invited=True, remaining=True, name="Veer BV")


def test_a_candidate_that_was_not_invited_may_not_tender():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_invited(invited=False, remaining=True, name="Veer BV")
    assert excinfo.value.code == "tenderer-not-invited"
    assert "31(1)" in excinfo.value.article


def test_a_candidate_that_was_never_invited_is_refused_as_not_invited_not_as_eliminated():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_invited(invited=False, remaining=False, name="Veer BV")
    assert excinfo.value.code == "tenderer-not-invited"


def test_a_tenderer_eliminated_in_an_earlier_round_may_not_tender():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_invited(invited=True, remaining=False, name="Veer BV")
    assert excinfo.value.code == "tenderer-eliminated"
    assert "31(5)" in excinfo.value.article
