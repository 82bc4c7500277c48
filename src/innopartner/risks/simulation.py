"""Monte Carlo quantification of a risk register, as pure NumPy (no Django, no loops over
iterations).

Model, per iteration and per risk ``i`` (see docs/risks-and-scoring.md):

- the risk occurs with probability ``p_i`` (Bernoulli, from a uniform draw ``u < p_i``);
- if it occurs, its cost overrun and its delay are drawn from a three-point estimate
  (min, most likely, max): triangular (the default, by inverse transform of a uniform draw) or
  PERT (a Beta distribution scaled to [min, max] with shape 4, i.e. mean (min+4·ml+max)/6);
- the totals per iteration are the sums over the risks (delays add up: the conservative
  reading, as if every risk lay on the critical path).

The same uniform draws are used before and after mitigation (common random numbers), so the
difference between the two is due to the mitigation alone, and the result is reproducible
from the seed (``numpy.random.Generator``, PCG64).

Tornado: a risk's contribution is the change in P80 of the total when that risk is removed
(its draws set to zero, the other risks' draws unchanged).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

PERCENTILES = (50, 80, 95)
DISTRIBUTIONS = ("triangular", "pert")

# Heat map classes (a 5x5 matrix as in most Dutch risk registers, RISMAN-style).
PROBABILITY_BOUNDS = (0.1, 0.3, 0.5, 0.7)  # classes: <=10%, <=30%, <=50%, <=70%, >70%
COST_SHARE_BOUNDS = (0.01, 0.05, 0.10, 0.20)  # expected cost impact / reference amount
DELAY_DAYS_BOUNDS = (14, 30, 90, 180)  # expected delay in days
CLASS_LABELS = ("zeer laag", "laag", "middel", "hoog", "zeer hoog")
BLOCK = 2048  # iterations per block: keeps the temporaries small


@dataclass(frozen=True)
class ThreePoint:
    low: float
    likely: float
    high: float

    @property
    def mean_triangular(self) -> float:
        return (self.low + self.likely + self.high) / 3

    @property
    def mean_pert(self) -> float:
        return (self.low + 4 * self.likely + self.high) / 6


@dataclass(frozen=True)
class RiskInput:
    """One risk as the simulation needs it: gross and residual (after mitigation) values."""

    key: str
    probability: float
    cost: ThreePoint
    delay: ThreePoint
    probability_after: float | None = None
    cost_after: ThreePoint | None = None
    delay_after: ThreePoint | None = None
    mitigation_cost: float = 0.0

    def residual(self) -> RiskInput:
        return RiskInput(
            key=self.key,
            probability=self.probability
            if self.probability_after is None
            else self.probability_after,
            cost=self.cost_after or self.cost,
            delay=self.delay_after or self.delay,
        )


@dataclass
class Outcome:
    """The distribution of one total (cost overrun in EUR or delay in days)."""

    mean: float
    percentiles: dict[int, float]
    drivers: list[tuple[str, float]]  # (risk key, drop in P80 when the risk is removed)
    samples: np.ndarray = field(repr=False)

    def as_dict(self, top: int | None = None) -> dict[str, object]:
        return {
            "mean": round(self.mean, 2),
            **{f"p{q}": round(v, 2) for q, v in self.percentiles.items()},
            "drivers": [
                {"risk": k, "p80_drop": round(v, 2)} for k, v in self.drivers[: top or None]
            ],
        }


@dataclass
class Analysis:
    iterations: int
    seed: int | None
    distribution: str
    cost_before: Outcome
    cost_after: Outcome
    delay_before: Outcome
    delay_after: Outcome
    mitigation_cost: float
    heat_before: np.ndarray
    heat_after: np.ndarray


def _arrays(risks: Sequence[RiskInput], what: str) -> tuple[np.ndarray, ...]:
    points = [getattr(r, what) for r in risks]
    return (
        np.array([t.low for t in points], dtype=np.float32),
        np.array([t.likely for t in points], dtype=np.float32),
        np.array([t.high for t in points], dtype=np.float32),
    )


def triangular_ppf(
    u: np.ndarray, low: np.ndarray, likely: np.ndarray, high: np.ndarray
) -> np.ndarray:
    """Inverse CDF of the triangular distribution, vectorised; a degenerate estimate
    (low == high) gives that value."""
    width = high - low
    with np.errstate(divide="ignore", invalid="ignore"):
        split = np.where(width > 0, (likely - low) / width, 0.0)
    left = u < split
    root = np.sqrt(
        np.where(left, u * (width * (likely - low)), (1 - u) * (width * (high - likely)))
    )
    return np.where(left, low + root, high - root)


def _impacts(
    rng: np.random.Generator, u: np.ndarray, low, likely, high, distribution: str
) -> np.ndarray:
    """Impacts for a block of draws; ``u`` has one row per risk, the estimates are columns."""
    low, likely, high = low[:, None], likely[:, None], high[:, None]
    if distribution == "triangular":
        return triangular_ppf(u, low, likely, high)
    # PERT: Beta(alpha, beta) on [low, high]; alpha = 1 + 4 (ml - low)/(high - low).
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    alpha = np.broadcast_to(1 + 4 * (likely - low) / safe, u.shape)
    beta = np.broadcast_to(1 + 4 * (high - likely) / safe, u.shape)
    return low + rng.beta(alpha, beta) * width


def percentile_rank(values: np.ndarray, q: float) -> np.ndarray:
    """The nearest-rank percentile along the last axis: the smallest value with at least q% of
    the values at or below it (no interpolation; one partial sort)."""
    size = values.shape[-1]
    k = max(int(np.ceil(q / 100 * size)) - 1, 0)
    values.partition(k, axis=-1)  # in place: the callers pass arrays they no longer need
    return values[..., k]


def _outcome(contrib: np.ndarray, keys: Sequence[str]) -> Outcome:
    """``contrib`` holds one row per risk and one column per iteration."""
    total = contrib.sum(axis=0, dtype=np.float64)
    values = {q: float(percentile_rank(total.copy(), q)) for q in PERCENTILES}
    # Tornado: P80 of the total minus P80 of the total without risk i (same draws).
    np.subtract(total[None, :].astype(contrib.dtype), contrib, out=contrib)
    drops = values[80] - percentile_rank(contrib, 80).astype(np.float64)
    order = np.argsort(-drops, kind="stable")
    return Outcome(
        mean=float(total.mean()),
        percentiles=values,
        drivers=[(keys[i], float(drops[i])) for i in order],
        samples=total,
    )


def classify(values: np.ndarray, bounds: Sequence[float]) -> np.ndarray:
    """Class 0..len(bounds): the number of bounds a value exceeds (a bound itself belongs to
    the lower class)."""
    return np.searchsorted(np.asarray(bounds, dtype=float), values, side="left")


def heat_map(
    risks: Sequence[RiskInput], *, reference_cost: float, distribution: str = "triangular"
) -> np.ndarray:
    """A 5x5 matrix of counts: rows are probability classes (low to high), columns impact
    classes. A risk's impact class is the worse of its cost class (expected cost impact as a
    share of ``reference_cost``) and its delay class (expected delay in days)."""
    matrix = np.zeros((5, 5), dtype=int)
    if not risks:
        return matrix
    mean = "mean_pert" if distribution == "pert" else "mean_triangular"
    p = np.array([r.probability for r in risks])
    cost = np.array([getattr(r.cost, mean) for r in risks])
    delay = np.array([getattr(r.delay, mean) for r in risks])
    reference = reference_cost if reference_cost > 0 else 1.0
    impact = np.maximum(
        classify(cost / reference, COST_SHARE_BOUNDS), classify(delay, DELAY_DAYS_BOUNDS)
    )
    np.add.at(matrix, (classify(p, PROBABILITY_BOUNDS), impact), 1)
    return matrix


def _params(register: Sequence[RiskInput]) -> tuple[np.ndarray, tuple, tuple]:
    probability = np.array([r.probability for r in register], dtype=np.float32)[:, None]
    return probability, _arrays(register, "cost"), _arrays(register, "delay")


def _block(rng, u, params, distribution) -> tuple[np.ndarray, np.ndarray]:
    """Cost and delay contributions of a block of draws (rows: risks, columns: iterations)."""
    u_occ, u_cost, u_delay = u
    probability, cost, delay = params
    occurs = u_occ < probability
    return (
        np.where(occurs, _impacts(rng, u_cost, *cost, distribution), 0.0),
        np.where(occurs, _impacts(rng, u_delay, *delay, distribution), 0.0),
    )


def simulate(
    risks: Sequence[RiskInput],
    *,
    iterations: int = 10_000,
    seed: int | None = None,
    distribution: str = "triangular",
    reference_cost: float | None = None,
) -> Analysis:
    """Simulate the register before and after mitigation."""
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution is one of {DISTRIBUTIONS}")
    if iterations < 1:
        raise ValueError("iterations >= 1")
    rng = np.random.default_rng(seed)
    n = len(risks)
    keys = [r.key for r in risks]
    residual = [r.residual() for r in risks]
    # Only the mitigated risks need a second computation: with the same draws, an unmitigated
    # risk contributes the same after mitigation as before.
    changed = np.array([a != b for a, b in zip(risks, residual, strict=True)], dtype=bool)
    gross = _params(risks)
    mitigated = _params([r for r, c in zip(residual, changed, strict=True) if c])
    # One row per risk, one column per iteration; filled in blocks that stay in the CPU cache.
    contrib = {
        f"{what}_{label}": np.empty((n, iterations), dtype=np.float32)
        for what in ("cost", "delay")
        for label in ("before", "after")
    }
    for start in range(0, iterations, BLOCK):
        block = slice(start, min(start + BLOCK, iterations))
        shape = (n, block.stop - block.start)
        u = [rng.random(shape, dtype=np.float32) for _ in range(3)]
        for what, values in zip(
            ("cost", "delay"), _block(rng, u, gross, distribution), strict=True
        ):
            contrib[f"{what}_before"][:, block] = values
            contrib[f"{what}_after"][:, block] = values
        if changed.any():
            u_changed = [draws[changed] for draws in u]
            for what, values in zip(
                ("cost", "delay"), _block(rng, u_changed, mitigated, distribution), strict=True
            ):
                contrib[f"{what}_after"][changed, block] = values
    outcomes = {name: _outcome(values, keys) for name, values in contrib.items()}
    if reference_cost is None:
        reference_cost = float(sum(r.cost.high for r in risks)) or 1.0
    return Analysis(
        iterations=iterations,
        seed=seed,
        distribution=distribution,
        mitigation_cost=float(sum(r.mitigation_cost for r in risks)),
        heat_before=heat_map(risks, reference_cost=reference_cost, distribution=distribution),
        heat_after=heat_map(residual, reference_cost=reference_cost, distribution=distribution),
        **outcomes,
    )


def random_samples_baseline(*, iterations: int, risks: int, seed: int = 0) -> np.ndarray:
    """The benchmark's baseline: as many uniform draws as :func:`simulate` makes."""
    return np.random.default_rng(seed).random((3, risks, iterations), dtype=np.float32)
