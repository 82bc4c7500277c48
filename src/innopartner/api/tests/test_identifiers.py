"""Identifiers in URLs and output reveal nothing about how many records exist: every record is
named by a UUID (the records of the documents by their ``public_id``), rounds and phases by
their number inside the procedure (docs/security.md, identifiers)."""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from innopartner.api import converters
from innopartner.evaluation.models import Score
from innopartner.tendering.models import Tender
from innopartner.testing import draft_procedure, run_round

from .conftest import assert_problem, url

# Path converters that name a record without counting: a UUID (uid, key), a procedure's UUID
# or case code (ref); a number only for what is numbered inside one procedure (num).
NAMING_CONVERTERS = (converters.ProcedureRef, converters.Uid, converters.Key)
NUMBER_KWARGS = {"n"}  # round or phase number within the procedure


def _api_patterns():
    prefix, resolver = get_resolver().namespace_dict["api"]

    def walk(patterns, route):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield route + str(pattern.pattern), pattern

    yield from walk(resolver.url_patterns, prefix)


def _uuid(value) -> bool:
    try:
        return str(uuid.UUID(str(value))) == str(value)
    except ValueError:
        return False


def test_no_path_parameter_of_the_api_is_a_counting_id():
    checked = 0
    for route, pattern in _api_patterns():
        kwargs = set(pattern.pattern.regex.groupindex)
        found = getattr(pattern.pattern, "converters", {})
        for name in kwargs:
            checked += 1
            converter = found.get(name)
            if converter is None:
                # A router's regex route (organisations/<id>): the viewset's model must be
                # keyed by a UUID, since the kwarg is looked up as its pk.
                model = pattern.callback.cls().get_queryset().model
                assert model._meta.pk.get_internal_type() == "UUIDField", (route, name)
            elif isinstance(converter, converters.Num):
                assert name in NUMBER_KWARGS, (route, name)
            else:
                assert isinstance(converter, NAMING_CONVERTERS), (route, name, converter)
    assert checked > 30  # the walk did see the API


def test_every_id_in_the_openapi_components_is_a_uuid():
    from django.urls import include, path

    generator = SchemaGenerator(patterns=[path("api/v1/", include("innopartner.api.urls"))])
    schema = generator.get_schema(request=None, public=True)

    ids = {
        name: properties["id"]
        for name, component in schema["components"]["schemas"].items()
        if "id" in (properties := component.get("properties", {}))
    }
    assert {"RequirementOut", "AwardCriterionOut", "ConsultationOut"} <= set(ids)
    assert {name for name, field in ids.items() if field.get("format") != "uuid"} == set()
    score = schema["components"]["schemas"]["ScoreOut"]["properties"]["criterion"]
    assert score.get("format") == "uuid"
    for parameters in (
        operation.get("parameters", [])
        for operations in schema["paths"].values()
        for operation in operations.values()
    ):
        for parameter in parameters:
            if parameter["in"] == "path" and parameter["name"] in {"req", "crit"}:
                assert parameter["schema"] == {"type": "string", "format": "uuid"}


def test_the_records_of_the_documents_are_named_by_uuid_in_the_output(api, world, draft):
    recorded = api.post(
        world.officer,
        url(draft, "consultations/"),
        {"kind": "demo", "held_on": "2024-01-10", "learned": "Het kan."},
    ).json()

    detail = api.get(world.officer, url(draft)).json()

    named = [
        *detail["requirements"],
        *detail["selection_criteria"],
        *detail["award_criteria"],
        *detail["performance_levels"],
        *detail["purchase_items"],
    ]
    assert named and all(_uuid(record["id"]) for record in named)
    requirement = draft.requirements.order_by("id").first()
    assert detail["requirements"][0]["id"] == str(requirement.public_id)
    assert recorded["id"] == str(draft.consultations.get().public_id)


