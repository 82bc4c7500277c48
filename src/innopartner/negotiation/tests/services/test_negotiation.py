"""Negotiation: rounds in order, answers to all at once, reduction by ranking, consent."""

import datetime as dt

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.negotiation import services
from innopartner.negotiation.selectors import questions_visible_to
from innopartner.participation.selectors import remaining_participants
from innopartner.procedures.models import DecisionLetter
from innopartner.tendering import services as tendering
from innopartner.testing import draft_procedure, make_world, publish, run_round, select

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def negotiation(world):
    return select(world, publish(world, draft_procedure(world)))


def test_the_first_round_of_an_innovation_partnership_is_the_initial_one(world, negotiation):
    with pytest.raises(RuleViolation) as caught:
        tendering.round_open(
            procedure=negotiation,
            kind="final",
            deadline=world.now + dt.timedelta(days=5),
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "first-round-must-be-initial"


def test_a_final_round_needs_negotiation_on_the_previous_one(world, negotiation):
    run_round(
        world,
        negotiation,
        kind="initial",
        prices={o: 1000 for o in world.operators},
        negotiate=False,
    )
    with pytest.raises(RuleViolation) as caught:
        tendering.round_open(
            procedure=negotiation,
            kind="final",
            deadline=world.now + dt.timedelta(days=5),
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "negotiation-required"


def test_final_tenders_are_not_negotiated_and_nothing_follows_them(world, negotiation):
    run_round(world, negotiation, kind="initial", prices={o: 1000 for o in world.operators})
    final = run_round(world, negotiation, kind="final", prices={o: 1000 for o in world.operators})
    with pytest.raises(RuleViolation) as caught:
        services.round_negotiate(
            tender_round=final,
            minutes=[(o, "x") for o in world.operators],
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "final-tender-not-negotiable"
    with pytest.raises(RuleViolation) as caught:
        tendering.round_open(
            procedure=negotiation,
            kind="subsequent",
            deadline=world.now + dt.timedelta(days=5),
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "final-tender-not-negotiable"


def test_a_question_is_seen_by_the_buyer_and_asker_only_until_answers_are_published_to_all(world):
    procedure = publish(world, draft_procedure(world))
    from innopartner.participation.services import interest_register

    a, b = world.operators[:2]
    for operator in (a, b):
        interest_register(
            procedure=procedure, operator=operator, now=world.now, actor=world.supplier(operator)
        )
    question = services.question_ask(
        procedure=procedure,
        operator=a,
        text="Mag het met drones?",
        now=world.now,
        actor=world.supplier(a),
    )
    assert questions_visible_to(user=world.supplier(b), procedure=procedure) == []
    assert questions_visible_to(user=world.supplier(a), procedure=procedure)[0].asked_by == a.name
    services.question_answer(question=question, answer="Ja.", now=world.now, actor=world.officer)
    assert questions_visible_to(user=world.supplier(b), procedure=procedure) == []
    services.answers_publish(procedure=procedure, now=world.tick(hours=1), actor=world.officer)
    seen_by_b = questions_visible_to(user=world.supplier(b), procedure=procedure)
    assert [(q.number, q.answer, q.asked_by) for q in seen_by_b] == [(1, "Ja.", None)]


def test_an_answer_to_one_asker_only_needs_a_recorded_reason(world):
    procedure = publish(world, draft_procedure(world))
    a = world.operators[0]
    question = services.question_ask(
        procedure=procedure,
        operator=a,
        text="Over ons eigen ontwerp?",
        now=world.now,
        actor=world.supplier(a),
    )
    with pytest.raises(RuleViolation) as caught:
        services.question_answer(
            question=question, answer="Ja.", to_all=False, now=world.now, actor=world.officer
        )
    assert caught.value.code == "answer-must-go-to-all"


def test_reduction_is_refused_when_the_documents_did_not_announce_it(world):
    procedure = select(world, publish(world, draft_procedure(world, successive_reduction=False)))
    tender_round = run_round(
        world, procedure, kind="initial", prices={o: 1000 for o in world.operators}
    )
    with pytest.raises(RuleViolation) as caught:
        services.tenders_reduce(
            tender_round=tender_round,
            eliminate=[world.operators[3]],
            reasons={},
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "reduction-not-announced"
    assert len(remaining_participants(procedure=procedure)) == 4


def test_reduction_follows_the_ranking_and_each_dropped_tenderer_gets_reasons(world, negotiation):
    a, b, c, d = world.operators
    tender_round = run_round(
        world,
        negotiation,
        kind="initial",
        prices={o: 1000 for o in world.operators},
        quality={a: 9, b: 8, c: 7, d: 5},
    )
    with pytest.raises(RuleViolation) as caught:
        services.tenders_reduce(
            tender_round=tender_round, eliminate=[b], reasons={}, now=world.now, actor=world.officer
        )
    assert caught.value.code == "reduction-against-ranking"
    services.tenders_reduce(
        tender_round=tender_round,
        eliminate=[d],
        reasons={d.name: "Te weinig nauwkeurig."},
        now=world.now,
        actor=world.officer,
    )
    assert d not in remaining_participants(procedure=negotiation)
    letter = DecisionLetter.objects.get(addressee=d, kind="eliminated")
    assert "Rang 4" in letter.reasons and "Te weinig nauwkeurig." in letter.reasons
    with pytest.raises(RuleViolation) as caught:
        tendering.tender_submit(
            tender_round=tendering.round_open(
                procedure=negotiation,
                kind="final",
                deadline=world.now + dt.timedelta(days=3),
                now=world.now,
                actor=world.officer,
            ),
            operator=d,
            content=b"x",
            filename="x.pdf",
            price=1,
            now=world.now,
            actor=world.supplier(d),
        )
    assert caught.value.code == "tenderer-eliminated"


def test_a_blanket_consent_is_refused_and_a_specific_one_covers_only_its_disclosure(
    world, negotiation
):
    a, b, c, _ = world.operators
    item = services.confidential_item_register(
        procedure=negotiation,
        owner=a,
        title="Sensorontwerp",
        now=world.now,
        actor=world.supplier(a),
    )
    with pytest.raises(RuleViolation) as caught:
        services.consent_give(
            item=item,
            disclosure="Alle informatie mag worden gedeeld.",
            recipients=[b],
            now=world.now,
            actor=world.supplier(a),
        )
    assert caught.value.code == "consent-blanket"
    with pytest.raises(RuleViolation) as caught:
        services.confidential_disclose(
            item=item, recipients=[b], consent=None, now=world.now, actor=world.officer
        )
    assert caught.value.code == "consent-missing"
    consent = services.consent_give(
        item=item,
        disclosure="Het sensorontwerp tonen in de demo van 1 maart.",
        recipients=[b],
        now=world.now,
        actor=world.supplier(a),
    )
    with pytest.raises(RuleViolation) as caught:
        services.confidential_disclose(
            item=item, recipients=[b, c], consent=consent, now=world.now, actor=world.officer
        )
    assert caught.value.code == "consent-does-not-cover-recipients"
    services.confidential_disclose(
        item=item, recipients=[b], consent=consent, now=world.now, actor=world.officer
    )
    with pytest.raises(RuleViolation) as caught:
        services.confidential_disclose(
            item=item, recipients=[b], consent=consent, now=world.now, actor=world.officer
        )
    assert caught.value.code == "consent-already-used"
