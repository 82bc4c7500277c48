"""Scoring methods declared in the notice, the tie-break rule and the sensitivity check, each
against a worked example computed by hand in the comments."""

from decimal import Decimal

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.evaluation import rules
from innopartner.evaluation.rules import CriterionSpec, ScoringMethod

D = Decimal
PLAN = CriterionSpec(key="plan", kind="quality", weight=D(40), scale_min=D(0), scale_max=D(10))
TEAM = CriterionSpec(key="team", kind="quality", weight=D(20), scale_min=D(0), scale_max=D(10))
PRICE = CriterionSpec(key="price", kind="price", weight=D(40), scale_min=D(0), scale_max=D(10))
CRITERIA = [PLAN, TEAM, PRICE]
QUALITY = {
    "A": {"plan": D(8), "team": D(6)},
    "B": {"plan": D(6), "team": D(9)},
    "C": {"plan": D(10), "team": D(5)},
}
PRICES = {"A": D(100_000), "B": D(80_000), "C": D(125_000)}


def by_key(ranking):
    return {r.key: r for r in ranking}


# --- price on a linear scale between two declared bounds ---------------------------------


@pytest.mark.parametrize(
    ("price", "score"),
    [(70_000, 10), (80_000, 10), (100_000, 5), (120_000, 0), (130_000, 0)],
)
def test_a_linear_price_scale_gives_full_points_at_the_low_bound_and_none_at_the_high(price, score):
    # 10 - 10 x (price - 80,000) / (120,000 - 80,000), clipped to the bounds
    assert (
        rules.price_score_linear(
            price=D(price), low=D(80_000), high=D(120_000), scale_min=D(0), scale_max=D(10)
        )
        == score
    )


def test_worked_example_with_a_linear_price_scale():
    # Bounds 80,000 - 120,000. A: 32 + 12 + 40 x 0.5 = 64.00; B: 24 + 18 + 40 = 82.00;
    # C: 40 + 10 + 0 (above the high bound) = 50.00.
    method = ScoringMethod(
        price_scoring=rules.LINEAR_BETWEEN_BOUNDS, price_low=D(80_000), price_high=D(120_000)
    )
    ranking = rules.rank(criteria=CRITERIA, quality=QUALITY, prices=PRICES, method=method)
    assert [(r.key, r.total, r.rank) for r in ranking] == [
        ("B", D("82.00"), 1),
        ("A", D("64.00"), 2),
        ("C", D("50.00"), 3),
    ]
    assert by_key(ranking)["A"].points["price"] == D("20.00")


# --- gunnen op waarde: quality as a fictitious price reduction ----------------------------


def test_worked_example_of_gunnen_op_waarde_lowest_fictitious_price_wins():
    # EUR 1,000 per quality point; points = fraction of the scale x weight.
    # A: 0.8 x 40 + 0.6 x 20 = 44 points -> 100,000 - 44,000 = 56,000
    # B: 0.6 x 40 + 0.9 x 20 = 42 points ->  80,000 - 42,000 = 38,000
    # C: 1.0 x 40 + 0.5 x 20 = 50 points -> 125,000 - 50,000 = 75,000
    method = ScoringMethod(method=rules.VALUE_FOR_MONEY, value_per_point=D(1000))
    ranking = rules.rank(criteria=CRITERIA, quality=QUALITY, prices=PRICES, method=method)
    assert [(r.key, r.fictitious_price, r.quality_points, r.rank) for r in ranking] == [
        ("B", D("38000.00"), D("42.00"), 1),
        ("A", D("56000.00"), D("44.00"), 2),
        ("C", D("75000.00"), D("50.00"), 3),
    ]
    assert "price" not in by_key(ranking)["A"].points


def test_with_a_higher_value_per_point_quality_overtakes_price():
    # EUR 5,000 per point: A 100,000 - 220,000 = -120,000; B 80,000 - 210,000 = -130,000;
    # C 125,000 - 250,000 = -125,000 -> B, C, A.
    method = ScoringMethod(method=rules.VALUE_FOR_MONEY, value_per_point=D(5000))
    ranking = rules.rank(criteria=CRITERIA, quality=QUALITY, prices=PRICES, method=method)
    assert [r.key for r in ranking] == ["B", "C", "A"]


