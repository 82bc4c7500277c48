"""What the buyer can do now with its rounds, through the API: each action's answer is the one
its service gives (called here inside a rolled-back transaction, as the selector's own tests
do), the tenderers are named by UUID and name, only the buyer's staff read it, and no sealed
tender's content or price appears."""

from __future__ import annotations

import datetime as dt

import pytest

from innopartner.negotiation import services as negotiation_services
from innopartner.negotiation.tests.selectors.test_round_actions import (
    _outcome,
    earlier_round_once_the_next_is_open,
    negotiation_without_rounds,
    opened_not_negotiated,
    round_after_its_deadline_unopened,
    round_before_its_deadline,
)
from innopartner.participation.selectors import remaining_participants
from innopartner.sealing.testing import isolated_store  # noqa: F401
from innopartner.tendering import services as tendering
from innopartner.testing import make_world

from .conftest import assert_problem, url

pytestmark = pytest.mark.django_db

KINDS = ("initial", "subsequent", "final")


@pytest.fixture
def world(db, isolated_store):  # noqa: F811
    # The state builders of the selector's tests rank three tenderers A, B, C.
    return make_world(operators=3)


def _refusal(outcome) -> dict | None:
    """A service's answer in the API's shape (None: the service accepted)."""
    if outcome is None:
        return None
    return {"code": outcome.code, "detail": outcome.message, "article": outcome.article}


def _assert_as_service(action: dict, outcome) -> None:
    assert action["possible"] is (outcome is None), (action, outcome)
    assert action["refusal"] == _refusal(outcome)


def _open_outcomes(world, procedure) -> dict:
    return {
        kind: _outcome(
            lambda kind=kind: tendering.round_open(
                procedure=procedure,
                kind=kind,
                deadline=world.now + dt.timedelta(days=14),
                now=world.now,
                actor=world.officer,
            )
        )
        for kind in KINDS
    }


def _reduce_outcome(world, tender_round, operator):
    return _outcome(
        lambda: negotiation_services.tenders_reduce(
            tender_round=tender_round,
            eliminate=[operator],
            reasons={},
            now=world.now,
            actor=world.officer,
        )
    )


