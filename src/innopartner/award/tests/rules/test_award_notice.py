"""Rule [18]: the contract award notice is due within 30 days of concluding (Art. 50)."""

import datetime as dt
from zoneinfo import ZoneInfo

from innopartner.award import rules

AMS = ZoneInfo("Europe/Amsterdam")


def test_the_award_notice_is_due_30_days_after_the_contract_is_concluded():
    concluded = dt.datetime(2025, 6, 2, 14, 30, tzinfo=AMS)
    assert rules.award_notice_due(concluded_at=concluded) == dt.datetime(
        2025, 7, 2, 14, 30, tzinfo=AMS
    )


def test_the_award_notice_due_date_across_the_october_clock_change_keeps_the_wall_clock():
    concluded = dt.datetime(2024, 10, 10, 14, 30, tzinfo=AMS)
    due = rules.award_notice_due(concluded_at=concluded)
    assert (due.date(), due.hour, due.minute) == (dt.date(2024, 11, 9), 14, 30)


def test_a_conclusion_moment_in_utc_counts_calendar_days_in_amsterdam():
    # 10 March 2025 13:30 UTC is 14:30 CET; 30 days later is 9 April 14:30 CEST (12:30 UTC),
    # not 720 hours later (15:30 CEST).
    concluded = dt.datetime(2025, 3, 10, 13, 30, tzinfo=dt.UTC)
    due = rules.award_notice_due(concluded_at=concluded)
    assert due.astimezone(dt.UTC) == dt.datetime(2025, 4, 9, 12, 30, tzinfo=dt.UTC)
