"""The guidance panel on the procedure page: the current stage's checklist and lessons in
the user's language. A template tag, so that the procedure view needs no change: it reads the
``procedure`` and ``kind`` the page already has. Suppliers never see it."""

from __future__ import annotations

from django import template

from innopartner.web import access
from innopartner.web.labels import stage_label

from .. import selectors
from ..data import guidance
from ..forms import source_label

register = template.Library()


@register.inclusion_tag("guidance/partials/panel_body.html", takes_context=True)
def guidance_panel(context) -> dict:
    procedure = context.get("procedure")
    kind = context.get("kind")
    if procedure is None or kind not in (access.BUYER, access.EVALUATOR, access.AUDITOR):
        return {"show": False}
    rows = selectors.checklist(procedure)
    topics = guidance().topics
    grouped: dict[str, list] = {}
    for lesson in selectors.lessons_at(procedure):
        grouped.setdefault(lesson.topics[0], []).append(
            {"lesson": lesson, "source": source_label(lesson.source)}
        )
    return {
        "show": True,
        "procedure": procedure,
        "kind": kind,
        "stage_label": stage_label(procedure.stage),
        "rows": rows,
        "progress": selectors.checklist_progress(rows),
        "lesson_groups": [
            {"topic": str(topics[code].label), "items": items} for code, items in grouped.items()
        ],
        "own_lessons": list(selectors.own_lessons_for_procedure(procedure)[:20]),
        "recorded_here": list(selectors.own_lessons_recorded_in(procedure)),
        "end_stage": procedure.stage in ("completed", "terminated", "cancelled"),
    }