def test_after_a_scored_round_negotiate_with_all_and_eliminate_the_last(api, world):
    procedure, tender_round = opened_not_negotiated(world)
    response = api.get(world.officer, url(procedure, "rounds/actions/"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["round"], body["next_round"]) == (1, 2)

    opens = _open_outcomes(world, procedure)
    for kind in KINDS:
        _assert_as_service(body["open_round"][kind], opens[kind])
    assert body["open_round"]["subsequent"]["refusal"]["code"] == "negotiation-required"
    assert body["open_round"]["subsequent"]["refusal"]["article"]

    opening = _outcome(
        lambda: tendering.tenders_opening_start(
            tender_round=tender_round, now=world.now, actor=world.officer
        )
    )
    _assert_as_service(body["start_opening"], opening)
    assert body["start_opening"]["refusal"]["code"] == "opening-already-started"

    a, b, c = world.operators
    assert body["negotiate"]["possible"] is True and body["negotiate"]["refusal"] is None
    assert body["negotiate"]["negotiate_with"] == [
        {"id": str(o.pk), "name": o.name} for o in remaining_participants(procedure=procedure)
    ]
    assert {t["id"] for t in body["negotiate"]["negotiate_with"]} == {str(o.pk) for o in (a, b, c)}

    assert body["reduce"]["possible"] is True and body["reduce"]["refusal"] is None
    elimination = {t["id"]: t for t in body["reduce"]["elimination"]}
    assert set(elimination) == {str(o.pk) for o in (a, b, c)}
    for operator in (a, b, c):
        row = elimination[str(operator.pk)]
        assert row["name"] == operator.name
        _assert_as_service(row, _reduce_outcome(world, tender_round, operator))
    # C ranks last: only C could be eliminated alone
    assert [t["id"] for t in body["reduce"]["elimination"] if t["possible"]] == [str(c.pk)]

    # the per-round address answers the same for the latest round
    assert api.get(world.officer, url(procedure, "rounds/1/actions/")).json() == body


def test_before_the_deadline_the_opening_cannot_start_with_the_services_code(api, world):
    procedure, tender_round = round_before_its_deadline(world)
    body = api.get(world.second_officer, url(procedure, "rounds/1/actions/")).json()

    opening = _outcome(
        lambda: tendering.tenders_opening_start(
            tender_round=tender_round, now=world.now, actor=world.officer
        )
    )
    _assert_as_service(body["start_opening"], opening)
    assert body["start_opening"]["refusal"]["code"] == "tender-opening-too-early"
    assert body["negotiate"] == {
        "possible": False,
        "refusal": body["negotiate"]["refusal"],
        "negotiate_with": [],
    }
    assert body["negotiate"]["refusal"]["code"] == "round-not-opened"
    assert body["reduce"]["possible"] is False
    assert body["reduce"]["refusal"]["code"] == "round-not-opened"
    assert all(t["refusal"]["code"] == "round-not-opened" for t in body["reduce"]["elimination"])

    # the API's own action refuses with the very problem the read announced
    refused = assert_problem(
        api.post(world.officer, url(procedure, "rounds/1/opening/")), 409, opening.code
    )
    assert (refused["detail"], refused["article"]) == (opening.message, opening.article)
    assert not tender_round.openings.exists()


def test_without_a_round_only_the_first_round_can_be_opened(api, world):
    procedure, _none = negotiation_without_rounds(world)
    body = api.get(world.officer, url(procedure, "rounds/actions/")).json()
    assert body["round"] is None and body["next_round"] == 1
    assert (body["start_opening"], body["negotiate"], body["reduce"]) == (None, None, None)
    opens = _open_outcomes(world, procedure)
    for kind in KINDS:
        _assert_as_service(body["open_round"][kind], opens[kind])
    assert body["open_round"]["initial"] == {"possible": True, "refusal": None}
    assert body["open_round"]["final"]["refusal"]["code"] == "first-round-must-be-initial"

    assert_problem(
        api.get(world.officer, url(procedure, "rounds/1/actions/")), 404, "round-not-found"
    )
    assert_problem(
        api.get(world.officer, url(procedure, "rounds/0/actions/")), 404, "round-not-found"
    )


def test_an_earlier_round_is_read_at_its_number(api, world):
    procedure, first = earlier_round_once_the_next_is_open(world)
    latest = api.get(world.officer, url(procedure, "rounds/actions/")).json()
    assert (latest["round"], latest["next_round"]) == (2, 3)

    body = api.get(world.officer, url(procedure, "rounds/1/actions/")).json()
    assert (body["round"], body["next_round"]) == (1, 3)
    assert body["open_round"] == latest["open_round"]
    assert body["reduce"]["refusal"]["code"] == "reduction-not-on-latest-round"
    a = world.operators[0]
    _assert_as_service(body["reduce"]["elimination"][0], _reduce_outcome(world, first, a))


def test_only_the_buyers_staff_read_the_actions_and_nothing_leaks(api, world, auditor):
    """Sealed tenders are in the round (its deadline passed, not opened): nobody reads their
    price or file, not even the buyer's staff through this read."""
    procedure, tender_round = round_after_its_deadline_unopened(world)
    a, b, c = world.operators
    tendering.tender_submit(
        tender_round=tender_round,
        operator=a,
        content=b"geheime inschrijving",
        filename="geheim-bod.pdf",
        price=123_457,
        now=tender_round.deadline - dt.timedelta(days=1),
        actor=world.supplier(a),
    )
    buyer = api.get(world.officer, url(procedure, "rounds/actions/"))
    assert buyer.status_code == 200
    assert buyer.json()["start_opening"] == {"possible": True, "refusal": None}
    text = buyer.content.decode()
    for secret in ("123457", "123.457", "geheim", tender_round.tenders.get().sha256):
        assert secret not in text

    outsiders = {
        "supplier": world.supplier(a),
        "evaluator": world.evaluator,
        "other buyer": world.other_buyer_officer,
        "auditor": auditor,
    }
    for tail in ("rounds/actions/", "rounds/1/actions/", "rounds/9/actions/"):
        for role, person in outsiders.items():
            response = api.get(person, url(procedure, tail))
            # the procedure is published, so each sees it; the read is refused before the
            # round is looked up: no one learns whether round 9 exists
            assert_problem(response, 403, "not-buyer-staff")
            text = response.content.decode()
            assert "possible" not in text and "round-not-found" not in text, (role, tail)
            for operator in (b, c):
                assert operator.name not in text, (role, tail)
        assert_problem(api.get(None, url(procedure, tail)), 401)