@pytest.mark.parametrize(
    ("method", "code"),
    [
        (ScoringMethod(method="lowest_price"), "scoring-method-unknown"),
        (ScoringMethod(price_scoring="cheapest"), "price-scoring-unknown"),
        (ScoringMethod(tie_break="coin"), "tie-break-rule-unknown"),
        (ScoringMethod(price_scoring=rules.LINEAR_BETWEEN_BOUNDS), "price-bounds-invalid"),
        (
            ScoringMethod(
                price_scoring=rules.LINEAR_BETWEEN_BOUNDS, price_low=D(10), price_high=D(10)
            ),
            "price-bounds-invalid",
        ),
        (ScoringMethod(method=rules.VALUE_FOR_MONEY), "value-per-point-missing"),
    ],
)
def test_an_incomplete_or_unknown_declaration_is_refused(method, code):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_scoring_declared(method)
    assert excinfo.value.code == code


def test_the_default_declaration_is_the_weighted_sum_relative_to_the_lowest_price():
    rules.ensure_scoring_declared(ScoringMethod())


# --- tie-break ------------------------------------------------------------------------------

Q = CriterionSpec(key="q", kind="quality", weight=D(50), scale_min=D(0), scale_max=D(10))
P = CriterionSpec(key="p", kind="price", weight=D(50), scale_min=D(0), scale_max=D(10))
# A: quality 6 -> 30, price 160 (lowest 80) -> 25: 55.00.  B: quality 1 -> 5, price 80 -> 50:
# 55.00. Equal totals; A has more quality points, B the lower price.
TIE_QUALITY = {"A": {"q": D(6)}, "B": {"q": D(1)}}
TIE_PRICES = {"A": D(160), "B": D(80)}


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        (rules.QUALITY_PRICE_LOT, [("A", 1), ("B", 2)]),
        (rules.PRICE_QUALITY_LOT, [("B", 1), ("A", 2)]),
        (rules.SHARED, [("A", 1), ("B", 1)]),
    ],
)
def test_equal_totals_are_separated_by_the_declared_rule(rule, expected):
    ranking = rules.rank(
        criteria=[Q, P],
        quality=TIE_QUALITY,
        prices=TIE_PRICES,
        method=ScoringMethod(tie_break=rule),
    )
    assert [r.total for r in ranking] == [D("55.00"), D("55.00")]
    assert [(r.key, r.rank) for r in ranking] == expected


def test_identical_tenders_share_the_rank_until_a_lot_is_drawn_then_follow_its_order():
    same = {"A": {"q": D(6)}, "Z": {"q": D(6)}}
    prices = {"A": D(100), "Z": D(100)}
    method = ScoringMethod(tie_break=rules.QUALITY_PRICE_LOT)
    ranking = rules.rank(criteria=[Q, P], quality=same, prices=prices, method=method)
    assert [(r.key, r.rank) for r in ranking] == [("A", 1), ("Z", 1)]
    assert rules.unresolved_ties(ranking) == [["A", "Z"]]
    drawn = ScoringMethod(tie_break=rules.QUALITY_PRICE_LOT, lot_order=("Z", "A"))
    ranking = rules.rank(criteria=[Q, P], quality=same, prices=prices, method=drawn)
    assert [(r.key, r.rank) for r in ranking] == [("Z", 1), ("A", 2)]
    assert rules.unresolved_ties(ranking) == []


def test_equal_fictitious_prices_are_separated_by_quality_then_price():
    # EUR 1,000 per point, quality only out of 50: A 6 -> 30 points, 160,000 - 30,000 = 130,000;
    # B 1 -> 5 points, 135,000 - 5,000 = 130,000. Equal; A has more quality.
    method = ScoringMethod(method=rules.VALUE_FOR_MONEY, value_per_point=D(1000))
    ranking = rules.rank(
        criteria=[Q, P],
        quality=TIE_QUALITY,
        prices={"A": D(160_000), "B": D(135_000)},
        method=replace_tie(method, rules.QUALITY_PRICE_LOT),
    )
    assert [(r.key, r.fictitious_price, r.rank) for r in ranking] == [
        ("A", D("130000.00"), 1),
        ("B", D("130000.00"), 2),
    ]


