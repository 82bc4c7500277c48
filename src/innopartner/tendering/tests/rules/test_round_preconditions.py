"""The preconditions of opening a round and of starting the opening of its tenders, as the
services and the rounds page both ask them (Art. 22(3), Art. 31(3)-(4))."""

import datetime as dt

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.core.timeutil import AMSTERDAM
from innopartner.tendering import rules

DEADLINE = dt.datetime(2024, 3, 31, 12, 0, tzinfo=AMSTERDAM)
SECOND = dt.timedelta(seconds=1)


def code(check, **facts):
    with pytest.raises(RuleViolation) as excinfo:
        check(**facts)
    return excinfo.value.code


def test_rounds_are_opened_in_the_negotiation_stage_only():
    rules.ensure_round_may_open(stage="negotiation")
    assert code(rules.ensure_round_may_open, stage="selection") == "wrong-stage"


def test_a_round_deadline_one_second_ahead_is_in_the_future():
    rules.ensure_round_deadline_in_future(deadline=DEADLINE, now=DEADLINE - SECOND)


@pytest.mark.parametrize("now", [DEADLINE, DEADLINE + SECOND])
def test_a_round_deadline_now_or_past_gives_the_tenderers_no_time(now):
    assert (
        code(rules.ensure_round_deadline_in_future, deadline=DEADLINE, now=now)
        == "round-deadline-in-past"
    )


def test_the_opening_starts_one_second_after_the_deadline():
    rules.ensure_opening_may_start(
        stage="negotiation", deadline=DEADLINE, now=DEADLINE + SECOND, started=False
    )


@pytest.mark.parametrize(
    ("stage", "now", "started", "expected"),
    [
        ("standstill", DEADLINE + SECOND, False, "wrong-stage"),
        ("negotiation", DEADLINE, False, "tender-opening-too-early"),
        ("negotiation", DEADLINE + SECOND, True, "opening-already-started"),
        # Too early is said before already started: the deadline decides first.
        ("negotiation", DEADLINE - SECOND, True, "tender-opening-too-early"),
    ],
)
def test_the_opening_does_not_start(stage, now, started, expected):
    assert (
        code(
            rules.ensure_opening_may_start,
            stage=stage,
            deadline=DEADLINE,
            now=now,
            started=started,
        )
        == expected
    )
