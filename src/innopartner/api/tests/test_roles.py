"""Refusal per role: every action endpoint refuses whoever the engine refuses, with the same
rule code, and anonymous callers get 401. The API decides nothing itself: these codes come
from the services' permission checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innopartner.tendering.models import Tender
from innopartner.testing import run_round

from .conftest import assert_problem, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(world, negotiation):
    """Round 1 tendered by A, B and C, opened and scored; not yet negotiated."""
    a, b, c = world.operators[:3]
    run_round(world, negotiation, kind="initial", prices={a: 100, b: 101, c: 102}, negotiate=False)
    return negotiation


def _people(world, auditor):
    return {
        "supplier_a": world.supplier(world.operators[0]),
        "supplier_b": world.supplier(world.operators[1]),
        "evaluator": world.evaluator,
        "other_buyer_officer": world.other_buyer_officer,
        "auditor": auditor,
    }


def buyer_actions(world, procedure):
    a = world.operators[0]
    tender = Tender.objects.get(round__procedure=procedure, operator=a)
    criterion = procedure.award_criteria.get(kind="quality")
    requirement = procedure.requirements.first()
    request = procedure.requests.first()
    score = {"criterion": str(criterion.public_id), "score": "7", "justification": "Goed."}
    return [
        ("patch", "preparation/", {"need_description": "x"}),
        ("post", "buyers/", {"authority": str(world.buyer.pk)}),
        ("post", "choice/", {"reasons": "x"}),
        ("post", "consultations/", {"kind": "demo", "held_on": "2024-01-01", "learned": "x"}),
        ("post", "requirements/", {"text": "x"}),
        ("patch", f"requirements/{requirement.public_id}/", {"text": "x"}),
        ("post", "selection-criteria/", {"text": "x"}),
        ("post", "award-criteria/", {"name": "x", "kind": "quality", "weight": "1"}),
        ("patch", f"award-criteria/{criterion.public_id}/", {"weight": "1"}),
        ("post", "phases/", {"number": 3, "name": "x", "gate_kind": "final"}),
        ("post", "performance-levels/", {"name": "x", "target": "1"}),
        ("post", "purchase-items/", {"name": "x", "max_unit_price": "1.00"}),
        ("post", "prior-information-notice/", {"channel": "tenderned"}),
        ("post", "publish/", {"requests_deadline": "2024-06-01T12:00:00+02:00", "channel": "ted"}),
        ("post", "cancel/", {"reason": "x"}),
        ("post", "complete/", {"reason": "x"}),
        ("post", f"requests/{request.pk}/assessment/", {"qualified": True, "assessment": "x"}),
        ("post", "invitations/", {"operators": [str(a.pk)]}),
        ("post", "answers/publish/", None),
        (
            "post",
            "meetings/",
            {"kind": "information", "held_at": "2024-01-01T10:00:00+01:00", "minutes": "x"},
        ),
        ("post", "rounds/", {"kind": "subsequent", "deadline": "2025-01-01T12:00:00+01:00"}),
        ("post", "rounds/1/opening/", None),
        ("post", "rounds/1/opening/confirm/", None),
        ("post", "rounds/1/negotiation/", {"minutes": [{"operator": str(a.pk), "minutes": "x"}]}),
        ("post", "rounds/1/reduction/", {"eliminate": [str(a.pk)]}),
        ("post", f"tenders/{tender.pk}/consensus/", score),
        ("post", f"tenders/{tender.pk}/compliance/", {"compliant": True, "note": "x"}),
        ("post", "award/", {"winners": [str(a.pk)], "reasons": "x"}),
        ("post", "agreement/", {}),
        ("post", "award-notice/", None),
        (
            "post",
            f"partners/{a.pk}/phases/1/assessment/",
            {"results": {"1": True}, "assessment": "x"},
        ),
        ("post", f"partners/{a.pk}/phases/1/instalments/", {"instalment": "1"}),
        ("post", "gates/1/", {"reasons": "x"}),
        ("post", "purchase/", {"operator": str(a.pk), "measured": {}, "prices": {}}),
    ]


BUYER_ACTION_COUNT = 34


@pytest.mark.parametrize("index", range(BUYER_ACTION_COUNT))
def test_a_buyer_action_is_refused_to_everyone_but_the_buyers_staff(
    api, world, auditor, opened, index
):
    method, tail, body = buyer_actions(world, opened)[index]
    people = _people(world, auditor)
    tender_path = tail.startswith("tenders/")

    for role, person in people.items():
        response = api.call(method, person, url(opened, tail), body)
        if role in ("supplier_b", "other_buyer_officer") and tender_path:
            # Whoever may not know that A's tender exists does not learn it from the API.
            assert_problem(response, 404, "tender-not-found")
        else:
            assert_problem(response, 403, "not-buyer-staff")
    assert_problem(api.call(method, None, url(opened, tail), body), 401, "not-authenticated")


def test_the_list_of_buyer_actions_is_complete(world, opened):
    assert len(buyer_actions(world, opened)) == BUYER_ACTION_COUNT


def test_only_an_evaluator_scores(api, world, auditor, opened):
    tender = Tender.objects.get(round__procedure=opened, operator=world.operators[0])
    criterion = opened.award_criteria.get(kind="quality")
    body = {"criterion": str(criterion.public_id), "score": "7", "justification": "x"}
    people = _people(world, auditor) | {"officer": world.officer}
    del people["evaluator"], people["supplier_b"], people["other_buyer_officer"]

    for person in people.values():
        response = api.post(person, url(opened, f"tenders/{tender.pk}/scores/"), body)
        assert_problem(response, 403, "not-evaluator")


def supplier_actions(world, procedure):
    a = world.operators[0]
    tender = Tender.objects.get(round__procedure=procedure, operator=a)
    item = procedure.confidential_items.first()
    return [
        ("interest/", {"operator": str(a.pk)}, "json"),
        ("requests/", {"operator": str(a.pk)}, "json"),
        ("questions/", {"operator": str(a.pk), "text": "x"}, "json"),
        ("confidential-items/", {"owner": str(a.pk), "title": "x"}, "json"),
        (
            f"confidential-items/{item.pk}/consents/",
            {"disclosure": "Het meetprincipe in ronde 2 aan B tonen.", "recipients": [str(a.pk)]},
            "json",
        ),
        ("rounds/1/tenders/", {"operator": str(a.pk), "file": _file()}, "multipart"),
        (f"tenders/{tender.pk}/replace/", {"file": _file()}, "multipart"),
        (f"tenders/{tender.pk}/withdraw/", None, "json"),
    ]


@pytest.mark.parametrize("index", range(8))
def test_a_supplier_action_for_company_a_is_refused_to_everyone_but_its_people(
    api, world, auditor, opened, index
):
    from innopartner.negotiation import services as negotiation

    negotiation.confidential_item_register(
        procedure=opened,
        owner=world.operators[0],
        title="Principe",
        now=world.now,
        actor=world.supplier(world.operators[0]),
    )
    tail, body, fmt = supplier_actions(world, opened)[index]
    people = _people(world, auditor) | {"officer": world.officer}
    del people["supplier_a"]

    for role, person in people.items():
        if fmt == "multipart":
            body = {k: (_file() if k == "file" else v) for k, v in body.items()}
        response = api.post(person, url(opened, tail), body, fmt=fmt)
        if role in ("supplier_b", "other_buyer_officer") and tail.startswith("tenders/"):
            assert_problem(response, 404, "tender-not-found")
        else:
            assert_problem(response, 403, "not-acting-for-operator")
    assert_problem(api.post(None, url(opened, tail), body, fmt=fmt), 401)


def test_an_unpublished_procedure_is_not_found_for_suppliers_and_other_buyers(
    api, world, auditor, draft
):
    for person in (world.supplier(world.operators[0]), world.other_buyer_officer):
        assert_problem(api.get(person, url(draft)), 404, "procedure-not-found")
        assert_problem(
            api.post(person, url(draft, "requirements/"), {"text": "x"}), 404, "procedure-not-found"
        )
    assert api.get(auditor, url(draft)).status_code == 200
    assert api.get(world.evaluator, url(draft)).status_code == 200


def _file():
    return SimpleUploadedFile("inschrijving.pdf", b"inhoud", content_type="application/pdf")