def replace_tie(method, rule):
    from dataclasses import replace

    return replace(method, tie_break=rule)


# --- sensitivity ----------------------------------------------------------------------------


def test_worked_example_of_the_smallest_score_and_weight_change_that_changes_the_winner():
    # Weighted sum: A 76.00, B 82.00 (winner), C 75.60. A is 6 points behind B: raising A's
    # plan score by 6 x 10 / 40 = 1.5 (8 -> 9.5) closes the gap (15% of the scale); lowering
    # B's plan by 1.5 would too, found second. C is 6.4 behind; on the weights, C gains
    # (1.0 - 0.6) per weight point of plan over B, so plan 40 -> 56 makes C tie with B:
    # (40x1.0x56/40 + 10 + 25.6) = 91.6 = (0.6 x 56 + 18 + 40); 16 of 100 weight points.
    result = rules.sensitivity(criteria=CRITERIA, quality=QUALITY, prices=PRICES)
    score = result.smallest_score_change
    assert (score.kind, score.criterion, score.tender, score.challenger, score.incumbent) == (
        "score",
        "plan",
        "A",
        "A",
        "B",
    )
    assert (score.old, score.new) == pytest.approx((8, 9.5))
    weight = result.smallest_weight_change
    assert (weight.criterion, weight.challenger, weight.incumbent) == ("plan", "C", "B")
    assert (weight.old, weight.new) == pytest.approx((40, 56))
    assert result.smallest is score  # 0.15 of a scale < 0.16 of the weights


def test_the_change_found_is_exactly_enough_for_a_tie():
    result = rules.sensitivity(criteria=CRITERIA, quality=QUALITY, prices=PRICES)
    changed = {k: dict(v) for k, v in QUALITY.items()}
    changed["A"]["plan"] = D("9.5")
    ranking = rules.rank(criteria=CRITERIA, quality=changed, prices=PRICES)
    assert by_key(ranking)["A"].total == by_key(ranking)["B"].total == D("82.00")
    assert result.smallest_score_change.change == pytest.approx(1.5)


def test_sensitivity_under_gunnen_op_waarde_counts_the_price_gap_in_quality_points():
    # EUR 1,000 per point: B 38,000 wins, A 56,000. A needs 18 more points than it has over
    # B ((100,000 - 80,000) / 1,000 = 20, minus 44 - 42 = 2). A's plan would need +4.5 (beyond
    # 10), team +9 (beyond 10); lowering B's plan by 4.5 (6 -> 1.5) works: B 24 points,
    # 80,000 - 24,000 = 56,000 = A.
    method = ScoringMethod(method=rules.VALUE_FOR_MONEY, value_per_point=D(1000))
    result = rules.sensitivity(criteria=CRITERIA, quality=QUALITY, prices=PRICES, method=method)
    score = result.smallest_score_change
    assert (score.criterion, score.tender, score.challenger) == ("plan", "B", "A")
    assert (score.old, score.new) == pytest.approx((6, 1.5))


def test_with_one_criterion_only_a_score_change_can_change_the_winner():
    # One quality criterion, no price: B 10, A 0; A needs +10 (to the top of the scale, still
    # allowed). A weight change would have to bring the weight to 0, which is not a weighting.
    only = [CriterionSpec(key="q", kind="quality", weight=D(100), scale_min=D(0), scale_max=D(10))]
    result = rules.sensitivity(
        criteria=only, quality={"A": {"q": D(0)}, "B": {"q": D(10)}}, prices={"A": None, "B": None}
    )
    assert result.smallest_score_change.change == pytest.approx(10)
    assert result.smallest_weight_change is None  # one criterion: weights cannot change order
