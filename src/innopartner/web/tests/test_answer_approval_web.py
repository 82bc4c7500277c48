"""Answers through the web with the approval step on: one colleague drafts, another approves
or returns it; the drafter, a supplier and unapproved answers are refused with the rule."""

from __future__ import annotations

from django.urls import reverse

from innopartner.negotiation.models import Question

from .conftest import sign_in


def url(name, *args):
    return reverse(f"web:{name}", args=args)


def _draft_all(client, procedure):
    for question in Question.objects.filter(procedure=procedure, answered_at__isnull=True):
        response = client.post(
            url("question_answer", procedure.pk, question.pk), {"answer": "Zie de leidraad."}
        )
        assert response.status_code == 302


def test_a_second_colleague_approves_before_the_answers_are_published(client, demo):
    procedure = demo["demo-verzoeken"]
    sign_in(client, "demo-officer")
    response = client.post(url("answer_approval_set", procedure.pk), {"approval_required": "on"})
    assert response.status_code == 302
    published_before = set(Question.objects.filter(procedure=procedure, published_at__isnull=False))
    _draft_all(client, procedure)
    question = Question.objects.filter(
        procedure=procedure, answered_at__isnull=False, published_at__isnull=True
    ).first()

    # the drafter approving their own answer: refused, with the rule's code
    response = client.post(url("answer_approve", procedure.pk, question.pk))
    assert response.status_code == 400
    assert "answer-approver-is-drafter" in response.content.decode()
    # nothing approved yet: publication is refused
    response = client.post(url("answers_publish", procedure.pk))
    assert response.status_code == 400
    assert "answer-not-approved" in response.content.decode()
    published = Question.objects.filter(procedure=procedure, published_at__isnull=False)
    assert set(published) == published_before

    # a supplier cannot approve
    sign_in(client, "demo-supplier-a")
    assert client.post(url("answer_approve", procedure.pk, question.pk)).status_code == 403

    sign_in(client, "demo-officer-2")
    page = client.get(url("questions", procedure.pk)).content.decode()
    assert "wacht op goedkeuring" in page and "Antwoord goedkeuren" in page
    assert client.post(url("answer_approve", procedure.pk, question.pk)).status_code == 302
    response = client.post(url("answers_publish", procedure.pk))
    assert response.status_code == 302
    published = Question.objects.filter(procedure=procedure, published_at__isnull=False)
    assert set(published) - published_before == {question}  # the other draft waits


def test_a_colleague_returns_a_draft_for_rework_with_a_note(client, demo):
    procedure = demo["demo-verzoeken"]
    sign_in(client, "demo-officer")
    _draft_all(client, procedure)
    question = Question.objects.filter(
        procedure=procedure, answered_at__isnull=False, published_at__isnull=True
    ).first()
    sign_in(client, "demo-officer-2")
    response = client.post(url("answer_return", procedure.pk, question.pk), {"note": "  "})
    assert response.status_code == 400
    assert "return-note-empty" in response.content.decode()
    response = client.post(
        url("answer_return", procedure.pk, question.pk), {"note": "Noem het artikel."}
    )
    assert response.status_code == 302
    page = client.get(url("questions", procedure.pk)).content.decode()
    assert "Teruggestuurd ter bewerking" in page and "Noem het artikel." in page


def test_an_evaluator_cannot_turn_the_approval_step_off(client, demo):
    procedure = demo["demo-verzoeken"]
    sign_in(client, "demo-evaluator")
    assert client.post(url("answer_approval_set", procedure.pk)).status_code == 403
