"""The publication services are wired to their rules: each refusal names the rule's code,
changes nothing and writes no audit record; a success is audited."""

import datetime as dt

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import NotAllowed, RuleViolation
from innopartner.procedures import services
from innopartner.procedures.models import Notice, Procedure
from innopartner.testing import draft_procedure, make_world, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def _refused(call, code):
    records = AuditRecord.objects.count()
    with pytest.raises((RuleViolation, NotAllowed)) as caught:
        call()
    assert caught.value.code == code
    assert AuditRecord.objects.count() == records
    return caught.value


def test_a_pin_is_refused_as_call_for_competition_and_nothing_is_published(world):
    procedure = draft_procedure(world)
    _refused(
        lambda: services.notice_publish(
            procedure=procedure,
            requests_deadline=world.now + dt.timedelta(days=40),
            channel="tenderned",
            call_type="pin",
            now=world.now,
            actor=world.officer,
        ),
        "pin-not-a-call-for-competition",
    )
    procedure.refresh_from_db()
    assert procedure.stage == "preparation" and procedure.notice_dispatched_at is None
    assert not Notice.objects.exists()


def test_publishing_with_29_days_for_requests_is_refused(world):
    procedure = draft_procedure(world)
    _refused(lambda: publish(world, procedure, days=29), "request-time-limit-too-short")
    assert Procedure.objects.get(pk=procedure.pk).stage == "preparation"


def test_incomplete_documents_block_publication_and_list_what_is_missing(world):
    procedure = draft_procedure(world, complete=False)
    error = _refused(lambda: publish(world, procedure), "documents-incomplete")
    assert "minimumeisen" in error.message and "tussendoelen" in error.message


def test_price_only_award_is_refused_at_publication(world):
    procedure = draft_procedure(world)
    procedure.award_criteria.filter(kind="quality").delete()
    procedure.award_criteria.update(weight=100)
    _refused(lambda: publish(world, procedure), "award-not-bpqr")


def test_a_candidate_minimum_below_three_is_refused(world):
    procedure = draft_procedure(world)
    services.preparation_update(
        procedure=procedure, candidates_min=2, now=world.now, actor=world.officer
    )
    _refused(lambda: publish(world, procedure), "candidates-minimum-too-low")


def test_without_an_rd_selection_criterion_publication_is_refused(world):
    procedure = draft_procedure(world)
    procedure.selection_criteria.update(covers_rd_capacity=False)
    _refused(lambda: publish(world, procedure), "rd-selection-criterion-missing")


def test_without_proportionality_justification_publication_is_refused(world):
    procedure = draft_procedure(world)
    services.preparation_update(
        procedure=procedure, proportionality_justification="", now=world.now, actor=world.officer
    )
    error = _refused(lambda: publish(world, procedure), "documents-incomplete")
    assert "evenredigheid" in error.message


def test_publication_outside_tenderned_is_refused_for_a_dutch_buyer(world):
    procedure = draft_procedure(world)
    _refused(
        lambda: services.notice_publish(
            procedure=procedure,
            requests_deadline=world.now + dt.timedelta(days=30),
            channel="ted",
            now=world.now,
            actor=world.officer,
        ),
        "publication-channel-not-allowed",
    )


def test_another_buyers_officer_cannot_publish(world):
    procedure = draft_procedure(world)
    with pytest.raises(NotAllowed) as caught:
        services.notice_publish(
            procedure=procedure,
            requests_deadline=world.now + dt.timedelta(days=30),
            channel="tenderned",
            now=world.now,
            actor=world.other_buyer_officer,
        )
    assert caught.value.code == "not-buyer-staff"


def test_publication_opens_requests_and_is_audited_with_who_when_and_what(world):
    procedure = publish(world, draft_procedure(world))
    assert procedure.stage == "requests_open"
    notice = Notice.objects.get(procedure=procedure)
    assert notice.kind == "contract_notice" and notice.eforms_subtype == "16"
    record = AuditRecord.objects.get(action="notice.published")
    assert (
        record.actor == world.officer and record.at == world.now and record.procedure == procedure
    )
    change = AuditRecord.objects.get(action="procedure.stage_changed", procedure=procedure)
    assert change.before == {"stage": "preparation"} and change.after == {"stage": "requests_open"}


def test_award_criteria_and_minimum_requirements_are_frozen_after_the_notice(world):
    procedure = publish(world, draft_procedure(world))
    criterion = procedure.award_criteria.first()
    _refused(
        lambda: services.award_criterion_change(
            criterion=criterion, weight=50, now=world.now, actor=world.officer
        ),
        "fixed-after-notice",
    )
    minimum = procedure.requirements.get(is_minimum=True)
    _refused(
        lambda: services.requirement_change(
            requirement=minimum,
            text="Anders",
            now=world.now,
            actor=world.officer,
            resubmission_deadline=world.now + dt.timedelta(days=10),
        ),
        "fixed-after-notice",
    )
    minimum.refresh_from_db()
    assert minimum.text == "Meet het hele jaar door."


def test_changing_another_requirement_notifies_everyone_remaining_with_a_new_deadline(world):
    from innopartner.testing import select

    procedure = select(world, publish(world, draft_procedure(world)))
    other = procedure.requirements.get(is_minimum=False)
    _refused(
        lambda: services.requirement_change(
            requirement=other,
            text="Wekelijks.",
            now=world.now,
            actor=world.officer,
            resubmission_deadline=world.now,
        ),
        "resubmission-deadline-not-after-notice",
    )
    services.requirement_change(
        requirement=other,
        text="Rapporteert wekelijks.",
        now=world.now,
        actor=world.officer,
        resubmission_deadline=world.now + dt.timedelta(days=7),
    )
    change = procedure.document_changes.get()
    assert set(change.recipients.all()) == set(world.operators)
    assert (
        change.before_text == "Rapporteert maandelijks."
        and change.after_text == "Rapporteert wekelijks."
    )


def test_pre_commercial_procurement_cannot_declare_purchase_items(world):
    procedure = draft_procedure(world, procedure_type="pcp")
    _refused(
        lambda: services.purchase_item_add(
            procedure=procedure,
            name="Licentie",
            max_unit_price=1000,
            now=world.now,
            actor=world.officer,
        ),
        "no-purchase-phase",
    )


def test_the_notice_records_the_estimated_value_and_the_export_codes_of_an_innovation_partnership(
    world,
):
    procedure = publish(world, draft_procedure(world))
    record = AuditRecord.objects.get(action="notice.published")
    # R&D 500,000 + purchase 700,000 (Art. 5(10))
    assert record.after["estimated_value"] == "1200000.00"
    assert record.after["eforms_procedure_code"] == "innovation"
    assert record.after["eforms_no_negotiation_necessary"] is False
    assert record.after["ted_legacy_element"] == "PT_INNOVATION_PARTNERSHIP"
    assert record.after["ocds_procurement_method"] == "selective"
    assert record.after["ocds_procurement_method_details"] == "Innovation partnership"
    assert procedure.stage == "requests_open"
