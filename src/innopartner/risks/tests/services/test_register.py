"""The risk register services: buyer staff only, audited, refused input stores nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import DomainError
from innopartner.risks import services
from innopartner.risks.models import Risk
from innopartner.risks.selectors import residual_estimate, risk_analysis
from innopartner.testing import draft_procedure, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(operators=1)


@pytest.fixture
def procedure(world):
    return draft_procedure(world, complete=False)


def record(world, procedure, **overrides):
    arguments = {
        "procedure": procedure,
        "title": "De innovatie mislukt en levert geen product op",
        "category": "technical",
        "owner": "shared",
        "probability": "0.3",
        "cost": (50_000, 150_000, 400_000),
        "delay": (30, 90, 240),
        "review_date": dt.date(2024, 3, 1),
        "now": world.now,
        "actor": world.officer,
    }
    return services.risk_record(**{**arguments, **overrides})


def test_a_recorded_risk_is_numbered_and_audited_with_its_estimate(world, procedure):
    risk = record(world, procedure)
    second = record(world, procedure, title="Ruimtelijke weerstand")
    assert (risk.number, second.number) == (1, 2)
    audit = AuditRecord.objects.filter(action="risk.recorded").first()
    assert audit.actor == world.officer
    assert audit.after["probability"] == "0.3"
    assert audit.after["cost_max"] == "400000"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"probability": "1.2"}, "risk-probability-invalid"),
        ({"probability": "-0.1"}, "risk-probability-invalid"),
        ({"cost": (200_000, 100_000, 400_000)}, "risk-estimate-unordered"),
        ({"delay": (10, 90, 60)}, "risk-estimate-unordered"),
        ({"cost": (-1, 0, 1)}, "risk-estimate-negative"),
        ({"category": "weather"}, "risk-category-unknown"),
        ({"owner": "nobody"}, "risk-owner-unknown"),
        ({"probability": "veel"}, "risk-number-invalid"),
    ],
)
def test_bad_input_is_refused_with_its_code_and_nothing_is_stored(
    world, procedure, overrides, code
):
    with pytest.raises(DomainError) as excinfo:
        record(world, procedure, **overrides)
    assert excinfo.value.code == code
    assert not Risk.objects.exists()
    assert not AuditRecord.objects.filter(action="risk.recorded").exists()


def test_only_buyer_staff_keep_the_register(world, procedure):
    with pytest.raises(DomainError) as excinfo:
        record(world, procedure, actor=world.evaluator)
    assert excinfo.value.code == "not-buyer-staff"
    with pytest.raises(DomainError):
        record(world, procedure, actor=world.other_buyer_officer)
    assert not Risk.objects.exists()


def test_an_update_records_before_and_after(world, procedure):
    risk = record(world, procedure)
    services.risk_update(
        risk=risk, probability="0.2", status="open", now=world.tick(days=7), actor=world.officer
    )
    audit = AuditRecord.objects.get(action="risk.updated")
    assert (audit.before["probability"], audit.after["probability"]) == ("0.300", "0.2")
    with pytest.raises(DomainError) as excinfo:
        services.risk_update(risk=risk, cost=(3, 2, 1), now=world.now, actor=world.officer)
    assert excinfo.value.code == "risk-estimate-unordered"
    risk.refresh_from_db()
    assert risk.cost_min == 50_000


def test_a_mitigation_states_its_cost_and_effect_and_the_residual_follows(world, procedure):
    risk = record(world, procedure)
    services.mitigation_add(
        risk=risk,
        description="Twee partners ontwikkelen parallel",
        cost=40_000,
        probability_after="0.15",
        now=world.now,
        actor=world.officer,
    )
    services.mitigation_add(
        risk=risk,
        description="Go/no-go na het prototype",
        cost=5_000,
        cost_after=(20_000, 60_000, 150_000),
        now=world.now,
        actor=world.officer,
    )
    residual = residual_estimate(risk)
    assert residual.probability == Decimal("0.15")
    assert residual.cost == (20_000, 60_000, 150_000)
    assert residual.delay == (30, 90, 240)
    assert AuditRecord.objects.filter(action="risk.mitigation_added").count() == 2


@pytest.mark.parametrize(
    ("effect", "code"),
    [
        ({}, "mitigation-effect-missing"),
        ({"probability_after": "0.5"}, "mitigation-raises-risk"),
        ({"cost_after": (0, 0, 500_000)}, "mitigation-raises-risk"),
        ({"probability_after": "2"}, "risk-probability-invalid"),
    ],
)
def test_a_mitigation_without_effect_or_raising_the_risk_is_refused(world, procedure, effect, code):
    risk = record(world, procedure)
    with pytest.raises(DomainError) as excinfo:
        services.mitigation_add(
            risk=risk, description="x", cost=1, now=world.now, actor=world.officer, **effect
        )
    assert excinfo.value.code == code
    assert not risk.mitigations.exists()


def test_the_analysis_of_the_register_is_reproducible_and_mitigation_lowers_it(world, procedure):
    risk = record(world, procedure)
    record(world, procedure, title="Planning", category="planning", probability="0.5")
    services.mitigation_add(
        risk=risk,
        description="Parallel",
        cost=40_000,
        probability_after="0.1",
        now=world.now,
        actor=world.officer,
    )
    one = risk_analysis(procedure, iterations=20_000, seed=5)
    two = risk_analysis(procedure, iterations=20_000, seed=5)
    assert one.cost_before.percentiles == two.cost_before.percentiles
    assert one.cost_after.percentiles[80] < one.cost_before.percentiles[80]
    assert one.mitigation_cost == 40_000
    assert one.heat_before.sum() == 2
