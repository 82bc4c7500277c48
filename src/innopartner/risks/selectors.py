"""Reads of the risk register and its quantification."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from innopartner.procedures.models import Procedure

from . import simulation
from .models import Risk


@dataclass(frozen=True)
class Estimate:
    probability: Decimal
    cost: tuple[Decimal, Decimal, Decimal]
    delay: tuple[Decimal, Decimal, Decimal]


def gross_estimate(risk: Risk) -> Estimate:
    return Estimate(
        probability=Decimal(1) if risk.status == Risk.Status.OCCURRED else risk.probability,
        cost=(risk.cost_min, risk.cost_likely, risk.cost_max),
        delay=(risk.delay_min, risk.delay_likely, risk.delay_max),
    )


def residual_estimate(risk: Risk) -> Estimate:
    """The risk with its mitigations in place: each measure states the residual values with it
    (and the measures before it) in place, so the latest stated value of each part counts."""
    estimate = gross_estimate(risk)
    for m in risk.mitigations.all():
        probability = estimate.probability
        if m.probability_after is not None and risk.status != Risk.Status.OCCURRED:
            probability = m.probability_after
        cost, delay = estimate.cost, estimate.delay
        if m.cost_max_after is not None:
            cost = (m.cost_min_after, m.cost_likely_after, m.cost_max_after)
        if m.delay_max_after is not None:
            delay = (m.delay_min_after, m.delay_likely_after, m.delay_max_after)
        estimate = Estimate(probability=probability, cost=cost, delay=delay)
    return estimate


def risk_register(procedure: Procedure):
    return procedure.risks.prefetch_related("mitigations").order_by("number")


def _points(values) -> simulation.ThreePoint:
    return simulation.ThreePoint(*(float(v) for v in values))


def risk_inputs(procedure: Procedure) -> list[simulation.RiskInput]:
    """The register as simulation input: open and occurred risks (an occurred risk is certain);
    closed risks are left out."""
    inputs = []
    for risk in risk_register(procedure).exclude(status=Risk.Status.CLOSED):
        gross, residual = gross_estimate(risk), residual_estimate(risk)
        inputs.append(
            simulation.RiskInput(
                key=f"R{risk.number} {risk.title}",
                probability=float(gross.probability),
                cost=_points(gross.cost),
                delay=_points(gross.delay),
                probability_after=float(residual.probability),
                cost_after=_points(residual.cost),
                delay_after=_points(residual.delay),
                mitigation_cost=float(sum((m.cost for m in risk.mitigations.all()), Decimal(0))),
            )
        )
    return inputs


def reference_cost(procedure: Procedure) -> float | None:
    """The amount against which cost impacts are classed in the heat map: the budget, else
    the estimated value (R&D plus purchase), else None (the sum of the maximum impacts)."""
    if procedure.budget:
        return float(procedure.budget)
    values = [procedure.estimated_rd_value, procedure.estimated_purchase_value]
    if any(v is not None for v in values):
        return float(sum(v for v in values if v is not None)) or None
    return None


def risk_analysis(
    procedure: Procedure,
    *,
    iterations: int = 10_000,
    seed: int | None = None,
    distribution: str = "triangular",
) -> simulation.Analysis:
    return simulation.simulate(
        risk_inputs(procedure),
        iterations=iterations,
        seed=seed,
        distribution=distribution,
        reference_cost=reference_cost(procedure),
    )


def analysis_dict(analysis: simulation.Analysis, *, procedure: str, top: int) -> dict:
    """The analysis as plain data (the CLI's ``--json`` and the API); ``top`` drivers."""

    def pair(before, after, unit):
        return {
            "unit": unit,
            "before": before.as_dict(top),
            "after": after.as_dict(top),
        }

    cost = pair(analysis.cost_before, analysis.cost_after, "EUR")
    delay = pair(analysis.delay_before, analysis.delay_after, "dagen")
    return {
        "procedure": procedure,
        "iterations": analysis.iterations,
        "seed": analysis.seed,
        "distribution": analysis.distribution,
        "cost_overrun": cost,
        "delay": delay,
        # The headline figures (before mitigation) at the top level, for scripts.
        "p50": {"cost_overrun": cost["before"]["p50"], "delay": delay["before"]["p50"]},
        "p80": {"cost_overrun": cost["before"]["p80"], "delay": delay["before"]["p80"]},
        "p95": {"cost_overrun": cost["before"]["p95"], "delay": delay["before"]["p95"]},
        "top_drivers": {
            "cost_overrun": cost["before"]["drivers"],
            "delay": delay["before"]["drivers"],
        },
        "mitigation_cost": round(analysis.mitigation_cost, 2),
        "heat_map": {
            "rows": "kansklasse (laag -> hoog)",
            "columns": "gevolgklasse (laag -> hoog)",
            "before": analysis.heat_before.tolist(),
            "after": analysis.heat_after.tolist(),
        },
    }
