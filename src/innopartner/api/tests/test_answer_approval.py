"""The approval step for answers through the API: the buyer turns it on, a second colleague
approves or returns a draft, the drafter never approves their own (four eyes); every other
role is refused with nothing changed, and suppliers never see the approval state."""

from __future__ import annotations

import uuid

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.negotiation import services as qa
from innopartner.negotiation.models import AnswerPolicy, Question

from .conftest import assert_problem, url

pytestmark = pytest.mark.django_db

APPROVAL_KEYS = {"approval_state", "approved_at", "approved_by", "returned_at", "return_note"}


@pytest.fixture
def drafted(world, negotiation):
    """Supplier A asked a question in negotiation; the officer drafted its answer."""
    a = world.operators[0]
    question = qa.question_ask(
        procedure=negotiation,
        operator=a,
        text="Mag het via LoRa?",
        now=world.now,
        actor=world.supplier(a),
    )
    return qa.question_answer(question=question, answer="Ja.", now=world.now, actor=world.officer)


def _state(question: Question) -> tuple:
    question.refresh_from_db()
    return (question.approved_at, question.approved_by_id, question.returned_at, question.answer)


def test_a_second_colleague_approves_and_only_then_the_answer_is_published(
    api, world, negotiation, drafted
):
    p = negotiation
    response = api.post(world.officer, url(p, "answers/approval/"), {"approval_required": True})
    assert response.status_code == 200, response.json()
    assert response.json()["approval_required"] is True
    assert response.json()["set_by"] == world.officer.username
    assert AnswerPolicy.objects.get(procedure=p).approval_required
    assert AuditRecord.objects.filter(action="answers.approval_set").count() == 1

    # unapproved: publication is refused by the service's rule
    assert_problem(api.post(world.officer, url(p, "answers/publish/")), 409, "answer-not-approved")

    read = api.get(world.officer, url(p, "answers/approval/"))
    assert read.status_code == 200
    [row] = read.json()["questions"]
    assert row["id"] == str(drafted.pk)
    assert row["approval_state"] == "drafted"
    assert row["answered_by"] == world.officer.username

    approve = api.post(world.second_officer, url(p, f"questions/{drafted.pk}/approval/"))
    assert approve.status_code == 200, approve.json()
    assert approve.json()["approval_state"] == "approved"
    assert approve.json()["approved_by"] == world.second_officer.username
    assert AuditRecord.objects.filter(action="answer.approved").count() == 1

    assert api.post(world.officer, url(p, "answers/publish/")).status_code == 200
    [row] = api.get(world.officer, url(p, "answers/approval/")).json()["questions"]
    assert row["approval_state"] == "published" and row["number"] == 1

    # suppliers read the published answer, never its approval state or who approved it
    for operator in world.operators[:2]:
        listed = api.get(world.supplier(operator), url(p, "questions/"))
        assert listed.status_code == 200
        [seen] = listed.json()
        assert seen["answer"] == "Ja."
        assert not APPROVAL_KEYS & set(seen)
        assert world.second_officer.username not in listed.content.decode()


def test_the_drafter_cannot_approve_or_return_their_own_answer(api, world, negotiation, drafted):
    before = _state(drafted)
    records = AuditRecord.objects.count()

    approve = api.post(world.officer, url(negotiation, f"questions/{drafted.pk}/approval/"))
    body = assert_problem(approve, 409, "answer-approver-is-drafter")
    assert body["article"]
    returned = api.post(
        world.officer, url(negotiation, f"questions/{drafted.pk}/return/"), {"note": "Anders."}
    )
    assert_problem(returned, 409, "answer-approver-is-drafter")

    assert _state(drafted) == before
    assert AuditRecord.objects.count() == records


