"""Tenders are opened only after the deadline (Art. 22(3)), by two different people."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from innopartner.core.exceptions import NotAllowed, RuleViolation
from innopartner.tendering import rules

AMS = ZoneInfo("Europe/Amsterdam")
DEADLINE = dt.datetime(2025, 6, 2, 10, 0, tzinfo=AMS)
SECOND = dt.timedelta(seconds=1)


def test_tenders_cannot_be_opened_at_the_deadline_itself():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_opening_after_deadline(deadline=DEADLINE, now=DEADLINE)
    assert excinfo.value.code == "tender-opening-too-early"
    assert "22(3)" in excinfo.value.article


def test_tenders_cannot_be_opened_one_second_before_the_deadline():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_opening_after_deadline(deadline=DEADLINE, now=DEADLINE - SECOND)
    assert excinfo.value.code == "tender-opening-too-early"


def test_tenders_can_be_opened_one_second_after_the_deadline():
    rules.ensure_opening_after_deadline(deadline=DEADLINE, now=DEADLINE + SECOND)


def test_at_the_deadline_nobody_can_tender_and_nobody_can_open():
    with pytest.raises(RuleViolation):
        rules.ensure_before_deadline(deadline=DEADLINE, now=DEADLINE, action="Inschrijven")
    with pytest.raises(RuleViolation):
        rules.ensure_opening_after_deadline(deadline=DEADLINE, now=DEADLINE)


def test_the_opening_confirmed_by_a_second_person_passes():
    rules.ensure_four_eyes(started_by_id=7, confirmed_by_id=8)


def test_the_opening_confirmed_by_the_person_who_started_it_is_not_allowed():
    with pytest.raises(NotAllowed) as excinfo:
        rules.ensure_four_eyes(started_by_id=7, confirmed_by_id=7)
    assert excinfo.value.code == "four-eyes-required"
