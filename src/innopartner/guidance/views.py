"""Guidance pages: the checklist of a procedure (buyer staff change, auditors and evaluators
read, suppliers never see it), recording an own lesson, and the searchable lessons page.
Thin: each change is one service call; a refusal is shown with its message and code."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopartner.web import access, clock
from innopartner.web.labels import stage_label
from innopartner.web.views.base import attempt, done, refused

from . import selectors, services
from .forms import ChecklistItemForm, LessonSearchForm, OwnLessonForm, source_label

READERS = (access.BUYER, access.EVALUATOR, access.AUDITOR)


def _checklist_context(procedure, kind) -> dict:
    stages = [
        {
            "code": code,
            "label": stage_label(code),
            "current": code == procedure.stage,
            "rows": rows,
            "progress": selectors.checklist_progress(rows),
        }
        for code, rows in selectors.checklist_by_stage(procedure)
    ]
    return {
        "procedure": procedure,
        "kind": kind,
        "stages": stages,
        "may_change": kind == access.BUYER,
    }


@login_required
def checklist(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    kind = access.require(request.membership, *READERS)
    return render(request, "guidance/checklist.html", _checklist_context(procedure, kind))


@login_required
@require_POST
def checklist_item(request, pk, item_id):
    procedure = access.procedure_for(request.membership, pk)
    kind = access.require(request.membership, access.BUYER)
    form = ChecklistItemForm(request.POST)
    context = {**_checklist_context(procedure, kind), "failed_item": item_id, "form": form}
    if not form.is_valid():
        return render(request, "guidance/checklist.html", context, status=400)
    _entry, refusal = attempt(
        lambda: services.checklist_item_set(
            procedure=procedure,
            item_id=item_id,
            state=form.cleaned_data["state"],
            reason=form.cleaned_data["reason"],
            now=clock.now(),
            actor=request.user,
        )
    )
    if refusal:
        return refused(request, "guidance/checklist.html", context, refusal)
    return done(request, _("Checklist bijgewerkt."), "guidance:checklist", procedure.pk)


@login_required
def lesson_add(request, pk):
    procedure = access.procedure_for(request.membership, pk)
    access.require(request.membership, access.BUYER)
    form = OwnLessonForm(request.POST or None, procedure=procedure)
    context = {
        "procedure": procedure,
        "form": form,
        "recorded": selectors.own_lessons_recorded_in(procedure),
    }
    template = "guidance/lesson_add.html"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _lesson, refusal = attempt(
            lambda: services.own_lesson_add(
                procedure=procedure,
                stage=data["stage"],
                topic=data["topic"],
                title=data["title"],
                text=data["text"],
                shared=data["shared"],
                organisation=request.membership.organisation,
                now=clock.now(),
                actor=request.user,
            )
        )
        if refusal:
            return refused(request, template, context, refusal)
        return done(request, _("Les vastgelegd."), "web:procedure", procedure.pk)
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
def lessons(request):
    """The publication's lessons, searchable; with the own lessons the viewer may read."""
    form = LessonSearchForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    found = selectors.search_lessons(
        query=criteria.get("q", ""),
        stage=criteria.get("stage", ""),
        topic=criteria.get("topic", ""),
        source=criteria.get("source", ""),
    )
    own = selectors.own_lessons_visible_to(request.membership)
    if criteria.get("stage"):
        own = own.filter(stage=criteria["stage"])
    if criteria.get("topic"):
        own = own.filter(topic=criteria["topic"])
    if criteria.get("source"):
        own = own.none()
    for word in (criteria.get("q") or "").split():
        own = own.filter(title__icontains=word) | own.filter(text__icontains=word)
    context = {
        "form": form,
        "lessons": [_lesson_view(lesson) for lesson in found],
        "own": own.distinct()[:100],
    }
    return render(request, "guidance/lessons.html", context)


def _lesson_view(lesson) -> dict:
    from .data import guidance

    topics = guidance().topics
    return {
        "lesson": lesson,
        "source": source_label(lesson.source),
        "stages": [stage_label(s) for s in lesson.stages],
        "topics": [str(topics[t].label) for t in lesson.topics],
    }
