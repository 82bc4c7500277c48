"""E-mail notifications: each sent once, to the right people only, naming the procedure and
linking to it but never carrying the content."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from innopartner.core.exceptions import InvalidInput
from innopartner.notifications import services
from innopartner.notifications.models import Notification
from innopartner.participation import services as participation
from innopartner.procedures.models import PhasePlan
from innopartner.procedures.services import decision_letter_send
from innopartner.tendering import services as tendering
from innopartner.testing import (
    draft_procedure,
    make_world,
    publish,
    select,
    to_partnership,
    to_standstill,
)

pytestmark = pytest.mark.django_db


def _with_emails(world):
    for user in [world.officer, world.second_officer, *world.suppliers.values()]:
        user.email = f"{user.username}@example.nl"
        user.save()
    return world


@pytest.fixture
def world():
    return _with_emails(make_world(operators=3))


def test_a_decision_letter_mails_only_the_addressee_after_commit(
    world, django_capture_on_commit_callbacks
):
    procedure = publish(world, draft_procedure(world))
    with django_capture_on_commit_callbacks(execute=True):
        select(world, procedure, operators=world.operators)
    # one letter per invited operator; each mail goes to that operator's people only
    assert sorted(m.to[0] for m in mail.outbox) == [
        "supplier-a@example.nl",
        "supplier-b@example.nl",
        "supplier-c@example.nl",
    ]
    letter_mail = mail.outbox[0]
    assert procedure.title in letter_mail.subject
    assert "/brieven/" in letter_mail.body
    assert "-- English --" in letter_mail.body and "A decision for your organisation" in (
        letter_mail.subject
    )
    assert Notification.objects.filter(kind="decision_letter").count() == 3


def test_a_rolled_back_decision_mails_nobody(world, django_capture_on_commit_callbacks):
    procedure = publish(world, draft_procedure(world))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            decision_letter_send(
                procedure=procedure,
                addressee=world.operators[0],
                kind="not_selected",
                reasons="Niet geschikt.",
                now=world.now,
                actor=world.officer,
            )
            raise RuntimeError("the deciding service failed after the letter")
    assert callbacks == [] and mail.outbox == []
    assert not Notification.objects.exists()


def test_a_nearing_tender_deadline_reminds_only_those_who_have_not_tendered_once(world):
    procedure = select(world, publish(world, draft_procedure(world)))
    tender_round = tendering.round_open(
        procedure=procedure,
        kind="initial",
        deadline=world.now + dt.timedelta(days=10),
        now=world.now,
        actor=world.officer,
    )
    tendering.tender_submit(
        tender_round=tender_round,
        operator=world.operators[0],
        content=b"inschrijving",
        filename="inschrijving.pdf",
        price=1000,
        now=world.now,
        actor=world.supplier(world.operators[0]),
    )
    mail.outbox.clear()
    assert services.notify_due(now=world.now, days=3) == []  # ten days away: not yet
    sent = services.notify_due(now=world.now + dt.timedelta(days=8), days=3)
    assert sorted(n.email for n in sent) == ["supplier-b@example.nl", "supplier-c@example.nl"]
    assert "Ondernemer" not in mail.outbox[0].body  # nobody else's name
    assert services.notify_due(now=world.now + dt.timedelta(days=8, hours=1), days=3) == []
    assert len(mail.outbox) == 2


def test_a_nearing_request_deadline_reminds_interested_companies_that_did_not_request(world):
    procedure = publish(world, draft_procedure(world))
    for operator in world.operators[:2]:
        participation.interest_register(
            procedure=procedure, operator=operator, now=world.now, actor=world.supplier(operator)
        )
    participation.request_submit(
        procedure=procedure,
        operator=world.operators[0],
        now=world.now,
        actor=world.supplier(world.operators[0]),
    )
    sent = services.notify_due(now=procedure.requests_deadline - dt.timedelta(days=2))
    assert [n.email for n in sent] == ["supplier-b@example.nl"]
    assert "verzoeken tot deelneming" in mail.outbox[0].body


def test_a_person_without_an_email_address_is_skipped_and_tried_again_later(world):
    procedure = publish(world, draft_procedure(world))
    participation.interest_register(
        procedure=procedure,
        operator=world.operators[1],
        now=world.now,
        actor=world.supplier(world.operators[1]),
    )
    user = world.supplier(world.operators[1])
    user.email = ""
    user.save()
    when = procedure.requests_deadline - dt.timedelta(days=1)
    assert services.notify_due(now=when) == []
    user.email = "later@example.nl"
    user.save()
    assert [n.email for n in services.notify_due(now=when)] == ["later@example.nl"]


def test_a_negative_number_of_days_is_refused(world):
    with pytest.raises(InvalidInput) as caught:
        services.notify_due(now=world.now, days=-1)
    assert caught.value.code == "notify-days-invalid"


def test_the_notify_command_sends_the_gate_reminder_to_buyer_staff_and_the_partners(
    world, monkeypatch
):
    procedure = draft_procedure(world)
    # The builder plans no durations; the first phase here takes six months.
    PhasePlan.objects.filter(procedure=procedure, number=1).update(duration_months=6)
    procedure = to_partnership(
        world, to_standstill(world, select(world, publish(world, procedure)))
    )
    ends = services.phase_end(procedure)[1]
    assert services.notify_due(now=ends - dt.timedelta(days=10)) == []
    monkeypatch.setattr(timezone, "now", lambda: ends - dt.timedelta(days=2))
    out = io.StringIO()
    call_command("notify", stdout=out)
    emails = sorted(n.email for n in Notification.objects.filter(kind="gate_due"))
    partners = sorted(world.supplier(p.operator).email for p in procedure.partners.all())
    assert emails == sorted(["officer@example.nl", "officer2@example.nl", *partners])
    assert f"{len(emails)} bericht(en) verzonden." in out.getvalue()
    partner_mail = next(m for m in mail.outbox if m.to[0] == partners[0])
    assert "/partnerschap/" in partner_mail.body and "/beslismoment/" not in partner_mail.body


def test_the_innopartner_notify_command_runs_the_same_service_and_reports_bad_input(
    world, capsys, monkeypatch
):
    from innopartner.cli import main

    procedure = publish(world, draft_procedure(world))
    participation.interest_register(
        procedure=procedure,
        operator=world.operators[2],
        now=world.now,
        actor=world.supplier(world.operators[2]),
    )
    monkeypatch.setattr(timezone, "now", lambda: world.now)
    assert main(["notify", "--days", "-1"]) == 1
    assert "notify-days-invalid" in capsys.readouterr().err
    assert not Notification.objects.exists()
    assert main(["notify", "--days", "40"]) == 0  # the requests deadline is 30 days away
    assert "1 bericht(en) verzonden." in capsys.readouterr().out
    assert [m.to[0] for m in mail.outbox] == ["supplier-c@example.nl"]
