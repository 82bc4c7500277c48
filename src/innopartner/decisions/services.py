"""Services of decision support. Each one checks who acts and what is given, stores the
inputs and results on the procedure and writes the audit record, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput
from innopartner.parties.models import Organisation
from innopartner.procedures.models import Procedure
from innopartner.procedures.permissions import ensure_buyer_staff
from innopartner.procedures.services import locked

from . import choice, tco
from .models import ProcedureChoiceAssessment, TcoCostLine, TcoOption


def _user(actor: Any):
    return actor if getattr(actor, "pk", None) is not None else None


@transaction.atomic
def procedure_choice_assess(
    *, procedure: Procedure, answers: Mapping[str, Any], now: dt.datetime, actor: Any
) -> ProcedureChoiceAssessment:
    """Answer the procedure-choice questions and store the advice, its reasons and what would
    change it with the preparation record (DOMAIN.md §3)."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    result = choice.assess(answers)
    assessment = ProcedureChoiceAssessment.objects.create(
        procedure=procedure,
        answers=result["answers"],
        recommendation=result["recommendation"],
        reasons=result["reasons"],
        sensitivities=result["what_would_change"],
        assessed_at=now,
        assessed_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action="decisions.procedure_choice_assessed",
        subject=assessment,
        procedure=procedure,
        at=now,
        after={
            "answers": result["answers"],
            "recommendation": result["recommendation"],
            "procedure_type": procedure.procedure_type,
        },
    )
    return assessment


@transaction.atomic
def tco_option_record(
    *,
    procedure: Procedure,
    name: str,
    horizon_years: int,
    lines: Sequence[Mapping[str, Any] | tco.CostLine],
    now: dt.datetime,
    actor: Any,
    description: str = "",
    operator: Organisation | None = None,
    assumed: bool = False,
    source: str = "",
) -> TcoOption:
    """An option (or a tender) with its cost lines over its horizon, for the TCO comparison."""
    procedure = locked(procedure)
    ensure_buyer_staff(procedure=procedure, user=actor)
    parsed = tuple(
        line if isinstance(line, tco.CostLine) else tco.line_from_mapping(line) for line in lines
    )
    try:
        horizon = int(horizon_years)
    except (TypeError, ValueError):
        raise InvalidInput("De horizon is een aantal jaren.", code="tco-horizon-invalid") from None
    tco.validate_option(tco.Option(name=name, horizon_years=horizon, lines=parsed))
    if procedure.tco_options.filter(name=name).exists():
        raise InvalidInput(
            f"Er is al een TCO-optie '{name}' bij deze procedure.", code="tco-option-exists"
        )
    option = TcoOption.objects.create(
        procedure=procedure,
        name=name,
        description=description,
        operator=operator,
        horizon_years=horizon,
        assumed=assumed,
        source=source,
        recorded_at=now,
        recorded_by=_user(actor),
    )
    TcoCostLine.objects.bulk_create(
        TcoCostLine(
            option=option,
            category=line.category,
            description=line.description[:300],
            quantity=Decimal(str(line.quantity)),
            unit_price=Decimal(str(line.unit_price)),
            first_year=line.first_year,
            last_year=line.last_year,
            every=line.every,
        )
        for line in parsed
    )
    audit_record(
        actor=actor,
        action="decisions.tco_option_recorded",
        subject=option,
        procedure=procedure,
        at=now,
        after={
            "name": name,
            "horizon_years": horizon,
            "assumed": assumed,
            "operator": operator.name if operator else None,
            "lines": [
                {
                    "category": line.category,
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "years": [line.first_year, line.last, line.every],
                }
                for line in parsed
            ],
        },
    )
    return option
