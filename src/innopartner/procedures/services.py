"""Services of preparation and publication. Each one checks its rule, changes state, writes
the audit record and runs in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record, snapshot
from innopartner.core.exceptions import DomainError, InvalidInput, RuleViolation
from innopartner.parties.models import Organisation

from . import rules
from .models import (
    AwardCriterion,
    DocumentChange,
    IntermediateTarget,
    MarketConsultationEntry,
    Notice,
    PerformanceLevel,
    PhasePlan,
    PlannedInstalment,
    Procedure,
    ProcedureBuyer,
    PurchaseItem,
    Requirement,
    SelectionCriterion,
    StageChange,
)
from .permissions import ensure_buyer_staff
from .selectors import document_facts, estimated_value, procedure_classification
from .types import Stage, procedure_type

EFORMS_SUBTYPE = {  # eForms notice subtypes for Dir. 2014/24 and 2014/25
    ("contract_notice", "2014/24"): "16",
    ("contract_notice", "2014/25"): "17",
    ("pin", "2014/24"): "4",
    ("pin", "2014/25"): "5",
    ("contract_award", "2014/24"): "29",
    ("contract_award", "2014/25"): "30",
}


def locked(procedure: Procedure) -> Procedure:
    """Lock the procedure row for the rest of the transaction. Every service that changes a
    procedure locks it first, always before rows of its tenders or partners, so that locks are
    taken in one order and a tender in the last second cannot race the opening."""
    return Procedure.objects.select_for_update().get(pk=procedure.pk)


def procedure_stage_change(
    *, procedure: Procedure, to: Stage | str, now: dt.datetime, actor: Any, reason: str = ""
) -> Procedure:
    """Move a procedure to another stage of its declared sequence and record it."""
    rules.ensure_stage_transition(ptype=procedure.type, from_stage=procedure.stage, to_stage=to)
    before = procedure.stage
    procedure.stage = Stage(to).value
    procedure.save(update_fields=["stage"])
    StageChange.objects.create(
        procedure=procedure,
        from_stage=before,
        to_stage=procedure.stage,
        at=now,
        by=actor if getattr(actor, "pk", None) else None,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="procedure.stage_changed",
        subject=procedure,
        at=now,
        before={"stage": before},
        after={"stage": procedure.stage},
        note=reason,
    )
    return procedure


def ensure_preparation(procedure: Procedure, what: str) -> None:
    rules.ensure_documents_editable(stage=procedure.stage, what=what)


@transaction.atomic
def procedure_create(
    *,
    title: str,
    procedure_type_code: str,
    lead_buyer: Organisation,
    now: dt.datetime,
    actor: Any,
    slug: str | None = None,
    reference: str = "",
    directive: str = "2014/24",
    subject_kind: str = "supplies",
) -> Procedure:
    ptype = procedure_type(procedure_type_code)
    if lead_buyer.kind != Organisation.Kind.AUTHORITY:
        raise InvalidInput(
            f"{lead_buyer} is geen aanbestedende dienst.", code="buyer-not-authority"
        )
    if directive not in Procedure.Directive.values:
        raise InvalidInput(f"Onbekende richtlijn {directive}.", code="directive-unknown")
    if not title.strip():
        raise InvalidInput("Een procedure heeft een titel.", code="title-missing")
    if slug and Procedure.objects.filter(slug=slug).exists():
        raise InvalidInput(f"De code '{slug}' is al in gebruik.", code="slug-taken")
    procedure = Procedure.objects.create(
        title=title,
        procedure_type=ptype.code,
        slug=slug or None,
        reference=reference,
        directive=directive,
        subject_kind=subject_kind,
        created_at=now,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    ProcedureBuyer.objects.create(procedure=procedure, authority=lead_buyer, is_lead=True)
    ensure_buyer_staff(procedure=procedure, user=actor)
    audit_record(
        actor=actor,
        action="procedure.created",
        subject=procedure,
        at=now,
        after=snapshot(procedure, "title", "procedure_type", "stage", "directive"),
    )
    return procedure


@transaction.atomic
def procedure_buyer_add(
    *, procedure: Procedure, authority: Organisation, now: dt.datetime, actor: Any, role: str = ""
) -> ProcedureBuyer:
    """Joint procurement (Art. 38 and 39): further buyers join during preparation."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "De deelnemende aanbestedende diensten")
    if authority.kind != Organisation.Kind.AUTHORITY:
        raise InvalidInput(f"{authority} is geen aanbestedende dienst.", code="buyer-not-authority")
    if procedure.buyers.filter(authority=authority).exists():
        raise InvalidInput(f"{authority} neemt al deel.", code="buyer-already-joined")
    link = ProcedureBuyer.objects.create(procedure=procedure, authority=authority, role=role)
    audit_record(
        actor=actor,
        action="procedure.buyer_added",
        subject=link,
        procedure=procedure,
        at=now,
        after={"authority": authority.name, "role": role},
    )
    return link


