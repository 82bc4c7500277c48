"""Reads and look-ups of the API. Confidentiality stays in the engine's selectors; these add
only what the API needs around them: the auditor's read-only view, and finding the record a
URL or a body names (a 404 for a path, a 400 for an id in the body)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from innopartner.core.exceptions import InvalidInput, NotFound
from innopartner.negotiation.selectors import approval_state, questions_visible_to
from innopartner.parties.models import Organisation
from innopartner.procedures.models import Procedure
from innopartner.procedures.permissions import is_buyer_staff, supplier_operator_ids
from innopartner.procedures.selectors import is_auditor
from innopartner.tendering.models import Tender, TenderRound
from innopartner.tendering.selectors import tender_list_visible_to


def parse_uuid(value: str, *, what: str, code: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, AttributeError):
        raise NotFound(f"Geen {what} met id '{str(value)[:100]}'.", code=code) from None


def parse_number(value: str, *, what: str, code: str) -> int:
    if not str(value).isdigit() or not 1 <= int(value) <= 32767:
        raise NotFound(f"Geen {what} met nummer '{str(value)[:20]}'.", code=code)
    return int(value)


def tenders_visible_to(*, user, procedure: Procedure):
    """The engine's tender list; an auditor sees every envelope (who, when, digest), never the
    content, which only ``tender_content`` hands out."""
    if is_auditor(user):
        return Tender.objects.filter(round__procedure=procedure).select_related("operator", "round")
    return tender_list_visible_to(user=user, procedure=procedure)


def tender_in(*, user, procedure: Procedure, tid: str) -> Tender:
    pk = parse_uuid(tid, what="inschrijving", code="tender-not-found")
    tender = tenders_visible_to(user=user, procedure=procedure).filter(pk=pk).first()
    if tender is None:
        raise NotFound("Geen inschrijving met dit id in deze procedure.", code="tender-not-found")
    return tender


def round_in(*, procedure: Procedure, n: str) -> TenderRound:
    number = parse_number(n, what="ronde", code="round-not-found")
    tender_round = procedure.rounds.filter(number=number).first()
    if tender_round is None:
        raise NotFound(f"Ronde {number} bestaat niet.", code="round-not-found")
    return tender_round


def member_of(queryset, value: str, *, what: str, code: str):
    """A record of the procedure named in the path, always by a UUID: the primary key of most
    records, the ``public_id`` of the records of the documents (requirements, criteria), whose
    integer key stays internal (docs/security.md, identifiers)."""
    key = parse_uuid(value, what=what, code=code)
    field = "public_id" if _has_public_id(queryset.model) else "pk"
    record = queryset.filter(**{field: key}).first()
    if record is None:
        raise NotFound(f"Geen {what} met dit id in deze procedure.", code=code)
    return record


def _has_public_id(model) -> bool:
    return any(f.name == "public_id" for f in model._meta.get_fields())


def organisation(pk, *, field: str = "operator") -> Organisation:
    """An organisation named in the body: unknown is an input error (400)."""
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise InvalidInput(f"{field}: geen organisatie met id {pk}.", code="organisation-unknown")
    return found


def organisations(pks, *, field: str) -> list[Organisation]:
    return [organisation(pk, field=field) for pk in pks]


def organisation_in_path(op: str) -> Organisation:
    pk = parse_uuid(op, what="organisatie", code="organisation-not-found")
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise NotFound("Geen organisatie met dit id.", code="organisation-not-found")
    return found


@dataclass(frozen=True)
class ApprovalRow:
    state: str  # negotiation.selectors.approval_state
    answered_by: str | None  # who drafted the answer
    approved_by: str | None
    return_note: str


@dataclass(frozen=True)
class QuestionRow:
    id: uuid.UUID | None  # only for buyer staff and auditors, who act on questions
    number: int | None
    text: str
    answer: str
    published_at: object
    asked_by: str | None
    # The approval step (four eyes) is the buyer's internal record: only for its staff.
    approval: ApprovalRow | None = None


def person_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.username


def questions_for(*, user, procedure: Procedure) -> list[QuestionRow]:
    """Buyer staff and auditors see every question with its id, draft answer and asker, and
    buyer staff also where its answer stands in the approval step; everybody else exactly
    what ``questions_visible_to`` gives them."""
    buyer = is_buyer_staff(procedure=procedure, user=user)
    if buyer or is_auditor(user):
        questions = procedure.questions.select_related("asked_by", "answered_by", "approved_by")
        return [
            QuestionRow(
                q.pk,
                q.number,
                q.text,
                q.answer,
                q.published_at,
                q.asked_by.name,
                ApprovalRow(
                    approval_state(q),
                    person_name(q.answered_by),
                    person_name(q.approved_by),
                    q.return_note,
                )
                if buyer
                else None,
            )
            for q in questions.order_by("asked_at")
        ]
    return [
        QuestionRow(None, v.number, v.text, v.answer, v.published_at, v.asked_by)
        for v in questions_visible_to(user=user, procedure=procedure)
    ]


def requests_visible_to(*, user, procedure: Procedure):
    """Requests to participate: buyer staff and auditors see all; a supplier its own."""
    requests = procedure.requests.select_related("operator").order_by("submitted_at")
    if is_auditor(user) or is_buyer_staff(procedure=procedure, user=user):
        return requests
    return requests.filter(operator_id__in=supplier_operator_ids(user))
