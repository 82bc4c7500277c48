"""The buyer's tender rounds page: open the next round, negotiate with every remaining
tenderer, reduce after a scored round. The engine decides (Art. 31(3)-(5)); the page shows its
refusals with code and keeps the input; only the procedure's own buyer staff may act."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from innopartner import testing
from innopartner.core.timeutil import AMSTERDAM
from innopartner.procedures.models import DecisionLetter
from innopartner.tendering.models import TenderRound
from innopartner.web import clock

from .conftest import sign_in


@pytest.fixture
def world(db, monkeypatch):
    world = testing.make_world(operators=3)
    procedure = testing.draft_procedure(world)
    procedure = testing.publish(world, procedure)
    procedure = testing.select(world, procedure)
    monkeypatch.setattr(clock, "now", lambda: world.now)
    world.procedure = procedure
    return world


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M")


def test_the_officer_opens_the_first_round_through_the_page(client, world):
    sign_in(client, "officer")
    page = client.get(reverse("web:rounds", args=[world.procedure.pk]))
    assert page.status_code == 200
    assert "Volgende ronde openen" in page.content.decode()
    answer = client.post(
        reverse("web:round_open", args=[world.procedure.pk]),
        {
            "kind": "initial",
            "deadline": _local(world.now + dt.timedelta(days=20)),
            "price_required": "on",
        },
    )
    assert answer.status_code == 302
    opened = TenderRound.objects.get(procedure=world.procedure)
    assert (opened.number, opened.kind, opened.price_required) == (1, "initial", True)
    assert world.procedure.audit_records.filter(action="round.opened").exists()


def test_a_final_round_first_is_refused_with_the_rule_and_the_input_kept(client, world):
    sign_in(client, "officer")
    answer = client.post(
        reverse("web:round_open", args=[world.procedure.pk]),
        {"kind": "final", "deadline": _local(world.now + dt.timedelta(days=20))},
    )
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "Deze handeling is geweigerd" in body
    assert 'value="final" checked' in body.replace("\n", " ") or "checked" in body
    assert not TenderRound.objects.filter(procedure=world.procedure).exists()


def test_a_deadline_in_the_past_and_a_missing_deadline_are_refused(client, world):
    sign_in(client, "officer")
    past = client.post(
        reverse("web:round_open", args=[world.procedure.pk]),
        {"kind": "initial", "deadline": _local(world.now - dt.timedelta(days=1))},
    )
    assert past.status_code == 400 and "round-deadline-in-past" in past.content.decode()
    missing = client.post(reverse("web:round_open", args=[world.procedure.pk]), {"kind": "initial"})
    assert missing.status_code == 400 and "Controleer de invoer" in missing.content.decode()
    assert not TenderRound.objects.filter(procedure=world.procedure).exists()


def _scored_round(world):
    a, b, c = world.operators
    return testing.run_round(
        world,
        world.procedure,
        kind="initial",
        prices={a: 100_000, b: 110_000, c: 120_000},
        quality={a: 9, b: 7, c: 4},
        negotiate=False,
    )


def test_negotiation_needs_minutes_for_every_remaining_tenderer(client, world):
    tender_round = _scored_round(world)
    sign_in(client, "officer")
    page = client.get(reverse("web:rounds", args=[world.procedure.pk])).content.decode()
    assert "Onderhandeling over ronde 1" in page
    url = reverse("web:round_negotiate", args=[world.procedure.pk, tender_round.pk])
    a, b, c = world.operators
    partial = client.post(url, {f"minutes_{a.pk}": "Besproken.", f"minutes_{b.pk}": "Idem."})
    assert partial.status_code == 400
    tender_round.refresh_from_db()
    assert tender_round.negotiated_at is None
    complete = client.post(url, {f"minutes_{o.pk}": f"Gesprek met {o.name}." for o in (a, b, c)})
    assert complete.status_code == 302
    tender_round.refresh_from_db()
    assert tender_round.negotiated_at is not None
    assert world.procedure.meetings.filter(round=tender_round, kind="negotiation").count() == 3


def test_reduction_follows_the_ranking_and_sends_a_letter(client, world):
    tender_round = _scored_round(world)
    sign_in(client, "officer")
    url = reverse("web:tenders_reduce", args=[world.procedure.pk, tender_round.pk])
    a, b, c = world.operators
    wrong = client.post(url, {"eliminate": [str(a.pk)], "reason": "Te duur."})
    assert wrong.status_code == 400
    assert "Deze handeling is geweigerd" in wrong.content.decode()
    assert not DecisionLetter.objects.filter(procedure=world.procedure, kind="eliminated").exists()
    no_reason = client.post(url, {"eliminate": [str(c.pk)]})
    assert no_reason.status_code == 400
    right = client.post(url, {"eliminate": [str(c.pk)], "reason": "Laagste kwaliteit."})
    assert right.status_code == 302
    letter = DecisionLetter.objects.get(procedure=world.procedure, kind="eliminated")
    assert letter.addressee == c
    assert "Laagste kwaliteit." in letter.reasons


@pytest.mark.parametrize(
    ("username", "status"),
    [("supplier-a", 403), ("evaluator", 403), ("other-officer", 404)],
)
def test_other_roles_cannot_open_a_round(client, world, username, status):
    sign_in(client, username)
    assert client.get(reverse("web:rounds", args=[world.procedure.pk])).status_code == status
    answer = client.post(
        reverse("web:round_open", args=[world.procedure.pk]),
        {"kind": "initial", "deadline": _local(world.now + dt.timedelta(days=20))},
    )
    assert answer.status_code == status
    assert not TenderRound.objects.filter(procedure=world.procedure).exists()


def test_anonymous_is_sent_to_the_login(client, world):
    answer = client.get(reverse("web:rounds", args=[world.procedure.pk]))
    assert answer.status_code == 302 and "aanmelden" in answer["Location"]


def test_an_action_that_is_not_possible_now_shows_why_with_the_rule(client, db, monkeypatch):
    """The page shows no form for what the engine would refuse, but the engine's reason: a
    round already negotiated, a reduction the documents did not announce, a final round
    before the first."""
    world = testing.make_world(operators=3)
    procedure = testing.draft_procedure(world, successive_reduction=False)
    procedure = testing.select(world, testing.publish(world, procedure))
    monkeypatch.setattr(clock, "now", lambda: world.now)
    sign_in(client, "officer")
    first = client.get(reverse("web:rounds", args=[procedure.pk])).content.decode()
    assert "Ronde openen" in first  # the initial round can be opened ...
    assert "first-round-must-be-initial" in first  # ... a final one cannot, and the page says so
    prices = {o: 100 + 10 * i for i, o in enumerate(world.operators)}
    testing.run_round(world, procedure, kind="initial", prices=prices)
    page = client.get(reverse("web:rounds", args=[procedure.pk])).content.decode()
    assert "Onderhandeling over ronde 1" in page
    assert "Over deze ronde is al onderhandeld." in page and "round-already-negotiated" in page
    assert "Onderhandeling vastleggen" not in page
    assert "reduction-not-announced" in page and "Art. 31(5) Richtlijn 2014/24/EU" in page
    assert "Reductie vastleggen" not in page
    assert "Deze handeling is geweigerd" not in page  # a state, not a refused request


def test_an_opened_round_not_yet_scored_can_be_negotiated_but_not_reduced(client, world):
    """The reduction waits for the committee's scores (the ranking refuses without them); the
    page says so instead of failing, and negotiation does not wait for scores."""
    from innopartner.tendering import services as tendering

    procedure = world.procedure
    tender_round = tendering.round_open(
        procedure=procedure,
        kind="initial",
        deadline=world.now + dt.timedelta(days=14),
        now=world.now,
        actor=world.officer,
    )
    for operator in world.operators:
        tendering.tender_submit(
            tender_round=tender_round,
            operator=operator,
            content=b"inschrijving",
            filename="inschrijving.pdf",
            price=100_000,
            now=world.tick(hours=1),
            actor=world.supplier(operator),
        )
    world.tick(days=15)
    opening = tendering.tenders_opening_start(
        tender_round=tender_round, now=world.now, actor=world.officer
    )
    tendering.tenders_opening_confirm(opening=opening, now=world.now, actor=world.second_officer)
    sign_in(client, "officer")
    page = client.get(reverse("web:rounds", args=[procedure.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Onderhandeling vastleggen" in body
    assert "consensus-score-missing" in body and "Reductie vastleggen" not in body
