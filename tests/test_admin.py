"""The admin is a read-only window: records change only through the services."""

import pytest
from django.contrib.auth import get_user_model

from innopartner.procedures.models import Procedure
from innopartner.tendering.models import Tender
from innopartner.testing import (
    draft_procedure,
    make_world,
    pass_second_factor,
    publish,
    select,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("beheer", password="x")
    pass_second_factor(client, user)  # the admin asks its staff for the second factor
    return client


def test_even_a_superuser_cannot_add_change_or_delete_a_procedure_in_the_admin(admin_client):
    world = make_world()
    procedure = draft_procedure(world)
    assert admin_client.get("/admin/procedures/procedure/add/").status_code == 403
    page = admin_client.get(f"/admin/procedures/procedure/{procedure.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = admin_client.post(
        f"/admin/procedures/procedure/{procedure.pk}/change/", {"title": "Anders"}
    )
    assert response.status_code == 403
    assert (
        admin_client.post(
            f"/admin/procedures/procedure/{procedure.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    assert Procedure.objects.get(pk=procedure.pk).title == "Slimme vismonitoring"


def test_the_admin_never_shows_sealed_tender_content(admin_client):
    import datetime as dt

    from innopartner.tendering import services

    world = make_world()
    procedure = select(world, publish(world, draft_procedure(world)))
    tender_round = services.round_open(
        procedure=procedure,
        kind="initial",
        deadline=world.now + dt.timedelta(days=5),
        now=world.now,
        actor=world.officer,
    )
    operator = world.operators[0]
    services.tender_submit(
        tender_round=tender_round,
        operator=operator,
        content=b"GEHEIM-IDEE-123",
        filename="idee.pdf",
        price=10,
        now=world.now,
        actor=world.supplier(operator),
    )
    tender = Tender.objects.get()
    page = admin_client.get(f"/admin/tendering/tender/{tender.pk}/change/")
    assert page.status_code == 200
    assert b"GEHEIM-IDEE-123" not in page.content and tender.sha256.encode() in page.content
