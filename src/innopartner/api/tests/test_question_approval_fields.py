"""The buyer's staff read where each answer stands in the approval step (four eyes) in
``GET questions/`` too, computed by the one function the approval endpoint uses; suppliers get
exactly the keys they got before, and nobody but the buyer's staff sees the approval or the
drafter."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from innopartner.negotiation import services as qa
from innopartner.negotiation.selectors import approval_state

from .conftest import url
from .test_schema import _prefixed

pytestmark = pytest.mark.django_db

# The keys of a question for a supplier, as before the approval fields existed.
SUPPLIER_KEYS = {"id", "number", "text", "answer", "published_at", "asked_by"}
APPROVAL_KEYS = {"approval_state", "answered_by", "approved_by", "return_note"}


@pytest.fixture
def questions(world, negotiation):
    """With the approval step on, four questions of supplier A: unanswered, drafted, returned,
    approved."""
    qa.answer_approval_set(procedure=negotiation, required=True, now=world.now, actor=world.officer)
    a = world.operators[0]
    supplier = world.supplier(a)

    def ask(text):
        return qa.question_ask(
            procedure=negotiation, operator=a, text=text, now=world.now, actor=supplier
        )

    def draft(question, answer):
        return qa.question_answer(
            question=question, answer=answer, now=world.now, actor=world.officer
        )

    unanswered = ask("Vraag één?")
    drafted = draft(ask("Vraag twee?"), "Concept twee.")
    returned = qa.answer_return(
        question=draft(ask("Vraag drie?"), "Concept drie."),
        note="Noem het artikel.",
        now=world.now,
        actor=world.second_officer,
    )
    approved = qa.answer_approve(
        question=draft(ask("Vraag vier?"), "Concept vier."),
        now=world.now,
        actor=world.second_officer,
    )
    return unanswered, drafted, returned, approved


def test_buyer_staff_see_each_answers_approval_state(api, world, negotiation, questions):
    response = api.get(world.officer, url(negotiation, "questions/"))
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()}
    officer, second = world.officer.username, world.second_officer.username
    expected = {
        "unanswered": ("unanswered", None, None, ""),
        "drafted": ("drafted", officer, None, ""),
        "returned": ("returned", officer, None, "Noem het artikel."),
        "approved": ("approved", officer, second, ""),
    }
    for question, (name, want) in zip(questions, expected.items(), strict=True):
        row = rows[str(question.pk)]
        assert set(row) == SUPPLIER_KEYS | APPROVAL_KEYS, name
        got = (row["approval_state"], row["answered_by"], row["approved_by"], row["return_note"])
        assert got == want, name
        # the same function as the approval endpoint: the two reads cannot disagree
        question.refresh_from_db()
        assert row["approval_state"] == approval_state(question)

    approval = api.get(world.second_officer, url(negotiation, "answers/approval/")).json()
    assert {q["id"]: q["approval_state"] for q in approval["questions"]} == {
        key: row["approval_state"] for key, row in rows.items()
    }


def test_published_answers_show_published_to_the_buyer_and_nothing_of_it_to_suppliers(
    api, world, negotiation, questions
):
    qa.answers_publish(procedure=negotiation, now=world.now, actor=world.officer)
    rows = api.get(world.officer, url(negotiation, "questions/")).json()
    assert sorted(r["approval_state"] for r in rows) == [
        "drafted",
        "published",
        "returned",
        "unanswered",
    ]

    for operator in world.operators[:3]:
        response = api.get(world.supplier(operator), url(negotiation, "questions/"))
        assert response.status_code == 200
        seen = response.json()
        assert seen, operator  # the asker sees its own, the others the published answers
        for row in seen:
            assert set(row) == SUPPLIER_KEYS, row
        body = response.content.decode()
        for secret in ("approval", "Noem het artikel", "Concept twee", "return_note"):
            assert secret not in body
        for person in (world.officer, world.second_officer):
            assert person.username not in body


def test_only_buyer_staff_get_the_approval_keys(api, world, auditor, negotiation, questions):
    for person in (auditor, world.evaluator, world.other_buyer_officer):
        response = api.get(person, url(negotiation, "questions/"))
        if response.status_code != 200:
            assert response.status_code in (403, 404)
            continue
        for row in response.json():
            assert not APPROVAL_KEYS & set(row), person
        assert world.second_officer.username not in response.content.decode()
    # the auditor keeps what it read before: every question with its id and asker
    rows = api.get(auditor, url(negotiation, "questions/")).json()
    assert len(rows) == 4 and all(set(r) == SUPPLIER_KEYS for r in rows)


def test_the_openapi_document_marks_the_approval_keys_optional():
    schema = SchemaGenerator(patterns=[*_prefixed()]).get_schema(request=None, public=True)
    component = schema["components"]["schemas"]["QuestionOut"]
    assert APPROVAL_KEYS <= set(component["properties"])
    assert not APPROVAL_KEYS & set(component["required"])
    assert SUPPLIER_KEYS <= set(component["required"])
    for key in ("answered_by", "approved_by"):
        assert component["properties"][key]["nullable"] is True
