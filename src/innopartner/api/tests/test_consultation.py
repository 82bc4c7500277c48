"""The market consultation's responses through the API: read-only, for the procedure's buyer
staff only (the ideas and contact details are confidential to the buyer, Art. 21), as in the
web; never another procedure's responses, never to suppliers, evaluators, auditors or other
buyers."""

from __future__ import annotations

import pytest

from innopartner.consultation import services as consultation
from innopartner.consultation.models import ChallengeResponse
from innopartner.testing import draft_procedure, publish

from .conftest import assert_problem, url

pytestmark = pytest.mark.django_db

IDEA = "GEHEIM-IDEE: meten met glasvezel"


def _challenge(world, procedure, title):
    page = consultation.challenge_page_save(
        procedure=procedure,
        now=world.now,
        actor=world.officer,
        title=title,
        need="Wij zoeken een manier om vismigratie het hele jaar te meten.",
        contact_name="Inkoper",
        contact_email="inkoop@example.nl",
    )
    return consultation.challenge_page_publish(page=page, now=world.now, actor=world.officer)


def _respond(world, page, name, kind, idea="", **extra):
    return consultation.response_submit(
        page=page,
        organisation_name=name,
        contact_person="Xandra",
        email="x@example.nl",
        kind=kind,
        idea=idea,
        now=world.now,
        **extra,
    )


@pytest.fixture
def consulted(world, draft):
    """A draft with a published challenge page, two responses; another procedure with one."""
    page = _challenge(world, draft, "Vismigratie meten")
    _respond(world, page, "Start-up X", "idea", IDEA)
    _respond(
        world,
        page,
        "Bedrijf Y",
        "talk",
        public_summary="Y wil graag praten.",
        summary_consent=True,
    )
    other = draft_procedure(world)
    _respond(world, _challenge(world, other, "Iets anders"), "Bedrijf Z", "idea", "Z's idee")
    return draft


def test_the_buyer_reads_every_response_of_its_own_challenge(api, world, consulted):
    response = api.get(world.second_officer, url(consulted, "consultation/responses/"))
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 2
    by_name = {r["organisation_name"]: r for r in body["results"]}
    assert set(by_name) == {"Start-up X", "Bedrijf Y"}  # not Z, of another procedure
    assert by_name["Start-up X"]["idea"] == IDEA
    assert by_name["Start-up X"]["email"] == "x@example.nl"
    assert by_name["Bedrijf Y"]["summary_consent"] is True
    x = ChallengeResponse.objects.get(organisation_name="Start-up X")
    assert by_name["Start-up X"]["id"] == str(x.pk)

    ideas = api.get(world.officer, url(consulted, "consultation/responses/"), {"kind": "idea"})
    assert [r["organisation_name"] for r in ideas.json()["results"]] == ["Start-up X"]
    page = api.get(world.officer, url(consulted, "consultation/responses/"), {"limit": 1})
    assert page.json()["count"] == 2 and len(page.json()["results"]) == 1


def test_nobody_but_the_buyers_staff_reads_the_responses(api, world, auditor, consulted):
    # After the notice suppliers see the procedure, yet never the consultation's responses.
    published = publish(world, consulted)
    tail = "consultation/responses/"
    refused = {
        "supplier_a": world.supplier(world.operators[0]),
        "supplier_b": world.supplier(world.operators[1]),
        "evaluator": world.evaluator,
        "other_buyer_officer": world.other_buyer_officer,
        "auditor": auditor,
    }
    for role, person in refused.items():
        response = api.get(person, url(published, tail))
        assert_problem(response, 403, "not-buyer-staff")
        text = response.content.decode()
        assert IDEA not in text and "Start-up X" not in text, role
    assert_problem(api.get(None, url(published, tail)), 401)
    assert api.get(world.officer, url(published, tail)).json()["count"] == 2


def test_before_the_notice_the_procedure_is_not_found_for_outsiders(api, world, consulted):
    for person in (world.supplier(world.operators[0]), world.other_buyer_officer):
        response = api.get(person, url(consulted, "consultation/responses/"))
        assert_problem(response, 404, "procedure-not-found")
        assert IDEA not in response.content.decode()


def test_bad_input_and_writes_are_refused(api, world, consulted):
    tail = "consultation/responses/"
    problem = assert_problem(api.get(world.officer, url(consulted, tail), {"kind": "alles"}), 400)
    assert [e["field"] for e in problem["errors"]] == ["kind"]
    before = ChallengeResponse.objects.count()
    body = {"organisation_name": "Nep", "kind": "idea"}
    assert_problem(api.post(world.officer, url(consulted, tail), body), 405)
    assert ChallengeResponse.objects.count() == before


def test_a_procedure_without_a_challenge_page_has_no_responses(api, world, draft):
    response = api.get(world.officer, url(draft, "consultation/responses/"))
    assert response.status_code == 200
    assert response.json()["count"] == 0 and response.json()["results"] == []
