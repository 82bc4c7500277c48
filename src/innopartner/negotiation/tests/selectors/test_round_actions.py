"""round_next_actions and the services cannot disagree: for every state of a round in the table
below, the selector says an action is possible exactly when its service accepts it, and when it
is not, it gives the refusal the service raises (same type, code, message and article). Each
service is called inside a savepoint that is rolled back, so one world serves every action of
a state. The expected codes per state show that the table covers both answers of every rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction

from innopartner.core.exceptions import DomainError
from innopartner.negotiation import services as negotiation
from innopartner.negotiation.selectors import Action, round_next_actions
from innopartner.participation.selectors import remaining_participants
from innopartner.procedures.models import Procedure
from innopartner.sealing.testing import isolated_store  # noqa: F401
from innopartner.tendering import services as tendering
from innopartner.tendering.models import TenderRound
from innopartner.testing import (
    World,
    draft_procedure,
    make_world,
    publish,
    run_round,
    select,
    to_standstill,
)

pytestmark = pytest.mark.django_db

OK = "ok"  # the action is possible
KINDS = ("initial", "subsequent", "final")


def _negotiation(world: World, **draft: Any) -> Procedure:
    return select(world, publish(world, draft_procedure(world, **draft)))


def _round(world, procedure, *, kind="initial", negotiate=False, without=()):
    """A round in which A ranks first and C last (cheapest and best, dearest and worst)."""
    a, b, c = world.operators
    prices = {a: 100_000, b: 110_000, c: 120_000}
    quality = {a: 9, b: 7, c: 4}
    return run_round(
        world,
        procedure,
        kind=kind,
        prices={o: p for o, p in prices.items() if o not in without},
        quality=quality,
        negotiate=negotiate,
    )


def _open(world, procedure, kind="initial"):
    return tendering.round_open(
        procedure=procedure,
        kind=kind,
        deadline=world.now + dt.timedelta(days=14),
        now=world.now,
        actor=world.officer,
    )


def _reduce(world, tender_round, *operators):
    negotiation.tenders_reduce(
        tender_round=tender_round,
        eliminate=list(operators),
        reasons={},
        now=world.now,
        actor=world.officer,
    )


def requests_open(world):
    return publish(world, draft_procedure(world)), None


def negotiation_without_rounds(world):
    return _negotiation(world), None


def round_before_its_deadline(world):
    procedure = _negotiation(world)
    tender_round = _open(world, procedure)
    world.tick(days=1)
    return procedure, tender_round


def round_after_its_deadline_unopened(world):
    procedure = _negotiation(world)
    tender_round = _open(world, procedure)
    world.tick(days=15)
    return procedure, tender_round


def opening_started_not_confirmed(world):
    procedure, tender_round = round_after_its_deadline_unopened(world)
    tendering.tenders_opening_start(tender_round=tender_round, now=world.now, actor=world.officer)
    return procedure, tender_round


def opened_not_scored(world):
    procedure, tender_round = round_after_its_deadline_unopened(world)
    for operator in world.operators:
        tendering.tender_submit(
            tender_round=tender_round,
            operator=operator,
            content=b"inschrijving",
            filename="inschrijving.pdf",
            price=100_000,
            now=tender_round.deadline - dt.timedelta(days=1),
            actor=world.supplier(operator),
        )
    opening = tendering.tenders_opening_start(
        tender_round=tender_round, now=world.now, actor=world.officer
    )
    tendering.tenders_opening_confirm(opening=opening, now=world.now, actor=world.second_officer)
    return procedure, tender_round


def opened_not_negotiated(world):
    procedure = _negotiation(world)
    return procedure, _round(world, procedure)


def negotiated_with_some(world):
    """A negotiation meeting with one tenderer is recorded; the round is not yet negotiated
    with all, and negotiating it still means meeting every remaining tenderer."""
    procedure, tender_round = opened_not_negotiated(world)
    negotiation.meeting_record(
        procedure=procedure,
        kind="negotiation",
        held_at=world.now,
        minutes="Eerste gesprek.",
        operator=world.operators[0],
        tender_round=tender_round,
        now=world.now,
        actor=world.officer,
    )
    return procedure, tender_round


def negotiated_with_all(world):
    procedure = _negotiation(world)
    return procedure, _round(world, procedure, negotiate=True)


def one_tenderer_did_not_tender(world):
    procedure = _negotiation(world)
    return procedure, _round(world, procedure, without=[world.operators[1]])


def reduction_not_announced(world):
    procedure = _negotiation(world, successive_reduction=False)
    return procedure, _round(world, procedure)


def reduced_to_two(world):
    procedure, tender_round = opened_not_negotiated(world)
    _reduce(world, tender_round, world.operators[2])
    return procedure, tender_round


def reduced_to_one(world):
    procedure, tender_round = opened_not_negotiated(world)
    _reduce(world, tender_round, world.operators[1], world.operators[2])
    return procedure, tender_round


def earlier_round_once_the_next_is_open(world):
    procedure = _negotiation(world)
    first = _round(world, procedure, negotiate=True)
    _open(world, procedure, kind="subsequent")
    return procedure, first


def final_round_opened(world):
    procedure = _negotiation(world)
    _round(world, procedure, negotiate=True)
    return procedure, _round(world, procedure, kind="final")


def award_decided(world):
    procedure = to_standstill(world, _negotiation(world))
    return procedure, procedure.rounds.order_by("number").last()


@dataclass(frozen=True)
class State:
    build: Callable[[World], tuple[Procedure, TenderRound | None]]
    open: dict[str, str]  # kind of the next round -> OK or the refusal's code
    opening: str | None = None  # None: there is no round
    negotiate: str | None = None
    reduce: str | None = None
    eliminable: tuple[int, ...] = ()  # operators (by index) that may be eliminated alone
    negotiate_with: tuple[int, ...] = field(default=(0, 1, 2))


WRONG = "wrong-stage"
FIRST = {
    "initial": OK,
    "subsequent": "first-round-must-be-initial",
    "final": "first-round-must-be-initial",
}
UNOPENED = {
    "initial": "initial-round-only-first",
    "subsequent": "previous-round-not-opened",
    "final": "previous-round-not-opened",
}
UNNEGOTIATED = {
    "initial": "initial-round-only-first",
    "subsequent": "negotiation-required",
    "final": "negotiation-required",
}
NEGOTIATED = {"initial": "initial-round-only-first", "subsequent": OK, "final": OK}
AFTER_FINAL = {
    "initial": "initial-round-only-first",
    "subsequent": "final-tender-not-negotiable",
    "final": "final-tender-not-negotiable",
}
STARTED = "opening-already-started"

STATES = {
    "requests open, no round": State(requests_open, open=dict.fromkeys(KINDS, WRONG)),
    "negotiation, no round yet": State(negotiation_without_rounds, open=FIRST),
    "round before its deadline": State(
        round_before_its_deadline,
        open=UNOPENED,
        opening="tender-opening-too-early",
        negotiate="round-not-opened",
        reduce="round-not-opened",
    ),
    "round after its deadline, unopened": State(
        round_after_its_deadline_unopened,
        open=UNOPENED,
        opening=OK,
        negotiate="round-not-opened",
        reduce="round-not-opened",
    ),
    "opening started, not confirmed": State(
        opening_started_not_confirmed,
        open=UNOPENED,
        opening=STARTED,
        negotiate="round-not-opened",
        reduce="round-not-opened",
    ),
    "opened, not yet scored": State(
        opened_not_scored,
        open=UNNEGOTIATED,
        opening=STARTED,
        negotiate=OK,
        reduce="consensus-score-missing",
    ),
    "opened and scored, not negotiated": State(
        opened_not_negotiated,
        open=UNNEGOTIATED,
        opening=STARTED,
        negotiate=OK,
        reduce=OK,
        eliminable=(2,),
    ),
    "negotiated with some": State(
        negotiated_with_some,
        open=UNNEGOTIATED,
        opening=STARTED,
        negotiate=OK,
        reduce=OK,
        eliminable=(2,),
    ),
    "negotiated with all": State(
        negotiated_with_all,
        open=NEGOTIATED,
        opening=STARTED,
        negotiate="round-already-negotiated",
        reduce=OK,
        eliminable=(2,),
    ),
    "a remaining tenderer did not tender": State(
        one_tenderer_did_not_tender,
        open=UNNEGOTIATED,
        opening=STARTED,
        negotiate=OK,
        reduce="reduction-without-scores",
    ),
    "reduction not announced": State(
        reduction_not_announced,
        open=UNNEGOTIATED,
        opening=STARTED,
        negotiate=OK,
        reduce="reduction-not-announced",
    ),
    "reduced to two": State(
        reduced_to_two,
        open=UNNEGOTIATED,
        opening=STARTED,
        negotiate=OK,
        reduce=OK,
        eliminable=(1,),
        negotiate_with=(0, 1),
    ),
    "reduced to one": State(
        reduced_to_one,
        open=UNNEGOTIATED,
        opening=STARTED,
        negotiate=OK,
        reduce="reduction-leaves-nobody",
        negotiate_with=(0,),
    ),
    "earlier round once the next is open": State(
        earlier_round_once_the_next_is_open,
        open=UNOPENED,
        opening=STARTED,
        negotiate="round-already-negotiated",
        reduce="reduction-not-on-latest-round",
    ),
    "final round": State(
        final_round_opened,
        open=AFTER_FINAL,
        opening=STARTED,
        negotiate="final-tender-not-negotiable",
        reduce="reduction-after-final",
    ),
    "award decided (wrong stage)": State(
        award_decided,
        open=dict.fromkeys(KINDS, WRONG),
        opening=WRONG,
        negotiate=WRONG,
        reduce=WRONG,
    ),
}


class _Accepted(Exception):
    """Raised after a service accepted, to roll its changes back."""


def _outcome(call: Callable[[], object]) -> DomainError | None:
    """What the service says: None if it accepts (its changes are rolled back), else its
    refusal."""
    try:
        with transaction.atomic():
            call()
            raise _Accepted
    except _Accepted:
        return None
    except DomainError as refusal:
        return refusal


def _same(action: Action, outcome: DomainError | None, what: str) -> str:
    """Assert that the selector and the service agree; return OK or the refusal's code."""
    assert action.possible == (outcome is None), (what, action, outcome)
    if outcome is None:
        assert action.reason is None, what
        return OK
    reason = action.reason
    assert (type(reason), reason.code, reason.message, reason.article) == (
        type(outcome),
        outcome.code,
        outcome.message,
        outcome.article,
    ), what
    return outcome.code


