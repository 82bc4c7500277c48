"""Scoring and ranking on the best price-quality ratio (Art. 67)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innopartner.core.exceptions import RuleViolation
from innopartner.evaluation import rules
from innopartner.evaluation.rules import CriterionSpec

D = Decimal
PLAN = CriterionSpec(key="plan", kind="quality", weight=D(40), scale_min=D(0), scale_max=D(10))
TEAM = CriterionSpec(key="team", kind="quality", weight=D(20), scale_min=D(0), scale_max=D(10))
PRICE = CriterionSpec(key="price", kind="price", weight=D(40), scale_min=D(0), scale_max=D(10))
CRITERIA = [PLAN, TEAM, PRICE]


def by_key(ranking):
    return {r.key: r for r in ranking}


# --- the score scale ---------------------------------------------------------------------


@pytest.mark.parametrize("score", [D(0), D("5.5"), D(10)])
def test_a_score_on_the_announced_scale_including_both_ends_is_accepted(score):
    rules.ensure_score_on_scale(score=score, scale_min=D(0), scale_max=D(10))


@pytest.mark.parametrize("score", [D("-0.01"), D("10.01")])
def test_a_score_just_off_the_announced_scale_is_refused(score):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_score_on_scale(score=score, scale_min=D(0), scale_max=D(10))
    assert excinfo.value.code == "score-off-scale"
    assert "67(5)" in excinfo.value.article


# --- price relative to the lowest --------------------------------------------------------


def test_the_lowest_price_gets_the_top_of_the_scale():
    assert rules.price_score(price=D(80), lowest=D(80), scale_min=D(0), scale_max=D(10)) == 10


def test_a_price_twice_the_lowest_gets_half_of_the_scale():
    assert rules.price_score(price=D(160), lowest=D(80), scale_min=D(0), scale_max=D(10)) == 5


def test_a_price_twice_the_lowest_gets_half_of_the_range_above_the_scale_minimum():
    # 1 + (10 - 1) * 80/160 = 5.5
    assert rules.price_score(price=D(160), lowest=D(80), scale_min=D(1), scale_max=D(10)) == D(
        "5.5"
    )


@pytest.mark.parametrize("price", [D(0), D(-1)])
def test_a_price_of_zero_or_less_is_refused(price):
    with pytest.raises(RuleViolation) as excinfo:
        rules.price_score(price=price, lowest=D(1), scale_min=D(0), scale_max=D(10))
    assert excinfo.value.code == "price-invalid"


# --- ranking -----------------------------------------------------------------------------


def test_worked_example_ranks_on_weighted_points_out_of_100():
    # Weights: plan 40, team 20, price 40 (total 100); scale 0-10; lowest price 80,000 (B).
    # A: plan 8/10*40 = 32.00, team 6/10*20 = 12.00, price 80/100*40  = 32.00 -> 76.00
    # B: plan 6/10*40 = 24.00, team 9/10*20 = 18.00, price 80/80*40   = 40.00 -> 82.00
    # C: plan 10/10*40 = 40.00, team 5/10*20 = 10.00, price 80/125*40 = 25.60 -> 75.60
    ranking = rules.rank(
        criteria=CRITERIA,
        quality={
            "A": {"plan": D(8), "team": D(6)},
            "B": {"plan": D(6), "team": D(9)},
            "C": {"plan": D(10), "team": D(5)},
        },
        prices={"A": D(100_000), "B": D(80_000), "C": D(125_000)},
    )
    assert [(r.key, r.total, r.rank) for r in ranking] == [
        ("B", D("82.00"), 1),
        ("A", D("76.00"), 2),
        ("C", D("75.60"), 3),
    ]
    assert by_key(ranking)["C"].points == {
        "plan": D("40.00"),
        "team": D("10.00"),
        "price": D("25.60"),
    }


def test_points_are_rounded_half_up_to_cents():
    # Price 80/120 * 40 = 26.666... -> 26.67; plan 0; team 0.
    ranking = rules.rank(
        criteria=CRITERIA,
        quality={"A": {"plan": D(0), "team": D(0)}, "B": {"plan": D(0), "team": D(0)}},
        prices={"A": D(120), "B": D(80)},
    )
    assert by_key(ranking)["A"].points["price"] == D("26.67")
    assert by_key(ranking)["A"].total == D("26.67")


def test_a_round_without_prices_is_ranked_on_quality_alone_rescaled_to_100():
    # Price left out; quality weights 40 + 20 = 60 rescaled to 100.
    # A: plan 8/10*40*100/60 = 53.333 -> 53.33, team 6/10*20*100/60 = 20.00 -> 73.33
    # B: plan 10/10 -> 66.67 (66.666...), team 10/10 -> 33.33 (33.333...); total 100.00
    ranking = rules.rank(
        criteria=CRITERIA,
        quality={"A": {"plan": D(8), "team": D(6)}, "B": {"plan": D(10), "team": D(10)}},
        prices={"A": None, "B": None},
    )
    assert [(r.key, r.total, r.rank) for r in ranking] == [
        ("B", D("100.00"), 1),
        ("A", D("73.33"), 2),
    ]
    assert by_key(ranking)["A"].points == {"plan": D("53.33"), "team": D("20.00")}


def test_a_perfect_tender_never_scores_more_than_100_when_rounded_points_add_up_above_it():
    # Six quality criteria of weight 10 (price 40 left out): each 10*100/60 = 16.666...,
    # shown as 16.67; six of them add up to 100.02, but the total is rounded once: 100.00.
    quality_criteria = [
        CriterionSpec(key=f"q{i}", kind="quality", weight=D(10), scale_min=D(0), scale_max=D(10))
        for i in range(6)
    ]
    ranking = rules.rank(
        criteria=[*quality_criteria, PRICE],
        quality={"A": {f"q{i}": D(10) for i in range(6)}},
        prices={"A": None},
    )
    assert ranking[0].total == D("100.00")
    assert set(ranking[0].points.values()) == {D("16.67")}


def test_a_round_where_only_some_tenders_carry_a_price_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.rank(
            criteria=CRITERIA,
            quality={"A": {"plan": D(8), "team": D(6)}, "B": {"plan": D(6), "team": D(9)}},
            prices={"A": D(100), "B": None},
        )
    assert excinfo.value.code == "price-missing-for-some"


def test_a_missing_consensus_score_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.rank(
            criteria=CRITERIA,
            quality={"A": {"plan": D(8), "team": D(6)}, "B": {"plan": D(6)}},
            prices={"A": D(100), "B": D(90)},
        )
    assert excinfo.value.code == "consensus-score-missing"
    assert "67" in excinfo.value.article


def test_a_tender_without_any_consensus_scores_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.rank(criteria=CRITERIA, quality={}, prices={"A": D(100)})
    assert excinfo.value.code == "consensus-score-missing"


def test_price_only_criteria_in_a_round_without_prices_leave_nothing_to_score():
    with pytest.raises(RuleViolation) as excinfo:
        rules.rank(criteria=[PRICE], quality={"A": {}}, prices={"A": None})
    assert excinfo.value.code == "nothing-to-score"


def test_equal_totals_share_the_rank_and_the_next_rank_is_skipped():
    same = {"plan": D(7), "team": D(7)}
    ranking = rules.rank(
        criteria=CRITERIA,
        quality={"Z": same, "A": same, "M": {"plan": D(1), "team": D(1)}},
        prices={"Z": D(100), "A": D(100), "M": D(100)},
    )
    assert [(r.key, r.rank) for r in ranking] == [("A", 1), ("Z", 1), ("M", 3)]


def test_ranks_follow_the_total_not_the_tender_key():
    ranking = rules.rank(
        criteria=CRITERIA,
        quality={"A": {"plan": D(1), "team": D(1)}, "B": {"plan": D(2), "team": D(1)}},
        prices={"A": D(100), "B": D(100)},
    )
    assert [(r.key, r.rank) for r in ranking] == [("B", 1), ("A", 2)]


def test_a_round_of_one_tender_ranks_it_first():
    ranking = rules.rank(
        criteria=CRITERIA, quality={"A": {"plan": D(0), "team": D(0)}}, prices={"A": D(5)}
    )
    assert [(r.key, r.total, r.rank) for r in ranking] == [("A", D("40.00"), 1)]


# --- property ----------------------------------------------------------------------------

cents = st.integers(min_value=1, max_value=10_000).map(lambda c: D(c) / 100)


@given(
    quality_weights=st.lists(cents, min_size=1, max_size=8),
    price_weight=st.one_of(st.none(), cents),
    tenders=st.lists(
        st.tuples(
            st.lists(st.integers(min_value=0, max_value=10), min_size=8, max_size=8),
            st.integers(min_value=1, max_value=10_000_000),
        ),
        min_size=1,
        max_size=6,
    ),
    with_prices=st.booleans(),
)
def test_totals_stay_between_0_and_100_and_ranks_follow_the_totals(
    quality_weights, price_weight, tenders, with_prices
):
    criteria = [
        CriterionSpec(key=f"q{i}", kind="quality", weight=w, scale_min=D(0), scale_max=D(10))
        for i, w in enumerate(quality_weights)
    ]
    if price_weight is not None:
        criteria.append(
            CriterionSpec(
                key="p", kind="price", weight=price_weight, scale_min=D(0), scale_max=D(10)
            )
        )
    quality = {
        f"t{n}": {f"q{i}": D(s) for i, s in enumerate(scores[: len(quality_weights)])}
        for n, (scores, _) in enumerate(tenders)
    }
    prices = {f"t{n}": (D(price) if with_prices else None) for n, (_, price) in enumerate(tenders)}
    ranking = rules.rank(criteria=criteria, quality=quality, prices=prices)
    assert len(ranking) == len(tenders)
    assert all(D(0) <= r.total <= D(100) for r in ranking)
    assert ranking[0].rank == 1
    for before, after in zip(ranking, ranking[1:], strict=False):
        assert before.total >= after.total
        assert after.rank == (
            before.rank if after.total == before.total else ranking.index(after) + 1
        )


def test_a_ranking_line_speaks_in_points_or_in_fictitious_price():
    from decimal import Decimal

    from innopartner.evaluation.rules import RankedTender

    points = RankedTender(key="a", total=Decimal("87.50"), points={}, rank=1)
    assert points.in_words() == "Rang 1 met 87.50 van 100 punten."
    value = RankedTender(
        key="b",
        total=Decimal("30"),
        points={},
        rank=2,
        quality_points=Decimal("30"),
        price=Decimal("100000"),
        fictitious_price=Decimal("70000"),
    )
    assert value.in_words() == (
        "Rang 2: fictieve prijs EUR 70,000.00 (prijs EUR 100,000.00 min de waarde van "
        "30 kwaliteitspunten)."
    )
