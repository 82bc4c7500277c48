"""Scoring and ranking on the best price-quality ratio (Art. 67), as pure functions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
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


# Scoring methods that a notice may declare (fields on the procedure); docs/risks-and-scoring.md.
WEIGHTED_SUM = "weighted_sum"  # points out of 100 on the declared weights and scales
VALUE_FOR_MONEY = "value_for_money"  # gunnen op waarde: quality lowers a fictitious price
SCORING_METHODS = (WEIGHTED_SUM, VALUE_FOR_MONEY)
RELATIVE_TO_LOWEST = "relative_to_lowest"
LINEAR_BETWEEN_BOUNDS = "linear_between_bounds"
PRICE_SCORINGS = (RELATIVE_TO_LOWEST, LINEAR_BETWEEN_BOUNDS)
# Tie-break rules: after an equal total (or fictitious price), first the higher quality points,
# then the lower price (or the other way round), then the order of a recorded lot drawing.
SHARED = "shared"
QUALITY_PRICE_LOT = "quality_price_lot"
PRICE_QUALITY_LOT = "price_quality_lot"
TIE_BREAK_RULES = (QUALITY_PRICE_LOT, PRICE_QUALITY_LOT, SHARED)


@dataclass(frozen=True)
class ScoringMethod:
    """How the notice says tenders are scored and ranked (Art. 67(5): announced in advance)."""

    method: str = WEIGHTED_SUM
    price_scoring: str = RELATIVE_TO_LOWEST
    price_low: Decimal | None = None  # linear scale: at or below this price, full points
    price_high: Decimal | None = None  # ... at or above this price, the scale minimum
    value_per_point: Decimal | None = None  # gunnen op waarde: EUR per quality point
    tie_break: str = SHARED
    lot_order: tuple[str, ...] = ()  # tender keys in the order of a recorded lot drawing


def ensure_scoring_declared(method: ScoringMethod) -> None:
    """The declared method is complete and well-formed before the notice (Art. 67(5))."""
    if method.method not in SCORING_METHODS:
        raise RuleViolation(
            f"Onbekende beoordelingsmethode '{method.method}'.", code="scoring-method-unknown"
        )
    if method.price_scoring not in PRICE_SCORINGS:
        raise RuleViolation(
            f"Onbekende prijsscoring '{method.price_scoring}'.", code="price-scoring-unknown"
        )
    if method.tie_break not in TIE_BREAK_RULES:
        raise RuleViolation(
            f"Onbekende regel bij gelijke stand '{method.tie_break}'.",
            code="tie-break-rule-unknown",
        )
    if method.price_scoring == LINEAR_BETWEEN_BOUNDS and not (
        method.price_low is not None
        and method.price_high is not None
        and 0 <= method.price_low < method.price_high
    ):
        raise RuleViolation(
            "Een lineaire prijsschaal heeft een ondergrens en een hogere bovengrens.",
            code="price-bounds-invalid",
            article="Art. 67(5) Richtlijn 2014/24/EU",
        )
    if method.method == VALUE_FOR_MONEY and not (method.value_per_point or 0) > 0:
        raise RuleViolation(
            "Bij gunnen op waarde staat vast hoeveel euro een kwaliteitspunt waard is.",
            code="value-per-point-missing",
            article="Art. 67(5) Richtlijn 2014/24/EU",
        )


@dataclass(frozen=True)
class RankedTender:
    key: str
    total: Decimal  # points out of 100; under gunnen op waarde the quality points
    points: dict[str, Decimal]
    rank: int
    quality_points: Decimal = Decimal(0)
    price: Decimal | None = None
    fictitious_price: Decimal | None = None  # gunnen op waarde: price - points x value

    def in_words(self) -> str:
        """The ranking line of a decision letter, in the terms of the announced method."""
        if self.fictitious_price is not None:
            return (
                f"Rang {self.rank}: fictieve prijs EUR {self.fictitious_price:,.2f} (prijs EUR "
                f"{self.price:,.2f} min de waarde van {self.quality_points} kwaliteitspunten)."
            )
        return f"Rang {self.rank} met {self.total} van 100 punten."


def price_score(
    *, price: Decimal, lowest: Decimal, scale_min: Decimal, scale_max: Decimal
) -> Decimal:
    """Price scored relative to the lowest price: the lowest gets the top of the scale,
    a price twice as high half of it (a method common in Dutch practice)."""
    if price <= 0:
        raise RuleViolation("Een prijs is positief.", code="price-invalid")
    return scale_min + (scale_max - scale_min) * (lowest / price)


def price_score_linear(
    *, price: Decimal, low: Decimal, high: Decimal, scale_min: Decimal, scale_max: Decimal
) -> Decimal:
    """Price on a linear scale between two declared bounds: at or below ``low`` the top of the
    scale, at or above ``high`` the bottom, in between on a straight line."""
    if price <= 0:
        raise RuleViolation("Een prijs is positief.", code="price-invalid")
    clipped = min(max(price, low), high)
    return scale_max - (scale_max - scale_min) * (clipped - low) / (high - low)


CENT = Decimal("0.01")


def _fractions(
    criteria: Sequence[CriterionSpec],
    quality: Mapping[str, Mapping[str, Decimal]],
    prices: Mapping[str, Decimal | None],
    method: ScoringMethod,
) -> tuple[list[CriterionSpec], dict[str, dict[str, Decimal]]]:
    """The criteria that count in this round and each tender's fraction (0..1) of each."""
    tenders = list(prices)
    priced = [t for t in tenders if prices[t] is not None]
    if priced and len(priced) != len(tenders):
        raise RuleViolation(
            "Niet alle inschrijvingen in deze ronde hebben een prijs.",
            code="price-missing-for-some",
        )
    used = [c for c in criteria if c.kind == "quality" or priced]
    if method.method == VALUE_FOR_MONEY:
        used = [c for c in used if c.kind == "quality"]
    if sum((c.weight for c in used), Decimal(0)) == 0:
        raise RuleViolation("Er is niets om op te scoren.", code="nothing-to-score")
    lowest = min((prices[t] for t in priced), default=None)
    fractions: dict[str, dict[str, Decimal]] = {}
    for tender in tenders:
        fractions[tender] = {}
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
            elif method.price_scoring == LINEAR_BETWEEN_BOUNDS:
                raw = price_score_linear(
                    price=prices[tender],
                    low=method.price_low,
                    high=method.price_high,
                    scale_min=criterion.scale_min,
                    scale_max=criterion.scale_max,
                )
            else:
                raw = price_score(
                    price=prices[tender],
                    lowest=lowest,
                    scale_min=criterion.scale_min,
                    scale_max=criterion.scale_max,
                )
            span = criterion.scale_max - criterion.scale_min
            fractions[tender][criterion.key] = (raw - criterion.scale_min) / span
    return used, fractions


