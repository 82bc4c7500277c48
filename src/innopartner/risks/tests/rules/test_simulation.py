"""The Monte Carlo simulation and its parts, without the database, against values computed by
hand (and, for the random parts, against their exact means)."""

from decimal import Decimal as D

import numpy as np
import pytest

from innopartner.core.exceptions import InvalidInput
from innopartner.risks import rules, simulation
from innopartner.risks.simulation import RiskInput, ThreePoint


def risk(key="r", p=1.0, cost=(0, 0, 0), delay=(0, 0, 0), **after):
    return RiskInput(
        key=key, probability=p, cost=ThreePoint(*cost), delay=ThreePoint(*delay), **after
    )


# --- rules ------------------------------------------------------------------------------------


@pytest.mark.parametrize("p", [D(0), D("0.5"), D(1)])
def test_a_probability_from_0_to_1_inclusive_is_accepted(p):
    rules.ensure_probability(p)


@pytest.mark.parametrize("p", [D("-0.001"), D("1.001")])
def test_a_probability_outside_0_to_1_is_refused(p):
    with pytest.raises(InvalidInput) as excinfo:
        rules.ensure_probability(p)
    assert excinfo.value.code == "risk-probability-invalid"


@pytest.mark.parametrize("points", [(2, 1, 3), (1, 3, 2), (3, 2, 1)])
def test_a_three_point_estimate_out_of_order_is_refused(points):
    with pytest.raises(InvalidInput) as excinfo:
        rules.ensure_three_point(
            what="kosten", low=D(points[0]), likely=D(points[1]), high=D(points[2])
        )
    assert excinfo.value.code == "risk-estimate-unordered"


def test_an_equal_three_point_estimate_is_a_certain_value_and_accepted():
    rules.ensure_three_point(what="kosten", low=D(5), likely=D(5), high=D(5))


# --- distributions ----------------------------------------------------------------------------


def test_the_triangular_inverse_cdf_hits_min_mode_and_max():
    low, likely, high = np.array([0.0]), np.array([2.0]), np.array([10.0])
    # F(mode) = (2 - 0) / (10 - 0) = 0.2
    values = simulation.triangular_ppf(np.array([0.0, 0.2, 1.0]), low, likely, high)
    assert values == pytest.approx([0.0, 2.0, 10.0])
    # u = 0.6 > 0.2: x = 10 - sqrt(0.4 x 10 x 8) = 10 - sqrt(32) = 4.343
    assert simulation.triangular_ppf(np.array([0.6]), low, likely, high) == pytest.approx(
        10 - 32**0.5
    )


def test_a_degenerate_estimate_gives_its_single_value():
    value = simulation.triangular_ppf(
        np.array([0.3]), np.array([7.0]), np.array([7.0]), np.array([7.0])
    )
    assert value == pytest.approx([7.0])


def test_nearest_rank_percentile():
    # ten values 1..10: P50 is the 5th, P80 the 8th, P95 the 10th (ceil(9.5) = 10)
    values = np.arange(10, 0, -1, dtype=float)
    assert simulation.percentile_rank(values.copy(), 50) == 5
    assert simulation.percentile_rank(values.copy(), 80) == 8
    assert simulation.percentile_rank(values.copy(), 95) == 10


# --- simulation -------------------------------------------------------------------------------


def test_a_certain_risk_with_a_fixed_impact_gives_that_impact_at_every_percentile():
    result = simulation.simulate(
        [risk(p=1.0, cost=(100, 100, 100), delay=(10, 10, 10))], iterations=1000, seed=1
    )
    assert result.cost_before.percentiles == {50: 100, 80: 100, 95: 100}
    assert result.delay_before.percentiles == {50: 10, 80: 10, 95: 10}


def test_the_mean_matches_probability_times_the_mean_of_the_triangle():
    # p 0.25, cost triangle (0, 30, 90): mean 40, so expected overrun 10; and PERT mean
    # (0 + 4 x 30 + 90) / 6 = 35, so 8.75.
    register = [risk(p=0.25, cost=(0, 30, 90))]
    triangular = simulation.simulate(register, iterations=200_000, seed=7)
    pert = simulation.simulate(register, iterations=200_000, seed=7, distribution="pert")
    assert triangular.cost_before.mean == pytest.approx(10, rel=0.02)
    assert pert.cost_before.mean == pytest.approx(8.75, rel=0.02)


def test_two_independent_fixed_risks_give_the_percentiles_of_their_sum():
    # A: p 0.4, cost 100; B: p 0.3, cost 10. Totals 0 (0.42), 10 (0.18; cumulative 0.60),
    # 100 (0.28; 0.88), 110 (0.12): P50 = 10, P80 = 100, P95 = 110.
    register = [risk("A", 0.4, (100, 100, 100)), risk("B", 0.3, (10, 10, 10))]
    result = simulation.simulate(register, iterations=100_000, seed=3)
    assert result.cost_before.percentiles == {50: 10, 80: 100, 95: 110}
    # Tornado: without A the totals are 0 (0.7) or 10, P80 = 10: a drop of 90. Without B they
    # are 0 (0.6) or 100, P80 = 100: a drop of 0 (B never decides the P80).
    assert result.cost_before.drivers == [("A", 90), ("B", 0)]


def test_mitigation_lowers_the_distribution_with_the_same_draws():
    register = [
        risk("A", 0.4, (100, 100, 100), probability_after=0.02, mitigation_cost=7),
        risk("B", 0.3, (10, 10, 10)),
    ]
    result = simulation.simulate(register, iterations=100_000, seed=3)
    # After: A 2%, B 30%: totals 0 (0.686), 10 (0.294; cumulative 0.98), 100 or 110 (0.02).
    assert result.cost_after.percentiles == {50: 0, 80: 10, 95: 10}
    assert result.cost_after.mean < result.cost_before.mean
    assert result.mitigation_cost == 7


def test_the_same_seed_gives_the_same_result_and_another_seed_another():
    register = [risk(f"r{i}", 0.3, (0, 10 * i, 20 * i + 5), (0, i, 2 * i)) for i in range(5)]
    one = simulation.simulate(register, iterations=5000, seed=11)
    two = simulation.simulate(register, iterations=5000, seed=11)
    three = simulation.simulate(register, iterations=5000, seed=12)
    assert one.cost_before.percentiles == two.cost_before.percentiles
    assert np.array_equal(one.delay_after.samples, two.delay_after.samples)
    assert one.cost_before.mean != three.cost_before.mean


def test_the_heat_map_classes_probability_against_the_worse_of_cost_and_delay():
    # Reference 1,000,000. R1: p 0.05 (class 0), mean cost 30,000 = 3% (class 1), delay 0.
    # R2: p 0.6 (class 3), cost 0, mean delay 100 days (class 3).
    # R3: p 0.3 (class 1: a bound belongs to the lower class), cost 10,000 = 1% (class 0).
    register = [
        risk("R1", 0.05, (30_000, 30_000, 30_000)),
        risk("R2", 0.6, (0, 0, 0), (100, 100, 100)),
        risk("R3", 0.3, (10_000, 10_000, 10_000)),
    ]
    matrix = simulation.heat_map(register, reference_cost=1_000_000)
    assert matrix[0, 1] == 1 and matrix[3, 3] == 1 and matrix[1, 0] == 1
    assert matrix.sum() == 3


def test_an_empty_register_gives_zeros():
    result = simulation.simulate([], iterations=100, seed=1)
    assert result.cost_before.percentiles == {50: 0, 80: 0, 95: 0}
    assert result.cost_before.drivers == []
