"""The checklist through the API: the buyer's staff tick, skip (with a reason) or mark items
not applicable, each an audit record; evaluators and auditors read, as in the web; suppliers
and other buyers are refused, and a refusal changes nothing."""

from __future__ import annotations

import pytest

from innopartner.audit.models import AuditRecord
from innopartner.guidance.data import guidance
from innopartner.guidance.models import ChecklistEntry

from .conftest import assert_problem, url

pytestmark = pytest.mark.django_db

ADVICE = "prep-needs-analysis"


def _enforced(procedure) -> str:
    return next(
        i.id for i in guidance().items if i.enforced and procedure.procedure_type in i.types
    )


def _other_type_item(procedure) -> str:
    return next(i.id for i in guidance().items if procedure.procedure_type not in i.types)


def _row(rows: list[dict], item: str) -> dict:
    return next(r for r in rows if r["item"] == item)


def test_the_buyer_ticks_skips_and_marks_items_and_each_change_is_audited(
    api, world, auditor, published
):
    p = published
    officer = world.officer
    tick = api.post(officer, url(p, "checklist/"), {"item": ADVICE, "state": "done"})
    assert tick.status_code == 200, tick.json()
    assert tick.json()["state"] == "done" and tick.json()["changed_by"] == officer.username
    assert tick.json()["stage"] == "preparation" and tick.json()["text_nl"]

    skip = api.post(
        world.second_officer,
        url(p, "checklist/"),
        {"item": "prep-market-consultation", "state": "skipped", "reason": "Markt is bekend."},
    )
    assert skip.status_code == 200, skip.json()
    assert skip.json()["reason"] == "Markt is bekend."
    na = api.post(
        officer, url(p, "checklist/"), {"item": "prep-purchase-volume", "state": "not_applicable"}
    )
    assert na.status_code == 200 and na.json()["state"] == "not_applicable"

    records = AuditRecord.objects.filter(action="checklist.item_set", procedure=p)
    assert records.count() == 3
    assert records.get(after__item="prep-market-consultation").after["reason"] == "Markt is bekend."

    # every reader sees the same states, per stage, with the enforced items named
    for reader in (officer, world.evaluator, auditor):
        response = api.get(reader, url(p, "checklist/"))
        assert response.status_code == 200, response.json()
        rows = response.json()
        assert _row(rows, ADVICE)["state"] == "done"
        assert _row(rows, "prep-market-consultation")["state"] == "skipped"
        assert _row(rows, "prep-purchase-volume")["state"] == "not_applicable"
        enforced = _row(rows, _enforced(p))
        assert enforced["state"] == "enforced" and enforced["enforced_by"]
        assert {r["stage"] for r in rows} > {"preparation"}
    only = api.get(officer, url(p, "checklist/"), {"stage": "preparation"}).json()
    assert only and {r["stage"] for r in only} == {"preparation"}

    # opened again: the state is back to open, and that too is a record
    reopen = api.post(officer, url(p, "checklist/"), {"item": ADVICE, "state": "open"})
    assert reopen.status_code == 200 and reopen.json()["state"] == "open"
    assert records.count() == 4


def test_a_skip_without_a_reason_is_the_services_400_and_nothing_is_stored(api, world, published):
    records = AuditRecord.objects.count()
    for body in (
        {"item": ADVICE, "state": "skipped"},
        {"item": ADVICE, "state": "skipped", "reason": "   "},
    ):
        response = api.post(world.officer, url(published, "checklist/"), body)
        assert_problem(response, 400, "checklist-skip-reason-missing")
    assert not ChecklistEntry.objects.exists()
    assert AuditRecord.objects.count() == records


def test_bad_input_is_a_400_naming_the_field(api, world, published):
    records = AuditRecord.objects.count()
    cases = [
        ({"state": "done"}, ["item"]),
        ({"item": ADVICE}, ["state"]),
        ({"item": ADVICE, "state": "afgevinkt"}, ["state"]),
        ({"item": ADVICE, "state": "enforced"}, ["state"]),
        ({"item": "x" * 81, "state": "done"}, ["item"]),
        ({"item": "prep\x00", "state": "done"}, ["item"]),
        ({"item": ADVICE, "state": "skipped", "reason": "x" * 10001}, ["reason"]),
    ]
    for body, fields in cases:
        problem = assert_problem(api.post(world.officer, url(published, "checklist/"), body), 400)
        assert [e["field"] for e in problem["errors"]] == fields, body
    for item in ("bestaat-niet", _other_type_item(published)):
        body = {"item": item, "state": "done"}
        problem = assert_problem(
            api.post(world.officer, url(published, "checklist/"), body),
            400,
            "checklist-item-unknown",
        )
        assert problem["detail"].startswith("item:")
    # a lone surrogate, as a client would send it (escaped in the JSON text)
    raw = '{"item": "prep\\ud800", "state": "done"}'
    with api.clock():
        client = api._as(world.officer)
        response = client.generic("POST", url(published, "checklist/"), raw, "application/json")
    assert [e["field"] for e in assert_problem(response, 400)["errors"]] == ["item"]
    unknown_stage = api.get(world.officer, url(published, "checklist/"), {"stage": "later"})
    assert [e["field"] for e in assert_problem(unknown_stage, 400)["errors"]] == ["stage"]
    assert not ChecklistEntry.objects.exists()
    assert AuditRecord.objects.count() == records


def test_an_enforced_item_is_not_ticked_by_hand(api, world, published):
    body = {"item": _enforced(published), "state": "done"}
    response = api.post(world.officer, url(published, "checklist/"), body)
    assert_problem(response, 409, "checklist-item-enforced")
    assert not ChecklistEntry.objects.exists()


def test_other_roles_may_not_change_and_suppliers_may_not_read(api, world, auditor, published):
    # A supplier of the published procedure, the evaluator, another buyer's officer, the auditor
    records = AuditRecord.objects.count()
    body = {"item": ADVICE, "state": "skipped", "reason": "Geen zin."}
    writers = {
        "supplier_a": world.supplier(world.operators[0]),
        "evaluator": world.evaluator,
        "other_buyer_officer": world.other_buyer_officer,
        "auditor": auditor,
    }
    for person in writers.values():
        response = api.post(person, url(published, "checklist/"), body)
        assert_problem(response, 403, "not-buyer-staff")
    for person in (world.supplier(world.operators[0]), world.other_buyer_officer):
        response = api.get(person, url(published, "checklist/"))
        assert_problem(response, 403, "checklist-not-allowed")
        assert ADVICE not in response.content.decode()
    assert_problem(api.get(None, url(published, "checklist/")), 401)
    assert_problem(api.post(None, url(published, "checklist/"), body), 401)
    assert not ChecklistEntry.objects.exists()
    assert AuditRecord.objects.count() == records


def test_an_unpublished_procedure_is_not_found_for_another_buyer(api, world, draft):
    other = world.other_buyer_officer
    assert_problem(api.get(other, url(draft, "checklist/")), 404, "procedure-not-found")
    response = api.post(other, url(draft, "checklist/"), {"item": ADVICE, "state": "done"})
    assert_problem(response, 404, "procedure-not-found")
    assert not ChecklistEntry.objects.exists()
