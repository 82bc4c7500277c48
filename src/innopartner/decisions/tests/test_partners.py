"""The partners model against chances computed by hand."""

import math

import pytest

from innopartner.core.exceptions import InvalidInput
from innopartner.decisions.partners import PartnerModel, compare, success_chance

# p_max 1 and no fixed cost: a partner with exactly b_half has a chance of one half.
EVEN = PartnerModel(p_max=1.0, b_half=100_000, fixed_cost=0)


def test_a_partner_with_b_half_has_half_of_p_max():
    assert success_chance(100_000, EVEN) == pytest.approx(0.5)
    assert success_chance(200_000, EVEN) == pytest.approx(0.75)
    assert success_chance(0, EVEN) == 0


def test_two_independent_partners_of_one_half_give_three_quarters_that_one_works():
    # 1 - (1 - 0.5)^2 = 0.75; expected working 2 * 0.5 = 1; cost per working 200,000 / 1
    row = compare(budget=200_000, max_partners=2, model=EVEN)["by_partners"][1]
    assert row["chance_at_least_one"] == pytest.approx(0.75)
    assert row["expected_working"] == pytest.approx(1.0)
    assert row["expected_cost_per_working"] == pytest.approx(200_000)


def test_a_common_cause_multiplies_both_by_the_chance_that_it_does_not_strike():
    model = PartnerModel(p_max=1.0, b_half=100_000, fixed_cost=0, common_cause=0.2)
    row = compare(budget=200_000, max_partners=2, model=model)["by_partners"][1]
    assert row["chance_at_least_one"] == pytest.approx(0.8 * 0.75)
    assert row["expected_working"] == pytest.approx(0.8)


def test_the_fixed_cost_comes_off_each_share_before_it_buys_progress():
    model = PartnerModel(p_max=0.8, b_half=150_000, fixed_cost=30_000)
    row = compare(budget=500_000, max_partners=1, model=model)["by_partners"][0]
    hand = 0.8 * (1 - math.exp(-math.log(2) * 470_000 / 150_000))
    assert row["success_chance_per_partner"] == pytest.approx(hand, abs=1e-4)
    assert (
        compare(budget=50_000, max_partners=2, model=model)["by_partners"][1][
            "expected_cost_per_working"
        ]
        is None
    )  # 25,000 each is below the fixed cost: no chance


def test_without_a_fixed_cost_more_partners_always_raise_the_chance():
    model = PartnerModel(fixed_cost=0)
    chances = [
        r["chance_at_least_one"] for r in compare(budget=500_000, model=model)["by_partners"]
    ]
    assert chances == sorted(chances) and chances[0] < chances[-1]


def test_with_the_defaults_ifv_scale_budget_is_best_split_over_two_partners():
    result = compare(budget=500_000)
    assert result["best_partners"] == 2 and len(result["by_partners"]) == 6
    assert result["best"]["partners"] == 2


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"budget": 0}, "partners-budget-invalid"),
        ({"budget": 1e5, "max_partners": 0}, "partners-max-partners-invalid"),
        ({"budget": 1e5, "model": PartnerModel(p_max=1.5)}, "partners-p-max-invalid"),
        ({"budget": 1e5, "model": PartnerModel(b_half=0)}, "partners-b-half-invalid"),
        ({"budget": 1e5, "model": PartnerModel(common_cause=1)}, "partners-common-cause-invalid"),
        ({"budget": 1e5, "model": PartnerModel(fixed_cost=-1)}, "partners-fixed-cost-invalid"),
    ],
)
def test_impossible_inputs_are_refused_with_a_code(kwargs, code):
    with pytest.raises(InvalidInput) as caught:
        compare(**kwargs)
    assert caught.value.code == code
