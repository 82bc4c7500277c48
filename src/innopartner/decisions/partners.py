"""Partners and development budget: the IFV dilemma.

"More parties: less budget each, higher chance one works" (CASES.md §1). Pure and vectorised
over the number of partners; no ORM.

Model (written out in docs/decision-support.md):

- The development budget ``B`` is split evenly over ``n`` partners. Of each share, a fixed
  amount ``c`` (taking part at all: the proposal, reporting, the gate assessments, the
  buyer's one-to-ones) buys no progress, so the budget a partner develops with is
  ``b = B / n - c`` (at least 0).
- A partner's chance of reaching a working solution with budget ``b`` is
  ``p(b) = p_max * (1 - exp(-ln 2 * b / b_half))``: zero without budget, half of ``p_max`` at
  ``b_half``, approaching ``p_max`` (even unlimited money does not guarantee success).
- Correlated failure: with probability ``k`` (the common-cause factor) a cause shared by all
  approaches (the satellite data are too coarse, the physics does not allow it) defeats every
  partner; otherwise partners succeed or fail independently. So
  ``P(at least one works) = (1 - k) * (1 - (1 - p)^n)`` and
  ``E[working solutions] = (1 - k) * n * p``.
- The whole budget is spent whatever the outcome, so the expected cost per working solution is
  ``B / E[working solutions]``.
- The best number of partners is the one with the highest chance that at least one works (the
  smallest such number on a tie). Without a fixed amount per partner this chance rises with
  every partner added, and the model would always say "as many as possible".
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from innopartner.core.exceptions import InvalidInput


@dataclass(frozen=True)
class PartnerModel:
    p_max: float = 0.8  # chance of success of one partner with unlimited budget
    b_half: float = 150_000.0  # budget (EUR) at which a partner reaches p_max / 2
    fixed_cost: float = 30_000.0  # EUR of each partner's share that buys no progress
    common_cause: float = 0.0  # probability that one shared cause defeats every approach

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def validate(model: PartnerModel, *, budget: float, max_partners: int) -> None:
    if not (np.isfinite(budget) and budget > 0):
        raise InvalidInput("Het ontwikkelbudget is groter dan nul.", code="partners-budget-invalid")
    if not 1 <= max_partners <= 50:
        raise InvalidInput("Het aantal partners is 1 tot 50.", code="partners-max-partners-invalid")
    if not 0 < model.p_max <= 1:
        raise InvalidInput("p_max ligt tussen 0 en 1.", code="partners-p-max-invalid")
    if not model.b_half > 0:
        raise InvalidInput("b_half is groter dan nul.", code="partners-b-half-invalid")
    if not model.fixed_cost >= 0:
        raise InvalidInput(
            "De vaste kosten zijn niet negatief.", code="partners-fixed-cost-invalid"
        )
    if not 0 <= model.common_cause < 1:
        raise InvalidInput(
            "De gemeenschappelijke faalkans ligt in [0, 1).", code="partners-common-cause-invalid"
        )


def success_chance(budget_per_partner: np.ndarray | float, model: PartnerModel) -> np.ndarray:
    """p(b) for the budget each partner develops with (after the fixed amount)."""
    b = np.maximum(np.asarray(budget_per_partner, dtype=float) - model.fixed_cost, 0.0)
    return model.p_max * (1.0 - np.exp(-math.log(2.0) * b / model.b_half))


def compare(
    *, budget: float, max_partners: int = 6, model: PartnerModel | None = None
) -> dict[str, Any]:
    """Each number of partners from 1 to ``max_partners``: budget per partner, its chance,
    the chance that at least one works, the expected number of working solutions and the
    expected cost per working solution; and the best number."""
    model = model or PartnerModel()
    validate(model, budget=budget, max_partners=max_partners)
    n = np.arange(1, max_partners + 1)
    share = budget / n
    p = success_chance(share, model)
    feasible = 1.0 - model.common_cause
    at_least_one = feasible * (1.0 - (1.0 - p) ** n)
    expected = feasible * n * p
    with np.errstate(divide="ignore"):
        cost_per_working = np.where(expected > 0, budget / expected, np.inf)
    best = int(n[np.argmax(at_least_one)])  # argmax takes the first: the smallest n on a tie
    rows = [
        {
            "partners": int(n[i]),
            "budget_per_partner": round(float(share[i]), 2),
            "success_chance_per_partner": round(float(p[i]), 4),
            "chance_at_least_one": round(float(at_least_one[i]), 4),
            "expected_working": round(float(expected[i]), 4),
            "expected_cost_per_working": (
                round(float(cost_per_working[i]), 2) if np.isfinite(cost_per_working[i]) else None
            ),
        }
        for i in range(len(n))
    ]
    return {
        "budget": float(budget),
        "model": model.as_dict(),
        "formula": "p(b) = p_max * (1 - exp(-ln2 * b / b_half)), b = budget / n - fixed_cost",
        "by_partners": rows,
        "best_partners": best,
        "best": rows[best - 1],
    }