def rank(
    *,
    criteria: Sequence[CriterionSpec],
    quality: Mapping[str, Mapping[str, Decimal]],
    prices: Mapping[str, Decimal | None],
    method: ScoringMethod | None = None,
) -> list[RankedTender]:
    """Rank tenders by the declared method.

    ``quality[tender][criterion]`` holds the consensus scores; price and cost criteria are
    scored from ``prices``, relative to the lowest or linearly between declared bounds. When no
    tender in the round carries a price (GVB's first proposals were judged on quality only), the
    price criteria are left out and the quality weights are rescaled to 100.

    - Weighted sum: points out of 100; the highest total wins.
    - Gunnen op waarde: each quality criterion earns up to its weight in points (fraction of
      its scale x weight, not rescaled); each point lowers the price by the declared value; the
      lowest fictitious price wins. Without prices, on quality points.

    Equal results are separated by the declared tie-break rule; what it leaves equal shares the
    rank, in tender-key order.
    """
    method = method or ScoringMethod()
    used, fractions = _fractions(criteria, quality, prices, method)
    # Gunnen op waarde: a criterion's weight is its maximum number of points (not rescaled).
    weight_total = (
        HUNDRED if method.method == VALUE_FOR_MONEY else sum((c.weight for c in used), Decimal(0))
    )
    rows = []
    for tender, by_criterion in fractions.items():
        points: dict[str, Decimal] = {}
        exact_total = exact_quality = Decimal(0)
        for criterion in used:
            exact = by_criterion[criterion.key] * criterion.weight * HUNDRED / weight_total
            exact_total += exact
            if criterion.kind == "quality":
                exact_quality += exact
            points[criterion.key] = exact.quantize(CENT, rounding=ROUND_HALF_UP)
        # The total is rounded once, from the exact points: adding the rounded points could
        # exceed 100 (six rescaled weights of 16.67 each make 100.02).
        total = exact_total.quantize(CENT, rounding=ROUND_HALF_UP)
        quality_points = exact_quality.quantize(CENT, rounding=ROUND_HALF_UP)
        price = prices[tender]
        fictitious = None
        if method.method == VALUE_FOR_MONEY and price is not None:
            fictitious = (price - exact_quality * method.value_per_point).quantize(
                CENT, rounding=ROUND_HALF_UP
            )
        rows.append(
            RankedTender(
                key=tender,
                total=total,
                points=points,
                rank=0,
                quality_points=quality_points,
                price=price,
                fictitious_price=fictitious,
            )
        )
    keyed = sorted(((_order_key(r, method), r) for r in rows), key=lambda kr: (kr[0], kr[1].key))
    ranked: list[RankedTender] = []
    for position, (key, row) in enumerate(keyed, start=1):
        shared = ranked and keyed[position - 2][0] == key
        ranked.append(replace(row, rank=ranked[-1].rank if shared else position))
    return ranked


