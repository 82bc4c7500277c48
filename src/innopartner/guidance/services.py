"""State changes of the guidance: a checklist item ticked, skipped or marked not applicable,
and a buyer's own lesson. Each locks the procedure, checks, changes and writes the audit
record in one transaction, like every service of the engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput, NotAllowed, NotFound
from innopartner.parties.models import Membership, Organisation
from innopartner.procedures.models import Procedure
from innopartner.procedures.permissions import ensure_buyer_staff
from innopartner.procedures.services import locked
from innopartner.procedures.types import Stage

from . import rules
from .data import guidance
from .models import ChecklistEntry, OwnLesson


def checklist_item_set(
    *,
    procedure: Procedure,
    item_id: str,
    state: str,
    now: dt.datetime,
    actor: Any,
    reason: str = "",
) -> ChecklistEntry:
    """Tick an advisory checklist item, skip it with a reason, mark it not applicable, or open
    it again. Buyer staff only; the audit record keeps every change with who and when."""
    with transaction.atomic():
        procedure = locked(procedure)
        ensure_buyer_staff(procedure=procedure, user=actor)
        item = guidance().item(item_id)
        if item is None or procedure.procedure_type not in item.types:
            raise NotFound(
                f"Checklistpunt '{item_id}' hoort niet bij deze procedure.",
                code="checklist-item-unknown",
            )
        rules.ensure_state(state)
        rules.ensure_advisory(enforced_by=item.enforced_by, item_id=item.id)
        reason = reason.strip()
        rules.ensure_reason_for_skip(state=state, reason=reason)
        entry = ChecklistEntry.objects.filter(procedure=procedure, item_id=item.id).first()
        before = {"state": entry.state, "reason": entry.reason} if entry else {"state": "open"}
        if entry is None:
            entry = ChecklistEntry(procedure=procedure, item_id=item.id)
        entry.state = state
        entry.reason = reason if state in ("skipped", "not_applicable") else ""
        entry.changed_at = now
        entry.changed_by = actor
        entry.save()
        audit_record(
            actor=actor,
            action="checklist.item_set",
            subject=entry,
            procedure=procedure,
            at=now,
            before=before,
            after={"item": item.id, "stage": item.stage, "state": state, "reason": entry.reason},
        )
        return entry


def _acting_organisation(procedure: Procedure, actor: Any, organisation: Organisation | None):
    """The buyer organisation the lesson belongs to: the one named (the session's), which
    must be a buyer of this procedure that the actor works for."""
    buyer_ids = list(procedure.buyers.values_list("authority_id", flat=True))
    mine = Membership.objects.filter(
        user=actor, role__in=Membership.BUYER_ROLES, organisation_id__in=buyer_ids
    ).values_list("organisation_id", flat=True)
    if organisation is None:
        own = list(mine)
        if len(own) != 1:
            raise InvalidInput(
                "Kies namens welke aanbestedende dienst u de les vastlegt.",
                code="lesson-organisation-ambiguous",
            )
        return Organisation.objects.get(pk=own[0])
    if organisation.pk not in set(mine):
        raise NotAllowed(
            f"{getattr(actor, 'username', actor)} legt geen lessen vast namens {organisation}.",
            code="lesson-organisation-not-allowed",
        )
    return organisation


def own_lesson_add(
    *,
    procedure: Procedure,
    stage: str,
    topic: str,
    title: str,
    text: str,
    now: dt.datetime,
    actor: Any,
    shared: bool = False,
    organisation: Organisation | None = None,
) -> OwnLesson:
    """A lesson the buyer learned, for its own later procedures (and for others if shared).

    Allowed at any stage, not only at the end: the evaluation at completion, termination or
    cancellation is where the page asks for it, but a lesson learned during the selection is
    worth keeping while it is fresh."""
    with transaction.atomic():
        procedure = locked(procedure)
        ensure_buyer_staff(procedure=procedure, user=actor)
        owner = _acting_organisation(procedure, actor, organisation)
        if stage not in procedure.type.stages:
            raise InvalidInput(
                f"Fase '{stage}' hoort niet bij een {procedure.type.label_nl.lower()}.",
                code="lesson-stage-unknown",
            )
        if topic not in guidance().topics:
            raise InvalidInput(f"Onbekend onderwerp '{topic}'.", code="lesson-topic-unknown")
        rules.ensure_lesson_text(title=title, text=text)
        lesson = OwnLesson.objects.create(
            organisation=owner,
            procedure=procedure,
            stage=Stage(stage).value,
            topic=topic,
            title=title.strip(),
            text=text.strip(),
            shared=bool(shared),
            created_at=now,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="lesson.recorded",
            subject=lesson,
            procedure=procedure,
            at=now,
            after={
                "organisation": owner.name,
                "stage": lesson.stage,
                "topic": topic,
                "title": lesson.title,
                "shared": lesson.shared,
            },
        )
        return lesson
