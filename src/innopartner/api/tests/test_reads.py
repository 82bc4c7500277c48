"""Reads: each person sees what the engine's selectors allow, and nothing else."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from innopartner.negotiation import services as negotiation
from innopartner.tendering.models import Tender
from innopartner.testing import run_round

from .conftest import assert_problem, url

LIST = "/api/v1/procedures/"


@pytest.fixture
def tendered(world, negotiation):
    """Round 1 of the negotiation: A and B tendered; the deadline has passed; not opened."""
    from innopartner.tendering import services as tendering

    tender_round = tendering.round_open(
        procedure=negotiation,
        kind="initial",
        deadline=world.now + dt.timedelta(days=5),
        now=world.now,
        actor=world.officer,
    )
    for operator in world.operators[:2]:
        tendering.tender_submit(
            tender_round=tender_round,
            operator=operator,
            content=f"geheim van {operator.name}".encode(),
            filename="t.pdf",
            price=100,
            now=world.now,
            actor=world.supplier(operator),
        )
    world.tick(days=6)
    return negotiation


def ids(response):
    assert response.status_code == 200, response.content
    return {p["id"] for p in response.json()["results"]}


def test_the_list_shows_published_procedures_to_all_and_drafts_to_their_staff(
    api, world, auditor, draft, published
):
    from innopartner.testing import draft_procedure

    unpublished = draft_procedure(world)
    everyone = {str(published.pk)}

    assert ids(api.get(world.supplier(world.operators[0]), LIST)) == everyone
    assert ids(api.get(world.other_buyer_officer, LIST)) == everyone
    assert ids(api.get(world.officer, LIST)) == everyone | {str(unpublished.pk)}
    assert ids(api.get(auditor, LIST)) == everyone | {str(unpublished.pk)}
    assert_problem(api.get(None, LIST), 401)


def test_the_list_filters_by_type_stage_buyer_and_deadline_window_and_orders(api, world, published):
    from innopartner.testing import draft_procedure

    pcp = draft_procedure(world, procedure_type="pcp")
    officer = world.officer
    deadline = published.requests_deadline

    assert ids(api.get(officer, LIST, {"procedure_type": "pcp"})) == {str(pcp.pk)}
    assert ids(api.get(officer, LIST, {"stage": "requests_open"})) == {str(published.pk)}
    assert len(ids(api.get(officer, LIST, {"buyer": str(world.buyer.pk)}))) == 2
    window = {
        "deadline_from": (deadline - dt.timedelta(days=1)).isoformat(),
        "deadline_to": (deadline + dt.timedelta(days=1)).isoformat(),
    }
    assert ids(api.get(officer, LIST, window)) == {str(published.pk)}
    later = {"deadline_from": (deadline + dt.timedelta(days=1)).isoformat()}
    assert ids(api.get(officer, LIST, later)) == set()
    ordered = api.get(officer, LIST, {"ordering": "created_at", "limit": 1}).json()
    assert ordered["count"] == 2 and len(ordered["results"]) == 1 and ordered["next"]
    assert_problem(api.get(officer, LIST, {"stage": "nonsense"}), 400, "invalid-input")
    assert_problem(api.get(officer, LIST, {"deadline_from": "2024-01-01T00:00"}), 400)


def test_the_detail_has_the_funnel_and_next_deadline_and_internals_only_for_staff(
    api, world, auditor, negotiation
):
    for person in (world.officer, auditor):
        body = api.get(person, url(negotiation)).json()
        assert {"stage": "requests", "count": 3} in body["funnel"]
        assert body["internal"]["estimated_rd_value"] == "500000.00"
    body = api.get(world.supplier(world.operators[0]), url(negotiation)).json()
    assert body["funnel"] is None and body["internal"] is None
    assert body["requirements"][0]["is_minimum"] is True
    by_slug = api.get(world.officer, "/api/v1/procedures/nope/")
    assert_problem(by_slug, 404, "procedure-not-found")


def test_the_next_deadline_is_the_request_deadline_while_requests_are_open(api, world, published):
    body = api.get(world.supplier(world.operators[0]), url(published)).json()

    assert body["next_deadline"]["what"] == "requests"


def test_a_procedure_is_found_by_its_case_code(api, world, published):
    published.slug = "vis"
    published.save(update_fields=["slug"])

    assert api.get(world.officer, "/api/v1/procedures/vis/").json()["id"] == str(published.pk)


def test_a_supplier_sees_only_its_own_tender_and_its_content(api, world, auditor, tendered):
    a, b = world.operators[:2]
    tender_a = Tender.objects.get(operator=a)

    seen = {
        t["operator"]["id"]
        for t in api.get(world.supplier(a), url(tendered, "tenders/")).json()["results"]
    }
    assert seen == {str(a.pk)}
    assert "price" not in api.get(world.officer, url(tendered, "tenders/")).json()["results"][0]
    assert len(api.get(auditor, url(tendered, "tenders/")).json()["results"]) == 2
    own = api.get(world.supplier(a), url(tendered, f"tenders/{tender_a.pk}/content/"))
    assert_problem(own, 403, "tender-sealed")  # sealed for everyone, the tenderer too
    assert_problem(
        api.get(world.supplier(b), url(tendered, f"tenders/{tender_a.pk}/content/")),
        404,
        "tender-not-found",
    )


def test_tender_content_stays_sealed_for_the_buyer_until_the_opening_is_confirmed(
    api, world, tendered
):
    tender = Tender.objects.get(operator=world.operators[0])
    path = url(tendered, f"tenders/{tender.pk}/content/")

    assert_problem(api.get(world.officer, path), 403, "tender-sealed")
    assert_problem(api.get(world.evaluator, path), 403, "tender-sealed")
    api.post(world.officer, url(tendered, "rounds/1/opening/"))
    assert_problem(api.get(world.officer, path), 403, "tender-sealed")
    api.post(world.second_officer, url(tendered, "rounds/1/opening/confirm/"))
    assert api.get(world.evaluator, path).status_code == 200
    own = api.get(world.supplier(world.operators[0]), path)
    assert (
        own.status_code == 200 and own.content == f"geheim van {world.operators[0].name}".encode()
    )


def test_the_four_eyes_rule_refuses_a_confirmation_by_the_same_person(api, world, tendered):
    api.post(world.officer, url(tendered, "rounds/1/opening/"))

    response = api.post(world.officer, url(tendered, "rounds/1/opening/confirm/"))

    assert_problem(response, 403, "four-eyes-required")  # NotAllowed in the engine


def test_confirming_an_opening_that_was_not_started_is_404(api, world, tendered):
    assert_problem(
        api.post(world.second_officer, url(tendered, "rounds/1/opening/confirm/")),
        404,
        "opening-not-found",
    )


def test_questions_show_the_asker_only_to_the_buyer_and_the_asker(api, world, auditor, negotiation):
    a, b = world.operators[:2]
    question = negotiation_question(world, negotiation, a)
    negotiation.questions.update()
    negotiation_answer(world, question)

    staff = api.get(world.officer, url(negotiation, "questions/")).json()
    assert staff[0]["asked_by"] == a.name and staff[0]["id"] == str(question.pk)
    assert api.get(auditor, url(negotiation, "questions/")).json()[0]["asked_by"] == a.name
    own = api.get(world.supplier(a), url(negotiation, "questions/")).json()
    assert own[0]["asked_by"] == a.name and own[0]["id"] is None
    other = api.get(world.supplier(b), url(negotiation, "questions/")).json()
    assert other[0]["asked_by"] is None and other[0]["answer"] == "Ja."


def negotiation_question(world, procedure, operator):
    return negotiation.question_ask(
        procedure=procedure,
        operator=operator,
        text="Mag LoRa?",
        now=world.now,
        actor=world.supplier(operator),
    )


def negotiation_answer(world, question):
    negotiation.question_answer(question=question, answer="Ja.", now=world.now, actor=world.officer)
    negotiation.answers_publish(procedure=question.procedure, now=world.now, actor=world.officer)


def test_requests_to_participate_are_the_suppliers_own(api, world, negotiation):
    a = world.operators[0]

    own = api.get(world.supplier(a), url(negotiation, "requests/")).json()
    assert [r["operator"]["id"] for r in own] == [str(a.pk)]
    assert len(api.get(world.officer, url(negotiation, "requests/")).json()) == 3


def test_letters_reach_their_addressee_and_the_buyer_only(api, world, auditor, published):
    from innopartner.testing import select

    select(world, published, operators=world.operators[:3])  # D did not request; A-C invited
    a, b = world.operators[:2]

    mine = api.get(world.supplier(a), url(published, "letters/")).json()["results"]
    assert {letter["addressee"]["id"] for letter in mine} == {str(a.pk)}
    assert api.get(world.officer, url(published, "letters/")).json()["count"] == 3
    assert api.get(auditor, url(published, "letters/")).json()["count"] == 3
    assert api.get(world.other_buyer_officer, url(published, "letters/")).json()["count"] == 0
    everywhere = api.get(world.supplier(b), "/api/v1/letters/").json()["results"]
    assert {letter["addressee"]["id"] for letter in everywhere} == {str(b.pk)}


def test_the_audit_trail_is_for_the_buyers_staff_and_auditors(api, world, auditor, published):
    trail = api.get(auditor, url(published, "audit-trail/"), {"action": "notice.published"})
    assert trail.json()["results"][0]["actor"] == "officer"
    assert api.get(world.officer, url(published, "audit-trail/")).json()["count"] > 5
    for person in (world.supplier(world.operators[0]), world.evaluator, world.other_buyer_officer):
        assert_problem(
            api.get(person, url(published, "audit-trail/")), 403, "audit-trail-not-allowed"
        )


def test_scores_of_a_tender_follow_the_engines_visibility(api, world, auditor, negotiation):
    a, b, c = world.operators[:3]
    run_round(world, negotiation, kind="initial", prices={a: 1, b: 2, c: 3}, negotiate=False)
    tender = Tender.objects.get(operator=a)
    path = url(negotiation, f"tenders/{tender.pk}/scores/")

    assert len(api.get(world.officer, path).json()) == 1
    assert len(api.get(world.evaluator, path).json()) == 1
    assert_problem(api.get(world.supplier(a), path), 403, "not-evaluator")
    assert_problem(api.get(world.supplier(b), path), 404, "tender-not-found")


def test_organisations_are_reference_data_for_everyone_signed_in(api, world):
    listed = api.get(
        world.supplier(world.operators[0]), "/api/v1/organisations/", {"kind": "operator"}
    )
    assert listed.json()["count"] == 4
    one = api.get(world.officer, f"/api/v1/organisations/{world.buyer.pk}/")
    assert one.json()["name"] == world.buyer.name
    assert_problem(api.get(world.officer, "/api/v1/organisations/not-a-uuid/"), 404)
    assert_problem(api.get(None, "/api/v1/organisations/"), 401)
    assert_problem(api.post(world.officer, "/api/v1/organisations/", {"name": "x"}), 405)


def test_a_browser_session_works_for_reads_and_needs_the_csrf_token_for_actions(world, published):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.supplier(world.operators[0]))

    assert client.get(url(published)).status_code == 200
    response = client.post(
        url(published, "interest/"), {"operator": str(world.operators[0].pk)}, format="json"
    )
    assert_problem(response, 403, "not-allowed")
