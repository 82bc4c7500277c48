"""Services of the evaluation committee: independent scores, then consensus."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput, RuleViolation
from innopartner.procedures import rules as procedure_rules
from innopartner.procedures.models import AwardCriterion
from innopartner.procedures.permissions import ensure_buyer_staff, ensure_evaluator
from innopartner.procedures.services import locked
from innopartner.procedures.types import Stage
from innopartner.tendering.models import Tender, TenderRound

from . import rules
from .models import ConsensusScore, LotDrawing, Score


def ensure_evaluation_open(procedure) -> None:
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.NEGOTIATION], action="beoordelen"
    )


def _ensure_scorable(
    tender: Tender, criterion: AwardCriterion, score: Decimal | int | str, justification: str
) -> Decimal:
    """A score is given to an opened, live tender, on a quality criterion of its procedure, on
    the announced scale (Art. 67(5)), with a justification, and only while the procedure is in
    negotiation: once the award decision is sent, its ranking must not drift."""
    ensure_evaluation_open(locked(tender.round.procedure))
    if criterion.procedure_id != tender.round.procedure_id:
        raise InvalidInput("Dit criterium hoort niet bij deze procedure.", code="criterion-foreign")
    if criterion.kind != AwardCriterion.Kind.QUALITY:
        raise InvalidInput(
            "Prijs en kosten worden uit de inschrijving berekend, niet gescoord.",
            code="criterion-not-scored",
        )
    if not tender.round.is_opened:
        raise RuleViolation(
            "De inschrijvingen zijn nog niet geopend.",
            code="tender-sealed",
            article="Art. 22(3) Richtlijn 2014/24/EU",
        )
    if tender.status != Tender.Status.SUBMITTED:
        raise RuleViolation(
            "Alleen geldige inschrijvingen worden beoordeeld.", code="tender-not-live"
        )
    score = Decimal(str(score))
    rules.ensure_score_on_scale(
        score=score, scale_min=criterion.scale_min, scale_max=criterion.scale_max
    )
    if not justification.strip():
        raise InvalidInput("Motiveer de score.", code="justification-missing")
    return score


@transaction.atomic
def score_submit(
    *,
    tender: Tender,
    criterion: AwardCriterion,
    score: Decimal | int | str,
    justification: str,
    now: dt.datetime,
    actor: Any,
) -> Score:
    """An evaluator scores independently, with a justification."""
    procedure = locked(tender.round.procedure)
    ensure_evaluator(procedure=procedure, user=actor)
    score = _ensure_scorable(tender, criterion, score, justification)
    if ConsensusScore.objects.filter(tender=tender, criterion=criterion).exists():
        raise RuleViolation(
            "De commissie heeft hier al een consensusscore vastgesteld.",
            code="consensus-already-recorded",
        )
    record, created = Score.objects.update_or_create(
        tender=tender,
        criterion=criterion,
        evaluator=actor,
        defaults={"score": score, "justification": justification, "submitted_at": now},
    )
    audit_record(
        actor=actor,
        action="score.submitted",
        subject=record,
        procedure=procedure,
        at=now,
        after={"tender": str(tender.pk), "criterion": criterion.name, "score": score},
    )
    return record


@transaction.atomic
def consensus_record(
    *,
    tender: Tender,
    criterion: AwardCriterion,
    score: Decimal | int | str,
    justification: str,
    now: dt.datetime,
    actor: Any,
) -> ConsensusScore:
    """The committee agrees a score after its members have scored independently."""
    procedure = locked(tender.round.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    score = _ensure_scorable(tender, criterion, score, justification)
    if not Score.objects.filter(tender=tender, criterion=criterion).exists():
        raise RuleViolation(
            "Consensus volgt op de individuele scores van de beoordelaars.",
            code="individual-scores-missing",
        )
    record, _ = ConsensusScore.objects.update_or_create(
        tender=tender,
        criterion=criterion,
        defaults={
            "score": score,
            "justification": justification,
            "recorded_at": now,
            "recorded_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action="consensus.recorded",
        subject=record,
        procedure=procedure,
        at=now,
        after={"tender": str(tender.pk), "criterion": criterion.name, "score": score},
    )
    return record


@transaction.atomic
def tender_compliance_record(
    *, tender: Tender, compliant: bool, note: str, now: dt.datetime, actor: Any
) -> Tender:
    """Record whether a tender meets every minimum requirement (Art. 31(1)); a tender that
    does not is not ranked."""
    procedure = locked(tender.round.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    ensure_evaluation_open(procedure)
    if not tender.round.is_opened:
        raise RuleViolation("De inschrijvingen zijn nog niet geopend.", code="tender-sealed")
    if not note.strip():
        raise InvalidInput("Motiveer de toets aan de minimumeisen.", code="justification-missing")
    before = {"compliant": tender.compliant}
    tender.compliant, tender.compliance_note = compliant, note
    tender.save(update_fields=["compliant", "compliance_note"])
    audit_record(
        actor=actor,
        action="tender.compliance_recorded",
        subject=tender,
        procedure=procedure,
        at=now,
        before=before,
        after={"compliant": compliant, "note": note},
    )
    return tender


@transaction.atomic
def lot_draw(
    *, tender_round: TenderRound, witness: str, now: dt.datetime, actor: Any
) -> LotDrawing:
    """Draw lots among the tenders that still share a rank after the declared tie-break rule
    (its last step), once per round, with a witness; the order drawn is kept and audited."""
    procedure = locked(tender_round.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if not procedure.tie_break_rule.endswith("_lot"):
        raise RuleViolation(
            "De aankondiging voorziet niet in loting bij gelijke stand.",
            code="lot-not-declared",
            article="Art. 67(5) Richtlijn 2014/24/EU",
        )
    if not witness.strip():
        raise InvalidInput("Een loting heeft een getuige.", code="lot-witness-missing")
    if LotDrawing.objects.filter(tender_round=tender_round).exists():
        raise RuleViolation("In deze ronde is al geloot.", code="lot-already-drawn")
    from .selectors import round_ranking

    ties = rules.unresolved_ties([r for _, r in round_ranking(tender_round)])
    if not ties:
        raise RuleViolation("Er is geen gelijke stand om door loting te beslechten.", code="no-tie")
    order = [key for group in ties for key in secrets.SystemRandom().sample(group, len(group))]
    drawing = LotDrawing.objects.create(
        tender_round=tender_round, order=order, drawn_at=now, drawn_by=actor, witness=witness
    )
    audit_record(
        actor=actor,
        action="lot.drawn",
        subject=drawing,
        procedure=procedure,
        at=now,
        after={"round": tender_round.number, "order": order, "witness": witness},
    )
    return drawing
