"""Scoring and ranking on the best price-quality ratio (Art. 67), as pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from innopartner.core.exceptions import RuleViolation

HUNDRED = Decimal(100)


def ensure_score_on_scale(*, score: Decimal, scale_min: Decimal, scale_max: Decimal) -> None:
    """Scores use the scale announced in the documents (Art. 67(5))."""
    if not scale_min <= score <= scale_max:
        raise RuleViolation(
            f"Score {score} ligt buiten de aangekondigde schaal {scale_min}-{scale_max}.",
            code="score-off-scale",
            article="Art. 67(5) Richtlijn 2014/24/EU",
        )


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    kind: str  # quality / price / cost
    weight: Decimal
    scale_min: Decimal
    scale_max: Decimal


@dataclass(frozen=True)
class RankedTender:
    key: str
    total: Decimal
    points: dict[str, Decimal]
    rank: int


def price_score(
    *, price: Decimal, lowest: Decimal, scale_min: Decimal, scale_max: Decimal
) -> Decimal:
    """Price scored relative to the lowest price: the lowest gets the top of the scale,
    a price twice as high half of it (a method common in Dutch practice)."""
    if price <= 0:
        raise RuleViolation("Een prijs is positief.", code="price-invalid")
    return scale_min + (scale_max - scale_min) * (lowest / price)


def rank(
    *,
    criteria: Sequence[CriterionSpec],
    quality: Mapping[str, Mapping[str, Decimal]],
    prices: Mapping[str, Decimal | None],
) -> list[RankedTender]:
    """Rank tenders on weighted points out of 100.

    ``quality[tender][criterion]`` holds the consensus scores; price and cost criteria are
    scored from ``prices`` relative to the lowest. When no tender in the round carries a price
    (GVB's first proposals were judged on quality only), the price criteria are left out and
    the quality weights are rescaled to 100. Ties share the rank, in tender-key order.
    """
    tenders = list(prices)
    priced = [t for t in tenders if prices[t] is not None]
    if priced and len(priced) != len(tenders):
        raise RuleViolation(
            "Niet alle inschrijvingen in deze ronde hebben een prijs.",
            code="price-missing-for-some",
        )
    used = [c for c in criteria if c.kind == "quality" or priced]
    weight_total = sum((c.weight for c in used), Decimal(0))
    if weight_total == 0:
        raise RuleViolation("Er is niets om op te scoren.", code="nothing-to-score")
    lowest = min((prices[t] for t in priced), default=None)
    results = []
    for tender in tenders:
        points: dict[str, Decimal] = {}
        exact_total = Decimal(0)
        for criterion in used:
            if criterion.kind == "quality":
                try:
                    raw = quality[tender][criterion.key]
                except KeyError:
                    raise RuleViolation(
                        f"Score ontbreekt voor criterium '{criterion.key}'.",
                        code="consensus-score-missing",
                        article="Art. 67 Richtlijn 2014/24/EU",
                    ) from None
            else:
                raw = price_score(
                    price=prices[tender],
                    lowest=lowest,
                    scale_min=criterion.scale_min,
                    scale_max=criterion.scale_max,
                )
            fraction = (raw - criterion.scale_min) / (criterion.scale_max - criterion.scale_min)
            exact = fraction * criterion.weight * HUNDRED / weight_total
            exact_total += exact
            points[criterion.key] = exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        # The total is rounded once, from the exact points: adding the rounded points could
        # exceed 100 (six rescaled weights of 16.67 each make 100.02).
        total = exact_total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        results.append((tender, total, points))
    results.sort(key=lambda r: (-r[1], r[0]))
    ranked: list[RankedTender] = []
    for position, (tender, total, points) in enumerate(results, start=1):
        rank_ = ranked[-1].rank if ranked and ranked[-1].total == total else position
        ranked.append(RankedTender(key=tender, total=total, points=points, rank=rank_))
    return ranked
