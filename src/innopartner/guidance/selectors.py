"""What the guidance shows: the checklist of a stage with each item's state, the
publication's lessons at a stage, and the own lessons a viewer may read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from innopartner.parties.models import Membership
from innopartner.procedures.models import Procedure

from .data import ChecklistItem, Lesson, guidance
from .models import ChecklistEntry, OwnLesson


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    entry: ChecklistEntry | None

    @property
    def state(self) -> str:
        if self.item.enforced:
            return "enforced"
        return self.entry.state if self.entry else "open"


def checklist(procedure: Procedure, *, stage: str | None = None) -> list[ChecklistRow]:
    entries = {
        e.item_id: e
        for e in ChecklistEntry.objects.filter(procedure=procedure).select_related("changed_by")
    }
    items = guidance().checklist(
        procedure_type=procedure.procedure_type, stage=stage or procedure.stage
    )
    return [ChecklistRow(item=i, entry=entries.get(i.id)) for i in items]


def checklist_by_stage(procedure: Procedure) -> list[tuple[str, list[ChecklistRow]]]:
    return [(s.value, checklist(procedure, stage=s.value)) for s in procedure.type.stages]


def checklist_progress(rows: list[ChecklistRow]) -> dict[str, int]:
    counts = {"open": 0, "done": 0, "skipped": 0, "not_applicable": 0, "enforced": 0}
    for row in rows:
        counts[row.state] += 1
    return counts


def lessons_at(procedure: Procedure, *, stage: str | None = None) -> list[Lesson]:
    return guidance().lessons_for(
        procedure_type=procedure.procedure_type, stage=stage or procedure.stage
    )


def own_lessons_for_procedure(procedure: Procedure, *, stage: str | None = None):
    """Lessons the procedure's buyers recorded in their other procedures at this stage, and
    lessons other organisations shared; never another organisation's unshared lessons."""
    buyer_ids = list(procedure.buyers.values_list("authority_id", flat=True))
    return (
        OwnLesson.objects.filter(stage=stage or procedure.stage)
        .exclude(procedure=procedure)
        .filter(Q(organisation_id__in=buyer_ids) | Q(shared=True))
        .select_related("organisation", "procedure", "created_by")
    )


def own_lessons_recorded_in(procedure: Procedure) -> QuerySet[OwnLesson]:
    return OwnLesson.objects.filter(procedure=procedure).select_related(
        "organisation", "created_by"
    )


def own_lessons_visible_to(membership: Membership | None) -> QuerySet[OwnLesson]:
    """For the lessons page: an auditor reads all; buyer staff and evaluators their
    organisation's and the shared ones; a supplier none (they are the buyers' notes)."""
    qs = OwnLesson.objects.select_related("organisation", "procedure")
    if membership is None:
        return qs.none()
    if membership.role == Membership.Role.AUDITOR:
        return qs
    if membership.role in Membership.BUYER_ROLES or membership.role == Membership.Role.EVALUATOR:
        return qs.filter(Q(organisation=membership.organisation) | Q(shared=True))
    return qs.none()


def search_lessons(
    *, query: str = "", stage: str = "", topic: str = "", source: str = ""
) -> list[Lesson]:
    return [
        lesson
        for lesson in guidance().lessons
        if (not query or lesson.matches(query))
        and (not stage or stage in lesson.stages)
        and (not topic or topic in lesson.topics)
        and (not source or lesson.source == source)
    ]
