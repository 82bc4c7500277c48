"""Reads of decision support: the stored assessment and the TCO options as plain data for the
pure functions."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from innopartner.procedures.models import Procedure

from . import tco
from .models import ProcedureChoiceAssessment


def latest_procedure_choice(procedure: Procedure) -> ProcedureChoiceAssessment | None:
    return procedure.choice_assessments.order_by("-assessed_at", "-pk").first()


def tco_options(procedure: Procedure) -> list[tco.Option]:
    """The procedure's TCO options as :class:`tco.Option` (key: the operator's id if the option
    is a tender, else the option's name)."""
    options = []
    for option in procedure.tco_options.prefetch_related("lines").order_by("recorded_at", "name"):
        lines = tuple(
            tco.CostLine(
                category=line.category,
                quantity=float(line.quantity),
                unit_price=float(line.unit_price),
                first_year=line.first_year,
                last_year=line.last_year,
                every=line.every,
                description=line.description,
            )
            for line in option.lines.all()
        )
        options.append(
            tco.Option(
                name=option.name,
                horizon_years=option.horizon_years,
                lines=lines,
                key=str(option.operator_id) if option.operator_id else option.name,
                assumed=option.assumed,
            )
        )
    return options


def discount_rate() -> float:
    """The rate from settings (INNOPARTNER_DISCOUNT_RATE; default 2.25%)."""
    return float(settings.DISCOUNT_RATE)


def procedure_choice_report(
    procedure: Procedure, assessment: ProcedureChoiceAssessment
) -> dict[str, Any]:
    """The stored advice as plain data (the CLI's ``--json`` and the API)."""
    return {
        "procedure": str(procedure.pk),
        "case": procedure.slug,
        "procedure_type": procedure.procedure_type,
        "recommendation": assessment.recommendation,
        "matches_procedure_type": assessment.recommendation == procedure.procedure_type,
        "reasons": list(assessment.reasons),
        "what_would_change": list(assessment.sensitivities),
        "answers": assessment.answers,
        "assessed_at": assessment.assessed_at.isoformat(),
        "assessed_by": assessment.assessed_by.username if assessment.assessed_by else None,
    }


def tco_report(procedure: Procedure, *, rate: float | None = None) -> dict[str, Any]:
    """The TCO analysis of the procedure's options at ``rate`` (default: from settings)."""
    result = tco.analyse(tco_options(procedure), rate=discount_rate() if rate is None else rate)
    return {"procedure": str(procedure.pk), "case": procedure.slug, **result}