@pytest.mark.parametrize("name", list(STATES))
def test_the_selector_says_possible_exactly_when_the_service_accepts(
    name,
    isolated_store,  # noqa: F811
):
    state = STATES[name]
    world = make_world(operators=3)
    procedure, tender_round = state.build(world)
    procedure = Procedure.objects.get(pk=procedure.pk)
    officer, now = world.officer, world.now
    actions = round_next_actions(procedure=procedure, tender_round=tender_round, now=now)

    for kind in KINDS:
        outcome = _outcome(
            lambda kind=kind: tendering.round_open(
                procedure=procedure,
                kind=kind,
                deadline=now + dt.timedelta(days=14),
                now=now,
                actor=officer,
            )
        )
        assert _same(actions.open_round[kind], outcome, f"open {kind}") == state.open[kind]
    assert actions.may_open_round == (OK in state.open.values())
    if tender_round is None:
        assert (actions.start_opening, actions.negotiate, actions.reduce) == (None, None, None)
        return

    opening = _outcome(
        lambda: tendering.tenders_opening_start(tender_round=tender_round, now=now, actor=officer)
    )
    assert _same(actions.start_opening, opening, "start the opening") == state.opening

    remaining = remaining_participants(procedure=procedure)
    negotiated = _outcome(
        lambda: negotiation.round_negotiate(
            tender_round=tender_round,
            minutes=[(o, "Besproken.") for o in remaining],
            now=now,
            actor=officer,
        )
    )
    assert _same(actions.negotiate, negotiated, "negotiate") == state.negotiate
    expected_with = [world.operators[i] for i in state.negotiate_with] if negotiated is None else []
    assert list(actions.negotiate_with) == expected_with
    if negotiated is None:
        # With whom: every remaining tenderer; one fewer is refused.
        fewer = _outcome(
            lambda: negotiation.round_negotiate(
                tender_round=tender_round,
                minutes=[(o, "Besproken.") for o in remaining[1:]],
                now=now,
                actor=officer,
            )
        )
        assert fewer is not None and fewer.code == "negotiation-not-with-all"

    refusals = {}
    for operator in remaining:
        alone = _outcome(
            lambda operator=operator: negotiation.tenders_reduce(
                tender_round=tender_round,
                eliminate=[operator],
                reasons={},
                now=now,
                actor=officer,
            )
        )
        _same(actions.elimination[str(operator.pk)], alone, f"eliminate {operator}")
        refusals[str(operator.pk)] = alone
    eliminable = {str(world.operators[i].pk) for i in state.eliminable}
    assert {key for key, refusal in refusals.items() if refusal is None} == eliminable
    assert actions.reduce.possible == bool(eliminable)
    if actions.reduce.possible:
        assert state.reduce == OK
    else:
        # The reason shown is the refusal of one of the eliminations the service refused.
        reason = actions.reduce.reason
        assert any((reason.code, reason.message) == (r.code, r.message) for r in refusals.values())
        assert reason.code == state.reduce
