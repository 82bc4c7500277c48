from __future__ import annotations

import datetime as dt

from django.utils import timezone

from innopartner.core.exceptions import NotAllowed
from innopartner.parties.models import Organisation

from .models import Invitation, RequestToParticipate


def remaining_participants(*, procedure) -> list[Organisation]:
    """Invited candidates that have not been eliminated: the tenderers still in the race."""
    return [
        inv.operator
        for inv in Invitation.objects.filter(
            procedure=procedure, eliminated_at__isnull=True
        ).select_related("operator")
    ]


def is_invited(*, procedure, operator) -> bool:
    return Invitation.objects.filter(procedure=procedure, operator=operator).exists()


def is_remaining(*, procedure, operator) -> bool:
    return Invitation.objects.filter(
        procedure=procedure, operator=operator, eliminated_at__isnull=True
    ).exists()


def request_statement(
    *, request: RequestToParticipate, user, now: dt.datetime | None = None
) -> str:
    """The sealed statement of a request to participate, for whoever may read it now: the
    candidate itself and the buyer's staff and auditors, and only after the time limit for
    requests has expired (Art. 22(3) Directive 2014/24/EU: the content of requests is examined
    only then). Every read is recorded in the audit trail. The ONE place that opens it."""
    from innopartner.audit.services import audit_record
    from innopartner.procedures.permissions import (
        is_auditor,
        is_buyer_staff,
        supplier_operator_ids,
    )
    from innopartner.sealing import services as sealing

    from .services import REQUEST_PURPOSE

    procedure = request.procedure
    if not getattr(user, "is_authenticated", False):
        raise NotAllowed("U mag dit verzoek tot deelneming niet inzien.", code="request-not-yours")
    own = request.operator_id in supplier_operator_ids(user)
    if not (own or is_buyer_staff(procedure=procedure, user=user) or is_auditor(user)):
        raise NotAllowed("U mag dit verzoek tot deelneming niet inzien.", code="request-not-yours")
    now = now or timezone.now()
    deadline = procedure.requests_deadline
    if deadline is None or now <= deadline:
        raise NotAllowed(
            "Verzoeken tot deelneming blijven verzegeld tot de termijn is verstreken "
            "(Art. 22(3) Richtlijn 2014/24/EU).",
            code="request-sealed",
        )
    if not request.statement_blob:
        return ""
    text = sealing.open_blob(
        purpose=REQUEST_PURPOSE,
        procedure_id=request.procedure_id,
        record_id=request.pk,
        name=request.statement_blob,
        sealed_sha256=request.statement_sealed_sha256,
    ).decode("utf-8")
    audit_record(
        actor=user,
        action="request.read",
        subject=request,
        procedure=procedure,
        at=now,
        after={"operator": request.operator.name},
    )
    return text
