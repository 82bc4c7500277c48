"""Regressions found by the random action sequences (tests/test_random_action_sequences.py)."""

import pytest

from innopartner.award import services as award
from innopartner.core.exceptions import RuleViolation
from innopartner.negotiation import services
from innopartner.participation.models import Invitation
from innopartner.participation.selectors import remaining_participants
from innopartner.testing import draft_procedure, make_world, publish, run_round, select

pytestmark = pytest.mark.django_db


def test_reduction_on_an_earlier_round_is_refused_once_the_next_round_is_open():
    """Reducing on round 1 after round 2 had opened used to eliminate a tenderer whose round-2
    tender stayed live, so that the award could go to an eliminated tenderer."""
    world = make_world()
    procedure = select(world, publish(world, draft_procedure(world)), operators=world.operators[:3])
    a, b, c = remaining_participants(procedure=procedure)
    prices = {a: 100000, b: 100000, c: 100000}
    first = run_round(world, procedure, kind="initial", prices=prices, quality={a: 5, b: 8, c: 9})
    run_round(world, procedure, kind="final", prices=prices, quality={a: 10, b: 8, c: 7})
    with pytest.raises(RuleViolation) as caught:
        services.tenders_reduce(
            tender_round=first, eliminate=[a], reasons={}, now=world.now, actor=world.officer
        )
    assert caught.value.code == "reduction-not-on-latest-round"
    assert not Invitation.objects.filter(eliminated_at__isnull=False).exists()
    decision = award.award_decide(
        procedure=procedure, winners=[a], reasons="Beste.", now=world.now, actor=world.officer
    )
    assert [line.operator for line in decision.lines.filter(awarded=True)] == [a]