def _order_key(row: RankedTender, method: ScoringMethod) -> tuple:
    """Smaller is better: the main result, then the declared tie-break."""
    if row.fictitious_price is not None:
        main: tuple = (row.fictitious_price,)
    else:
        main = (-row.total,)
    price = row.price if row.price is not None else Decimal(0)
    lot = method.lot_order.index(row.key) if row.key in method.lot_order else 0
    if method.tie_break == QUALITY_PRICE_LOT:
        return (*main, -row.quality_points, price, lot)
    if method.tie_break == PRICE_QUALITY_LOT:
        return (*main, price, -row.quality_points, lot)
    return main


def unresolved_ties(ranking: Sequence[RankedTender]) -> list[list[str]]:
    """Groups of tenders that still share a rank after the tie-break rule (a lot decides)."""
    groups: dict[int, list[str]] = {}
    for row in ranking:
        groups.setdefault(row.rank, []).append(row.key)
    return [keys for keys in groups.values() if len(keys) > 1]


# --- sensitivity -------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A change after which ``challenger`` catches up with ``incumbent`` (at least a tie)."""

    kind: str  # "score" or "weight"
    criterion: str
    tender: str  # whose score changes (for a weight: the challenger)
    challenger: str
    incumbent: str
    change: float  # in points of the criterion's scale, or in weight points
    old: float
    new: float
    relative: float  # |change| as a share of the scale's range, or of the weights' total

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "criterion": self.criterion,
            "tender": self.tender,
            "challenger": self.challenger,
            "incumbent": self.incumbent,
            "change": round(self.change, 4),
            "from": round(self.old, 4),
            "to": round(self.new, 4),
            "relative": round(self.relative, 4),
        }


@dataclass(frozen=True)
class Sensitivity:
    smallest_score_change: Change | None
    smallest_weight_change: Change | None

    @property
    def smallest(self) -> Change | None:
        options = [c for c in (self.smallest_score_change, self.smallest_weight_change) if c]
        return min(options, key=lambda c: c.relative, default=None)


def sensitivity(
    *,
    criteria: Sequence[CriterionSpec],
    quality: Mapping[str, Mapping[str, Decimal]],
    prices: Mapping[str, Decimal | None],
    method: ScoringMethod | None = None,
    places: int = 1,
) -> Sensitivity:
    """The smallest change of one consensus score, or of one weight, after which a tender
    outside the first ``places`` reaches at least a tie with one inside them. A tie is counted
    as a change of winner: from there the tie-break rule decides.

    The merit of a tender is linear in each score and each weight: M = sum(f_c x w_c) over the
    counted criteria (the common factor 100/W cancels). Tender x catches up with y when
    M_x - M_y >= g, with g = 0 for the weighted sum and g = (p_x - p_y) / value per point for
    gunnen op waarde (only quality criteria count there). Raising x's score on c by d adds
    d / range x w_c; lowering y's does the same; changing w_k by d adds d x (f_xk - f_yk).
    """
    method = method or ScoringMethod()
    used, fractions = _fractions(criteria, quality, prices, method)
    ranking = rank(criteria=criteria, quality=quality, prices=prices, method=method)
    inside = [r.key for r in ranking[:places]]
    outside = [r.key for r in ranking[places:]]
    weight_total = float(sum((c.weight for c in criteria), Decimal(0)))
    best_score: Change | None = None
    best_weight: Change | None = None

    def merit(tender: str) -> float:
        return sum(float(fractions[tender][c.key] * c.weight) for c in used)

    for x in outside:
        for y in inside:
            gap = 0.0
            if method.method == VALUE_FOR_MONEY and prices[x] is not None:
                gap = float(prices[x] - prices[y]) / float(method.value_per_point)
            shortfall = gap - (merit(x) - merit(y))  # > 0: x is behind y
            if shortfall <= 0:
                continue
            for c in used:
                if c.kind == "quality":
                    span = float(c.scale_max - c.scale_min)
                    needed = shortfall * span / float(c.weight)
                    for who, sign, limit in (
                        (x, 1, float(c.scale_max)),
                        (y, -1, float(c.scale_min)),
                    ):
                        old = float(quality[who][c.key])
                        new = old + sign * needed
                        if (sign > 0 and new <= limit + 1e-9) or (sign < 0 and new >= limit - 1e-9):
                            change = Change(
                                "score", c.key, who, x, y, sign * needed, old, new, needed / span
                            )
                            if best_score is None or change.relative < best_score.relative:
                                best_score = change
                slope = float(fractions[x][c.key] - fractions[y][c.key])
                if slope == 0:
                    continue
                delta = shortfall / slope
                old = float(c.weight)
                if old + delta <= 0:  # a weight stays positive (Art. 67(5))
                    continue
                change = Change(
                    "weight", c.key, x, x, y, delta, old, old + delta, abs(delta) / weight_total
                )
                if best_weight is None or change.relative < best_weight.relative:
                    best_weight = change
    return Sensitivity(smallest_score_change=best_score, smallest_weight_change=best_weight)