# Procedures a buyer may weigh (DOMAIN.md §3): the types this engine runs, and the others.
KNOWN_PROCEDURE_CHOICES = {
    "innovation_partnership",
    "pcp",
    "competitive_negotiation",
    "competitive_dialogue",
    "open_or_restricted",
}

PREPARATION_FIELDS = {
    "need_description",
    "budget",
    "estimated_rd_value",
    "estimated_purchase_value",
    "proportionality_justification",
    "intended_partners",
    "partner_structure",
    "ip_arrangement",
    "ip_details",
    "ip_cofunding_share",
    "candidates_min",
    "candidates_max",
    "successive_reduction",
    "termination_option",
    "termination_conditions",
    "purchase_max_cost",
    "horizon_years",
    "scoring_method",
    "price_scoring",
    "price_bound_low",
    "price_bound_high",
    "quality_point_value",
    "tie_break_rule",
    "subject_kind",
    "title",
    "reference",
}


@transaction.atomic
def preparation_update(
    *, procedure: Procedure, now: dt.datetime, actor: Any, **changes: Any
) -> Procedure:
    """Edit the preparation record and the documents before the notice."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    unknown = set(changes) - PREPARATION_FIELDS
    if unknown:
        raise InvalidInput(f"Onbekende velden: {', '.join(sorted(unknown))}.", code="field-unknown")
    ensure_preparation(procedure, "De aanbestedingsstukken")
    if "partner_structure" in changes and changes["partner_structure"] not in (
        Procedure.PartnerStructure.values
    ):
        raise InvalidInput("Kies 'one' of 'several'.", code="partner-structure-unknown")
    if (
        changes.get("ip_arrangement")
        and changes["ip_arrangement"] not in Procedure.IpArrangement.values
    ):
        raise InvalidInput(
            f"Onbekende IE-regeling '{changes['ip_arrangement']}'.", code="ip-arrangement-unknown"
        )
    for money in (
        "budget",
        "estimated_rd_value",
        "estimated_purchase_value",
        "purchase_max_cost",
        "price_bound_low",
        "price_bound_high",
        "quality_point_value",
    ):
        if changes.get(money) is not None:
            changes[money] = Decimal(str(changes[money]))
            if changes[money] < 0:
                raise InvalidInput(f"{money} kan niet negatief zijn.", code="amount-negative")
    if changes.get("ip_cofunding_share") is not None:
        changes["ip_cofunding_share"] = Decimal(str(changes["ip_cofunding_share"]))
    before = snapshot(procedure, *changes)
    for name, value in changes.items():
        setattr(procedure, name, value)
    rules.ensure_cofunding_share(
        arrangement=procedure.ip_arrangement, share=procedure.ip_cofunding_share
    )
    if {"scoring_method", "price_scoring", "tie_break_rule"} & set(changes):
        from innopartner.evaluation.selectors import ensure_scoring_choices

        ensure_scoring_choices(procedure)
    procedure.save()
    audit_record(
        actor=actor,
        action="preparation.updated",
        subject=procedure,
        at=now,
        before=before,
        after=snapshot(procedure, *changes),
    )
    return procedure


@transaction.atomic
def procedure_choice_record(
    *,
    procedure: Procedure,
    reasons: str,
    alternatives: Sequence[str] = (),
    now: dt.datetime,
    actor: Any,
) -> Procedure:
    """The decision for this procedure type with its reasons (GVB chose the competitive
    procedure with negotiation over an innovation partnership, and said why)."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "De keuze van de procedure")
    if not reasons.strip():
        raise InvalidInput(
            "Geef de redenen voor de keuze van de procedure.", code="reasons-missing"
        )
    unknown = [a for a in alternatives if a not in KNOWN_PROCEDURE_CHOICES]
    if unknown:
        raise InvalidInput(
            f"Onbekende alternatieven: {', '.join(unknown)}; bekend zijn: "
            f"{', '.join(sorted(KNOWN_PROCEDURE_CHOICES))}.",
            code="procedure-choice-unknown",
        )
    before = snapshot(procedure, "procedure_choice_reasons", "alternatives_considered")
    procedure.procedure_choice_reasons = reasons
    procedure.alternatives_considered = list(alternatives)
    procedure.save(update_fields=["procedure_choice_reasons", "alternatives_considered"])
    audit_record(
        actor=actor,
        action="procedure.choice_recorded",
        subject=procedure,
        at=now,
        before=before,
        after={
            "procedure_type": procedure.procedure_type,
            "reasons": reasons,
            "alternatives": list(alternatives),
        },
    )
    return procedure


