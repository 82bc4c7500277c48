"""Services of the request and selection phase."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput, RuleViolation
from innopartner.parties.models import Organisation
from innopartner.procedures import rules as procedure_rules
from innopartner.procedures.models import DecisionLetter, Procedure
from innopartner.procedures.permissions import ensure_acts_for_operator, ensure_buyer_staff
from innopartner.procedures.services import decision_letter_send, locked, procedure_stage_change
from innopartner.procedures.types import Stage
from innopartner.sealing import services as sealing

from . import rules
from .models import Interest, Invitation, RequestToParticipate

REQUEST_PURPOSE = "request"


def _ensure_operator(operator: Organisation) -> None:
    if not operator.is_economic_operator:
        raise InvalidInput(f"{operator} is geen ondernemer.", code="not-an-operator")


@transaction.atomic
def interest_register(
    *, procedure: Procedure, operator: Organisation, now: dt.datetime, actor: Any
) -> Interest:
    procedure = locked(procedure)
    _ensure_operator(operator)
    ensure_acts_for_operator(user=actor, operator=operator)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.REQUESTS_OPEN], action="belangstelling registreren"
    )
    interest, created = Interest.objects.get_or_create(
        procedure=procedure, operator=operator, defaults={"registered_at": now}
    )
    if created:
        audit_record(
            actor=actor,
            action="interest.registered",
            subject=interest,
            procedure=procedure,
            at=now,
            after={"operator": operator.name},
        )
    return interest


@transaction.atomic
def request_submit(
    *,
    procedure: Procedure,
    operator: Organisation,
    now: dt.datetime,
    actor: Any,
    statement: str = "",
) -> RequestToParticipate:
    """A candidate requests to participate, before the time limit of the notice."""
    procedure = locked(procedure)
    _ensure_operator(operator)
    ensure_acts_for_operator(user=actor, operator=operator)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.REQUESTS_OPEN], action="verzoek tot deelneming"
    )
    rules.ensure_request_in_time(requests_deadline=procedure.requests_deadline, now=now)
    if RequestToParticipate.objects.filter(procedure=procedure, operator=operator).exists():
        raise RuleViolation(
            f"{operator} heeft al een verzoek tot deelneming gedaan.",
            code="request-already-submitted",
        )
    Interest.objects.get_or_create(
        procedure=procedure, operator=operator, defaults={"registered_at": now}
    )
    request = RequestToParticipate(
        procedure=procedure,
        operator=operator,
        submitted_at=now,
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    if statement:
        # Sealed like a tender (Art. 22(3)): the file is durable before the row is committed.
        plaintext = statement.encode("utf-8")
        sealed = sealing.seal_blob(
            purpose=REQUEST_PURPOSE,
            procedure_id=procedure.pk,
            record_id=request.pk,
            plaintext=plaintext,
        )
        request.statement_blob = sealed.name
        request.statement_sealed_sha256 = sealed.sealed_sha256
        request.statement_sha256 = hashlib.sha256(plaintext).hexdigest()
    request.save(force_insert=True)
    audit_record(
        actor=actor,
        action="request.submitted",
        subject=request,
        procedure=procedure,
        at=now,
        after={"operator": operator.name, "submitted_at": now},
    )
    return request


def _start_selection(procedure: Procedure, now: dt.datetime, actor: Any) -> None:
    if procedure.stage == Stage.REQUESTS_OPEN:
        rules.ensure_selection_after_deadline(
            requests_deadline=procedure.requests_deadline, now=now
        )
        procedure_stage_change(
            procedure=procedure,
            to=Stage.SELECTION,
            now=now,
            actor=actor,
            reason="termijn voor verzoeken tot deelneming verstreken",
        )


@transaction.atomic
def request_assess(
    *, request: RequestToParticipate, qualified: bool, assessment: str, now: dt.datetime, actor: Any
) -> RequestToParticipate:
    """Assess a request against the selection criteria of the notice."""
    procedure = locked(request.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    _start_selection(procedure, now, actor)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.SELECTION], action="geschiktheid beoordelen"
    )
    if not assessment.strip():
        raise InvalidInput(
            "Motiveer de beoordeling van de geschiktheid.", code="assessment-missing"
        )
    request = RequestToParticipate.objects.select_for_update().get(pk=request.pk)
    before = {"status": request.status}
    request.status = (
        RequestToParticipate.Status.QUALIFIED
        if qualified
        else RequestToParticipate.Status.NOT_QUALIFIED
    )
    request.assessment = assessment
    request.assessed_at = now
    request.save()
    audit_record(
        actor=actor,
        action="request.assessed",
        subject=request,
        procedure=procedure,
        at=now,
        before=before,
        after={"status": request.status, "assessment": assessment},
    )
    return request


@transaction.atomic
def candidates_invite(
    *,
    procedure: Procedure,
    operators: Sequence[Organisation],
    now: dt.datetime,
    actor: Any,
    fewer_reason: str = "",
    reasons: Mapping[Any, str] | None = None,
) -> list[Invitation]:
    """The selection decision: invite the chosen candidates to tender and tell every other
    candidate why not. Moves the procedure into negotiation."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.SELECTION], action="gegadigden uitnodigen"
    )
    requests = {r.operator_id: r for r in procedure.requests.select_related("operator")}
    if any(r.status == RequestToParticipate.Status.SUBMITTED for r in requests.values()):
        raise RuleViolation(
            "Beoordeel eerst alle verzoeken tot deelneming.",
            code="requests-not-all-assessed",
            article="Art. 65(1) Richtlijn 2014/24/EU",
        )
    chosen_ids = [o.pk for o in operators]
    if len(set(chosen_ids)) != len(chosen_ids):
        raise InvalidInput("Een gegadigde staat dubbel in de lijst.", code="invitee-duplicate")
    for operator in operators:
        request = requests.get(operator.pk)
        rules.ensure_invitee_applied_and_qualified(
            applied=request is not None,
            qualified=request is not None
            and request.status == RequestToParticipate.Status.QUALIFIED,
            name=operator.name,
        )
    qualified = sum(r.status == RequestToParticipate.Status.QUALIFIED for r in requests.values())
    rules.ensure_invitation_count(
        invited=len(operators),
        qualified=qualified,
        candidates_min=procedure.candidates_min or 0,
        candidates_max=procedure.candidates_max,
        fewer_reason=fewer_reason,
    )
    reasons = {str(k): v for k, v in (reasons or {}).items()}
    invitations = []
    for operator in operators:
        invitations.append(
            Invitation.objects.create(
                procedure=procedure,
                operator=operator,
                request=requests[operator.pk],
                invited_at=now,
            )
        )
        decision_letter_send(
            procedure=procedure,
            addressee=operator,
            kind=DecisionLetter.Kind.SELECTED,
            reasons="U bent geselecteerd en wordt uitgenodigd tot inschrijving.",
            now=now,
            actor=actor,
        )
    for operator_id, request in requests.items():
        if operator_id in chosen_ids:
            continue
        reason = (
            reasons.get(str(operator_id))
            or reasons.get(request.operator.name)
            or request.assessment
        )
        decision_letter_send(
            procedure=procedure,
            addressee=request.operator,
            kind=DecisionLetter.Kind.NOT_SELECTED,
            reasons=reason,
            now=now,
            actor=actor,
        )
    if fewer_reason:
        procedure.fewer_candidates_reason = fewer_reason
        procedure.save(update_fields=["fewer_candidates_reason"])
    audit_record(
        actor=actor,
        action="candidates.invited",
        subject=procedure,
        at=now,
        after={"invited": [o.name for o in operators], "fewer_reason": fewer_reason},
    )
    procedure_stage_change(
        procedure=procedure, to=Stage.NEGOTIATION, now=now, actor=actor, reason="selectiebeslissing"
    )
    return invitations
