"""Total cost of ownership (TCO): the whole life of an option or a tender, discounted.

Pure functions on plain data, vectorised with NumPy; no ORM. Conventions:

- Year 0 is the start: acquisition and development contribution usually fall there. Years 1 to
  H are the years of use; end-of-life costs usually fall in year H.
- A cost line is ``quantity x unit_price`` in every year from ``first_year`` to ``last_year``
  (inclusive), every ``every`` years. Energy is quantity (MWh, litres, m3) times the energy
  price; CO2 is tonnes times the shadow price per tonne. Amounts are in constant prices
  (real), so that the real discount rate applies.
- Net present value ``NPV = sum_t C_t / (1 + r)^t``; equivalent annual cost
  ``EAC = NPV * r / (1 - (1 + r)^-H)`` (``NPV / H`` at r = 0).
- Break-even year of an option that costs more at the start against one that costs less: the
  first year in which its cumulative discounted cost is no longer higher.

Life-cycle costing as an award criterion: Art. 67(2) and 68 Directive 2014/24/EU (costs of
environmental externalities such as greenhouse gas emissions may count if their money value
can be determined and verified, Art. 68(1)(b)). :func:`tco_as_price` gives the figure that the
price part of the award scoring uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np

from innopartner.core.exceptions import InvalidInput

CATEGORIES = (
    "acquisition",
    "development",
    "operation",
    "maintenance",
    "energy",
    "co2",
    "end_of_life",
)
DEFAULT_RATES = tuple(np.round(np.arange(0.0, 0.0601, 0.005), 4))
DEFAULT_ENERGY_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
MAX_HORIZON = 100


@dataclass(frozen=True)
class CostLine:
    category: str
    unit_price: float
    quantity: float = 1.0
    first_year: int = 0
    last_year: int | None = None  # None: only in first_year
    every: int = 1
    description: str = ""

    @property
    def amount(self) -> float:
        return float(self.quantity) * float(self.unit_price)

    @property
    def last(self) -> int:
        return self.first_year if self.last_year is None else self.last_year


@dataclass(frozen=True)
class Option:
    name: str
    horizon_years: int
    lines: tuple[CostLine, ...] = field(default_factory=tuple)
    key: str = ""  # the tender or operator this option belongs to, for tco_as_price
    assumed: bool = False


def line_from_mapping(data: Mapping[str, Any]) -> CostLine:
    """A cost line from a scenario step or JSON: ``amount`` alone, or ``quantity`` and
    ``unit_price``; ``year``, or ``from``/``to`` (and ``every``)."""
    try:
        if "amount" in data:
            quantity, unit_price = 1.0, float(data["amount"])
        else:
            quantity, unit_price = float(data["quantity"]), float(data["unit_price"])
        first = int(data.get("from", data.get("year", 0)))
        last = int(data["to"]) if "to" in data else None
        return CostLine(
            category=str(data["category"]),
            quantity=quantity,
            unit_price=unit_price,
            first_year=first,
            last_year=last,
            every=int(data.get("every", 1)),
            description=str(data.get("description", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(
            f"Kostenregel onvolledig of onleesbaar ({exc!r}): geef category, amount of quantity "
            "en unit_price, en year of from/to.",
            code="tco-line-invalid",
        ) from None


def validate_option(option: Option) -> None:
    """Refuse what cannot be computed honestly: an unknown category, a negative amount, a year
    outside the horizon, a horizon of zero."""
    if not option.name.strip():
        raise InvalidInput("Een TCO-optie heeft een naam.", code="tco-name-missing")
    if not 1 <= int(option.horizon_years) <= MAX_HORIZON:
        raise InvalidInput(
            f"De horizon is 1 tot {MAX_HORIZON} jaar, niet {option.horizon_years}.",
            code="tco-horizon-invalid",
        )
    if not option.lines:
        raise InvalidInput("Een TCO-optie heeft ten minste één kostenregel.", code="tco-no-lines")
    for line in option.lines:
        if line.category not in CATEGORIES:
            raise InvalidInput(
                f"Onbekende kostensoort '{line.category}'; bekend zijn: {', '.join(CATEGORIES)}.",
                code="tco-category-unknown",
            )
        if line.quantity < 0 or line.unit_price < 0 or not np.isfinite(line.amount):
            raise InvalidInput(
                f"Kosten zijn niet negatief ({line.category}: {line.quantity} x "
                f"{line.unit_price}).",
                code="tco-negative-amount",
            )
        if not 0 <= line.first_year <= line.last <= option.horizon_years or line.every < 1:
            raise InvalidInput(
                f"Jaren {line.first_year}-{line.last} (elke {line.every}) vallen niet binnen de "
                f"horizon 0-{option.horizon_years}.",
                code="tco-year-outside-horizon",
            )


def cash_flows(options: Sequence[Option], horizon: int | None = None) -> np.ndarray:
    """Undiscounted costs per option, category and year: shape (options, categories, H + 1)."""
    horizon = horizon or max(o.horizon_years for o in options)
    lines = [(i, CATEGORIES.index(line.category), line) for i, o in enumerate(options)
             for line in o.lines]  # fmt: skip
    flows = np.zeros((len(options), len(CATEGORIES), horizon + 1))
    if not lines:
        return flows
    option_index = np.array([i for i, _, _ in lines])
    category_index = np.array([c for _, c, _ in lines])
    first = np.array([line.first_year for _, _, line in lines])[:, None]
    last = np.array([line.last for _, _, line in lines])[:, None]
    every = np.array([line.every for _, _, line in lines])[:, None]
    amount = np.array([line.amount for _, _, line in lines])[:, None]
    years = np.arange(horizon + 1)[None, :]
    occurs = (years >= first) & (years <= last) & ((years - first) % every == 0)
    np.add.at(flows, (option_index, category_index), occurs * amount)
    return flows


def discount_factors(rate: float | np.ndarray, horizon: int) -> np.ndarray:
    """``(1 + r)^-t`` for t = 0..H; with an array of rates, one row per rate."""
    rates = np.asarray(rate, dtype=float)
    return (1.0 + rates[..., None]) ** -np.arange(horizon + 1)


def npv(flows: np.ndarray, rate: float | np.ndarray) -> np.ndarray:
    """Net present value of yearly flows (last axis = years) at one rate or an array of rates
    (then a trailing axis of rates)."""
    factors = discount_factors(rate, flows.shape[-1] - 1)
    return flows @ factors.T if factors.ndim == 2 else flows @ factors


def equivalent_annual_cost(value: np.ndarray | float, rate: float, horizon: int | np.ndarray):
    """The constant yearly amount over years 1..H with the same present value."""
    horizon = np.asarray(horizon, dtype=float)
    if rate == 0:
        return np.asarray(value) / horizon
    return np.asarray(value) * rate / (1.0 - (1.0 + rate) ** -horizon)


def break_even_years(cumulative: np.ndarray) -> np.ndarray:
    """For each ordered pair (a, b) of options whose cumulative cost starts higher for a: the
    first year in which a's cumulative cost is no longer above b's; -1 if never within the
    horizon, or if a does not start higher. ``cumulative``: shape (options, years)."""
    diff = cumulative[:, None, :] - cumulative[None, :, :]
    caught_up = diff <= 1e-9
    starts_higher = diff[:, :, 0] > 1e-9
    first = np.argmax(caught_up, axis=2)
    found = caught_up.any(axis=2) & starts_higher
    return np.where(found, first, -1)


def _rate_switch(flows_a: np.ndarray, flows_b: np.ndarray, low: float, high: float):
    """The discount rate in [low, high] at which options a and b cost the same, if their order
    changes in that range (SciPy's Brent root finder on the difference of their NPVs)."""
    from scipy.optimize import brentq

    diff = flows_a - flows_b
    grid = np.linspace(low, high, 121)
    values = npv(diff, grid)
    sign_change = np.nonzero(np.sign(values[:-1]) * np.sign(values[1:]) < 0)[0]
    if not len(sign_change):
        return None
    i = int(sign_change[0])
    return float(brentq(lambda r: float(npv(diff, r)), grid[i], grid[i + 1], xtol=1e-7))


def _money(value: float) -> float:
    return round(float(value), 2)


def analyse(
    options: Sequence[Option],
    *,
    rate: float,
    rates: Iterable[float] = DEFAULT_RATES,
    energy_factors: Iterable[float] = DEFAULT_ENERGY_FACTORS,
) -> dict[str, Any]:
    """NPV, equivalent annual cost, break-even years and the sensitivity of the ranking to the
    discount rate and to the energy price, for options compared over their longest horizon."""
    if not options:
        raise InvalidInput("Geen TCO-opties om te vergelijken.", code="tco-no-options")
    for option in options:
        validate_option(option)
    names = [o.name for o in options]
    horizon = max(o.horizon_years for o in options)
    horizons = np.array([o.horizon_years for o in options])
    flows = cash_flows(options, horizon)  # (O, C, T)
    total = flows.sum(axis=1)  # (O, T)
    by_category = npv(flows, rate)  # (O, C)
    values = by_category.sum(axis=1)
    eac = equivalent_annual_cost(values, rate, horizons)
    cumulative = np.cumsum(total * discount_factors(rate, horizon), axis=1)
    order = np.argsort(values, kind="stable")

    pairs = break_even_years(cumulative)
    break_even = [
        {"option": names[a], "versus": names[b], "year": int(year) if year >= 0 else None}
        for (a, b), year in np.ndenumerate(pairs)
        if a != b and cumulative[a, 0] > cumulative[b, 0] + 1e-9
    ]

    rates = np.array(sorted(set(float(r) for r in rates) | {float(rate)}))
    by_rate = npv(total, rates)  # (O, R)
    energy = by_category[:, CATEGORIES.index("energy")]
    factors = np.array(sorted(set(float(f) for f in energy_factors) | {1.0}))
    by_energy = (values - energy)[:, None] + energy[:, None] * factors[None, :]  # (O, F)

    def ranking(column: np.ndarray) -> list[str]:
        return [names[i] for i in np.argsort(column, kind="stable")]

    base_ranking = ranking(values)
    switches = []
    best = int(order[0])
    for other in (int(i) for i in order[1:]):
        energy_gap = energy[best] - energy[other]
        factor = (
            float((values[other] - energy[other]) - (values[best] - energy[best])) / energy_gap
            if abs(energy_gap) > 1e-9
            else None
        )
        switches.append(
            {
                "option": names[best],
                "versus": names[other],
                "discount_rate": _rate_switch(total[best], total[other], 0.0, 0.20),
                "energy_price_factor": round(factor, 4) if factor and factor > 0 else None,
            }
        )
    return {
        "discount_rate": rate,
        "horizon_years": horizon,
        "options": [
            {
                "name": o.name,
                "key": o.key,
                "assumed": o.assumed,
                "horizon_years": o.horizon_years,
                "npv": _money(values[i]),
                "equivalent_annual_cost": _money(eac[i]),
                "undiscounted_total": _money(total[i].sum()),
                "npv_by_category": {c: _money(by_category[i, j]) for j, c in enumerate(CATEGORIES)},
                "cumulative_discounted": [_money(v) for v in cumulative[i]],
            }
            for i, o in enumerate(options)
        ],
        "ranking": base_ranking,
        "cheapest": base_ranking[0],
        "break_even": break_even,
        "sensitivity": {
            "discount_rate": [
                {
                    "rate": round(float(r), 4),
                    "npv": {n: _money(by_rate[i, k]) for i, n in enumerate(names)},
                    "ranking": ranking(by_rate[:, k]),
                }
                for k, r in enumerate(rates)
            ],
            "energy_price": [
                {
                    "factor": round(float(f), 4),
                    "npv": {n: _money(by_energy[i, k]) for i, n in enumerate(names)},
                    "ranking": ranking(by_energy[:, k]),
                }
                for k, f in enumerate(factors)
            ],
            "ranking_stable_over_rates": all(
                ranking(by_rate[:, k]) == base_ranking for k in range(len(rates))
            ),
            "ranking_stable_over_energy_prices": all(
                ranking(by_energy[:, k]) == base_ranking for k in range(len(factors))
            ),
            "switch_points": switches,
        },
    }


def tco_as_price(options: Sequence[Option], *, rate: float) -> dict[str, Decimal]:
    """The price input for award scoring when the award criterion is life-cycle cost
    (Art. 67(2), 68 Directive 2014/24/EU): each tender's TCO as its net present value at the
    given rate, in euros with two decimals, keyed by the option's ``key`` (the tender or
    operator id; the name when no key is set). The scoring method (relative to the lowest, or
    linear between bounds) then treats it as it treats a price: lower is better."""
    for option in options:
        validate_option(option)
    if not options:
        return {}
    values = npv(cash_flows(options).sum(axis=1), rate)
    keys = [o.key or o.name for o in options]
    if len(set(keys)) != len(keys):
        raise InvalidInput("Elke inschrijving heeft één TCO.", code="tco-duplicate-key")
    return {
        k: Decimal(str(float(v))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for k, v in zip(keys, values, strict=True)
    }
