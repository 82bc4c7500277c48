"""Regressions found by the random action sequences (tests/test_random_action_sequences.py)."""

import datetime as dt

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.procedures import services as procedures
from innopartner.tendering import services
from innopartner.tendering.models import Tender
from innopartner.testing import draft_procedure, make_world, publish, select

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def negotiation(world):
    return select(world, publish(world, draft_procedure(world)), operators=world.operators[:3])


@pytest.fixture
def tender_round(world, negotiation):
    return services.round_open(
        procedure=negotiation,
        kind="initial",
        deadline=world.now + dt.timedelta(days=5),
        now=world.now,
        actor=world.officer,
    )


def submit(world, tender_round, operator):
    return services.tender_submit(
        tender_round=tender_round,
        operator=operator,
        content=b"Onze oplossing",
        filename="inschrijving.pdf",
        price=1000,
        now=world.now,
        actor=world.supplier(operator),
    )


def test_a_document_change_does_not_reopen_a_round_whose_opening_has_started(
    world, negotiation, tender_round
):
    """The resubmission deadline of a change used to extend a round whose opening had started
    but was not yet confirmed: tenders then arrived after the opening began, and the opening was
    confirmed before the round's (new) deadline."""
    world.tick(days=6)
    opening = services.tenders_opening_start(
        tender_round=tender_round, now=world.now, actor=world.officer
    )
    procedures.requirement_change(
        requirement=negotiation.requirements.get(is_minimum=False),
        text="Rapporteert wekelijks.",
        resubmission_deadline=world.now + dt.timedelta(days=3),
        now=world.now,
        actor=world.officer,
    )
    tender_round.refresh_from_db()
    assert tender_round.deadline < opening.started_at
    with pytest.raises(RuleViolation) as caught:
        submit(world, tender_round, world.operators[0])
    assert caught.value.code == "tender-after-deadline"
    confirmed = services.tenders_opening_confirm(
        opening=opening, now=world.now, actor=world.second_officer
    )
    assert confirmed.confirmed_at > tender_round.deadline


def test_a_document_change_still_extends_a_round_that_is_running(world, negotiation, tender_round):
    procedures.requirement_change(
        requirement=negotiation.requirements.get(is_minimum=False),
        text="Rapporteert wekelijks.",
        resubmission_deadline=world.now + dt.timedelta(days=9),
        now=world.now,
        actor=world.officer,
    )
    tender_round.refresh_from_db()
    assert tender_round.deadline == world.now + dt.timedelta(days=9)


def test_a_cancelled_procedure_receives_no_tenders(world, negotiation, tender_round):
    operator = world.operators[0]
    submit(world, tender_round, operator)
    procedures.procedure_cancel(
        procedure=negotiation, reason="Geen budget meer.", now=world.now, actor=world.officer
    )
    with pytest.raises(RuleViolation) as caught:
        submit(world, tender_round, world.operators[1])
    assert caught.value.code == "wrong-stage"
    with pytest.raises(RuleViolation) as caught:
        services.tender_replace(
            tender=Tender.objects.get(operator=operator),
            content=b"Nieuw",
            filename="inschrijving.pdf",
            price=900,
            now=world.now,
            actor=world.supplier(operator),
        )
    assert caught.value.code == "wrong-stage"
    assert Tender.objects.count() == 1
