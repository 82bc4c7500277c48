"""Sealed tenders: who may tender, until when, receipts, and the four-eyes opening."""

import datetime as dt
import hashlib

import pytest

from innopartner.core.exceptions import NotAllowed, RuleViolation
from innopartner.parties import services as parties
from innopartner.tendering import services
from innopartner.tendering.models import Receipt, Tender
from innopartner.tendering.selectors import tender_content, tender_list_visible_to
from innopartner.testing import draft_procedure, make_world, publish, select

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def negotiation(world):
    """A procedure in negotiation with operators A, B, C invited and D not."""
    return select(world, publish(world, draft_procedure(world)), operators=world.operators[:3])


@pytest.fixture
def tender_round(world, negotiation):
    return services.round_open(
        procedure=negotiation,
        kind="initial",
        deadline=world.now + dt.timedelta(days=10),
        now=world.now,
        actor=world.officer,
    )


def submit(world, tender_round, operator, content=b"Onze oplossing", at=None):
    return services.tender_submit(
        tender_round=tender_round,
        operator=operator,
        content=content,
        filename="inschrijving.pdf",
        price=1000,
        now=at or world.now,
        actor=world.supplier(operator),
    )


def test_an_operator_that_was_not_invited_cannot_tender(world, tender_round):
    outsider = world.operators[3]
    with pytest.raises(RuleViolation) as caught:
        submit(world, tender_round, outsider)
    assert caught.value.code == "tenderer-not-invited"
    assert not Tender.objects.exists()


def test_a_receipt_carries_the_sha256_of_exactly_what_was_received_and_the_server_time(
    world, tender_round
):
    receipt = submit(world, tender_round, world.operators[0], content=b"precies dit")
    assert receipt.sha256 == hashlib.sha256(b"precies dit").hexdigest()
    assert receipt.server_time == world.now and receipt.kind == "submission"


def test_a_tender_at_the_deadline_is_refused_and_nothing_is_stored(world, tender_round):
    with pytest.raises(RuleViolation) as caught:
        submit(world, tender_round, world.operators[0], at=tender_round.deadline)
    assert caught.value.code == "tender-after-deadline"
    assert not Tender.objects.exists() and not Receipt.objects.exists()


def test_replacement_and_withdrawal_until_the_deadline_each_give_a_receipt(world, tender_round):
    operator = world.operators[0]
    submit(world, tender_round, operator)
    tender = Tender.objects.get(operator=operator)
    replaced = services.tender_replace(
        tender=tender,
        content=b"beter",
        filename="v2.pdf",
        price=900,
        now=world.tick(hours=1),
        actor=world.supplier(operator),
    )
    assert replaced.kind == "replacement"
    live = Tender.objects.get(operator=operator, status="submitted")
    withdrawn = services.tender_withdraw(
        tender=live, now=world.tick(hours=1), actor=world.supplier(operator)
    )
    assert withdrawn.kind == "withdrawal"
    assert not Tender.objects.filter(status="submitted").exists()
    with pytest.raises(RuleViolation) as caught:
        services.tender_withdraw(
            tender=live, now=tender_round.deadline, actor=world.supplier(operator)
        )
    assert caught.value.code == "tender-after-deadline"


def test_one_supplier_cannot_act_for_another(world, tender_round):
    a, b = world.operators[:2]
    with pytest.raises(NotAllowed) as caught:
        services.tender_submit(
            tender_round=tender_round,
            operator=a,
            content=b"x",
            filename="x.pdf",
            price=1,
            now=world.now,
            actor=world.supplier(b),
        )
    assert caught.value.code == "not-acting-for-operator"


def test_nobody_can_open_before_the_deadline_has_passed(world, tender_round):
    with pytest.raises(RuleViolation) as caught:
        services.tenders_opening_start(
            tender_round=tender_round, now=tender_round.deadline, actor=world.officer
        )
    assert caught.value.code == "tender-opening-too-early"


