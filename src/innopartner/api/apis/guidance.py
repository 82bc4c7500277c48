"""The checklist of a procedure (guidance): read each item's state per stage, and tick, skip
(with a reason) or mark an item not applicable. Reading is for whoever reads it in the web
(the buyer's staff, the procedure's evaluators, auditors; never suppliers); the change is the
service ``guidance.services.checklist_item_set``, which decides who may act and which rules
hold (a skip needs a reason, an enforced item is not ticked by hand) and writes the audit
record."""

from __future__ import annotations

from rest_framework import serializers

from innopartner.core.exceptions import InvalidInput, NotAllowed
from innopartner.guidance import rules, selectors, services
from innopartner.guidance.data import guidance
from innopartner.guidance.selectors import ChecklistRow
from innopartner.procedures.permissions import is_auditor, is_buyer_staff, is_evaluator
from innopartner.procedures.types import Stage

from ..fields import TextField
from ..selectors import person_name
from .base import READ_ERRORS, Endpoint, ReadEndpoint

ROW_STATES = (*rules.STATES, "enforced")


class ChecklistRowOut(serializers.Serializer):
    item = serializers.CharField(source="item.id", help_text="The item's code (not a record id).")
    stage = serializers.CharField(source="item.stage")
    topic = serializers.CharField(source="item.topic")
    text_nl = serializers.CharField(source="item.text.nl")
    text_en = serializers.CharField(source="item.text.en")
    source = serializers.CharField(source="item.source", help_text="pianoo, law, practice, ...")
    enforced_by = serializers.ListField(
        child=serializers.CharField(),
        source="item.enforced_by",
        help_text="The rule functions that enforce the item; empty for advice.",
    )
    rule = serializers.IntegerField(
        source="item.rule", allow_null=True, help_text="Its number among the rules of DOMAIN.md."
    )
    article = serializers.CharField(source="item.article", allow_blank=True)
    lessons = serializers.ListField(child=serializers.CharField(), source="item.lessons")
    state = serializers.ChoiceField(
        choices=ROW_STATES,
        help_text="open, done (ticked), skipped (with a reason), not_applicable, or enforced "
        "(by the engine, never ticked by hand).",
    )
    reason = serializers.SerializerMethodField()
    changed_at = serializers.DateTimeField(source="entry.changed_at", allow_null=True)
    changed_by = serializers.SerializerMethodField()

    def get_reason(self, row: ChecklistRow) -> str:
        return row.entry.reason if row.entry else ""

    def get_changed_by(self, row: ChecklistRow) -> str | None:
        return person_name(row.entry.changed_by if row.entry else None)


def _ensure_reader(*, user, procedure) -> None:
    """As the web's checklist page: buyer staff change, evaluators and auditors read."""
    if not (
        is_buyer_staff(procedure=procedure, user=user)
        or is_evaluator(procedure=procedure, user=user)
        or is_auditor(user)
    ):
        raise NotAllowed(
            "De checklist is er voor de aanbestedende dienst, haar beoordelaars en de auditor.",
            code="checklist-not-allowed",
        )


class ChecklistApi(ReadEndpoint):
    """Read the checklist of a procedure, every stage, with each item's state

    For the buyer's staff, the procedure's evaluators and auditors; never for suppliers."""

    tag = "guidance"
    many = True
    errors = (*READ_ERRORS, 403)

    class InputSerializer(serializers.Serializer):
        stage = serializers.ChoiceField(
            choices=[s.value for s in Stage],
            required=False,
            help_text="Only the items of this stage.",
        )

    OutputSerializer = ChecklistRowOut

    def perform(self, *, request, procedure, data, now, **path):
        _ensure_reader(user=request.user, procedure=procedure)
        rows = [row for _stage, rows in selectors.checklist_by_stage(procedure) for row in rows]
        if data.get("stage"):
            rows = [row for row in rows if row.item.stage == data["stage"]]
        return rows


class ChecklistItemSetApi(Endpoint):
    """Tick a checklist item, skip it with a reason, mark it not applicable, or open it again

    The buyer's staff only. A skip without a reason is refused
    (`checklist-skip-reason-missing`); an item the engine enforces is never ticked by hand
    (`checklist-item-enforced`). Every change is an audit record (`checklist.item_set`)."""

    status_code = 200
    tag = "guidance"
    example = {"item": "prep-needs-analysis", "state": "done", "reason": ""}

    class InputSerializer(serializers.Serializer):
        item = TextField(max_length=80, help_text="The item's code, as listed.")
        state = serializers.ChoiceField(choices=rules.STATES)
        reason = TextField(
            required=False,
            allow_blank=True,
            default="",
            help_text="Required to skip; optional for not applicable.",
        )

    OutputSerializer = ChecklistRowOut

    def perform(self, *, request, procedure, data, now, **path):
        item = guidance().item(data["item"])
        if item is None or procedure.procedure_type not in item.types:
            # An unknown code in the body is bad input (400), as an unknown id in a body is.
            raise InvalidInput(
                f"item: checklistpunt '{data['item']}' hoort niet bij deze procedure.",
                code="checklist-item-unknown",
            )
        entry = services.checklist_item_set(
            procedure=procedure,
            item_id=item.id,
            state=data["state"],
            reason=data["reason"],
            now=now,
            actor=request.user,
        )
        return ChecklistRow(item=item, entry=entry)
