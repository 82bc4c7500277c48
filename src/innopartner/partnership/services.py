"""Services of the partnership: phases, targets, instalments, gates, purchase, call-offs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput, NotAllowed, RuleViolation
from innopartner.parties.models import Membership, Organisation
from innopartner.procedures import rules as procedure_rules
from innopartner.procedures.models import DecisionLetter, Notice, PhasePlan, Procedure
from innopartner.procedures.permissions import BUYER_ROLES, ensure_buyer_staff
from innopartner.procedures.services import decision_letter_send, locked, procedure_stage_change
from innopartner.procedures.types import Stage

from . import rules
from .models import (
    CallOff,
    GateDecision,
    InstalmentPayment,
    Partner,
    PartnerPhase,
    PurchaseStart,
    TargetResult,
)


def partnership_start(
    *, procedure: Procedure, partners: Sequence[Organisation], now: dt.datetime, actor: Any
) -> list[Partner]:
    """Called by the agreement's signing, in its transaction: every partner starts phase 1."""
    first = procedure.phase_plans.order_by("number").first()
    if first is None:
        raise RuleViolation(
            "De stukken bevatten geen fasering.", code="documents-incomplete", article=rules.ARTICLE
        )
    created = []
    for operator in partners:
        partner = Partner.objects.create(procedure=procedure, operator=operator, joined_at=now)
        PartnerPhase.objects.create(partner=partner, phase=first, started_at=now)
        created.append(partner)
    audit_record(
        actor=actor,
        action="partnership.started",
        subject=procedure,
        at=now,
        after={"partners": [p.operator.name for p in created], "phase": first.number},
    )
    return created


def _partner(procedure: Procedure, operator: Organisation) -> Partner:
    try:
        return Partner.objects.select_for_update().get(procedure=procedure, operator=operator)
    except Partner.DoesNotExist:
        raise InvalidInput(
            f"{operator} is geen partner in deze procedure.", code="not-a-partner"
        ) from None


def _phase(procedure: Procedure, number: int) -> PhasePlan:
    try:
        return procedure.phase_plans.get(number=number)
    except PhasePlan.DoesNotExist:
        raise InvalidInput(f"Fase {number} bestaat niet.", code="phase-unknown") from None


def current_phase_number(procedure: Procedure) -> int | None:
    """The running phase: the one that active partners are in and whose gate is not decided."""
    running = (
        PartnerPhase.objects.filter(
            partner__procedure=procedure, partner__status=Partner.Status.ACTIVE, outcome=""
        )
        .order_by("phase__number")
        .first()
    )
    return running.phase.number if running else None