@transaction.atomic
def consultation_record(
    *,
    procedure: Procedure,
    kind: str,
    held_on: dt.date,
    learned: str,
    now: dt.datetime,
    actor: Any,
    with_whom: str = "",
    participants: int | None = None,
) -> MarketConsultationEntry:
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if kind not in MarketConsultationEntry.Kind.values:
        raise InvalidInput(
            f"Onbekend soort marktconsultatie '{kind}'.", code="consultation-kind-unknown"
        )
    if not learned.strip():
        raise InvalidInput("Leg vast wat de consultatie heeft opgeleverd.", code="learned-missing")
    entry = MarketConsultationEntry.objects.create(
        procedure=procedure,
        kind=kind,
        held_on=held_on,
        with_whom=with_whom,
        participants=participants,
        learned=learned,
    )
    audit_record(
        actor=actor,
        action="consultation.recorded",
        subject=entry,
        procedure=procedure,
        at=now,
        after=snapshot(entry, "kind", "held_on", "with_whom", "participants", "learned"),
    )
    return entry


@transaction.atomic
def requirement_add(
    *, procedure: Procedure, text: str, is_minimum: bool, now: dt.datetime, actor: Any
) -> Requirement:
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "Eisen")
    if not text.strip():
        raise InvalidInput("Een eis heeft een tekst.", code="requirement-text-missing")
    requirement = Requirement.objects.create(procedure=procedure, text=text, is_minimum=is_minimum)
    audit_record(
        actor=actor,
        action="requirement.added",
        subject=requirement,
        procedure=procedure,
        at=now,
        after=snapshot(requirement, "text", "is_minimum"),
    )
    return requirement


