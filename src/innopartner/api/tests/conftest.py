"""Fixtures of the API tests: the builders' world, an auditor, and a client that acts as one
of its people at the world's clock (the API passes ``timezone.now()`` to the services, so the
clock is frozen at ``world.now`` for each call)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from rest_framework.test import APIClient

from innopartner.parties import services as parties
from innopartner.testing import draft_procedure, make_world, publish, select

PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "article"}


class Api:
    """``api.post(user, url, body)``: one request as ``user`` (None: anonymous) at world.now."""

    def __init__(self, world):
        self.world = world

    def call(self, method, user, url, data=None, fmt="json", **extra):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        with freeze_time(self.world.now):
            return getattr(client, method)(url, data, format=fmt, **extra)

    def get(self, user, url, params=None, **extra):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        with freeze_time(self.world.now):
            return client.get(url, params or {}, **extra)

    def post(self, user, url, data=None, fmt="json", **extra):
        return self.call("post", user, url, data, fmt, **extra)

    def patch(self, user, url, data=None, **extra):
        return self.call("patch", user, url, data, **extra)

    def delete(self, user, url, **extra):
        return self.call("delete", user, url, None, **extra)


def assert_problem(response, status: int, code: str | None = None) -> dict:
    """The response is RFC 9457 problem details with the given status and rule code."""
    assert response.status_code == status, (response.status_code, getattr(response, "data", ""))
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert PROBLEM_KEYS <= set(body), body
    assert body["status"] == status
    assert body["type"] == f"urn:innopartner:problem:{body['code']}"
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def auditor(world):
    office = parties.authority_create(name="Auditdienst", authority_type="central", now=world.now)
    return parties.person_add(
        username="auditor", organisation=office, role="auditor", now=world.now
    )


@pytest.fixture
def api(world):
    return Api(world)


@pytest.fixture
def draft(world):
    """A complete procedure in preparation (not published)."""
    return draft_procedure(world)


@pytest.fixture
def published(world, draft):
    return publish(world, draft)


@pytest.fixture
def negotiation(world, published):
    """In negotiation with operators A, B and C invited; D not."""
    return select(world, published, operators=world.operators[:3])


def url(procedure, tail: str = "") -> str:
    return f"/api/v1/procedures/{procedure.pk}/{tail}"