@transaction.atomic
def targets_assess(
    *,
    procedure: Procedure,
    operator: Organisation,
    phase_number: int,
    results: Mapping[str | int, bool],
    assessment: str,
    now: dt.datetime,
    actor: Any,
    gate_score: Decimal | int | None = None,
) -> PartnerPhase:
    """[13] Assess a partner's result against each intermediate target of its phase.

    ``results`` is keyed by the target's 1-based number within the phase or its text."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.RD_PHASES], action="tussendoelen beoordelen"
    )
    partner = _partner(procedure, operator)
    phase = _phase(procedure, phase_number)
    try:
        partner_phase = PartnerPhase.objects.select_for_update().get(partner=partner, phase=phase)
    except PartnerPhase.DoesNotExist:
        raise RuleViolation(
            f"{operator} neemt niet deel aan fase {phase_number}.",
            code="partner-not-in-phase",
            article=rules.ARTICLE,
        ) from None
    if partner_phase.outcome:
        raise RuleViolation(
            "Over deze fase is al beslist.", code="gate-already-decided", article=rules.ARTICLE
        )
    if not assessment.strip():
        raise InvalidInput("Motiveer de beoordeling.", code="assessment-missing")
    targets = list(phase.targets.all())
    keyed: dict[int, bool] = {}
    for key, met in results.items():
        index = next(
            (i for i, t in enumerate(targets) if str(key) in (str(i + 1), t.description)), None
        )
        if index is None:
            raise InvalidInput(f"Onbekend tussendoel '{key}'.", code="target-unknown")
        keyed[index] = bool(met)
    rules.ensure_all_targets_assessed(
        missing_targets=[t.description for i, t in enumerate(targets) if i not in keyed]
    )
    partner_phase.results.all().delete()
    for index, met in keyed.items():
        TargetResult.objects.create(partner_phase=partner_phase, target=targets[index], met=met)
    partner_phase.targets_met = all(met for i, met in keyed.items() if targets[i].is_minimum)
    partner_phase.assessment = assessment
    partner_phase.assessed_at = now
    partner_phase.gate_score = Decimal(str(gate_score)) if gate_score is not None else None
    partner_phase.save()
    audit_record(
        actor=actor,
        action="targets.assessed",
        subject=partner,
        procedure=procedure,
        at=now,
        after={
            "phase": phase_number,
            "targets_met": partner_phase.targets_met,
            "gate_score": partner_phase.gate_score,
        },
    )
    return partner_phase


@transaction.atomic
def instalment_pay(
    *,
    procedure: Procedure,
    operator: Organisation,
    phase_number: int,
    instalment: int | str,
    now: dt.datetime,
    actor: Any,
) -> InstalmentPayment:
    """Pay a planned instalment of a phase to a partner that takes part in that phase."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    procedure_rules.ensure_stage(
        stage=procedure.stage,
        allowed=[Stage.RD_PHASES, Stage.PURCHASE, Stage.TERMINATED, Stage.COMPLETED],
        action="termijn betalen",
    )
    partner = _partner(procedure, operator)
    phase = _phase(procedure, phase_number)
    partner_phase = PartnerPhase.objects.filter(partner=partner, phase=phase).first()
    if partner_phase is None:
        raise RuleViolation(
            f"{operator} nam niet deel aan fase {phase_number}.",
            code="partner-not-in-phase",
            article=rules.ARTICLE,
        )
    planned = list(phase.instalments.all())
    chosen = next(
        (p for i, p in enumerate(planned) if str(instalment) in (str(i + 1), p.description)), None
    )
    if chosen is None:
        raise InvalidInput(f"Onbekende termijn '{instalment}'.", code="instalment-unknown")
    if InstalmentPayment.objects.filter(partner_phase=partner_phase, instalment=chosen).exists():
        raise RuleViolation("Deze termijn is al betaald.", code="instalment-already-paid")
    payment = InstalmentPayment.objects.create(
        partner_phase=partner_phase, instalment=chosen, amount=chosen.amount, paid_at=now
    )
    audit_record(
        actor=actor,
        action="instalment.paid",
        subject=partner,
        procedure=procedure,
        at=now,
        after={"phase": phase_number, "instalment": chosen.description, "amount": chosen.amount},
    )
    return payment