def test_a_requirement_and_a_criterion_change_by_their_public_id(api, world, draft):
    requirement = draft.requirements.get(is_minimum=False)
    criterion = draft.award_criteria.get(kind="quality")

    changed = api.patch(
        world.officer,
        url(draft, f"requirements/{requirement.public_id}/"),
        {"text": "Rapporteert wekelijks."},
    )
    weighed = api.patch(
        world.officer, url(draft, f"award-criteria/{criterion.public_id}/"), {"weight": "55"}
    )

    assert changed.status_code == 200 and changed.json()["id"] == str(requirement.public_id)
    assert weighed.status_code == 200 and weighed.json()["weight"] == "55.00"
    requirement.refresh_from_db()
    assert requirement.text == "Rapporteert wekelijks."


@pytest.mark.parametrize("kind", ["integer key", "malformed", "unknown uuid"])
def test_a_requirement_or_criterion_not_named_by_its_public_id_is_404(api, world, draft, kind):
    requirement = draft.requirements.first()
    criterion = draft.award_criteria.get(kind="quality")
    name = {
        "integer key": lambda record: record.pk,
        "malformed": lambda record: "abc%00",
        "unknown uuid": lambda record: uuid.uuid4(),
    }[kind]

    assert_problem(
        api.patch(world.officer, url(draft, f"requirements/{name(requirement)}/"), {"text": "x"}),
        404,
        "requirement-not-found",
    )
    assert_problem(
        api.patch(world.officer, url(draft, f"award-criteria/{name(criterion)}/"), {"weight": "1"}),
        404,
        "criterion-not-found",
    )
    requirement.refresh_from_db()
    criterion.refresh_from_db()
    assert requirement.text != "x" and criterion.weight != 1


def test_a_criterion_of_another_procedure_is_not_found_and_nothing_changes(api, world, draft):
    other = draft_procedure(world)
    foreign = other.award_criteria.get(kind="quality")
    foreign_requirement = other.requirements.first()

    assert_problem(
        api.patch(
            world.officer, url(draft, f"award-criteria/{foreign.public_id}/"), {"weight": "1"}
        ),
        404,
        "criterion-not-found",
    )
    assert_problem(
        api.patch(
            world.officer,
            url(draft, f"requirements/{foreign_requirement.public_id}/"),
            {"text": "x"},
        ),
        404,
        "requirement-not-found",
    )
    foreign.refresh_from_db()
    foreign_requirement.refresh_from_db()
    assert foreign.weight == 60 and foreign_requirement.text != "x"


@pytest.mark.parametrize("criterion", ["5", "not-a-uuid", None, [1]])
@pytest.mark.parametrize("tail", ["scores/", "consensus/"])
def test_a_criterion_in_a_score_body_that_is_no_uuid_is_400_naming_the_field(
    api, world, draft, criterion, tail
):
    response = api.post(
        world.officer,
        url(draft, f"tenders/{uuid.uuid4()}/{tail}"),
        {"criterion": criterion, "score": "7", "justification": "Goed."},
    )

    body = assert_problem(response, 400, "invalid-input")
    assert [e["field"] for e in body["errors"]] == ["criterion"]


def test_a_score_on_the_integer_key_or_on_another_procedures_criterion_is_refused(
    api, world, negotiation
):
    a, b, c = world.operators[:3]
    run_round(world, negotiation, kind="initial", prices={a: 100, b: 101, c: 102}, negotiate=False)
    tender = Tender.objects.get(round__procedure=negotiation, operator=a)
    own = negotiation.award_criteria.get(kind="quality")
    foreign = draft_procedure(world).award_criteria.get(kind="quality")
    before = Score.objects.count()

    # DRF reads a JSON integer as UUID(int=...): the old integer key names no criterion.
    for criterion in (own.pk, str(foreign.public_id)):
        response = api.post(
            world.evaluator,
            url(negotiation, f"tenders/{tender.pk}/scores/"),
            {"criterion": criterion, "score": "7", "justification": "Goed."},
        )
        assert_problem(response, 400, "criterion-unknown")
    assert Score.objects.count() == before
