"""Services of the risk register: record, update, mitigate. Buyer staff only; each writes its
audit record in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record, snapshot
from innopartner.core.exceptions import InvalidInput
from innopartner.procedures.models import Procedure
from innopartner.procedures.permissions import ensure_buyer_staff
from innopartner.procedures.services import locked

from . import rules
from .models import Mitigation, Risk
from .selectors import residual_estimate

FIELDS = (
    "title",
    "category",
    "owner",
    "probability",
    "cost_min",
    "cost_likely",
    "cost_max",
    "delay_min",
    "delay_likely",
    "delay_max",
    "status",
    "review_date",
)


def _decimal(value: Any, *, what: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(
            f"{what}: '{value}' is geen getal.", code="risk-number-invalid"
        ) from None


def _three_point(values: Sequence[Any] | None, *, what: str) -> tuple[Decimal, ...] | None:
    if values is None:
        return None
    if len(values) != 3:
        raise InvalidInput(
            f"{what}: geef drie waarden (minimum, meest waarschijnlijk, maximum).",
            code="risk-estimate-unordered",
        )
    low, likely, high = (_decimal(v, what=what) for v in values)
    rules.ensure_three_point(what=what, low=low, likely=likely, high=high)
    return low, likely, high


def _check(risk: Risk) -> None:
    rules.ensure_choice(value=risk.category, allowed=rules.CATEGORIES, code="risk-category-unknown")
    rules.ensure_choice(value=risk.owner, allowed=rules.OWNERS, code="risk-owner-unknown")
    rules.ensure_choice(value=risk.status, allowed=rules.STATUSES, code="risk-status-unknown")
    rules.ensure_probability(risk.probability)
    if not risk.title.strip():
        raise InvalidInput("Een risico heeft een omschrijving.", code="risk-title-missing")


@transaction.atomic
def risk_record(
    *,
    procedure: Procedure,
    title: str,
    category: str,
    owner: str,
    probability: Decimal | float | str,
    cost: Sequence[Any],
    delay: Sequence[Any],
    now: dt.datetime,
    actor: Any,
    description: str = "",
    review_date: dt.date | None = None,
    source: str = "",
) -> Risk:
    """Enter a risk into the register of a procedure (inventory and quantification)."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    cost_points = _three_point(cost, what="kosten")
    delay_points = _three_point(delay, what="vertraging")
    risk = Risk(
        procedure=procedure,
        number=procedure.risks.count() + 1,
        title=title,
        description=description,
        category=category,
        owner=owner,
        probability=_decimal(probability, what="kans"),
        cost_min=cost_points[0],
        cost_likely=cost_points[1],
        cost_max=cost_points[2],
        delay_min=delay_points[0],
        delay_likely=delay_points[1],
        delay_max=delay_points[2],
        review_date=review_date,
        source=source,
        recorded_at=now,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    _check(risk)
    risk.save()
    audit_record(
        actor=actor,
        action="risk.recorded",
        subject=risk,
        procedure=procedure,
        at=now,
        after=snapshot(risk, *FIELDS),
    )
    return risk


@transaction.atomic
def risk_update(
    *,
    risk: Risk,
    now: dt.datetime,
    actor: Any,
    title: str | None = None,
    description: str | None = None,
    category: str | None = None,
    owner: str | None = None,
    probability: Decimal | float | str | None = None,
    cost: Sequence[Any] | None = None,
    delay: Sequence[Any] | None = None,
    status: str | None = None,
    review_date: dt.date | None = None,
) -> Risk:
    """Revise a risk (a review, a new estimate, a change of status); unnamed fields stay."""
    procedure = locked(risk.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    risk = Risk.objects.select_for_update().get(pk=risk.pk)
    before = snapshot(risk, *FIELDS)
    for name, value in (
        ("title", title),
        ("description", description),
        ("category", category),
        ("owner", owner),
        ("status", status),
        ("review_date", review_date),
    ):
        if value is not None:
            setattr(risk, name, value)
    if probability is not None:
        risk.probability = _decimal(probability, what="kans")
    for prefix, values, what in (("cost", cost, "kosten"), ("delay", delay, "vertraging")):
        points = _three_point(values, what=what)
        if points:
            for suffix, value in zip(("min", "likely", "max"), points, strict=True):
                setattr(risk, f"{prefix}_{suffix}", value)
    _check(risk)
    risk.save()
    audit_record(
        actor=actor,
        action="risk.updated",
        subject=risk,
        procedure=procedure,
        at=now,
        before=before,
        after=snapshot(risk, *FIELDS),
    )
    return risk


@transaction.atomic
def mitigation_add(
    *,
    risk: Risk,
    description: str,
    cost: Decimal | float | str,
    now: dt.datetime,
    actor: Any,
    probability_after: Decimal | float | str | None = None,
    cost_after: Sequence[Any] | None = None,
    delay_after: Sequence[Any] | None = None,
) -> Mitigation:
    """A measure with its cost and its effect on the probability and/or the impact; the effect
    is stated as the residual value with this measure (and the earlier ones) in place."""
    procedure = locked(risk.procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    if not description.strip():
        raise InvalidInput("Omschrijf de maatregel.", code="mitigation-description-missing")
    cost = _decimal(cost, what="kosten van de maatregel")
    if cost < 0:
        raise InvalidInput(
            "De kosten van een maatregel zijn niet negatief.", code="amount-negative"
        )
    p_after = None if probability_after is None else _decimal(probability_after, what="kans")
    if p_after is not None:
        rules.ensure_probability(p_after)
    cost_points = _three_point(cost_after, what="kosten na maatregel")
    delay_points = _three_point(delay_after, what="vertraging na maatregel")
    if p_after is None and cost_points is None and delay_points is None:
        raise InvalidInput(
            "Geef het effect: de kans en/of de gevolgen na de maatregel.",
            code="mitigation-effect-missing",
        )
    current = residual_estimate(risk)
    rules.ensure_mitigation_reduces(
        probability=current.probability,
        probability_after=p_after,
        high=current.cost[2],
        high_after=cost_points[2] if cost_points else None,
    )
    rules.ensure_mitigation_reduces(
        probability=current.probability,
        probability_after=None,
        high=current.delay[2],
        high_after=delay_points[2] if delay_points else None,
    )
    mitigation = Mitigation.objects.create(
        risk=risk,
        description=description,
        cost=cost,
        probability_after=p_after,
        **_after_fields("cost", cost_points),
        **_after_fields("delay", delay_points),
        added_at=now,
        added_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="risk.mitigation_added",
        subject=mitigation,
        procedure=procedure,
        at=now,
        after={
            "risk": risk.number,
            "description": description,
            "cost": cost,
            "probability_after": p_after,
            "cost_after": cost_points,
            "delay_after": delay_points,
        },
    )
    return mitigation


def _after_fields(prefix: str, points: tuple[Decimal, ...] | None) -> dict[str, Decimal | None]:
    values = points or (None, None, None)
    return {
        f"{prefix}_{suffix}_after": value
        for suffix, value in zip(("min", "likely", "max"), values, strict=True)
    }
