"""The funnel of a procedure: how many parties were at each stage, in the order of the
procedure. Read by the scenario runner, the CLI and (later) the procedure page."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Procedure


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    count: int

    def as_dict(self) -> dict[str, object]:
        return {"stage": self.stage, "count": self.count}


def procedure_funnel(procedure: Procedure) -> list[FunnelStep]:
    from innopartner.participation.models import Interest, Invitation, RequestToParticipate
    from innopartner.partnership.models import Partner, PartnerPhase
    from innopartner.tendering.models import Tender

    steps: list[FunnelStep] = []
    for entry in procedure.consultations.exclude(participants=None).order_by("held_on", "id"):
        steps.append(FunnelStep(f"consultation_{entry.kind}", entry.participants))
    interested = Interest.objects.filter(procedure=procedure).count()
    if interested:
        steps.append(FunnelStep("interested", interested))
    requests = RequestToParticipate.objects.filter(procedure=procedure).count()
    if requests:
        steps.append(FunnelStep("requests", requests))
    invited = Invitation.objects.filter(procedure=procedure).count()
    if invited:
        steps.append(FunnelStep("invited", invited))
    for tender_round in procedure.rounds.order_by("number"):
        live = tender_round.tenders.filter(status=Tender.Status.SUBMITTED).count()
        steps.append(FunnelStep(f"round_{tender_round.number}_{tender_round.kind}", live))
    partners = Partner.objects.filter(procedure=procedure)
    decision = getattr(procedure, "award_decision", None)
    if decision is not None:
        steps.append(FunnelStep("awarded", decision.lines.filter(awarded=True).count()))
    for phase in procedure.phase_plans.order_by("number"):
        count = PartnerPhase.objects.filter(partner__in=partners, phase=phase).count()
        if count:
            steps.append(FunnelStep(f"phase_{phase.number}", count))
    if hasattr(procedure, "purchase_start"):
        steps.append(FunnelStep("purchase", 1))
    return steps