@transaction.atomic
def gate_decide(
    *,
    procedure: Procedure,
    phase_number: int,
    reasons: str,
    now: dt.datetime,
    actor: Any,
    continuing: Sequence[Organisation] | None = None,
    end_partnership: bool = False,
) -> GateDecision:
    """The gate at the end of a phase (Art. 31(2)): continue, drop partners, or end."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.RD_PHASES], action="beslismoment"
    )
    if not reasons.strip():
        raise InvalidInput("Motiveer het besluit op het beslismoment.", code="reasons-missing")
    phase = _phase(procedure, phase_number)
    current = current_phase_number(procedure)
    if current is None:
        raise RuleViolation(
            "Er loopt geen fase meer.", code="gate-out-of-order", article=rules.ARTICLE
        )
    rules.ensure_gate_in_order(phase_number=phase_number, current_phase_number=current)
    running = list(
        PartnerPhase.objects.select_for_update()
        .filter(
            partner__procedure=procedure,
            partner__status=Partner.Status.ACTIVE,
            phase=phase,
            outcome="",
        )
        .select_related("partner__operator")
    )
    rules.ensure_phase_assessed(
        unassessed=[pp.partner.operator.name for pp in running if pp.assessed_at is None]
    )
    by_rule = rules.gate_outcome(
        gate_kind=phase.gate_kind,
        targets_met={str(pp.partner.operator_id): bool(pp.targets_met) for pp in running},
        scores={str(pp.partner.operator_id): pp.gate_score for pp in running},
        continue_count=phase.gate_continue_count,
    )
    if end_partnership:
        rules.ensure_termination_announced(
            announced=procedure.termination_option, conditions=procedure.termination_conditions
        )
        keep: list[str] = []
    else:
        keep = by_rule
        if continuing is not None:
            rules.ensure_gate_choice_matches(
                chosen=[str(o.pk) for o in continuing], by_rule=by_rule
            )
        if not keep:
            raise RuleViolation(
                "Geen partner haalt het beslismoment; beëindig het partnerschap (zoals de stukken "
                "voorzien) of leg de aangekondigde voorwaarden voor doorgaan vast.",
                code="no-partner-passes",
                article=rules.ARTICLE,
            )
        if len(keep) < len(running):
            rules.ensure_termination_announced(
                announced=procedure.termination_option, conditions=procedure.termination_conditions
            )
    decision = GateDecision.objects.create(
        procedure=procedure,
        phase=phase,
        decided_at=now,
        decided_by=actor,
        ended_partnership=end_partnership,
        reasons=reasons,
    )
    next_phase = procedure.phase_plans.filter(number=phase_number + 1).first()
    for pp in running:
        operator = pp.partner.operator
        goes_on = str(operator.pk) in keep
        pp.outcome = "continue" if goes_on else ("end" if end_partnership else "stop")
        pp.save(update_fields=["outcome"])
        if goes_on:
            decision.continuing.add(operator)
            if next_phase is not None:
                PartnerPhase.objects.create(partner=pp.partner, phase=next_phase, started_at=now)
        else:
            decision.stopped.add(operator)
            pp.partner.status = Partner.Status.ENDED if end_partnership else Partner.Status.DROPPED
            pp.partner.left_at = now
            pp.partner.save(update_fields=["status", "left_at"])
        decision_letter_send(
            procedure=procedure,
            addressee=operator,
            now=now,
            actor=actor,
            kind=(
                DecisionLetter.Kind.GATE_CONTINUE
                if goes_on
                else DecisionLetter.Kind.PARTNERSHIP_ENDED
                if end_partnership
                else DecisionLetter.Kind.GATE_STOP
            ),
            reasons=(
                f"Beslismoment na fase {phase_number} ({phase.name}): {pp.assessment} {reasons}"
            ).strip(),
        )
    audit_record(
        actor=actor,
        action="gate.decided",
        subject=decision,
        procedure=procedure,
        at=now,
        after={
            "phase": phase_number,
            "gate_kind": phase.gate_kind,
            "continuing": [
                pp.partner.operator.name for pp in running if str(pp.partner.operator_id) in keep
            ],
            "ended_partnership": end_partnership,
        },
    )
    if end_partnership:
        procedure_stage_change(
            procedure=procedure,
            to=Stage.TERMINATED,
            now=now,
            actor=actor,
            reason=f"partnerschap beëindigd na fase {phase_number}",
        )
    return decision


def _finished_partners(procedure: Procedure) -> list[Partner]:
    """Partners that passed the gate of the last phase."""
    last = procedure.phase_plans.order_by("-number").first()
    return [
        pp.partner
        for pp in PartnerPhase.objects.filter(
            partner__procedure=procedure, phase=last, outcome="continue"
        ).select_related("partner")
    ]


@transaction.atomic
def purchase_start(
    *,
    procedure: Procedure,
    operator: Organisation,
    measured: Mapping[str, Any],
    prices: Mapping[str, Any],
    now: dt.datetime,
    actor: Any,
) -> PurchaseStart:
    """[15] Start the purchase phase: the result meets the agreed performance levels and the
    price stays within the agreed maximum cost."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    rules.ensure_purchase_phase_exists(has_purchase_phase=procedure.type.has_purchase_phase)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.RD_PHASES], action="afnamefase starten"
    )
    partner = _partner(procedure, operator)
    if partner.pk not in {p.pk for p in _finished_partners(procedure)}:
        raise RuleViolation(
            f"{operator} heeft niet alle fasen met succes afgerond.",
            code="phases-not-completed",
            article=rules.ARTICLE,
        )
    measured_d = {name: Decimal(str(v)) for name, v in measured.items()}
    rules.ensure_performance_met(
        levels=[
            (lv.name, lv.target, lv.higher_is_better) for lv in procedure.performance_levels.all()
        ],
        measured=measured_d,
    )
    items = {item.name: item for item in procedure.purchase_items.all()}
    agreed: dict[str, str] = {}
    total = Decimal(0)
    for name, price in prices.items():
        if name not in items:
            raise InvalidInput(f"Onbekende afnamepost '{name}'.", code="purchase-item-unknown")
        price = Decimal(str(price))
        rules.ensure_within_max_cost(
            price=price, maximum=items[name].max_unit_price, what=f"Prijs van {name}"
        )
        agreed[str(items[name].pk)] = str(price)
        total += price * (items[name].expected_quantity or Decimal(1))
    missing = [n for n in items if n not in prices]
    if missing:
        raise InvalidInput(
            "Prijs ontbreekt voor: " + ", ".join(missing), code="purchase-price-missing"
        )
    rules.ensure_within_max_cost(
        price=total, maximum=procedure.purchase_max_cost, what="Totale afname"
    )
    start = PurchaseStart.objects.create(
        procedure=procedure,
        partner=partner,
        started_at=now,
        measured={k: str(v) for k, v in measured_d.items()},
        agreed_prices=agreed,
        agreed_total=total,
    )
    partner.status = Partner.Status.PURCHASE
    partner.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action="purchase.started",
        subject=start,
        procedure=procedure,
        at=now,
        after={"partner": operator.name, "measured": start.measured, "agreed_total": total},
    )
    procedure_stage_change(
        procedure=procedure,
        to=Stage.PURCHASE,
        now=now,
        actor=actor,
        reason="prestatieniveaus gehaald binnen de maximale kosten",
    )
    return start


