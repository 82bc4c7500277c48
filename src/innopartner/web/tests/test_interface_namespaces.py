"""Every namespace of the human interface (web, documents, guidance, consultation) gets the
same checks from web.middleware: the second factor for buyer roles, then a friendly 403/404
naming the rule; the public pages of the market consultation stay readable without either."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innopartner import testing
from innopartner.web.middleware import OPEN_VIEWS, SECOND_FACTOR_NAMESPACES

from .conftest import sign_in


@pytest.fixture
def procedure(db):
    world = testing.make_world(operators=1)
    return testing.draft_procedure(world)


PAGES = [
    ("web:procedure", True),
    ("documents:draft", True),
    ("guidance:checklist", True),
    ("consultation:manage", True),
]


@pytest.mark.parametrize(("name", "_"), PAGES)
def test_a_buyer_without_the_second_factor_is_sent_to_set_it_up_on_every_namespace(
    client, procedure, name, _
):
    sign_in(client, "officer", verified=False)
    answer = client.get(reverse(name, args=[procedure.pk]))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("web:otp_setup"))


@pytest.mark.parametrize(("name", "_"), PAGES)
def test_another_buyer_gets_the_friendly_not_found_page_on_every_namespace(
    client, procedure, name, _
):
    sign_in(client, "other-officer")
    answer = client.get(reverse(name, args=[procedure.pk]))
    assert answer.status_code == 404
    assert "<html" in answer.content.decode()  # the interface's page, not a bare error


def test_the_public_challenge_list_is_open_to_a_buyer_who_has_not_passed_the_second_factor(
    client, procedure
):
    sign_in(client, "officer", verified=False)
    assert client.get(reverse("consultation:challenges")).status_code == 200


def test_every_open_view_belongs_to_an_interface_namespace():
    assert {name.split(":")[0] for name in OPEN_VIEWS} <= SECOND_FACTOR_NAMESPACES
