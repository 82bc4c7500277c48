"""Requests to participate and the selection decision (Art. 65(2))."""

import datetime as dt

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.participation import services
from innopartner.participation.models import Invitation
from innopartner.procedures.models import DecisionLetter, Procedure
from innopartner.testing import draft_procedure, make_world, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(operators=5)


@pytest.fixture
def procedure(world):
    return publish(world, draft_procedure(world))


def request_all(world, procedure, operators):
    for operator in operators:
        services.request_submit(
            procedure=procedure, operator=operator, now=world.now, actor=world.supplier(operator)
        )


def assess(world, procedure, qualified, unqualified=()):
    world.now = procedure.requests_deadline + dt.timedelta(minutes=1)
    for operator in qualified:
        services.request_assess(
            request=procedure.requests.get(operator=operator),
            qualified=True,
            assessment="Geschikt.",
            now=world.now,
            actor=world.officer,
        )
    for operator in unqualified:
        services.request_assess(
            request=procedure.requests.get(operator=operator),
            qualified=False,
            assessment="Geen O&O-referentie.",
            now=world.now,
            actor=world.officer,
        )


def test_a_request_after_the_time_limit_is_refused(world, procedure):
    operator = world.operators[0]
    with pytest.raises(RuleViolation) as caught:
        services.request_submit(
            procedure=procedure,
            operator=operator,
            now=procedure.requests_deadline + dt.timedelta(seconds=1),
            actor=world.supplier(operator),
        )
    assert caught.value.code == "request-after-deadline"
    assert not procedure.requests.exists()


def test_selection_does_not_start_before_the_request_deadline(world, procedure):
    request_all(world, procedure, world.operators[:1])
    with pytest.raises(RuleViolation) as caught:
        services.request_assess(
            request=procedure.requests.get(),
            qualified=True,
            assessment="Geschikt.",
            now=procedure.requests_deadline,
            actor=world.officer,
        )
    assert caught.value.code == "selection-before-request-deadline"


def test_at_least_the_announced_minimum_is_invited_when_enough_qualify(world, procedure):
    request_all(world, procedure, world.operators)
    assess(world, procedure, world.operators)
    with pytest.raises(RuleViolation) as caught:
        services.candidates_invite(
            procedure=procedure, operators=world.operators[:2], now=world.now, actor=world.officer
        )
    assert caught.value.code == "too-few-candidates-invited"
    assert not Invitation.objects.exists()


def test_above_the_announced_maximum_is_refused(world, procedure):
    request_all(world, procedure, world.operators)
    assess(world, procedure, world.operators)
    invitations = services.candidates_invite(
        procedure=procedure, operators=world.operators, now=world.now, actor=world.officer
    )
    assert len(invitations) == 5


def test_fewer_than_the_minimum_only_when_fewer_qualify_and_with_a_recorded_reason(
    world, procedure
):
    a, b, c = world.operators[:3]
    request_all(world, procedure, [a, b, c])
    assess(world, procedure, [a, b], unqualified=[c])
    with pytest.raises(RuleViolation) as caught:
        services.candidates_invite(
            procedure=procedure, operators=[a, b], now=world.now, actor=world.officer
        )
    assert caught.value.code == "fewer-candidates-reason-missing"
    services.candidates_invite(
        procedure=procedure,
        operators=[a, b],
        now=world.now,
        actor=world.officer,
        fewer_reason="Slechts twee gegadigden voldoen; de markt is klein.",
    )
    assert Procedure.objects.get(pk=procedure.pk).stage == "negotiation"
    letter = DecisionLetter.objects.get(addressee=c)
    assert letter.kind == "not_selected" and "O&O" in letter.reasons


def test_an_operator_that_did_not_apply_or_failed_selection_is_never_invited(world, procedure):
    a, b, c, d, _ = world.operators
    request_all(world, procedure, [a, b, c, d])
    assess(world, procedure, [a, b, c], unqualified=[d])
    for intruder, code in (
        (world.operators[4], "invitee-did-not-apply"),
        (d, "invitee-not-qualified"),
    ):
        with pytest.raises(RuleViolation) as caught:
            services.candidates_invite(
                procedure=procedure, operators=[a, b, intruder], now=world.now, actor=world.officer
            )
        assert caught.value.code == code