@transaction.atomic
def requirement_change(
    *,
    requirement: Requirement,
    text: str,
    now: dt.datetime,
    actor: Any,
    resubmission_deadline: dt.datetime | None = None,
    explanation: str = "",
) -> Requirement:
    """Change an element of the description of need.

    Before the notice this is a plain edit. After it, a minimum requirement cannot change
    ([8], Art. 31(3)); any other change is sent in writing to every remaining tenderer with a
    new deadline to amend and resubmit ([9], Art. 31(4))."""
    procedure = locked(requirement.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    before = snapshot(requirement, "text", "is_minimum")
    if procedure.stage == Stage.PREPARATION:
        requirement.text = text
        requirement.save(update_fields=["text"])
        audit_record(
            actor=actor,
            action="requirement.changed",
            subject=requirement,
            procedure=procedure,
            at=now,
            before=before,
            after=snapshot(requirement, "text"),
        )
        return requirement
    if requirement.is_minimum:
        rules.ensure_documents_editable(stage=procedure.stage, what="Minimumeisen")
    rules.ensure_stage(
        stage=procedure.stage,
        allowed=[Stage.REQUESTS_OPEN, Stage.SELECTION, Stage.NEGOTIATION],
        action="stukken wijzigen",
    )
    if resubmission_deadline is None:
        raise RuleViolation(
            "Een wijziging van de stukken vraagt een nieuwe termijn voor (her)inschrijving.",
            code="resubmission-deadline-missing",
            article="Art. 31(4) Richtlijn 2014/24/EU",
        )
    rules.ensure_resubmission_deadline(notified_at=now, deadline=resubmission_deadline)
    from innopartner.participation.selectors import remaining_participants

    change = DocumentChange.objects.create(
        procedure=procedure,
        description=explanation or "Wijziging van de beschrijving",
        requirement=requirement,
        before_text=requirement.text,
        after_text=text,
        notified_at=now,
        resubmission_deadline=resubmission_deadline,
    )
    recipients = remaining_participants(procedure=procedure)
    change.recipients.set(recipients)
    requirement.text = text
    requirement.save(update_fields=["text"])
    from innopartner.tendering.services import round_deadline_extend_after_change

    round_deadline_extend_after_change(procedure=procedure, deadline=resubmission_deadline)
    audit_record(
        actor=actor,
        action="documents.changed",
        subject=change,
        procedure=procedure,
        at=now,
        before=before,
        after={
            "text": text,
            "recipients": [r.name for r in recipients],
            "resubmission_deadline": resubmission_deadline,
        },
    )
    return requirement


@transaction.atomic
def selection_criterion_add(
    *, procedure: Procedure, text: str, covers_rd_capacity: bool, now: dt.datetime, actor: Any
) -> SelectionCriterion:
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "Selectiecriteria")
    criterion = SelectionCriterion.objects.create(
        procedure=procedure, text=text, covers_rd_capacity=covers_rd_capacity
    )
    audit_record(
        actor=actor,
        action="selection_criterion.added",
        subject=criterion,
        procedure=procedure,
        at=now,
        after=snapshot(criterion, "text", "covers_rd_capacity"),
    )
    return criterion


@transaction.atomic
def award_criterion_add(
    *,
    procedure: Procedure,
    name: str,
    kind: str,
    weight: Decimal | int | str,
    now: dt.datetime,
    actor: Any,
    scale_min: Decimal | int = 0,
    scale_max: Decimal | int = 10,
    description: str = "",
) -> AwardCriterion:
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "Gunningscriteria en hun weging")
    if kind not in AwardCriterion.Kind.values:
        raise InvalidInput(
            f"Onbekend soort gunningscriterium '{kind}'.", code="criterion-kind-unknown"
        )
    scale_min, scale_max = Decimal(str(scale_min)), Decimal(str(scale_max))
    if scale_max <= scale_min:
        raise InvalidInput("De schaal loopt van laag naar hoog.", code="scale-invalid")
    criterion = AwardCriterion.objects.create(
        procedure=procedure,
        name=name,
        kind=kind,
        weight=Decimal(str(weight)),
        scale_min=scale_min,
        scale_max=scale_max,
        description=description,
    )
    audit_record(
        actor=actor,
        action="award_criterion.added",
        subject=criterion,
        procedure=procedure,
        at=now,
        after=snapshot(criterion, "name", "kind", "weight", "scale_min", "scale_max"),
    )
    return criterion


@transaction.atomic
def award_criterion_change(
    *,
    criterion: AwardCriterion,
    now: dt.datetime,
    actor: Any,
    weight: Decimal | None = None,
    name: str | None = None,
) -> AwardCriterion:
    """[8] Award criteria and their weighting are fixed by the notice (Art. 31(3))."""
    procedure = locked(criterion.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "Gunningscriteria en hun weging")
    before = snapshot(criterion, "name", "weight")
    if weight is not None:
        criterion.weight = Decimal(str(weight))
    if name is not None:
        criterion.name = name
    criterion.save()
    audit_record(
        actor=actor,
        action="award_criterion.changed",
        subject=criterion,
        procedure=procedure,
        at=now,
        before=before,
        after=snapshot(criterion, "name", "weight"),
    )
    return criterion