def test_the_opening_needs_a_second_different_person_and_then_yields_the_official_record(
    world, tender_round
):
    submit(world, tender_round, world.operators[0])
    submit(world, tender_round, world.operators[1])
    after = tender_round.deadline + dt.timedelta(seconds=1)
    opening = services.tenders_opening_start(
        tender_round=tender_round, now=after, actor=world.officer
    )
    with pytest.raises(NotAllowed) as caught:
        services.tenders_opening_confirm(opening=opening, now=after, actor=world.officer)
    assert caught.value.code == "four-eyes-required"
    with pytest.raises(NotAllowed):
        services.tenders_opening_confirm(opening=opening, now=after, actor=world.evaluator)
    opening = services.tenders_opening_confirm(
        opening=opening, now=after, actor=world.second_officer
    )
    assert "PROCES-VERBAAL" in opening.official_record
    assert world.operators[0].name in opening.official_record
    assert "Aantal geldige inschrijvingen: 2" in opening.official_record


def test_content_is_sealed_until_the_confirmed_opening_and_never_visible_to_a_competitor(
    world, tender_round
):
    a, b = world.operators[:2]
    submit(world, tender_round, a, content=b"geheim idee van A")
    tender = Tender.objects.get(operator=a)
    with pytest.raises(NotAllowed) as caught:
        tender_content(tender=tender, user=world.officer)
    assert caught.value.code == "tender-sealed"
    with pytest.raises(NotAllowed) as caught:  # the tenderer too: nobody before the opening
        tender_content(tender=tender, user=world.supplier(a))
    assert caught.value.code == "tender-sealed"
    assert (
        list(tender_list_visible_to(user=world.supplier(b), procedure=tender_round.procedure)) == []
    )
    after = tender_round.deadline + dt.timedelta(seconds=1)
    opening = services.tenders_opening_start(
        tender_round=tender_round, now=after, actor=world.officer
    )
    with pytest.raises(NotAllowed):
        tender_content(tender=tender, user=world.officer)  # started is not opened: four eyes first
    services.tenders_opening_confirm(opening=opening, now=after, actor=world.second_officer)
    assert tender_content(tender=tender, user=world.officer) == b"geheim idee van A"
    assert tender_content(tender=tender, user=world.evaluator) == b"geheim idee van A"
    assert tender_content(tender=tender, user=world.supplier(a)) == b"geheim idee van A"
    with pytest.raises(NotAllowed) as caught:
        tender_content(tender=tender, user=world.supplier(b))
    assert caught.value.code == "tender-not-yours"


def test_a_consortium_member_acts_for_its_consortium(world, negotiation):
    a, b = world.operators[:2]
    consortium = parties.consortium_create(name="Combinatie AB", lead=a, members=[b], now=world.now)
    # The consortium was not invited: acting for it is allowed, tendering is not.
    tender_round = services.round_open(
        procedure=negotiation,
        kind="initial",
        deadline=world.now + dt.timedelta(days=3),
        now=world.now,
        actor=world.officer,
    )
    with pytest.raises(RuleViolation) as caught:
        services.tender_submit(
            tender_round=tender_round,
            operator=consortium,
            content=b"x",
            filename="x.pdf",
            price=1,
            now=world.now,
            actor=world.supplier(b),
        )
    assert caught.value.code == "tenderer-not-invited"


def test_an_auditor_reads_an_opened_tender_but_never_a_sealed_one(world, tender_round):
    from innopartner.parties import services as parties
    from innopartner.parties.models import Organisation

    office = Organisation.objects.create(name="Auditdienst", kind="other", created_at=world.now)
    auditor = parties.person_add(
        username="auditor", organisation=office, role="auditor", now=world.now
    )
    submit(world, tender_round, world.operators[0], content=b"inhoud")
    tender = Tender.objects.get()
    with pytest.raises(NotAllowed) as caught:
        tender_content(tender=tender, user=auditor)
    assert caught.value.code == "tender-sealed"
    after = tender_round.deadline + dt.timedelta(seconds=1)
    opening = services.tenders_opening_start(
        tender_round=tender_round, now=after, actor=world.officer
    )
    services.tenders_opening_confirm(opening=opening, now=after, actor=world.second_officer)
    assert tender_content(tender=tender, user=auditor) == b"inhoud"
