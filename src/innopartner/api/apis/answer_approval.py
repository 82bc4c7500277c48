"""The approval step for answers (four eyes): the buyer turns it on per procedure, a second
colleague approves a drafted answer or returns it for rework. Each action is one service of
``negotiation.services``; whether the approver may approve (never the drafter) is the
service's rule, not this module's.

The approval state is the buyer's internal record, as on the web's questions page: only the
buyer's staff of the procedure read it; suppliers (who see published answers through
``questions/``), evaluators and other buyers never do."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from innopartner.core.exceptions import NotAllowed
from innopartner.negotiation import services
from innopartner.negotiation.models import AnswerPolicy, Question
from innopartner.negotiation.selectors import APPROVAL_STATES, approval_state
from innopartner.procedures.permissions import is_buyer_staff

from ..fields import TextField
from ..selectors import member_of, person_name
from .base import READ_ERRORS, Endpoint, ReadEndpoint


class QuestionApprovalOut(serializers.Serializer):
    id = serializers.UUIDField()
    text = serializers.CharField()
    answer = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_by = serializers.SerializerMethodField(help_text="Who drafted the answer.")
    approval_state = serializers.SerializerMethodField(
        help_text=(
            "unanswered, drafted (awaiting approval), returned (for rework), approved, or "
            "published."
        )
    )
    approved_at = serializers.DateTimeField(allow_null=True)
    approved_by = serializers.SerializerMethodField()
    returned_at = serializers.DateTimeField(allow_null=True)
    return_note = serializers.CharField(allow_blank=True, help_text="What to change.")
    published_at = serializers.DateTimeField(allow_null=True)
    number = serializers.IntegerField(
        allow_null=True, help_text="Number in the nota van inlichtingen."
    )

    def get_answered_by(self, question: Question) -> str | None:
        return person_name(question.answered_by)

    def get_approved_by(self, question: Question) -> str | None:
        return person_name(question.approved_by)

    @extend_schema_field(serializers.ChoiceField(choices=APPROVAL_STATES))
    def get_approval_state(self, question: Question) -> str:
        return approval_state(question)


class AnswerPolicyOut(serializers.Serializer):
    approval_required = serializers.BooleanField(
        help_text="Whether a second colleague must approve every answer before publication."
    )
    set_at = serializers.DateTimeField(allow_null=True)
    set_by = serializers.CharField(allow_null=True)


def _ensure_reader(*, user, procedure) -> None:
    if not is_buyer_staff(procedure=procedure, user=user):
        raise NotAllowed(
            "De goedkeuring van antwoorden is er alleen voor de aanbestedende dienst.",
            code="answer-approval-not-allowed",
        )


def _policy(procedure) -> dict:
    policy = AnswerPolicy.objects.filter(procedure=procedure).select_related("set_by").first()
    return {
        "approval_required": bool(policy and policy.approval_required),
        "set_at": policy.set_at if policy else None,
        "set_by": person_name(policy.set_by) if policy else None,
    }


class AnswerApprovalReadApi(ReadEndpoint):
    """Read the approval step for answers: whether it is on, and each answer's state

    For the buyer's staff of the procedure only (the drafts and who approved them are the
    buyer's internal record)."""

    tag = "negotiation"
    errors = (*READ_ERRORS, 403)

    class OutputSerializer(AnswerPolicyOut):
        questions = QuestionApprovalOut(many=True)

    def perform(self, *, request, procedure, data, now, **path):
        _ensure_reader(user=request.user, procedure=procedure)
        questions = procedure.questions.select_related("answered_by", "approved_by").order_by(
            "asked_at", "id"
        )
        return {**_policy(procedure), "questions": list(questions)}


class AnswerApprovalSetApi(Endpoint):
    """Turn the approval step for answers on or off (the buyer's staff)

    With it on, only answers approved by a colleague other than their drafter are published."""

    status_code = 200
    tag = "negotiation"
    example = {"approval_required": True}

    class InputSerializer(serializers.Serializer):
        approval_required = serializers.BooleanField()

    OutputSerializer = AnswerPolicyOut

    def perform(self, *, request, procedure, data, now, **path):
        services.answer_approval_set(
            procedure=procedure,
            required=data["approval_required"],
            now=now,
            actor=request.user,
        )
        return _policy(procedure)


class AnswerApproveApi(Endpoint):
    """Approve a drafted answer (a colleague of the buyer other than its drafter)"""

    status_code = 200
    tag = "negotiation"
    OutputSerializer = QuestionApprovalOut

    def perform(self, *, request, procedure, data, now, qid, **path):
        question = member_of(procedure.questions, qid, what="vraag", code="question-not-found")
        return services.answer_approve(question=question, now=now, actor=request.user)


class AnswerReturnApi(Endpoint):
    """Return a drafted answer for rework, saying what to change

    A colleague of the buyer other than its drafter; the answer is not published until it is
    drafted again and approved."""

    status_code = 200
    tag = "negotiation"
    example = {"note": "Noem het artikel waarop het antwoord steunt."}

    class InputSerializer(serializers.Serializer):
        note = TextField(help_text="What to change in the answer.")

    OutputSerializer = QuestionApprovalOut

    def perform(self, *, request, procedure, data, now, qid, **path):
        question = member_of(procedure.questions, qid, what="vraag", code="question-not-found")
        return services.answer_return(
            question=question, note=data["note"], now=now, actor=request.user
        )
