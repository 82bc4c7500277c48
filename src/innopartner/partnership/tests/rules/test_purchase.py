"""Rule [15]: the result is bought only at the agreed performance levels and within the agreed
maximum cost (Art. 31(2)); pre-commercial procurement buys nothing (Art. 14)."""

from decimal import Decimal

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.partnership import rules

D = Decimal
RANGE = ("vaarbereik_km", D(40), True)  # higher is better
NOISE = ("geluid_db", D(65), False)  # lower is better


def refused(levels, measured):
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_performance_met(levels=levels, measured=measured)
    assert excinfo.value.code == "performance-not-met"
    assert "31(2)" in excinfo.value.article
    return excinfo.value


def test_higher_is_better_exactly_at_the_level_is_met():
    rules.ensure_performance_met(levels=[RANGE], measured={"vaarbereik_km": D(40)})


def test_higher_is_better_one_hundredth_below_the_level_is_not_met():
    refused([RANGE], {"vaarbereik_km": D("39.99")})


def test_lower_is_better_exactly_at_the_level_is_met():
    rules.ensure_performance_met(levels=[NOISE], measured={"geluid_db": D(65)})


def test_lower_is_better_one_hundredth_above_the_level_is_not_met():
    refused([NOISE], {"geluid_db": D("65.01")})


def test_lower_is_better_well_below_the_level_is_met():
    rules.ensure_performance_met(levels=[NOISE], measured={"geluid_db": D(50)})


def test_a_level_that_was_not_measured_is_not_met():
    error = refused([RANGE, NOISE], {"vaarbereik_km": D(45)})
    assert "geluid_db (niet gemeten)" in error.message


def test_every_level_short_is_named():
    error = refused([RANGE, NOISE], {"vaarbereik_km": D(30), "geluid_db": D(70)})
    assert "vaarbereik_km: 30 tegen 40" in error.message
    assert "geluid_db: 70 tegen 65" in error.message


def test_no_agreed_levels_are_trivially_met():
    rules.ensure_performance_met(levels=[], measured={})


def test_a_price_exactly_at_the_maximum_cost_is_within_it():
    rules.ensure_within_max_cost(price=D("250000.00"), maximum=D(250000), what="Afname")


def test_a_price_one_cent_above_the_maximum_cost_is_refused():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_within_max_cost(price=D("250000.01"), maximum=D(250000), what="Afname")
    assert excinfo.value.code == "above-maximum-cost"
    assert "31(2)" in excinfo.value.article


def test_without_an_agreed_maximum_any_price_passes():
    rules.ensure_within_max_cost(price=D(10**9), maximum=None, what="Afname")


def test_an_innovation_partnership_has_a_purchase_phase():
    rules.ensure_purchase_phase_exists(has_purchase_phase=True)


def test_pre_commercial_procurement_has_no_purchase_phase():
    with pytest.raises(RuleViolation) as excinfo:
        rules.ensure_purchase_phase_exists(has_purchase_phase=False)
    assert excinfo.value.code == "no-purchase-phase"
    assert "Art. 14" in excinfo.value.article
