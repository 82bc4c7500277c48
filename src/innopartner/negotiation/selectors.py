"""Reads of questions and meetings, with the confidentiality between candidates built in."""

from __future__ import annotations

from dataclasses import dataclass

from innopartner.procedures.permissions import is_buyer_staff, supplier_operator_ids

from .models import Question


@dataclass(frozen=True)
class QuestionView:
    number: int | None
    text: str
    answer: str
    published_at: object
    asked_by: str | None  # only for the buyer and the asker


def questions_visible_to(*, user, procedure) -> list[QuestionView]:
    """The buyer sees every question with its asker. A supplier sees its own questions and
    every published answer to all, without who asked."""
    questions = Question.objects.filter(procedure=procedure).select_related("asked_by")
    if is_buyer_staff(procedure=procedure, user=user):
        return [
            QuestionView(q.number, q.text, q.answer, q.published_at, q.asked_by.name)
            for q in questions
        ]
    own = supplier_operator_ids(user)
    views = []
    for q in questions:
        mine = q.asked_by_id in own
        received = q.published_at is not None and q.recipients.filter(pk__in=own).exists()
        if mine or received:
            views.append(
                QuestionView(
                    q.number,
                    q.text,
                    q.answer if q.published_at else "",
                    q.published_at,
                    q.asked_by.name if mine else None,
                )
            )
    return views
