"""One error shape (RFC 9457) for every refusal, and never a 500 for bad input."""

import uuid

import pytest

from .conftest import assert_problem, url


def test_anonymous_gets_401_with_the_problem_shape_and_a_token_challenge(api, published):
    response = api.get(None, url(published))

    body = assert_problem(response, 401, "not-authenticated")
    assert response["WWW-Authenticate"] == "Token"
    assert body["article"] == ""


def test_an_unknown_procedure_is_404(api, world):
    assert_problem(api.get(world.officer, url_ref("no-such-case")), 404, "procedure-not-found")
    assert_problem(api.get(world.officer, url_ref(str(uuid.uuid4()))), 404, "procedure-not-found")


def url_ref(ref: str, tail: str = "") -> str:
    return f"/api/v1/procedures/{ref}/{tail}"


def test_a_rule_refusal_is_409_with_the_rule_code_and_its_article(api, world, draft):
    from innopartner.procedures import services

    services.preparation_update(
        procedure=draft, now=world.now, actor=world.officer, candidates_min=2
    )

    response = api.post(
        world.officer,
        url(draft, "publish/"),
        {"requests_deadline": "2024-03-01T12:00:00+01:00", "channel": "tenderned"},
    )

    body = assert_problem(response, 409)
    assert body["code"] == "candidates-minimum-too-low"
    assert body["article"] == "Art. 65(2) Richtlijn 2014/24/EU"


def test_malformed_json_is_400(api, world, draft):
    response = api.call(
        "post",
        world.officer,
        url(draft, "requirements/"),
        b'{"text": ',
        fmt=None,
        content_type="application/json",
    )

    assert_problem(response, 400, "malformed-request")


def test_wrong_types_are_400_with_the_fields_named(api, world, draft):
    response = api.post(
        world.officer, url(draft, "requirements/"), {"text": ["a"], "is_minimum": "x"}
    )

    body = assert_problem(response, 400, "invalid-input")
    assert {e["field"] for e in body["errors"]} == {"text", "is_minimum"}


def test_a_json_array_instead_of_an_object_is_400(api, world, draft):
    assert_problem(
        api.post(world.officer, url(draft, "requirements/"), [1, 2]), 400, "invalid-input"
    )


@pytest.mark.parametrize("bad", ["not-a-uuid", "0" * 40, "%00"])
def test_a_malformed_id_in_the_path_is_404_not_500(api, world, negotiation, bad):
    response = api.post(world.officer, url(negotiation, f"tenders/{bad}/withdraw/"))

    assert_problem(response, 404, "tender-not-found")


@pytest.mark.parametrize("number", ["0", "99999999999999999999999", "abc", "-1"])
def test_a_round_number_out_of_range_is_404_not_500(api, world, negotiation, number):
    response = api.post(world.officer, url(negotiation, f"rounds/{number}/opening/"))

    assert_problem(response, 404, "round-not-found")


def test_huge_numbers_in_the_body_are_400(api, world, draft):
    response = api.patch(
        world.officer,
        url(draft, "preparation/"),
        {"budget": "1" * 40, "candidates_max": 10**30},
    )

    body = assert_problem(response, 400, "invalid-input")
    assert {e["field"] for e in body["errors"]} == {"budget", "candidates_max"}


@pytest.mark.parametrize("moment", ["2024-03-01T12:00:00", "9999-12-31T23:59:59-23:59", "morgen"])
def test_a_naive_or_impossible_datetime_is_400(api, world, draft, moment):
    response = api.post(
        world.officer,
        url(draft, "publish/"),
        {"requests_deadline": moment, "channel": "tenderned"},
    )

    body = assert_problem(response, 400, "invalid-input")
    assert body["errors"][0]["field"] == "requests_deadline"


def test_an_unknown_organisation_in_the_body_is_400(api, world, published):
    response = api.post(
        world.supplier(world.operators[0]),
        url(published, "requests/"),
        {"operator": str(uuid.uuid4())},
    )

    assert_problem(response, 400, "organisation-unknown")


def test_text_with_nul_or_lone_surrogates_is_400(api, world, draft):
    for raw in [b'{"text": "a\\u0000b"}', b'{"text": "a\\ud800b"}']:
        response = api.call(
            "post",
            world.officer,
            url(draft, "requirements/"),
            raw,
            fmt=None,
            content_type="application/json",
        )
        assert_problem(response, 400, "invalid-input")


def test_an_unsupported_media_type_is_415(api, world, draft):
    response = api.call(
        "post",
        world.officer,
        url(draft, "requirements/"),
        "text",
        fmt=None,
        content_type="text/plain",
    )

    assert_problem(response, 415, "unsupported-media-type")


def test_a_method_not_offered_is_405(api, world, draft):
    assert_problem(
        api.delete(world.officer, url(draft, "requirements/")), 405, "method-not-allowed"
    )


def test_a_huge_offset_or_limit_does_not_reach_the_database(api, world, published):
    response = api.get(world.officer, "/api/v1/procedures/", {"offset": 10**30, "limit": 10**30})

    assert response.status_code == 200
    assert response.json()["results"] == []
