"""Rules [8] and [9]: minimum requirements and award criteria are fixed once the notice is
out (Art. 31(3)); any other change gives the tenderers a new deadline after the notice of
it (Art. 31(4)). Also the co-funding share of an IP split."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import rules
from innopartner.procedures.types import Stage

AMS = ZoneInfo("Europe/Amsterdam")
NOTIFIED = dt.datetime(2025, 5, 12, 14, 0, tzinfo=AMS)


def test_documents_are_editable_in_preparation():
    rules.ensure_documents_editable(stage="preparation", what="Minimumeisen")


@pytest.mark.parametrize("stage", [s for s in Stage if s != Stage.PREPARATION])
def test_minimum_requirements_are_fixed_in_every_stage_after_preparation(stage):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_documents_editable(stage=stage, what="Minimumeisen")
    assert excinfo.value.code == "fixed-after-notice"
    assert "31(3)" in excinfo.value.article


def test_the_refusal_names_what_was_to_be_changed():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_documents_editable(stage="negotiation", what="Gunningscriteria")
    assert "Gunningscriteria" in excinfo.value.message


def test_a_resubmission_deadline_one_second_after_the_notice_is_accepted():
    rules.ensure_resubmission_deadline(
        notified_at=NOTIFIED, deadline=NOTIFIED + dt.timedelta(seconds=1)
    )


def test_a_resubmission_deadline_at_the_moment_of_the_notice_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_resubmission_deadline(notified_at=NOTIFIED, deadline=NOTIFIED)
    assert excinfo.value.code == "resubmission-deadline-not-after-notice"
    assert "31(4)" in excinfo.value.article


def test_a_resubmission_deadline_before_the_notice_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_resubmission_deadline(
            notified_at=NOTIFIED, deadline=NOTIFIED - dt.timedelta(days=1)
        )
    assert excinfo.value.code == "resubmission-deadline-not-after-notice"


def test_the_same_moment_written_in_utc_is_still_not_after_the_notice():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_resubmission_deadline(
            notified_at=NOTIFIED, deadline=NOTIFIED.astimezone(dt.UTC)
        )
    assert excinfo.value.code == "resubmission-deadline-not-after-notice"


@pytest.mark.parametrize("share", [Decimal("0.01"), Decimal(50), Decimal(100)])
def test_a_cofunding_share_above_0_up_to_100_percent_is_accepted(share):
    rules.ensure_cofunding_share(arrangement="split_by_cofunding", share=share)


@pytest.mark.parametrize("share", [None, Decimal(0), Decimal("-1"), Decimal("100.01")])
def test_a_cofunding_share_missing_or_outside_0_to_100_percent_is_refused(share):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_cofunding_share(arrangement="split_by_cofunding", share=share)
    assert excinfo.value.code == "cofunding-share-invalid"


def test_other_ip_arrangements_need_no_share():
    rules.ensure_cofunding_share(arrangement="partner_owns_buyer_licence", share=None)
