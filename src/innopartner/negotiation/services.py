"""Services of the negotiation: questions and answers, meetings, negotiation of a round,
successive reduction, confidential information."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput, RuleViolation
from innopartner.evaluation.selectors import round_ranking
from innopartner.participation.models import Interest, Invitation, RequestToParticipate
from innopartner.participation.selectors import is_remaining, remaining_participants
from innopartner.parties.models import Organisation
from innopartner.procedures import rules as procedure_rules
from innopartner.procedures.models import DecisionLetter, Procedure
from innopartner.procedures.permissions import ensure_acts_for_operator, ensure_buyer_staff
from innopartner.procedures.services import decision_letter_send, locked
from innopartner.procedures.types import Stage
from innopartner.tendering.models import TenderRound

from . import rules
from .models import (
    AnswerPolicy,
    ConfidentialItem,
    Disclosure,
    DisclosureConsent,
    Meeting,
    Question,
)

QUESTION_STAGES = [Stage.REQUESTS_OPEN, Stage.SELECTION, Stage.NEGOTIATION]


def _may_ask(procedure: Procedure, operator: Organisation) -> bool:
    if procedure.stage == Stage.NEGOTIATION:
        return is_remaining(procedure=procedure, operator=operator)
    return True


@transaction.atomic
def question_ask(
    *, procedure: Procedure, operator: Organisation, text: str, now: dt.datetime, actor: Any
) -> Question:
    procedure = locked(procedure)
    ensure_acts_for_operator(user=actor, operator=operator)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=QUESTION_STAGES, action="vraag stellen"
    )
    if not _may_ask(procedure, operator):
        raise RuleViolation(
            f"{operator} neemt niet (meer) deel aan de onderhandeling.",
            code="asker-not-participating",
        )
    if not text.strip():
        raise InvalidInput("Een vraag heeft een tekst.", code="question-empty")
    question = Question.objects.create(
        procedure=procedure,
        asked_by=operator,
        text=text,
        asked_at=now,
        asked_by_user=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="question.asked",
        subject=question,
        procedure=procedure,
        at=now,
        after={"operator": operator.name},
    )
    return question


@transaction.atomic
def question_answer(
    *,
    question: Question,
    answer: str,
    now: dt.datetime,
    actor: Any,
    to_all: bool = True,
    private_reason: str = "",
) -> Question:
    """Draft the answer; it reaches nobody until it is published."""
    procedure = locked(question.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if question.published_at:
        raise RuleViolation("Dit antwoord is al gepubliceerd.", code="answer-already-published")
    if not answer.strip():
        raise InvalidInput("Een antwoord heeft een tekst.", code="answer-empty")
    rules.ensure_answer_publication(to_all=to_all, private_reason=private_reason)
    before = {"answer": question.answer, "approved": question.approved_at is not None}
    question.answer, question.answered_at, question.answered_by = answer, now, actor
    question.to_all, question.private_reason = to_all, private_reason
    # A changed draft is a new draft: an earlier approval or return no longer applies.
    question.approved_at, question.approved_by = None, None
    question.returned_at, question.return_note = None, ""
    question.save()
    audit_record(
        actor=actor,
        action="question.answered",
        subject=question,
        procedure=procedure,
        at=now,
        before=before,
        after={"answer": answer, "to_all": to_all},
    )
    return question


def _audience(procedure: Procedure) -> list[Organisation]:
    """Who receives answers to all: the remaining tenderers once invited; before that, every
    operator that showed interest or requested to participate."""
    if Invitation.objects.filter(procedure=procedure).exists():
        return remaining_participants(procedure=procedure)
    ids = set(Interest.objects.filter(procedure=procedure).values_list("operator_id", flat=True))
    ids |= set(
        RequestToParticipate.objects.filter(procedure=procedure).values_list(
            "operator_id", flat=True
        )
    )
    return list(Organisation.objects.filter(pk__in=ids))


def approval_required(procedure: Procedure) -> bool:
    """Whether the buyer turned on the approval step (four eyes) for this procedure."""
    policy = AnswerPolicy.objects.filter(procedure=procedure).first()
    return bool(policy and policy.approval_required)


@transaction.atomic
def answer_approval_set(
    *, procedure: Procedure, required: bool, now: dt.datetime, actor: Any
) -> AnswerPolicy:
    """The buyer turns the approval step for answers on or off for one procedure."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    before = approval_required(procedure)
    policy, _created = AnswerPolicy.objects.update_or_create(
        procedure=procedure,
        defaults={"approval_required": required, "set_at": now, "set_by": actor},
    )
    audit_record(
        actor=actor,
        action="answers.approval_set",
        subject=procedure,
        at=now,
        before={"approval_required": before},
        after={"approval_required": required},
    )
    return policy


