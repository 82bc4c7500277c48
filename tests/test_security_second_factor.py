"""The web's second factor (buyer staff, evaluators, auditors, admin staff) holds for the API
too: a browser session that has not passed TOTP is not signed in for the API, and a token needs
the TOTP code (see api/tests/test_tokens.py). Demo mode asks no second factor anywhere."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from innopartner.testing import make_world

pytestmark = pytest.mark.django_db


def _session(user, *, verified: bool) -> APIClient:
    client = APIClient()
    client.force_login(user)
    if verified:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def test_an_officer_session_without_the_second_factor_is_not_signed_in_for_the_api():
    world = make_world(operators=1)

    response = _session(world.officer, verified=False).get("/api/v1/procedures/")

    assert response.status_code == 401
    assert response.json()["code"] == "authentication-failed"
    assert "tweestapsverificatie" in response.json()["detail"]
    # the calendar feed (open-data app) asks the same
    assert _session(world.officer, verified=False).get("/api/v1/me/calendar.ics").status_code == 401
    # nor can such a session mint a token that would skip the second factor
    assert _session(world.officer, verified=False).post("/api/v1/tokens/").status_code == 401


def test_evaluator_and_auditor_sessions_without_the_second_factor_are_not_signed_in():
    from innopartner.parties import services as parties

    world = make_world(operators=1)
    auditor = parties.person_add(
        username="auditor-2fa", organisation=world.buyer, role="auditor", now=world.now
    )

    for user in (world.evaluator, auditor):
        assert _session(user, verified=False).get("/api/v1/procedures/").status_code == 401
        assert _session(user, verified=False).post("/api/v1/tokens/").status_code == 401
        assert _session(user, verified=True).get("/api/v1/procedures/").status_code == 200


def test_a_verified_officer_session_and_a_supplier_session_are_signed_in():
    world = make_world(operators=1)

    assert _session(world.officer, verified=True).get("/api/v1/procedures/").status_code == 200
    supplier = world.supplier(world.operators[0])
    assert _session(supplier, verified=False).get("/api/v1/procedures/").status_code == 200


@override_settings(INNOPARTNER_DEMO=True)
def test_demo_mode_asks_no_second_factor():
    world = make_world(operators=1)

    assert _session(world.officer, verified=False).get("/api/v1/procedures/").status_code == 200


def test_the_api_audit_trail_shows_no_sequential_record_ids():
    """Audit record ids count every change in the installation; a procedure's trail in the API
    names its records by time, action and subject (a UUID) instead."""
    from innopartner.testing import draft_procedure

    world = make_world(operators=1)
    procedure = draft_procedure(world)
    client = _session(world.officer, verified=True)

    results = client.get(f"/api/v1/procedures/{procedure.pk}/audit-trail/").json()["results"]

    assert results and all("id" not in record for record in results)
    assert all(record["subject"].split(":", 1)[1] for record in results)
