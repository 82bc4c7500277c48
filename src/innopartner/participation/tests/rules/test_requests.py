"""Requests to participate arrive within the time limit; selection starts after it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.participation import rules

AMS = ZoneInfo("Europe/Amsterdam")
DEADLINE = dt.datetime(2025, 2, 5, 12, 0, tzinfo=AMS)
SECOND = dt.timedelta(seconds=1)


def test_a_request_one_second_before_the_deadline_is_received():
    rules.ensure_request_in_time(requests_deadline=DEADLINE, now=DEADLINE - SECOND)


def test_a_request_at_the_deadline_itself_is_refused_as_a_tender_would_be():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_request_in_time(requests_deadline=DEADLINE, now=DEADLINE)
    assert excinfo.value.code == "request-after-deadline"


def test_a_request_one_second_after_the_deadline_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_request_in_time(requests_deadline=DEADLINE, now=DEADLINE + SECOND)
    assert excinfo.value.code == "request-after-deadline"
    assert "31(1)" in excinfo.value.article


def test_a_late_request_is_refused_when_the_clock_is_in_utc():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_request_in_time(
            requests_deadline=DEADLINE, now=(DEADLINE + SECOND).astimezone(dt.UTC)
        )
    assert excinfo.value.code == "request-after-deadline"


def test_selection_cannot_start_at_the_request_deadline_itself():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_selection_after_deadline(requests_deadline=DEADLINE, now=DEADLINE)
    assert excinfo.value.code == "selection-before-request-deadline"


def test_selection_can_start_one_second_after_the_request_deadline():
    rules.ensure_selection_after_deadline(requests_deadline=DEADLINE, now=DEADLINE + SECOND)
