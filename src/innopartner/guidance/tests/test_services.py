"""The guidance services: who may change a checklist, what the audit record keeps, and who
sees a buyer's own lessons (its own organisation's later procedures; others only if shared)."""

from __future__ import annotations

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import InvalidInput, NotAllowed, NotFound, RuleViolation
from innopartner.guidance import selectors, services
from innopartner.guidance.models import ChecklistEntry, OwnLesson
from innopartner.procedures import services as procedures


def _set(procedure, world, actor=None, **kwargs):
    kwargs.setdefault("item_id", "prep-tco")
    kwargs.setdefault("state", "done")
    return services.checklist_item_set(
        procedure=procedure, now=world.now, actor=actor or world.officer, **kwargs
    )


def test_each_change_is_kept_in_the_audit_trail_with_who_and_when(world, procedure):
    _set(procedure, world)
    world.tick(hours=1)
    _set(procedure, world, actor=world.second_officer, state="not_applicable", reason="Geen.")
    entry = ChecklistEntry.objects.get()
    assert entry.changed_by == world.second_officer and entry.changed_at == world.now
    records = AuditRecord.objects.filter(action="checklist.item_set").order_by("id")
    assert [(r.actor_label, r.after["state"]) for r in records] == [
        ("officer", "done"),
        ("officer2", "not_applicable"),
    ]
    assert records[1].before == {"state": "done", "reason": ""}


@pytest.mark.parametrize(
    ("state", "reason", "error", "code"),
    [
        ("skipped", "", InvalidInput, "checklist-skip-reason-missing"),
        ("gone", "", InvalidInput, "checklist-state-unknown"),
        ("skipped", "x" * 2001, InvalidInput, "checklist-reason-too-long"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(world, procedure, state, reason, error, code):
    with pytest.raises(error) as refused:
        _set(procedure, world, state=state, reason=reason)
    assert refused.value.code == code
    assert (
        not ChecklistEntry.objects.exists()
        and not AuditRecord.objects.filter(action="checklist.item_set").exists()
    )


def test_unknown_items_enforced_items_and_items_of_another_type_are_refused(world, procedure):
    with pytest.raises(NotFound):
        _set(procedure, world, item_id="no-such-item")
    with pytest.raises(NotFound):  # contract management is for CPN only
        _set(procedure, world, item_id="con-contract-management")
    with pytest.raises(RuleViolation) as refused:
        _set(procedure, world, item_id="prep-proportionality")
    assert refused.value.code == "checklist-item-enforced"
    assert not ChecklistEntry.objects.exists()


@pytest.mark.parametrize("who", ["evaluator", "supplier", "other_buyer_officer"])
def test_only_buyer_staff_change_the_checklist(world, procedure, who):
    actor = {
        "evaluator": world.evaluator,
        "supplier": world.supplier(world.operators[0]),
        "other_buyer_officer": world.other_buyer_officer,
    }[who]
    with pytest.raises(NotAllowed):
        _set(procedure, world, actor=actor)
    assert not ChecklistEntry.objects.exists()


def _lesson(procedure, world, actor=None, **kwargs):
    data = {
        "stage": "preparation",
        "topic": "market",
        "title": "Consultatie ruim plannen",
        "text": "Twee weken was te kort voor de marktconsultatie.",
    }
    data.update(kwargs)
    return services.own_lesson_add(
        procedure=procedure, now=world.now, actor=actor or world.officer, **data
    )


def _other_procedure(world, *, buyer_officer):
    return procedures.procedure_create(
        title="Volgende procedure",
        procedure_type_code="innovation_partnership",
        lead_buyer=buyer_officer.memberships.first().organisation,
        now=world.now,
        actor=buyer_officer,
    )


def test_own_lessons_reach_the_organisations_later_procedures_and_others_only_if_shared(
    world, procedure
):
    kept = _lesson(procedure, world)
    shared = _lesson(procedure, world, title="Gedeeld", shared=True)
    assert AuditRecord.objects.filter(action="lesson.recorded", procedure=procedure).count() == 2
    later = _other_procedure(world, buyer_officer=world.officer)
    assert set(selectors.own_lessons_for_procedure(later)) == {kept, shared}
    elsewhere = _other_procedure(world, buyer_officer=world.other_buyer_officer)
    assert list(selectors.own_lessons_for_procedure(elsewhere)) == [shared]
    # Not shown as "from an earlier procedure" on the procedure it was recorded in.
    assert not selectors.own_lessons_for_procedure(procedure).exists()
    # At another stage it does not appear.
    assert not selectors.own_lessons_for_procedure(later, stage="negotiation").exists()


def test_own_lessons_are_refused_for_other_roles_and_bad_input(world, procedure):
    for actor in (world.evaluator, world.other_buyer_officer, world.supplier(world.operators[0])):
        with pytest.raises(NotAllowed):
            _lesson(procedure, world, actor=actor)
    with pytest.raises(InvalidInput) as refused:
        _lesson(procedure, world, stage="contracted")  # not a stage of this type
    assert refused.value.code == "lesson-stage-unknown"
    with pytest.raises(InvalidInput):
        _lesson(procedure, world, topic="weather")
    with pytest.raises(InvalidInput):
        _lesson(procedure, world, text="  ")
    with pytest.raises(NotAllowed):
        _lesson(
            procedure,
            world,
            organisation=world.other_buyer_officer.memberships.first().organisation,
        )
    assert not OwnLesson.objects.exists()