@transaction.atomic
def call_off_place(
    *,
    procedure: Procedure,
    buyer: Organisation,
    item_name: str,
    quantity: Any,
    now: dt.datetime,
    actor: Any,
) -> CallOff:
    """One purchase by one of the joint buyers, at the agreed price, within the maximum cost."""
    procedure = locked(procedure)
    procedure_rules.ensure_stage(stage=procedure.stage, allowed=[Stage.PURCHASE], action="afroepen")
    if not procedure.buyers.filter(authority=buyer).exists():
        raise RuleViolation(
            f"{buyer} is geen deelnemende aanbestedende dienst.",
            code="buyer-not-in-procedure",
            article="Art. 38 Richtlijn 2014/24/EU",
        )
    if not Membership.objects.filter(user=actor, organisation=buyer, role__in=BUYER_ROLES).exists():
        raise NotAllowed(
            f"{getattr(actor, 'username', actor)} kan niet afroepen namens {buyer}.",
            code="not-buyer-staff",
        )
    start = procedure.purchase_start
    item = procedure.purchase_items.filter(name=item_name).first()
    if item is None:
        raise InvalidInput(f"Onbekende afnamepost '{item_name}'.", code="purchase-item-unknown")
    quantity = Decimal(str(quantity))
    if quantity <= 0:
        raise InvalidInput("Een afroep heeft een positieve hoeveelheid.", code="quantity-invalid")
    unit_price = Decimal(start.agreed_prices[str(item.pk)])
    spent = sum((c.amount for c in procedure.call_offs.all()), Decimal(0))
    rules.ensure_within_max_cost(
        price=spent + quantity * unit_price,
        maximum=procedure.purchase_max_cost,
        what="Totaal van de afroepen",
    )
    call_off = CallOff.objects.create(
        procedure=procedure,
        buyer=buyer,
        partner=start.partner,
        item=item,
        quantity=quantity,
        unit_price=unit_price,
        ordered_at=now,
        ordered_by=actor,
    )
    audit_record(
        actor=actor,
        action="call_off.placed",
        subject=call_off,
        procedure=procedure,
        at=now,
        after={
            "buyer": buyer.name,
            "item": item.name,
            "quantity": quantity,
            "amount": call_off.amount,
        },
    )
    return call_off


@transaction.atomic
def procedure_complete(
    *, procedure: Procedure, reason: str, now: dt.datetime, actor: Any
) -> Procedure:
    """Close the procedure at its natural end; the award notice must be out first ([18])."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if procedure.stage == Stage.RD_PHASES and current_phase_number(procedure) is not None:
        raise RuleViolation(
            "Er loopt nog een fase.", code="phase-still-running", article=rules.ARTICLE
        )
    if (
        procedure.publication_channel not in ("", "none")
        and not procedure.notices.filter(kind=Notice.Kind.CONTRACT_AWARD).exists()
    ):
        raise RuleViolation(
            "Publiceer eerst de aankondiging van de gegunde opdracht.",
            code="award-notice-missing",
            article="Art. 50 Richtlijn 2014/24/EU",
        )
    return procedure_stage_change(
        procedure=procedure, to=Stage.COMPLETED, now=now, actor=actor, reason=reason
    )
