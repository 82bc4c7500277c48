"""Fixtures of the API tests: the builders' world, an auditor, and a client that acts as one
of its people at the world's clock. The API passes ``django.utils.timezone.now()`` to the
services, so that clock is set to ``world.now`` for each call (a plain patch: freezegun's
scan of every loaded module cost a tenth of a second per request)."""

from __future__ import annotations

from unittest import mock

import pytest
from rest_framework.test import APIClient

from innopartner.parties import services as parties
from innopartner.testing import draft_procedure, make_world, publish, select

PROBLEM_KEYS = {"type", "title", "status", "detail", "code", "article"}


class Api:
    """``api.post(user, url, body)``: one request as ``user`` (None: anonymous) at world.now."""

    def __init__(self, world):
        self.world = world
        self.client = APIClient()  # one client: each new one loads the middleware again

    def _as(self, user) -> APIClient:
        self.client.force_authenticate(user)
        return self.client

    def call(self, method, user, url, data=None, fmt="json", **extra):
        with self.clock():
            return getattr(self._as(user), method)(url, data, format=fmt, **extra)

    def clock(self):
        return mock.patch("django.utils.timezone.now", return_value=self.world.now)

    def get(self, user, url, params=None, **extra):
        with self.clock():
            return self._as(user).get(url, params or {}, **extra)

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
