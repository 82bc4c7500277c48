"""Services of the award: intended award decision, standstill, agreement, award notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import RuleViolation
from innopartner.core.timeutil import local_date
from innopartner.evaluation.selectors import round_ranking
from innopartner.parties.models import Organisation
from innopartner.procedures import rules as procedure_rules
from innopartner.procedures.models import DecisionLetter, Notice, Procedure
from innopartner.procedures.permissions import ensure_buyer_staff
from innopartner.procedures.services import (
    EFORMS_SUBTYPE,
    decision_letter_send,
    locked,
    procedure_stage_change,
)
from innopartner.procedures.types import Stage

from . import rules
from .models import Agreement, AwardDecision, AwardDecisionLine


@transaction.atomic
def award_decide(
    *,
    procedure: Procedure,
    winners: Sequence[Organisation],
    now: dt.datetime,
    actor: Any,
    reasons: str,
    reasons_per_tenderer: Mapping[str, str] | None = None,
) -> AwardDecision:
    """Send the intended award decision to every tenderer, with the ranking, scores and
    reasons; the standstill period starts the next day."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.NEGOTIATION], action="gunnen"
    )
    last = procedure.rounds.order_by("-number").first()
    rules.ensure_award_on_final_tenders(
        negotiation_mandatory=procedure.type.negotiation_mandatory,
        last_round_kind=last.kind if last else None,
        last_round_number=last.number if last else 0,
        last_round_opened=bool(last and last.is_opened),
    )
    ranking = round_ranking(last)
    ranks = {str(t.operator_id): r.rank for t, r in ranking}
    winner_ids = [str(w.pk) for w in winners]
    rules.ensure_winners_are_best_ranked(ranks=ranks, winners=winner_ids)
    if (
        procedure.intended_partners
        and procedure.type.has_rd_phases
        and len(winners) > procedure.intended_partners
    ):
        raise RuleViolation(
            f"De stukken noemen ten hoogste {procedure.intended_partners} partner(s).",
            code="too-many-partners",
            article="Art. 31(1) Richtlijn 2014/24/EU",
        )
    sent_on = local_date(now)
    if procedure.type.standstill_applies:
        standstill_ends, earliest = rules.standstill_dates(sent_on=sent_on)
    else:
        standstill_ends, earliest = sent_on, sent_on
    decision = AwardDecision.objects.create(
        procedure=procedure,
        tender_round=last,
        decided_by=actor,
        sent_at=now,
        standstill_ends=standstill_ends,
        earliest_signing=earliest,
        reasons=reasons,
    )
    per = {str(k): v for k, v in (reasons_per_tenderer or {}).items()}
    for tender, ranked in ranking:
        awarded = str(tender.operator_id) in winner_ids
        AwardDecisionLine.objects.create(
            decision=decision,
            operator=tender.operator,
            tender=tender,
            rank=ranked.rank,
            total=ranked.total,
            points={k: str(v) for k, v in ranked.points.items()},
            awarded=awarded,
        )
        own = per.get(tender.operator.name) or per.get(str(tender.operator_id)) or ""
        text = f"{ranked.in_words()} {reasons} {own}".strip()
        decision_letter_send(
            procedure=procedure,
            addressee=tender.operator,
            now=now,
            actor=actor,
            reasons=text,
            kind=DecisionLetter.Kind.AWARD_INTENDED
            if awarded
            else DecisionLetter.Kind.AWARD_REJECTED,
            standstill_ends=standstill_ends,
        )
    audit_record(
        actor=actor,
        action="award.decided",
        subject=decision,
        procedure=procedure,
        at=now,
        after={
            "winners": [w.name for w in winners],
            "standstill_ends": standstill_ends,
            "earliest_signing": earliest,
        },
    )
    procedure_stage_change(
        procedure=procedure,
        to=Stage.STANDSTILL,
        now=now,
        actor=actor,
        reason="voorlopige gunningsbeslissing verzonden",
    )
    return decision


@transaction.atomic
def agreement_sign(
    *,
    procedure: Procedure,
    now: dt.datetime,
    actor: Any,
    standstill_exception: str = "",
    exception_reason: str = "",
    value: Decimal | None = None,
    duration_years: int | None = None,
) -> Agreement:
    """Conclude the partnership agreement (or contract) after the standstill period."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    procedure_rules.ensure_stage(
        stage=procedure.stage, allowed=[Stage.STANDSTILL], action="overeenkomst sluiten"
    )
    decision = procedure.award_decision
    rules.ensure_standstill_over(
        earliest_signing=decision.earliest_signing,
        today=local_date(now),
        exception=standstill_exception,
        exception_reason=exception_reason,
    )
    if standstill_exception:
        decision.standstill_exception = standstill_exception
        decision.standstill_exception_reason = exception_reason
        decision.save(update_fields=["standstill_exception", "standstill_exception_reason"])
    agreement = Agreement.objects.create(
        procedure=procedure,
        signed_at=now,
        signed_by=actor,
        award_notice_due=rules.award_notice_due(concluded_at=now),
        value=Decimal(str(value)) if value is not None else None,
        duration_years=duration_years,
    )
    winners = [line.operator for line in decision.lines.filter(awarded=True)]
    audit_record(
        actor=actor,
        action="agreement.signed",
        subject=agreement,
        procedure=procedure,
        at=now,
        after={
            "partners": [w.name for w in winners],
            "exception": standstill_exception,
            "award_notice_due": agreement.award_notice_due,
        },
    )
    if procedure.type.has_rd_phases:
        from innopartner.partnership.services import partnership_start

        procedure_stage_change(
            procedure=procedure,
            to=Stage.RD_PHASES,
            now=now,
            actor=actor,
            reason="partnerschapsovereenkomst gesloten",
        )
        partnership_start(procedure=procedure, partners=winners, now=now, actor=actor)
    else:
        procedure_stage_change(
            procedure=procedure,
            to=Stage.CONTRACTED,
            now=now,
            actor=actor,
            reason="overeenkomst gesloten",
        )
    return agreement


@transaction.atomic
def award_notice_publish(*, procedure: Procedure, now: dt.datetime, actor: Any) -> Notice:
    """[18] Art. 50: publish the contract award notice within 30 days of concluding the
    contract. A late notice is still published (the law wants it out) but marked late."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    agreement = getattr(procedure, "agreement", None)
    if agreement is None:
        raise RuleViolation(
            "Een aankondiging van een gegunde opdracht volgt op het sluiten van de overeenkomst.",
            code="award-notice-before-contract",
            article="Art. 50 Richtlijn 2014/24/EU",
        )
    if procedure.notices.filter(kind=Notice.Kind.CONTRACT_AWARD).exists():
        raise RuleViolation(
            "De aankondiging van de gegunde opdracht is al gepubliceerd.",
            code="award-notice-already-published",
        )
    notice = Notice.objects.create(
        procedure=procedure,
        kind=Notice.Kind.CONTRACT_AWARD,
        channel=procedure.publication_channel or Procedure.Channel.TENDERNED,
        dispatched_at=now,
        eforms_subtype=EFORMS_SUBTYPE.get(("contract_award", procedure.directive), ""),
        due_by=agreement.award_notice_due,
        is_late=now > agreement.award_notice_due,
    )
    audit_record(
        actor=actor,
        action="notice.award_published",
        subject=notice,
        procedure=procedure,
        at=now,
        after={"due_by": agreement.award_notice_due, "late": notice.is_late},
    )
    return notice
