"""Consortium formation in the web: a supplier forms a consortium led by its own company,
names members by KvK number, and requests to participate as that consortium. Bad input shows
the reason and stores nothing; other roles are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innopartner.participation.models import RequestToParticipate
from innopartner.parties.models import Organisation
from innopartner.testing import draft_procedure, make_world, publish

from .conftest import sign_in


def url(name, *args):
    return reverse(f"web:{name}", args=args)


@pytest.fixture
def world(db):
    return make_world(operators=2)


def test_supplier_forms_a_consortium_and_requests_to_participate_as_it(client, world):
    a, b = world.operators
    procedure = publish(world, draft_procedure(world), days=3650)
    sign_in(client, "supplier-a")
    request_page = url("request_submit", procedure.pk)
    assert url("consortia") in client.get(request_page).content.decode()
    response = client.post(
        url("consortia"),
        {"name": "Combinatie AB", "member_kvk_numbers": f" {b.kvk_number} ", "next": request_page},
    )
    assert response.status_code == 302 and response["Location"] == request_page
    consortium = Organisation.objects.get(name="Combinatie AB")
    assert consortium.member_links.get(is_lead=True).member == a
    assert consortium.member_links.get(is_lead=False).member == b
    # The request form now offers the consortium; requesting as it is stored for it.
    assert "Combinatie AB" in client.get(request_page).content.decode()
    response = client.post(request_page, {"operator": str(consortium.pk), "statement": "Samen."})
    assert response.status_code == 302
    assert RequestToParticipate.objects.get(procedure=procedure).operator == consortium
    # The other member's user sees the consortium too; the list shows the lead.
    client.logout()
    sign_in(client, "supplier-b")
    body = client.get(url("consortia")).content.decode()
    assert "Combinatie AB" in body and "penvoerder" in body


def test_unknown_kvk_number_or_no_member_is_refused_and_nothing_stored(client, world):
    sign_in(client, "supplier-a")
    response = client.post(url("consortia"), {"name": "X", "member_kvk_numbers": "12345678"})
    assert response.status_code == 400
    assert "12345678" in response.content.decode()
    response = client.post(url("consortia"), {"name": "X", "member_kvk_numbers": "12ab"})
    assert response.status_code == 400 and "8 cijfers" in response.content.decode()
    # Its own KvK number only: the engine refuses a consortium of one.
    own = world.operators[0].kvk_number
    response = client.post(url("consortia"), {"name": "Solo", "member_kvk_numbers": own})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geen geregistreerde ondernemer" in body and 'value="Solo"' in body
    assert not Organisation.objects.filter(kind=Organisation.Kind.CONSORTIUM).exists()


@pytest.mark.parametrize("username", ["officer", "evaluator"])
def test_other_roles_cannot_form_a_consortium(client, world, username):
    sign_in(client, username)
    b = world.operators[1]
    response = client.post(url("consortia"), {"name": "K", "member_kvk_numbers": b.kvk_number})
    assert response.status_code == 403
    assert not Organisation.objects.filter(kind=Organisation.Kind.CONSORTIUM).exists()
