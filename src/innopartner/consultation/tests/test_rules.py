"""The consultation's rules at their boundaries, without the database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from innopartner.consultation import rules
from innopartner.consultation.models import LIMITS
from innopartner.core.exceptions import InvalidInput, RuleViolation


def _response(**overrides):
    values = {
        "organisation_name": "Start-up B.V.",
        "contact_person": "Sam",
        "email": "sam@example.nl",
        "kind": "idea",
        "idea": "Een idee.",
        "public_summary": "",
        "summary_consent": False,
        "limits": LIMITS,
    }
    values.update(overrides)
    rules.ensure_response(**values)


def test_a_page_cannot_be_written_or_answered_after_the_notice():
    rules.ensure_before_notice(notice_dispatched=False, what="x")
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_before_notice(notice_dispatched=True, what="x")
    assert caught.value.code == "consultation-after-notice"
    assert "Art. 40" in caught.value.article
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_responses_open(status="published", notice_dispatched=True)
    assert caught.value.code == "consultation-after-notice"


@pytest.mark.parametrize("status", ["draft", "withdrawn"])
def test_only_a_published_page_takes_responses(status):
    rules.ensure_responses_open(status="published", notice_dispatched=False)
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_responses_open(status=status, notice_dispatched=False)
    assert caught.value.code == "challenge-responses-closed"


def test_a_page_needs_its_need_and_a_reachable_contact():
    rules.ensure_page_complete(title="t", need="n", contact_name="c", contact_email="c@x.nl")
    with pytest.raises(InvalidInput) as caught:
        rules.ensure_page_complete(title="t", need=" ", contact_name="c", contact_email="c@x.nl")
    assert caught.value.code == "challenge-page-incomplete"
    with pytest.raises(InvalidInput) as caught:
        rules.ensure_page_complete(title="t", need="n", contact_name="c", contact_email="geen")
    assert caught.value.code == "challenge-contact-email-invalid"


def test_a_response_at_the_length_limit_is_taken_and_one_character_more_is_refused():
    _response(idea="x" * LIMITS["idea"])
    with pytest.raises(InvalidInput) as caught:
        _response(idea="x" * (LIMITS["idea"] + 1))
    assert caught.value.code == "response-too-long"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"organisation_name": " "}, "response-who-missing"),
        ({"email": "niet-een-adres"}, "response-email-invalid"),
        ({"kind": "spam"}, "response-kind-unknown"),
        ({"kind": "question", "idea": ""}, "response-text-missing"),
        ({"summary_consent": True, "public_summary": ""}, "response-consent-without-summary"),
    ],
)
def test_a_bad_response_is_refused_with_its_code(overrides, code):
    with pytest.raises(InvalidInput) as caught:
        _response(**overrides)
    assert caught.value.code == code


def test_interest_alone_needs_no_text():
    _response(kind="interest", idea="")


def test_the_fifth_response_in_an_hour_is_the_last():
    rules.ensure_response_rate(recent=rules.RESPONSES_PER_HOUR - 1)
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_response_rate(recent=rules.RESPONSES_PER_HOUR)
    assert caught.value.code == "response-rate-limited"


def test_an_activity_is_recorded_on_or_after_the_day_it_was_held():
    today = dt.date(2026, 3, 2)
    rules.ensure_held_on(held_on=today, today=today)
    with pytest.raises(InvalidInput):
        rules.ensure_held_on(held_on=today + dt.timedelta(days=1), today=today)


@pytest.mark.parametrize(
    ("topic", "value", "expected"),
    [
        ("scope", "Nieuwe scope", {"fields": {"need_description": "Nieuwe scope"}}),
        ("minimum_requirement", "Werkt offline", {"requirement": "Werkt offline"}),
        ("partners", "1", {"fields": {"intended_partners": 1, "partner_structure": "one"}}),
        ("partners", "3", {"fields": {"intended_partners": 3, "partner_structure": "several"}}),
        ("budget", "250.000", {"fields": {"budget": Decimal("250000")}}),
        ("budget", "250.000,50", {"fields": {"budget": Decimal("250000.50")}}),
        ("budget", "1500.75", {"fields": {"budget": Decimal("1500.75")}}),
        ("ip", "buyer_owns", {"fields": {"ip_arrangement": "buyer_owns"}}),
        (
            "ip",
            "Licentie voor alle korpsen",
            {"fields": {"ip_details": "Licentie voor alle korpsen"}},
        ),
    ],
)
def test_a_finding_maps_to_a_change_in_the_preparation_record(topic, value, expected):
    assert rules.decision_change(topic=topic, value=value) == expected


@pytest.mark.parametrize(
    ("topic", "value", "code"),
    [
        ("colour", "x", "decision-topic-unknown"),
        ("scope", " ", "decision-value-missing"),
        ("partners", "0", "decision-partners-invalid"),
        ("partners", "twee", "decision-partners-invalid"),
        ("budget", "veel", "decision-budget-invalid"),
    ],
)
def test_a_bad_decision_value_is_refused(topic, value, code):
    with pytest.raises(InvalidInput) as caught:
        rules.decision_change(topic=topic, value=value)
    assert caught.value.code == code


def test_control_characters_are_dropped_and_line_breaks_kept():
    assert rules.clean_text(" a\x00b\x07c\nd\te\x1b ") == "abc\nd\te"
