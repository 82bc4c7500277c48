"""Rule [2]: requests to participate get at least 30 days from the dispatch of the contract
notice, with no reduction for urgency (Art. 31(1); Aw 2012 art. 2.71(3)). Days are calendar
days in Dutch legal time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import (
    COMPETITIVE_NEGOTIATION,
    INNOVATION_PARTNERSHIP,
    PRE_COMMERCIAL_PROCUREMENT,
)

AMS = ZoneInfo("Europe/Amsterdam")
UTC = dt.UTC
DISPATCHED = dt.datetime(2025, 1, 6, 9, 0, tzinfo=AMS)  # no DST change in the 30 days


def check(deadline, *, dispatched=DISPATCHED, ptype=INNOVATION_PARTNERSHIP):
    rules.ensure_request_time_limit(
        ptype=ptype, dispatched_at=dispatched, requests_deadline=deadline
    )


def refused_code(deadline, *, dispatched=DISPATCHED, ptype=INNOVATION_PARTNERSHIP):
    with pytest.raises(RuleViolation) as excinfo:
        check(deadline, dispatched=dispatched, ptype=ptype)
    return excinfo.value


def test_requests_deadline_exactly_thirty_days_after_dispatch_is_accepted():
    check(dt.datetime(2025, 2, 5, 9, 0, tzinfo=AMS))


def test_requests_deadline_one_second_short_of_thirty_days_is_refused():
    error = refused_code(dt.datetime(2025, 2, 5, 8, 59, 59, tzinfo=AMS))
    assert error.code == "request-time-limit-too-short"
    assert "31(1)" in error.article
    assert "2.71(3)" in error.article


def test_requests_deadline_a_year_later_is_accepted():
    check(DISPATCHED + dt.timedelta(days=365))


def test_the_accelerated_fifteen_days_of_urgency_are_refused():
    # Art. 31 has no reduction for urgency, unlike Art. 28(6) for the restricted procedure.
    error = refused_code(DISPATCHED + dt.timedelta(days=15))
    assert error.code == "request-time-limit-too-short"


def test_a_deadline_before_the_dispatch_is_refused():
    assert refused_code(DISPATCHED - dt.timedelta(days=1)).code == "request-time-limit-too-short"


def test_the_refusal_names_the_earliest_allowed_deadline():
    error = refused_code(DISPATCHED + dt.timedelta(days=29))
    assert error.extra["earliest"] == "2025-02-05T09:00:00+01:00"


@pytest.mark.parametrize(
    "ptype", [COMPETITIVE_NEGOTIATION, PRE_COMMERCIAL_PROCUREMENT], ids=lambda t: t.code
)
def test_the_other_types_keep_thirty_days_too(ptype):
    check(dt.datetime(2025, 2, 5, 9, 0, tzinfo=AMS), ptype=ptype)
    error = refused_code(dt.datetime(2025, 2, 5, 8, 59, 59, tzinfo=AMS), ptype=ptype)
    assert error.code == "request-time-limit-too-short"


# Across the last Sunday of October (27 October 2024, 03:00 CEST -> 02:00 CET), thirty calendar
# days are thirty times 24 hours plus one hour.
OCT_DISPATCH = dt.datetime(2024, 10, 10, 12, 0, tzinfo=AMS)  # CEST, UTC+2


def test_thirty_days_across_the_october_clock_change_end_at_the_same_wall_clock_time():
    check(dt.datetime(2024, 11, 9, 12, 0, tzinfo=AMS), dispatched=OCT_DISPATCH)


def test_one_second_short_of_thirty_days_across_the_october_clock_change_is_refused():
    error = refused_code(dt.datetime(2024, 11, 9, 11, 59, 59, tzinfo=AMS), dispatched=OCT_DISPATCH)
    assert error.code == "request-time-limit-too-short"


def test_thirty_times_24_hours_across_the_october_clock_change_is_one_hour_short():
    deadline = dt.datetime(2024, 11, 9, 11, 0, tzinfo=AMS)
    assert deadline.astimezone(UTC) - OCT_DISPATCH.astimezone(UTC) == dt.timedelta(hours=720)
    assert refused_code(deadline, dispatched=OCT_DISPATCH).code == "request-time-limit-too-short"


def test_a_dispatch_moment_given_in_utc_counts_calendar_days_in_amsterdam():
    # The API passes timezone.now() in UTC. 10:00 UTC is 12:00 CEST; the limit is still
    # 9 November 12:00 CET, not 720 hours later (11:00 CET).
    dispatched_utc = OCT_DISPATCH.astimezone(UTC)
    error = refused_code(dt.datetime(2024, 11, 9, 11, 0, tzinfo=AMS), dispatched=dispatched_utc)
    assert error.code == "request-time-limit-too-short"
    check(dt.datetime(2024, 11, 9, 11, 0, tzinfo=UTC), dispatched=dispatched_utc)  # 12:00 CET


def test_thirty_days_across_the_march_clock_change_are_one_hour_shorter_than_720_hours():
    # 30 March 2025: 02:00 CET -> 03:00 CEST. 15 March 12:00 CET + 30 days = 14 April 12:00 CEST.
    dispatched = dt.datetime(2025, 3, 15, 12, 0, tzinfo=AMS)
    check(dt.datetime(2025, 4, 14, 12, 0, tzinfo=AMS), dispatched=dispatched)
    check(dt.datetime(2025, 4, 14, 10, 0, tzinfo=UTC), dispatched=dispatched.astimezone(UTC))
    error = refused_code(dt.datetime(2025, 4, 14, 11, 59, 59, tzinfo=AMS), dispatched=dispatched)
    assert error.code == "request-time-limit-too-short"


def _accepted(dispatched, deadline):
    try:
        check(deadline, dispatched=dispatched)
    except RuleViolation:
        return False
    return True


@given(
    dispatched=st.datetimes(
        min_value=dt.datetime(2020, 1, 1),
        max_value=dt.datetime(2035, 12, 31),
        timezones=st.just(AMS),
        allow_imaginary=False,
    ),
    offset=st.one_of(
        # Mostly near the limit, where a clock change decides; sometimes anywhere.
        st.integers(min_value=30 * 86_400 - 7_200, max_value=30 * 86_400 + 7_200),
        st.integers(min_value=-86_400, max_value=40 * 86_400),
    ),
    later=st.integers(min_value=0, max_value=10 * 86_400),
)
def test_the_request_time_limit_is_monotone_and_independent_of_the_time_zone(
    dispatched, offset, later
):
    deadline = dispatched + dt.timedelta(seconds=offset)
    accepted = _accepted(dispatched, deadline)
    # The same instants written in UTC give the same answer.
    assert _accepted(dispatched.astimezone(UTC), deadline.astimezone(UTC)) == accepted
    assert _accepted(dispatched, deadline.astimezone(UTC)) == accepted
    # A later deadline is never worse.
    if accepted:
        assert _accepted(dispatched, deadline + dt.timedelta(seconds=later))
    # Whatever the clock changes, 30 days lie within an hour of 720 hours.
    elapsed = deadline.astimezone(UTC) - dispatched.astimezone(UTC)
    if elapsed < dt.timedelta(days=30, hours=-1):
        assert not accepted
    if elapsed >= dt.timedelta(days=30, hours=1):
        assert accepted