def test_a_colleague_returns_a_draft_with_a_note_and_a_new_draft_clears_it(
    api, world, negotiation, drafted
):
    tail = f"questions/{drafted.pk}/return/"
    response = api.post(world.second_officer, url(negotiation, tail), {"note": "Noem het artikel."})
    assert response.status_code == 200, response.json()
    assert response.json()["approval_state"] == "returned"
    assert response.json()["return_note"] == "Noem het artikel."

    # an approved-then-returned draft is no longer approved; a new draft starts over
    qa.question_answer(question=drafted, answer="Ja, art. 3.", now=world.now, actor=world.officer)
    [row] = api.get(world.officer, url(negotiation, "answers/approval/")).json()["questions"]
    assert row["approval_state"] == "drafted" and row["return_note"] == ""


def test_bad_input_is_a_400_with_the_field_and_nothing_changes(api, world, negotiation, drafted):
    before = _state(drafted)
    records = AuditRecord.objects.count()
    officer2 = world.second_officer

    for body in ({}, {"approval_required": "misschien"}, {"approval_required": None}):
        problem = assert_problem(
            api.post(world.officer, url(negotiation, "answers/approval/"), body), 400
        )
        assert [e["field"] for e in problem["errors"]] == ["approval_required"]
    for body in ({}, {"note": "   "}, {"note": 5 * "x" * 3000}):
        tail = f"questions/{drafted.pk}/return/"
        problem = assert_problem(api.post(officer2, url(negotiation, tail), body), 400)
        assert [e["field"] for e in problem["errors"]] == ["note"]

    for qid in ("12", str(uuid.uuid4())):
        response = api.post(officer2, url(negotiation, f"questions/{qid}/approval/"))
        assert_problem(response, 404, "question-not-found")

    assert not AnswerPolicy.objects.exists()
    assert _state(drafted) == before
    assert AuditRecord.objects.count() == records


def test_an_answer_not_yet_drafted_cannot_be_approved(api, world, negotiation):
    b = world.operators[1]
    question = qa.question_ask(
        procedure=negotiation, operator=b, text="Vraag?", now=world.now, actor=world.supplier(b)
    )
    tail = f"questions/{question.pk}/approval/"
    response = api.post(world.second_officer, url(negotiation, tail))
    assert_problem(response, 409, "answer-not-drafted")


def test_other_roles_are_refused_and_nothing_changes(api, world, auditor, negotiation, drafted):
    before = _state(drafted)
    records = AuditRecord.objects.count()
    people = {
        "supplier_a (the asker)": world.supplier(world.operators[0]),
        "supplier_b": world.supplier(world.operators[1]),
        "evaluator": world.evaluator,
        "other_buyer_officer": world.other_buyer_officer,
        "auditor": auditor,
    }
    actions = [
        ("answers/approval/", {"approval_required": True}),
        (f"questions/{drafted.pk}/approval/", None),
        (f"questions/{drafted.pk}/return/", {"note": "Anders."}),
    ]
    for role, person in people.items():
        for tail, body in actions:
            response = api.post(person, url(negotiation, tail), body)
            assert_problem(response, 403, "not-buyer-staff")
        read = api.get(person, url(negotiation, "answers/approval/"))
        body = assert_problem(read, 403, "answer-approval-not-allowed")
        assert "Ja." not in read.content.decode(), role
        assert "questions" not in body
    for tail, body in actions:
        assert_problem(api.post(None, url(negotiation, tail), body), 401, "not-authenticated")
    assert_problem(api.get(None, url(negotiation, "answers/approval/")), 401)

    assert not AnswerPolicy.objects.exists()
    assert _state(drafted) == before
    assert AuditRecord.objects.count() == records


def test_a_buyer_of_another_procedure_does_not_find_an_unpublished_one(api, world, draft):
    other, tail = world.other_buyer_officer, "answers/approval/"
    assert_problem(api.get(other, url(draft, tail)), 404, "procedure-not-found")
    response = api.post(other, url(draft, tail), {"approval_required": True})
    assert_problem(response, 404, "procedure-not-found")
    assert not AnswerPolicy.objects.exists()