@transaction.atomic
def phase_plan_add(
    *,
    procedure: Procedure,
    number: int,
    name: str,
    gate_kind: str,
    now: dt.datetime,
    actor: Any,
    targets: Iterable[str | tuple[str, bool]] = (),
    instalments: Iterable[tuple[str, Any]] = (),
    description: str = "",
    duration_months: int | None = None,
    budget_per_partner: Decimal | None = None,
    gate_continue_count: int | None = None,
    gate_criteria: str = "",
) -> PhasePlan:
    """A phase of the R&D process with its intermediate targets and instalments (Art. 31(2))."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "De fasering")
    if not procedure.type.has_rd_phases:
        raise RuleViolation(
            f"Een {procedure.type.label_nl.lower()} kent geen onderzoeks- en ontwikkelingsfasen.",
            code="no-rd-phases-in-this-procedure",
        )
    if gate_kind not in PhasePlan.GateKind.values:
        raise InvalidInput(f"Onbekend soort beslismoment '{gate_kind}'.", code="gate-kind-unknown")
    if gate_kind == PhasePlan.GateKind.MINI_COMPETITION and not gate_continue_count:
        raise InvalidInput(
            "Bij een mini-competitie staat vooraf vast hoeveel partners doorgaan.",
            code="gate-continue-count-missing",
        )
    expected = procedure.phase_plans.count() + 1
    if number != expected:
        raise InvalidInput(
            f"De volgende fase heeft nummer {expected}.", code="phase-number-out-of-order"
        )
    phase = PhasePlan.objects.create(
        procedure=procedure,
        number=number,
        name=name,
        gate_kind=gate_kind,
        description=description,
        duration_months=duration_months,
        budget_per_partner=Decimal(str(budget_per_partner))
        if budget_per_partner is not None
        else None,
        gate_continue_count=gate_continue_count,
        gate_criteria=gate_criteria,
    )
    for target in targets:
        text, minimum = (target, True) if isinstance(target, str) else target
        IntermediateTarget.objects.create(phase=phase, description=text, is_minimum=minimum)
    for description_, amount in instalments:
        amount = Decimal(str(amount))
        if amount <= 0:
            raise InvalidInput("Een termijnbetaling is positief.", code="instalment-amount-invalid")
        PlannedInstalment.objects.create(phase=phase, description=description_, amount=amount)
    audit_record(
        actor=actor,
        action="phase_plan.added",
        subject=phase,
        procedure=procedure,
        at=now,
        after={
            "number": number,
            "name": name,
            "gate_kind": gate_kind,
            "targets": phase.targets.count(),
            "instalments": phase.instalments.count(),
        },
    )
    return phase


@transaction.atomic
def performance_level_add(
    *,
    procedure: Procedure,
    name: str,
    target: Any,
    now: dt.datetime,
    actor: Any,
    unit: str = "",
    higher_is_better: bool = True,
) -> PerformanceLevel:
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "Prestatieniveaus")
    level = PerformanceLevel.objects.create(
        procedure=procedure,
        name=name,
        unit=unit,
        target=Decimal(str(target)),
        higher_is_better=higher_is_better,
    )
    audit_record(
        actor=actor,
        action="performance_level.added",
        subject=level,
        procedure=procedure,
        at=now,
        after=snapshot(level, "name", "unit", "target", "higher_is_better"),
    )
    return level


@transaction.atomic
def purchase_item_add(
    *,
    procedure: Procedure,
    name: str,
    max_unit_price: Any,
    now: dt.datetime,
    actor: Any,
    unit: str = "stuk",
    expected_quantity: Any = None,
) -> PurchaseItem:
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_preparation(procedure, "Afnameposten en maximumprijzen")
    if not procedure.type.has_purchase_phase:
        raise RuleViolation(
            f"Een {procedure.type.label_nl.lower()} kent geen afnamefase; voor de afname is een "
            "nieuwe aanbesteding nodig.",
            code="no-purchase-phase",
            article="Art. 14 Richtlijn 2014/24/EU; COM(2007) 799",
        )
    price = Decimal(str(max_unit_price))
    if price <= 0:
        raise InvalidInput("Een maximumprijs is positief.", code="max-price-invalid")
    item = PurchaseItem.objects.create(
        procedure=procedure,
        name=name,
        unit=unit,
        max_unit_price=price,
        expected_quantity=Decimal(str(expected_quantity))
        if expected_quantity is not None
        else None,
    )
    audit_record(
        actor=actor,
        action="purchase_item.added",
        subject=item,
        procedure=procedure,
        at=now,
        after=snapshot(item, "name", "unit", "max_unit_price", "expected_quantity"),
    )
    return item


def publication_problems(procedure: Procedure) -> list[DomainError]:
    """Every refusal of the rules a contract notice must pass (rule 3, complete documents, and
    the rules checked with it), in the order a buyer would fix them; empty when publishable.

    Each check is the rule function itself, called on its own: one failing does not hide the
    next, so the buyer sees everything that blocks publication at once. A rule may refuse an
    element that rule 3 already lists as missing (no award criteria at all is also refused by
    Art. 67): each refusal keeps its own code and article."""
    ptype = procedure.type
    facts = document_facts(procedure)
    from innopartner.evaluation.selectors import ensure_scoring_publishable

    checks: list[Callable[[], None]] = [
        lambda: rules.ensure_documents_complete(ptype=ptype, facts=facts),
        lambda: rules.ensure_award_criteria(ptype=ptype, criteria=facts.award_criteria),
        lambda: rules.ensure_candidate_limits(
            ptype=ptype,
            candidates_min=procedure.candidates_min,
            candidates_max=procedure.candidates_max,
        ),
        lambda: rules.ensure_rd_selection_criterion(
            ptype=ptype, covers_rd=facts.selection_criteria_rd
        ),
        lambda: ensure_scoring_publishable(procedure),
        lambda: rules.ensure_proportionality(
            ptype=ptype,
            rd_value=procedure.estimated_rd_value,
            purchase_value=procedure.estimated_purchase_value,
            justification=procedure.proportionality_justification,
        ),
        lambda: _ensure_intended_partners(procedure),
    ]
    problems: list[DomainError] = []
    for check in checks:
        try:
            check()
        except DomainError as exc:
            problems.append(exc)
    return problems


def _ensure_intended_partners(procedure: Procedure) -> None:
    """Art. 31(1): with several partners the documents state how many are intended."""
    if (
        procedure.type.has_rd_phases
        and procedure.partner_structure == Procedure.PartnerStructure.SEVERAL
        and (procedure.intended_partners or 0) < 2
    ):
        raise RuleViolation(
            "Bij meerdere partners staat het beoogde aantal (ten minste 2) in de stukken.",
            code="intended-partners-missing",
            article="Art. 31(1) Richtlijn 2014/24/EU",
        )


def ensure_publishable(procedure: Procedure) -> None:
    """All rules that a contract notice must pass. Raises the first of
    :func:`publication_problems` (its code stays the refusal's code), with all of them in
    ``extra["problems"]`` so that the API and the interface can list every one."""
    problems = publication_problems(procedure)
    if problems:
        first = problems[0]
        first.extra = {**first.extra, "problems": problems}
        raise first


@transaction.atomic
def notice_publish(
    *,
    procedure: Procedure,
    requests_deadline: dt.datetime,
    channel: str,
    now: dt.datetime,
    actor: Any,
    call_type: str = rules.CALL_CONTRACT_NOTICE,
) -> Notice:
    """Publish the call for competition: the contract notice opens the procedure."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    rules.ensure_stage(stage=procedure.stage, allowed=[Stage.PREPARATION], action="publiceren")
    ptype = procedure.type
    rules.ensure_call_for_competition(ptype=ptype, call_type=call_type)
    lead = procedure.lead_buyer
    rules.ensure_publication_channel(
        channel=channel, procedure_type_code=ptype.code, lead_country=lead.country if lead else "NL"
    )
    rules.ensure_request_time_limit(
        ptype=ptype, dispatched_at=now, requests_deadline=requests_deadline
    )
    ensure_publishable(procedure)
    procedure.notice_dispatched_at = now
    procedure.requests_deadline = requests_deadline
    procedure.publication_channel = channel
    procedure.save(
        update_fields=["notice_dispatched_at", "requests_deadline", "publication_channel"]
    )
    notice = Notice.objects.create(
        procedure=procedure,
        kind=Notice.Kind.CONTRACT_NOTICE,
        channel=channel,
        dispatched_at=now,
        eforms_subtype=EFORMS_SUBTYPE.get(("contract_notice", procedure.directive), ""),
        summary=f"Verzoeken tot deelneming tot {requests_deadline.isoformat()}",
    )
    audit_record(
        actor=actor,
        action="notice.published",
        subject=notice,
        procedure=procedure,
        at=now,
        after={
            "kind": notice.kind,
            "channel": channel,
            "requests_deadline": requests_deadline,
            "estimated_value": estimated_value(procedure),
            **procedure_classification(procedure),
        },
    )
    procedure_stage_change(
        procedure=procedure,
        to=Stage.REQUESTS_OPEN,
        now=now,
        actor=actor,
        reason="aankondiging gepubliceerd",
    )
    return notice


@transaction.atomic
def notice_pin_publish(
    *, procedure: Procedure, channel: str, now: dt.datetime, actor: Any, summary: str = ""
) -> Notice:
    """A prior information notice announces a planned procedure (Rivierenland, October 2017).
    It does not open the procedure: that needs a contract notice ([1])."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    rules.ensure_stage(stage=procedure.stage, allowed=[Stage.PREPARATION], action="vooraankondigen")
    lead = procedure.lead_buyer
    rules.ensure_publication_channel(
        channel=channel,
        procedure_type_code=procedure.procedure_type,
        lead_country=lead.country if lead else "NL",
    )
    notice = Notice.objects.create(
        procedure=procedure,
        kind=Notice.Kind.PRIOR_INFORMATION,
        channel=channel,
        dispatched_at=now,
        eforms_subtype=EFORMS_SUBTYPE.get(("pin", procedure.directive), ""),
        summary=summary,
    )
    audit_record(
        actor=actor,
        action="notice.pin_published",
        subject=notice,
        procedure=procedure,
        at=now,
        after={"kind": notice.kind, "channel": channel},
    )
    return notice


@transaction.atomic
def procedure_cancel(
    *, procedure: Procedure, reason: str, now: dt.datetime, actor: Any
) -> Procedure:
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if not reason.strip():
        raise InvalidInput("Geef de reden van intrekking.", code="reason-missing")
    return procedure_stage_change(
        procedure=procedure, to=Stage.CANCELLED, now=now, actor=actor, reason=reason
    )


def decision_letter_send(
    *,
    procedure: Procedure,
    addressee: Organisation,
    kind: str,
    reasons: str,
    now: dt.datetime,
    actor: Any,
    standstill_ends: dt.date | None = None,
):
    """Send a decision with its reasons to one operator. Called inside the deciding service's
    transaction, so the letter exists exactly when the decision does."""
    from .models import DecisionLetter

    if not reasons.strip():
        raise RuleViolation(
            f"Een beslissing aan {addressee} vermeldt de redenen.",
            code="decision-reasons-missing",
            article="Art. 55 Richtlijn 2014/24/EU; art. 2.130 Aw 2012",
        )
    letter = DecisionLetter.objects.create(
        procedure=procedure,
        addressee=addressee,
        kind=kind,
        reasons=reasons,
        sent_at=now,
        standstill_ends=standstill_ends,
    )
    audit_record(
        actor=actor,
        action="decision.sent",
        subject=letter,
        procedure=procedure,
        at=now,
        after={"addressee": addressee.name, "kind": kind, "reasons": reasons},
    )
    return letter
