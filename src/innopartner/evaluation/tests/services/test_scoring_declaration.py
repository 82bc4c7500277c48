"""The scoring method, price scoring and tie-break rule are declared before the notice, fixed
by it, and applied by the engine's ranking (the same one the award uses)."""

from decimal import Decimal

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import DomainError
from innopartner.evaluation import services
from innopartner.evaluation.selectors import round_ranking, round_sensitivity
from innopartner.procedures import services as procedures
from innopartner.testing import draft_procedure, make_world, publish, run_round, select

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(operators=3)


def declare(world, procedure, **fields):
    return procedures.preparation_update(
        procedure=procedure, now=world.now, actor=world.officer, **fields
    )


def test_the_scoring_method_cannot_change_after_the_notice(world):
    procedure = publish(world, draft_procedure(world))
    with pytest.raises(DomainError) as excinfo:
        declare(world, procedure, scoring_method="value_for_money", quality_point_value=1000)
    assert excinfo.value.code == "fixed-after-notice"
    procedure.refresh_from_db()
    assert procedure.scoring_method == "weighted_sum"


def test_publication_is_refused_while_the_declared_method_is_incomplete(world):
    procedure = draft_procedure(world)
    declare(world, procedure, price_scoring="linear_between_bounds")
    with pytest.raises(DomainError) as excinfo:
        publish(world, procedure)
    assert excinfo.value.code == "price-bounds-invalid"
    assert not procedure.notices.exists()


def test_an_unknown_tie_break_rule_is_refused_while_drafting(world):
    procedure = draft_procedure(world)
    with pytest.raises(DomainError) as excinfo:
        declare(world, procedure, tie_break_rule="coin_toss")
    assert excinfo.value.code == "tie-break-rule-unknown"


def test_the_ranking_applies_gunnen_op_waarde_as_declared(world):
    # Quality 60, price 40. EUR 1,000 per point: A 9 -> 54 points, 150,000 - 54,000 = 96,000;
    # B 5 -> 30 points, 100,000 - 30,000 = 70,000; C 7 -> 42, 120,000 - 42,000 = 78,000.
    procedure = draft_procedure(world)
    declare(world, procedure, scoring_method="value_for_money", quality_point_value=1000)
    procedure = select(world, publish(world, procedure))
    a, b, c = world.operators
    tender_round = run_round(
        world,
        procedure,
        kind="initial",
        prices={a: 150_000, b: 100_000, c: 120_000},
        quality={a: 9, b: 5, c: 7},
    )
    ranking = round_ranking(tender_round)
    assert [(t.operator, r.fictitious_price) for t, r in ranking] == [
        (b, Decimal("70000.00")),
        (c, Decimal("78000.00")),
        (a, Decimal("96000.00")),
    ]
    sensitivity = round_sensitivity(tender_round, places=1)
    # C is 8,000 = 8 points behind B: C's quality +8 x 10 / 60 = 1.33 (7 -> 8.33).
    change = sensitivity.smallest_score_change
    assert change.new - change.old == pytest.approx(8 * 10 / 60)


def test_a_lot_drawn_among_identical_tenders_decides_their_order_and_is_audited(world):
    procedure = select(world, publish(world, draft_procedure(world)))
    a, b, c = world.operators
    tender_round = run_round(
        world,
        procedure,
        kind="initial",
        prices={a: 100_000, b: 100_000, c: 120_000},
        quality={a: 8, b: 8, c: 7},
    )
    assert [r.rank for _, r in round_ranking(tender_round)] == [1, 1, 3]
    with pytest.raises(DomainError) as excinfo:
        services.lot_draw(
            tender_round=tender_round, witness=" ", now=world.now, actor=world.officer
        )
    assert excinfo.value.code == "lot-witness-missing"
    drawing = services.lot_draw(
        tender_round=tender_round, witness="notaris", now=world.now, actor=world.officer
    )
    assert [r.rank for _, r in round_ranking(tender_round)] == [1, 2, 3]
    assert [str(t.pk) for t, _ in round_ranking(tender_round)][:2] == drawing.order
    record = AuditRecord.objects.get(action="lot.drawn")
    assert record.actor == world.officer and record.after["witness"] == "notaris"
    with pytest.raises(DomainError) as excinfo:
        services.lot_draw(
            tender_round=tender_round, witness="notaris", now=world.now, actor=world.officer
        )
    assert excinfo.value.code == "lot-already-drawn"


def test_only_buyer_staff_draw_lots(world):
    procedure = select(world, publish(world, draft_procedure(world)))
    a, b, c = world.operators
    tender_round = run_round(
        world, procedure, kind="initial", prices={a: 1, b: 1, c: 2}, quality={a: 8, b: 8, c: 7}
    )
    with pytest.raises(DomainError) as excinfo:
        services.lot_draw(
            tender_round=tender_round, witness="x", now=world.now, actor=world.evaluator
        )
    assert excinfo.value.code == "not-buyer-staff"
