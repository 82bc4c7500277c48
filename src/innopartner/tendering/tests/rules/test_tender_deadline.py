"""Tenders are received, replaced or withdrawn only before the deadline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.tendering import rules

AMS = ZoneInfo("Europe/Amsterdam")
DEADLINE = dt.datetime(2025, 6, 2, 10, 0, tzinfo=AMS)
SECOND = dt.timedelta(seconds=1)


def test_a_tender_one_second_before_the_deadline_is_accepted():
    rules.ensure_before_deadline(deadline=DEADLINE, now=DEADLINE - SECOND, action="Inschrijven")


def test_a_tender_one_microsecond_before_the_deadline_is_accepted():
    rules.ensure_before_deadline(
        deadline=DEADLINE, now=DEADLINE - dt.timedelta(microseconds=1), action="Inschrijven"
    )


def test_a_tender_at_the_deadline_itself_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_before_deadline(deadline=DEADLINE, now=DEADLINE, action="Inschrijven")
    assert excinfo.value.code == "tender-after-deadline"
    assert "31(1)" in excinfo.value.article


def test_a_tender_at_the_deadline_is_refused_when_the_clock_is_in_utc():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_before_deadline(
            deadline=DEADLINE, now=DEADLINE.astimezone(dt.UTC), action="Inschrijven"
        )
    assert excinfo.value.code == "tender-after-deadline"


@pytest.mark.parametrize("action", ["Vervangen", "Intrekken"])
def test_replacing_or_withdrawing_at_the_deadline_is_refused_and_named(action):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_before_deadline(deadline=DEADLINE, now=DEADLINE + SECOND, action=action)
    assert excinfo.value.code == "tender-after-deadline"
    assert excinfo.value.message.startswith(action)
