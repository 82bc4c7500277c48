"""Rule [17]: the standstill runs 20 calendar days from the day after the award decision is
sent; the contract is signed from sent + 21 days unless an art. 2.127(4) exception is
recorded (Aw 2012 art. 2.127)."""

import datetime as dt

import pytest

from innopartner.award import rules
from innopartner.core.exceptions import RuleViolation


def test_the_standstill_ends_20_days_after_sending_and_signing_may_follow_a_day_later():
    assert rules.standstill_dates(sent_on=dt.date(2025, 5, 12)) == (
        dt.date(2025, 6, 1),
        dt.date(2025, 6, 2),
    )


def test_the_standstill_across_the_october_clock_change_counts_calendar_days():
    # Sent Thursday 10 October 2024; the clocks go back on Sunday 27 October.
    # Day 1 is 11 October, day 20 is 30 October; signing from 31 October.
    assert rules.standstill_dates(sent_on=dt.date(2024, 10, 10)) == (
        dt.date(2024, 10, 30),
        dt.date(2024, 10, 31),
    )


def test_the_standstill_across_the_march_clock_change_counts_calendar_days():
    # Sent 20 March 2025; the clocks go forward on 30 March.
    assert rules.standstill_dates(sent_on=dt.date(2025, 3, 20)) == (
        dt.date(2025, 4, 9),
        dt.date(2025, 4, 10),
    )


def test_the_standstill_across_a_leap_day_counts_it():
    assert rules.standstill_dates(sent_on=dt.date(2024, 2, 15)) == (
        dt.date(2024, 3, 6),
        dt.date(2024, 3, 7),
    )


def test_the_standstill_across_the_new_year_runs_into_january():
    assert rules.standstill_dates(sent_on=dt.date(2024, 12, 20)) == (
        dt.date(2025, 1, 9),
        dt.date(2025, 1, 10),
    )


EARLIEST = dt.date(2024, 10, 31)


def over(today, exception="", exception_reason=""):
    rules.ensure_standstill_over(
        earliest_signing=EARLIEST,
        today=today,
        exception=exception,
        exception_reason=exception_reason,
    )


def test_signing_on_the_earliest_signing_day_is_allowed():
    over(EARLIEST)


def test_signing_on_the_last_day_of_the_standstill_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        over(EARLIEST - dt.timedelta(days=1))
    assert excinfo.value.code == "standstill-not-over"
    assert "2.127" in excinfo.value.article
    assert excinfo.value.extra["earliest"] == "2024-10-31"


def test_signing_on_the_day_the_decision_was_sent_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        over(dt.date(2024, 10, 10))
    assert excinfo.value.code == "standstill-not-over"


def test_signing_long_after_the_standstill_is_allowed():
    over(EARLIEST + dt.timedelta(days=200))


@pytest.mark.parametrize("exception", sorted(rules.STANDSTILL_EXCEPTIONS))
def test_a_recorded_exception_with_its_reason_allows_signing_during_the_standstill(exception):
    over(dt.date(2024, 10, 11), exception=exception, exception_reason="Zie motivering in dossier.")


def test_an_exception_without_a_reason_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        over(dt.date(2024, 10, 11), exception="framework_call_off", exception_reason="  ")
    assert excinfo.value.code == "standstill-exception-reason-missing"
    assert "2.127(4)" in excinfo.value.article


def test_an_unknown_exception_is_refused_even_with_a_reason():
    with pytest.raises(RuleViolation) as excinfo:
        over(dt.date(2024, 10, 11), exception="urgency", exception_reason="Haast.")
    assert excinfo.value.code == "standstill-exception-unknown"


def test_the_exceptions_are_the_three_of_article_2_127_4():
    assert set(rules.STANDSTILL_EXCEPTIONS) == {
        "no_publication_required",
        "single_tenderer_no_candidates",
        "framework_call_off",
    }
