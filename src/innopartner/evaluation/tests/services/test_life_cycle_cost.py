"""A cost criterion scores each tender's life-cycle cost (Art. 67(2), 68): the TCO recorded for
the tenderer feeds the price part of the score."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.decisions import services as decisions
from innopartner.evaluation.selectors import round_ranking
from innopartner.testing import draft_procedure, make_world, publish, run_round, select

pytestmark = pytest.mark.django_db


def _tco(world, procedure, operator, acquisition, energy):
    decisions.tco_option_record(
        procedure=procedure,
        name=f"TCO {operator.name}",
        horizon_years=10,
        operator=operator,
        lines=[
            {"category": "acquisition", "amount": acquisition, "year": 0},
            {"category": "energy", "amount": energy, "from": 1, "to": 10},
        ],
        now=world.now,
        actor=world.officer,
    )


def test_the_cheapest_over_its_life_wins_the_cost_points_not_the_cheapest_to_buy():
    world = make_world(operators=3)
    procedure = draft_procedure(world)
    # Declared before publication: life-cycle cost instead of price (test set-up).
    procedure.award_criteria.filter(kind="price").update(kind="cost", name="Levenscycluskosten")
    procedure = select(world, publish(world, procedure))
    a, b, c = world.operators
    run_round(
        world,
        procedure,
        kind="initial",
        prices={a: 100, b: 100, c: 100},
        quality={a: 7, b: 7, c: 7},
    )
    final = run_round(
        world,
        procedure,
        kind="final",
        prices={a: 50000, b: 80000, c: 90000},
        quality={a: 7, b: 7, c: 7},
    )
    with pytest.raises(RuleViolation) as caught:
        round_ranking(final)
    assert caught.value.code == "life-cycle-cost-missing"
    _tco(world, procedure, a, acquisition=50000, energy=20000)  # cheap to buy, dear to run
    _tco(world, procedure, b, acquisition=80000, energy=5000)  # cheapest over ten years
    _tco(world, procedure, c, acquisition=90000, energy=6000)
    ranking = round_ranking(final)
    assert [t.operator for t, _r in ranking] == [b, c, a]
    cost = procedure.award_criteria.get(kind="cost")
    # b has the lowest NPV, so the full 40 points of the cost criterion.
    assert ranking[0][1].points[str(cost.pk)] == 40