@transaction.atomic
def answer_approve(*, question: Question, now: dt.datetime, actor: Any) -> Question:
    """A second colleague of the buyer approves a drafted answer (four eyes)."""
    procedure = locked(question.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    question = Question.objects.select_for_update().get(pk=question.pk)
    rules.ensure_answer_approvable(
        drafted=question.answered_at is not None,
        published=question.published_at is not None,
        drafter_id=question.answered_by_id,
        approver_id=actor.pk,
    )
    question.approved_at, question.approved_by = now, actor
    question.returned_at, question.return_note = None, ""
    question.save(update_fields=["approved_at", "approved_by", "returned_at", "return_note"])
    audit_record(
        actor=actor,
        action="answer.approved",
        subject=question,
        procedure=procedure,
        at=now,
        after={"answer": question.answer, "drafted_by": str(question.answered_by)},
    )
    return question


@transaction.atomic
def answer_return(*, question: Question, note: str, now: dt.datetime, actor: Any) -> Question:
    """A colleague sends a drafted answer back for rework, saying what to change; it cannot
    be published until it is drafted again and approved."""
    procedure = locked(question.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    question = Question.objects.select_for_update().get(pk=question.pk)
    rules.ensure_answer_approvable(
        drafted=question.answered_at is not None,
        published=question.published_at is not None,
        drafter_id=question.answered_by_id,
        approver_id=actor.pk,
    )
    if not note.strip():
        raise InvalidInput("Zeg wat er aan het antwoord moet veranderen.", code="return-note-empty")
    question.approved_at, question.approved_by = None, None
    question.returned_at, question.return_note = now, note
    question.save(update_fields=["approved_at", "approved_by", "returned_at", "return_note"])
    audit_record(
        actor=actor,
        action="answer.returned",
        subject=question,
        procedure=procedure,
        at=now,
        after={"note": note},
    )
    return question


@transaction.atomic
def answers_publish(*, procedure: Procedure, now: dt.datetime, actor: Any) -> list[Question]:
    """[12] Publish every answered, unpublished question at the same moment, numbered in the
    nota van inlichtingen, to all (or, for a private answer, to its asker only). With the
    approval step on, only the approved answers; the recipients are told by e-mail after
    commit, without the content."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    pending = list(
        procedure.questions.filter(published_at__isnull=True, answered_at__isnull=False)
        .select_for_update()
        .order_by("asked_at")
    )
    required = approval_required(procedure)
    if required:
        waiting = [q for q in pending if q.approved_at is None]
        pending = [q for q in pending if q.approved_at is not None]
        rules.ensure_answers_approved(
            approval_required=True, approved=len(pending), unapproved=waiting
        )
    if not pending:
        raise RuleViolation(
            "Er zijn geen beantwoorde vragen om te publiceren.", code="nothing-to-publish"
        )
    audience = _audience(procedure)
    last = procedure.questions.aggregate(n=Max("number"))["n"] or 0
    for offset, question in enumerate(pending, start=1):
        question.published_at = now
        question.number = last + offset
        question.save(update_fields=["published_at", "number"])
        question.recipients.set(audience if question.to_all else [question.asked_by])
    audit_record(
        actor=actor,
        action="answers.published",
        subject=procedure,
        at=now,
        after={"numbers": [q.number for q in pending], "recipients": [o.name for o in audience]},
    )
    question_ids = [q.pk for q in pending]
    transaction.on_commit(lambda: _notify_answers(procedure.pk, question_ids))
    return pending


def _notify_answers(procedure_id: Any, question_ids: list[Any]) -> None:
    # Imported late: notifications reads negotiation, not the other way round at import time.
    from innopartner.notifications.services import notify_answers_published

    notify_answers_published(procedure_id=procedure_id, question_ids=question_ids)


@transaction.atomic
def meeting_record(
    *,
    procedure: Procedure,
    kind: str,
    held_at: dt.datetime,
    minutes: str,
    now: dt.datetime,
    actor: Any,
    operator: Organisation | None = None,
    agenda: str = "",
    attendees: int | None = None,
    tender_round: TenderRound | None = None,
) -> Meeting:
    """An information meeting (all), or a dialogue or negotiation meeting with one candidate."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if kind not in Meeting.Kind.values:
        raise InvalidInput(f"Onbekend soort bijeenkomst '{kind}'.", code="meeting-kind-unknown")
    one_to_one = kind in (Meeting.Kind.DIALOGUE, Meeting.Kind.NEGOTIATION)
    if one_to_one and operator is None:
        raise InvalidInput(
            "Een één-op-één gesprek is met één gegadigde.", code="meeting-operator-missing"
        )
    if kind == Meeting.Kind.NEGOTIATION and not is_remaining(
        procedure=procedure, operator=operator
    ):
        raise RuleViolation(f"{operator} neemt niet meer deel.", code="asker-not-participating")
    if held_at > now:
        raise InvalidInput(
            "Leg een bijeenkomst vast nadat zij is gehouden.", code="meeting-in-future"
        )
    if not minutes.strip():
        raise InvalidInput("Een bijeenkomst heeft een verslag.", code="minutes-missing")
    meeting = Meeting.objects.create(
        procedure=procedure,
        kind=kind,
        held_at=held_at,
        operator=operator,
        agenda=agenda,
        minutes=minutes,
        attendees=attendees,
        round=tender_round,
    )
    audit_record(
        actor=actor,
        action="meeting.recorded",
        subject=meeting,
        procedure=procedure,
        at=now,
        after={"kind": kind, "operator": operator.name if operator else None, "held_at": held_at},
    )
    return meeting


@transaction.atomic
def round_negotiate(
    *,
    tender_round: TenderRound,
    minutes: Mapping[Organisation, str] | Sequence[tuple[Organisation, str]],
    now: dt.datetime,
    actor: Any,
) -> TenderRound:
    """[7] Art. 31(3): negotiate on the tenders of an opened round, one meeting per remaining
    tenderer; the final round is never negotiated."""
    procedure = locked(tender_round.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    tender_round = TenderRound.objects.select_for_update().get(pk=tender_round.pk)
    rules.ensure_round_negotiable(
        stage=procedure.stage,
        kind=tender_round.kind,
        opened=tender_round.is_opened,
        negotiated=tender_round.negotiated_at is not None,
    )
    items = list(minutes.items()) if isinstance(minutes, Mapping) else list(minutes)
    rules.ensure_negotiation_with_all(
        met={o.pk for o, _ in items},
        remaining={o.pk for o in remaining_participants(procedure=procedure)},
    )
    for operator, text in items:
        Meeting.objects.create(
            procedure=procedure,
            kind=Meeting.Kind.NEGOTIATION,
            held_at=now,
            operator=operator,
            minutes=text,
            round=tender_round,
        )
    tender_round.negotiated_at = now
    tender_round.save(update_fields=["negotiated_at"])
    audit_record(
        actor=actor,
        action="round.negotiated",
        subject=tender_round,
        procedure=procedure,
        at=now,
        after={"round": tender_round.number, "with": [o.name for o, _ in items]},
    )
    return tender_round


@transaction.atomic
def tenders_reduce(
    *,
    tender_round: TenderRound,
    eliminate: Iterable[Organisation],
    reasons: Mapping[str, str],
    now: dt.datetime,
    actor: Any,
) -> list[Invitation]:
    """[10] Art. 31(5): after an opened and scored round, drop the lowest-ranked tenderers, if
    the documents announced it; each gets a decision with its reasons."""
    procedure = locked(tender_round.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    rules.ensure_round_reducible(
        stage=procedure.stage,
        announced=procedure.successive_reduction,
        kind=tender_round.kind,
        opened=tender_round.is_opened,
        later_round=procedure.rounds.filter(number__gt=tender_round.number).exists(),
    )
    eliminate = list(eliminate)
    ranking = round_ranking(tender_round)
    ranks = {str(t.operator_id): r.rank for t, r in ranking}
    rules.ensure_elimination_by_ranking(
        ranks=ranks,
        remaining=[str(o.pk) for o in remaining_participants(procedure=procedure)],
        eliminated=[(str(o.pk), str(o)) for o in eliminate],
    )
    totals = {str(t.operator_id): r.total for t, r in ranking}
    eliminated = []
    for operator in eliminate:
        invitation = Invitation.objects.select_for_update().get(
            procedure=procedure, operator=operator
        )
        if invitation.eliminated_at:
            raise RuleViolation(f"{operator} is al afgevallen.", code="already-eliminated")
        invitation.eliminated_at = now
        invitation.eliminated_after_round = tender_round.number
        invitation.save()
        reason = reasons.get(operator.name) or reasons.get(str(operator.pk)) or ""
        decision_letter_send(
            procedure=procedure,
            addressee=operator,
            kind=DecisionLetter.Kind.ELIMINATED,
            now=now,
            actor=actor,
            reasons=(
                f"Rang {ranks[str(operator.pk)]}, {totals[str(operator.pk)]} punten op de "
                f"gepubliceerde gunningscriteria na ronde {tender_round.number}. {reason}"
            ).strip(),
        )
        eliminated.append(invitation)
    audit_record(
        actor=actor,
        action="tenders.reduced",
        subject=tender_round,
        procedure=procedure,
        at=now,
        after={"eliminated": [o.name for o in eliminate], "round": tender_round.number},
    )
    return eliminated


@transaction.atomic
def confidential_item_register(
    *,
    procedure: Procedure,
    owner: Organisation,
    title: str,
    now: dt.datetime,
    actor: Any,
    description: str = "",
) -> ConfidentialItem:
    procedure = locked(procedure)
    ensure_acts_for_operator(user=actor, operator=owner)
    item = ConfidentialItem.objects.create(
        procedure=procedure, owner=owner, title=title, description=description, registered_at=now
    )
    audit_record(
        actor=actor,
        action="confidential_item.registered",
        subject=item,
        procedure=procedure,
        at=now,
        after={"owner": owner.name, "title": title},
    )
    return item


@transaction.atomic
def consent_give(
    *,
    item: ConfidentialItem | None,
    disclosure: str,
    recipients: Sequence[Organisation],
    now: dt.datetime,
    actor: Any,
    owner: Organisation | None = None,
) -> DisclosureConsent:
    """[11] The owner consents to one specific disclosure of one item to named recipients."""
    rules.ensure_specific_consent(
        item_named=item is not None, disclosure=disclosure, recipient_count=len(recipients)
    )
    procedure = locked(item.procedure)
    ensure_acts_for_operator(user=actor, operator=item.owner)
    consent = DisclosureConsent.objects.create(
        item=item,
        disclosure=disclosure,
        given_at=now,
        given_by=actor if getattr(actor, "pk", None) else None,
    )
    consent.recipients.set(recipients)
    audit_record(
        actor=actor,
        action="consent.given",
        subject=consent,
        procedure=procedure,
        at=now,
        after={
            "item": item.title,
            "disclosure": disclosure,
            "recipients": [r.name for r in recipients],
        },
    )
    return consent


@transaction.atomic
def confidential_disclose(
    *,
    item: ConfidentialItem,
    recipients: Sequence[Organisation],
    consent: DisclosureConsent | None,
    now: dt.datetime,
    actor: Any,
) -> Disclosure:
    """[11] Pass a participant's confidential information to others, under its consent."""
    procedure = locked(item.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if consent is None:
        raise RuleViolation(
            "Zonder toestemming van de deelnemer wordt niets doorgegeven.",
            code="consent-missing",
            article="Art. 21 en 31(6) Richtlijn 2014/24/EU",
        )
    consent = DisclosureConsent.objects.select_for_update().get(pk=consent.pk)
    allowed = set(consent.recipients.values_list("pk", flat=True))
    rules.ensure_disclosure_covered(
        consent_item_matches=consent.item_id == item.pk,
        consent_used=consent.used_at is not None,
        recipients_covered={r.pk for r in recipients} <= allowed,
    )
    consent.used_at = now
    consent.save(update_fields=["used_at"])
    disclosure = Disclosure.objects.create(item=item, consent=consent, disclosed_at=now)
    disclosure.recipients.set(recipients)
    audit_record(
        actor=actor,
        action="confidential.disclosed",
        subject=disclosure,
        procedure=procedure,
        at=now,
        after={"item": item.title, "recipients": [r.name for r in recipients]},
    )
    return disclosure
