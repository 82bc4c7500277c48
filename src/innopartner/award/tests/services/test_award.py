"""Award: on final tenders, by the ranking, with a standstill before signing."""

import datetime as dt

import pytest

from innopartner.award import services
from innopartner.core.exceptions import RuleViolation
from innopartner.procedures.models import DecisionLetter, Procedure
from innopartner.testing import (
    draft_procedure,
    make_world,
    publish,
    run_round,
    select,
    to_standstill,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def negotiation(world):
    return select(world, publish(world, draft_procedure(world)))


def test_an_innovation_partnership_is_not_awarded_on_initial_tenders(world, negotiation):
    run_round(world, negotiation, kind="initial", prices={o: 1000 for o in world.operators})
    with pytest.raises(RuleViolation) as caught:
        services.award_decide(
            procedure=negotiation,
            winners=world.operators[:2],
            reasons="x",
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "award-without-negotiation"
    assert Procedure.objects.get(pk=negotiation.pk).stage == "negotiation"


def test_the_award_follows_the_best_price_quality_ratio(world, negotiation):
    a, b, c, d = world.operators
    quality = {a: 9, b: 8, c: 7, d: 6}
    run_round(
        world,
        negotiation,
        kind="initial",
        prices={o: 1000 for o in world.operators},
        quality=quality,
    )
    run_round(
        world, negotiation, kind="final", prices={o: 1000 for o in world.operators}, quality=quality
    )
    with pytest.raises(RuleViolation) as caught:
        services.award_decide(
            procedure=negotiation, winners=[a, c], reasons="x", now=world.now, actor=world.officer
        )
    assert caught.value.code == "award-against-ranking"
    decision = services.award_decide(
        procedure=negotiation,
        winners=[a, b],
        reasons="Beste verhouding.",
        now=world.now,
        actor=world.officer,
    )
    assert [(line.operator, line.rank, line.awarded) for line in decision.lines.all()] == [
        (a, 1, True),
        (b, 2, True),
        (c, 3, False),
        (d, 4, False),
    ]
    letters = DecisionLetter.objects.filter(kind__in=["award_intended", "award_rejected"])
    assert letters.count() == 4
    assert all(letter.standstill_ends == decision.standstill_ends for letter in letters)


def test_signing_is_blocked_until_twenty_one_days_after_sending(world, negotiation):
    procedure = to_standstill(world, negotiation)
    decision = procedure.award_decision
    sent = decision.sent_at
    assert decision.earliest_signing == sent.date() + dt.timedelta(days=21)
    with pytest.raises(RuleViolation) as caught:
        services.agreement_sign(
            procedure=procedure, now=sent + dt.timedelta(days=20), actor=world.officer
        )
    assert caught.value.code == "standstill-not-over"
    agreement = services.agreement_sign(
        procedure=procedure, now=sent + dt.timedelta(days=21), actor=world.officer
    )
    assert Procedure.objects.get(pk=procedure.pk).stage == "rd_phases"
    assert agreement.award_notice_due == agreement.signed_at + dt.timedelta(days=30)


def test_an_exception_to_the_standstill_needs_its_reason(world, negotiation):
    procedure = to_standstill(world, negotiation)
    with pytest.raises(RuleViolation) as caught:
        services.agreement_sign(
            procedure=procedure,
            now=world.now,
            actor=world.officer,
            standstill_exception="single_tenderer_no_candidates",
        )
    assert caught.value.code == "standstill-exception-reason-missing"


def test_the_award_notice_follows_the_contract_and_a_late_one_is_marked_late(world, negotiation):
    procedure = to_standstill(world, negotiation)
    with pytest.raises(RuleViolation) as caught:
        services.award_notice_publish(procedure=procedure, now=world.now, actor=world.officer)
    assert caught.value.code == "award-notice-before-contract"
    agreement = services.agreement_sign(
        procedure=procedure, now=world.tick(days=21), actor=world.officer
    )
    notice = services.award_notice_publish(
        procedure=procedure,
        now=agreement.award_notice_due + dt.timedelta(seconds=1),
        actor=world.officer,
    )
    assert notice.is_late and notice.eforms_subtype == "29"


def test_after_the_award_decision_scores_and_openings_are_frozen(world, negotiation):
    from innopartner.evaluation import services as evaluation

    procedure = to_standstill(world, negotiation)
    final = procedure.rounds.get(kind="final")
    tender = final.tenders.filter(status="submitted").first()
    criterion = procedure.award_criteria.get(kind="quality")
    with pytest.raises(RuleViolation) as caught:
        evaluation.consensus_record(
            tender=tender,
            criterion=criterion,
            score=1,
            justification="Later.",
            now=world.now,
            actor=world.officer,
        )
    assert caught.value.code == "wrong-stage"
    with pytest.raises(RuleViolation) as caught:
        evaluation.score_submit(
            tender=tender,
            criterion=criterion,
            score=1,
            justification="Later.",
            now=world.now,
            actor=world.evaluator,
        )
    assert caught.value.code == "wrong-stage"
    assert tender.consensus_scores.get().score != 1


def test_a_cancelled_procedure_opens_and_negotiates_nothing(world, negotiation):
    import datetime as dt

    from innopartner.negotiation import services as negotiation_services
    from innopartner.procedures import services as procedures
    from innopartner.tendering import services as tendering

    tender_round = tendering.round_open(
        procedure=negotiation,
        kind="initial",
        deadline=world.now + dt.timedelta(days=2),
        now=world.now,
        actor=world.officer,
    )
    procedures.procedure_cancel(
        procedure=negotiation, reason="Budget vervallen.", now=world.now, actor=world.officer
    )
    later = world.tick(days=3)
    with pytest.raises(RuleViolation) as caught:
        tendering.tenders_opening_start(tender_round=tender_round, now=later, actor=world.officer)
    assert caught.value.code == "wrong-stage"
    with pytest.raises(RuleViolation) as caught:
        negotiation_services.round_negotiate(
            tender_round=tender_round, minutes=[], now=later, actor=world.officer
        )
    assert caught.value.code == "wrong-stage"
