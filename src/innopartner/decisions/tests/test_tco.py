"""TCO against worked examples computed by hand."""

from decimal import Decimal

import numpy as np
import pytest

from innopartner.core.exceptions import InvalidInput
from innopartner.decisions.tco import (
    CostLine,
    Option,
    analyse,
    break_even_years,
    cash_flows,
    equivalent_annual_cost,
    line_from_mapping,
    npv,
    tco_as_price,
    validate_option,
)


def yearly(category, amount, first, last, **kw):
    return CostLine(category, amount, first_year=first, last_year=last, **kw)


# A costs 100 at the start and 10 a year; B costs 50 at the start and 20 a year; 10 years.
A = Option("A", 10, (CostLine("acquisition", 100), yearly("operation", 10, 1, 10)))
B = Option("B", 10, (CostLine("acquisition", 50), yearly("operation", 20, 1, 10)))


def test_npv_of_100_a_year_for_three_years_at_ten_percent():
    # 100/1.1 + 100/1.21 + 100/1.331 = 90.9091 + 82.6446 + 75.1315 = 248.6852
    flows = np.array([0.0, 100.0, 100.0, 100.0])
    assert npv(flows, 0.10) == pytest.approx(248.6852, abs=1e-4)


def test_equivalent_annual_cost_turns_that_npv_back_into_100_a_year():
    assert equivalent_annual_cost(248.6852, 0.10, 3) == pytest.approx(100.0, abs=1e-3)
    assert equivalent_annual_cost(300.0, 0.0, 3) == pytest.approx(100.0)


def test_npv_at_several_rates_at_once():
    flows = np.array([100.0, 110.0])
    assert npv(flows, np.array([0.0, 0.10])) == pytest.approx([210.0, 200.0])


def test_a_line_every_five_years_falls_in_years_five_ten_and_fifteen():
    option = Option("X", 15, (yearly("maintenance", 7, 5, 15, every=5),))
    flows = cash_flows([option])[0, 3]
    assert list(np.nonzero(flows)[0]) == [5, 10, 15] and flows.sum() == 21


def test_energy_and_co2_are_quantity_times_price():
    line = line_from_mapping({"category": "co2", "quantity": 159, "unit_price": 100, "from": 1})
    assert line.amount == 15900 and (line.first_year, line.last) == (1, 1)


def test_undiscounted_a_pays_back_in_year_five():
    # cumulative A: 100, 110, ..., 150 in year 5; B: 50, 70, ..., 150 in year 5
    result = analyse([A, B], rate=0.0)
    assert result["break_even"] == [{"option": "A", "versus": "B", "year": 5}]
    assert result["ranking"] == ["A", "B"]
    assert [o["npv"] for o in result["options"]] == [200.0, 250.0]
    assert [o["equivalent_annual_cost"] for o in result["options"]] == [20.0, 25.0]


def test_break_even_is_never_when_the_expensive_option_does_not_catch_up():
    cumulative = np.array([[100.0, 110.0, 120.0], [50.0, 70.0, 90.0]])
    years = break_even_years(cumulative)
    assert years[0, 1] == -1 and years[1, 0] == -1


def test_the_ranking_switches_at_the_rate_where_ten_a_year_no_longer_repays_fifty():
    # A is cheaper while the annuity factor of 10 years exceeds 5: (1 - 1.151^-10)/0.151 = 5
    result = analyse([A, B], rate=0.0)
    (switch,) = result["sensitivity"]["switch_points"]
    r = switch["discount_rate"]
    assert r == pytest.approx(0.1510, abs=5e-4)
    assert (1 - (1 + r) ** -10) / r == pytest.approx(5.0, abs=1e-4)
    assert result["sensitivity"]["ranking_stable_over_rates"] is True  # 0-6% only


def test_the_energy_price_at_which_an_efficient_option_stops_paying():
    # E costs 300 more and uses 20 less energy a year for 10 years (undiscounted: 200 less):
    # equal when 300 = f * 200, so at 1.5 times the energy price.
    efficient = Option("E", 10, (CostLine("acquisition", 400), yearly("energy", 10, 1, 10)))
    thirsty = Option("T", 10, (CostLine("acquisition", 100), yearly("energy", 30, 1, 10)))
    result = analyse([efficient, thirsty], rate=0.0, energy_factors=(1.0, 2.0))
    assert result["ranking"] == ["T", "E"]
    (switch,) = result["sensitivity"]["switch_points"]
    assert switch["energy_price_factor"] == pytest.approx(1.5)
    rankings = {row["factor"]: row["ranking"] for row in result["sensitivity"]["energy_price"]}
    assert rankings == {1.0: ["T", "E"], 2.0: ["E", "T"]}


def test_tco_as_price_gives_each_tender_its_npv_in_cents_for_the_price_score():
    a = Option("A", 10, A.lines, key="tender-a")
    b = Option("B", 10, B.lines, key="tender-b")
    prices = tco_as_price([a, b], rate=0.0)
    assert prices == {"tender-a": Decimal("200.00"), "tender-b": Decimal("250.00")}
    one = Option("Y", 1, (yearly("operation", 110, 1, 1),), key="y")
    assert tco_as_price([one], rate=0.10) == {"y": Decimal("100.00")}


@pytest.mark.parametrize(
    ("option", "code"),
    [
        (Option("X", 10, (CostLine("lunch", 5),)), "tco-category-unknown"),
        (Option("X", 10, (CostLine("energy", -5),)), "tco-negative-amount"),
        (Option("X", 10, (yearly("energy", 5, 1, 11),)), "tco-year-outside-horizon"),
        (Option("X", 0, (CostLine("energy", 5),)), "tco-horizon-invalid"),
        (Option("X", 10, ()), "tco-no-lines"),
        (Option(" ", 10, (CostLine("energy", 5),)), "tco-name-missing"),
    ],
)
def test_what_cannot_be_computed_honestly_is_refused_with_a_code(option, code):
    with pytest.raises(InvalidInput) as caught:
        validate_option(option)
    assert caught.value.code == code


def test_an_unreadable_line_is_refused():
    with pytest.raises(InvalidInput) as caught:
        line_from_mapping({"category": "energy", "quantity": 5})
    assert caught.value.code == "tco-line-invalid"
