"""Answers drafted by one colleague, approved by another, published to all at once; the
companies that receive them are mailed after the commit, without the content."""

import pytest
from django.core import mail

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import InvalidInput, NotAllowed, RuleViolation
from innopartner.negotiation import services
from innopartner.negotiation.models import Question
from innopartner.testing import draft_procedure, make_world, publish, select

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world(operators=3)


@pytest.fixture
def procedure(world):
    procedure = select(world, publish(world, draft_procedure(world)))
    services.answer_approval_set(
        procedure=procedure, required=True, now=world.now, actor=world.officer
    )
    return procedure


def _drafted(world, procedure, text="Mag de sensor op zonne-energie werken?", **kwargs):
    question = services.question_ask(
        procedure=procedure,
        operator=world.operators[0],
        text=text,
        now=world.now,
        actor=world.supplier(world.operators[0]),
    )
    return services.question_answer(
        question=question,
        answer="Ja, mits het hele jaar.",
        now=world.tick(hours=1),
        actor=world.officer,
        **kwargs,
    )


def test_the_approval_setting_is_recorded_with_who_set_it(world, procedure):
    record = AuditRecord.objects.filter(action="answers.approval_set").get()
    assert record.actor == world.officer
    assert record.before == {"approval_required": False}
    assert record.after == {"approval_required": True}
    assert services.approval_required(procedure)


def test_a_supplier_cannot_turn_the_approval_step_off(world, procedure):
    with pytest.raises(NotAllowed):
        services.answer_approval_set(
            procedure=procedure,
            required=False,
            now=world.now,
            actor=world.supplier(world.operators[0]),
        )
    assert services.approval_required(procedure)


def test_a_second_colleague_approves_and_the_audit_trail_says_who(world, procedure):
    question = _drafted(world, procedure)
    services.answer_approve(question=question, now=world.tick(hours=1), actor=world.second_officer)
    question.refresh_from_db()
    assert question.approved_by == world.second_officer
    record = AuditRecord.objects.get(action="answer.approved")
    assert record.actor == world.second_officer
    assert record.after["drafted_by"] == str(world.officer)


def test_the_drafter_cannot_approve_their_own_answer(world, procedure):
    question = _drafted(world, procedure)
    with pytest.raises(RuleViolation) as caught:
        services.answer_approve(question=question, now=world.now, actor=world.officer)
    assert caught.value.code == "answer-approver-is-drafter"
    question.refresh_from_db()
    assert question.approved_at is None


def test_a_supplier_cannot_approve_an_answer(world, procedure):
    question = _drafted(world, procedure)
    with pytest.raises(NotAllowed) as caught:
        services.answer_approve(
            question=question, now=world.now, actor=world.supplier(world.operators[1])
        )
    assert caught.value.code == "not-buyer-staff"


def test_another_buyer_cannot_approve_an_answer(world, procedure):
    question = _drafted(world, procedure)
    with pytest.raises(NotAllowed):
        services.answer_approve(question=question, now=world.now, actor=world.other_buyer_officer)


def test_unapproved_answers_are_not_published(world, procedure):
    _drafted(world, procedure)
    with pytest.raises(RuleViolation) as caught:
        services.answers_publish(procedure=procedure, now=world.now, actor=world.officer)
    assert caught.value.code == "answer-not-approved"
    assert not Question.objects.filter(published_at__isnull=False).exists()


def test_only_approved_answers_are_published_the_rest_wait(world, procedure):
    approved = _drafted(world, procedure)
    waiting = _drafted(world, procedure, text="Hoe vaak rapporteren?")
    services.answer_approve(question=approved, now=world.now, actor=world.second_officer)
    published = services.answers_publish(
        procedure=procedure, now=world.tick(hours=1), actor=world.officer
    )
    assert [q.pk for q in published] == [approved.pk]
    waiting.refresh_from_db()
    assert waiting.published_at is None


def test_a_changed_draft_needs_approval_again(world, procedure):
    question = _drafted(world, procedure)
    services.answer_approve(question=question, now=world.now, actor=world.second_officer)
    services.question_answer(
        question=question, answer="Nee.", now=world.tick(hours=1), actor=world.officer
    )
    question.refresh_from_db()
    assert question.approved_at is None
    with pytest.raises(RuleViolation) as caught:
        services.answers_publish(procedure=procedure, now=world.now, actor=world.officer)
    assert caught.value.code == "answer-not-approved"


def test_a_draft_returned_for_rework_carries_the_note_and_is_not_published(world, procedure):
    question = _drafted(world, procedure)
    services.answer_return(
        question=question,
        note="Verwijs naar de leidraad.",
        now=world.tick(hours=1),
        actor=world.second_officer,
    )
    question.refresh_from_db()
    assert question.return_note == "Verwijs naar de leidraad."
    assert AuditRecord.objects.filter(action="answer.returned").get().after == {
        "note": "Verwijs naar de leidraad."
    }
    with pytest.raises(RuleViolation):
        services.answers_publish(procedure=procedure, now=world.now, actor=world.officer)


def test_returning_without_saying_what_to_change_is_refused(world, procedure):
    question = _drafted(world, procedure)
    with pytest.raises(InvalidInput) as caught:
        services.answer_return(
            question=question, note=" ", now=world.now, actor=world.second_officer
        )
    assert caught.value.code == "return-note-empty"


def test_without_the_approval_step_a_draft_is_published_directly(world):
    procedure = select(world, publish(world, draft_procedure(world)))
    _drafted(world, procedure)
    assert len(services.answers_publish(procedure=procedure, now=world.now, actor=world.officer))


def test_recipients_are_mailed_after_commit_without_the_content(
    world, procedure, django_capture_on_commit_callbacks
):
    for operator in world.operators:
        user = world.supplier(operator)
        user.email = f"{user.username}@example.nl"
        user.save()
    question = _drafted(world, procedure)
    services.answer_approve(question=question, now=world.now, actor=world.second_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.answers_publish(procedure=procedure, now=world.now, actor=world.officer)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "supplier-a@example.nl",
        "supplier-b@example.nl",
        "supplier-c@example.nl",
    ]
    body = mail.outbox[0].body
    assert procedure.title in body
    assert "zonne-energie" not in body and "hele jaar" not in body
    assert "nota-van-inlichtingen" in body


def test_a_private_answer_mails_only_the_asker(
    world, procedure, django_capture_on_commit_callbacks
):
    for operator in world.operators:
        user = world.supplier(operator)
        user.email = f"{user.username}@example.nl"
        user.save()
    question = _drafted(
        world, procedure, to_all=False, private_reason="Betreft de eigen oplossing."
    )
    services.answer_approve(question=question, now=world.now, actor=world.second_officer)
    with django_capture_on_commit_callbacks(execute=True):
        services.answers_publish(procedure=procedure, now=world.now, actor=world.officer)
    assert [m.to[0] for m in mail.outbox] == ["supplier-a@example.nl"]
