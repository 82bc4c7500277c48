"""Progress reports: a partner tells the buyer how it is doing on each intermediate target of
its running phase, before the buyer assesses the targets and decides at the gate
(Art. 31(2)). Another partner never reads them (Art. 31(6))."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput
from innopartner.parties.models import Organisation
from innopartner.procedures import rules as procedure_rules
from innopartner.procedures.models import IntermediateTarget, Procedure
from innopartner.procedures.permissions import (
    ensure_acts_for_operator,
    is_auditor,
    is_buyer_staff,
    supplier_operator_ids,
)
from innopartner.procedures.services import locked
from innopartner.procedures.types import Stage

from . import rules
from .models import Partner, PartnerPhase, ProgressReport


@transaction.atomic
def progress_report_submit(
    *,
    procedure: Procedure,
    operator: Organisation,
    target: IntermediateTarget,
    text: str,
    now: dt.datetime,
    actor: Any,
) -> ProgressReport:
    """The partner reports on one target of the phase it is running."""
    procedure = locked(procedure)
    ensure_acts_for_operator(user=actor, operator=operator)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.RD_PHASES], action="voortgang rapporteren"
    )
    if not text.strip():
        raise InvalidInput("Een voortgangsrapportage heeft een tekst.", code="report-empty")
    partner_phase = (
        PartnerPhase.objects.select_for_update()
        .filter(
            partner__procedure=procedure,
            partner__operator=operator,
            partner__status=Partner.Status.ACTIVE,
            phase_id=target.phase_id,
        )
        .first()
    )
    if target.phase.procedure_id != procedure.pk:
        raise InvalidInput("Dit tussendoel hoort niet bij deze procedure.", code="target-unknown")
    rules.ensure_progress_reportable(
        in_phase=partner_phase is not None,
        decided=bool(partner_phase and partner_phase.outcome),
        assessed=bool(partner_phase and partner_phase.assessed_at),
    )
    report = ProgressReport.objects.create(
        partner_phase=partner_phase, target=target, text=text, reported_at=now, reported_by=actor
    )
    audit_record(
        actor=actor,
        action="progress.reported",
        subject=report,
        procedure=procedure,
        at=now,
        after={
            "partner": operator.name,
            "phase": target.phase.number,
            "target": target.description,
            "text": text,
        },
    )
    return report


def progress_reports_visible_to(*, user: Any, procedure: Procedure) -> QuerySet[ProgressReport]:
    """Buyer staff and auditors read every partner's reports; a partner's people read only
    their own; everybody else nothing."""
    reports = ProgressReport.objects.filter(
        partner_phase__partner__procedure=procedure
    ).select_related("partner_phase__partner__operator", "partner_phase__phase", "target")
    if is_buyer_staff(procedure=procedure, user=user) or is_auditor(user):
        return reports
    return reports.filter(partner_phase__partner__operator_id__in=supplier_operator_ids(user))
