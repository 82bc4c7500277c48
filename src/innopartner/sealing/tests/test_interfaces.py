"""The web download of a tender goes through ``tender_content``: refused for everybody before
the confirmed opening (the tenderer too), readable afterwards and recorded."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from innopartner.audit.models import AuditRecord
from innopartner.procedures.models import Procedure
from innopartner.tendering import services
from innopartner.tendering.models import Tender

pytestmark = pytest.mark.django_db


def sign_in(client, username: str):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return user


def test_the_web_download_is_sealed_until_the_opening_then_recorded(client):
    from innopartner.web.demo import load_live_procedures

    load_live_procedures()
    procedure = Procedure.objects.get(slug="demo-opening")
    own = Tender.objects.get(round__procedure=procedure, operator__name__startswith="Sat")
    download = reverse("web:tender", args=[own.pk]) + "?download=1"
    for username in ("demo-supplier-a", "demo-officer"):
        sign_in(client, username)
        page = client.get(reverse("web:tender", args=[own.pk])).content.decode()
        assert "?download=1" not in page and "Verzegeld" in page  # no link that must fail
        assert client.get(download).status_code == 403
        assert not AuditRecord.objects.filter(action="tender.read").exists()

    users = get_user_model().objects
    opening = services.tenders_opening_start(
        tender_round=own.round, now=timezone.now(), actor=users.get(username="demo-officer")
    )
    services.tenders_opening_confirm(
        opening=opening, now=timezone.now(), actor=users.get(username="demo-officer-2")
    )
    sign_in(client, "demo-supplier-a")
    response = client.get(download)
    assert response.status_code == 200
    assert len(response.content) == own.size
    read = AuditRecord.objects.get(action="tender.read", subject_id=str(own.pk))
    assert read.actor_label == "demo-supplier-a"


def test_the_api_gives_a_request_statement_only_after_the_time_limit(client):
    """Submitted through the API: the answer holds no statement (still sealed); the buyer's
    list shows it once the time limit has passed, and that read is recorded."""
    import datetime as dt

    from freezegun import freeze_time
    from rest_framework.test import APIClient

    from innopartner.testing import draft_procedure, make_world, publish

    start = timezone.now().replace(microsecond=0)
    world = make_world(operators=1, now=start)
    procedure = publish(world, draft_procedure(world))
    operator = world.operators[0]
    api = APIClient()
    api.force_authenticate(world.supplier(operator))
    path = f"/api/v1/procedures/{procedure.pk}/requests/"
    made = api.post(
        path, {"operator": str(operator.pk), "statement": "GEHEIM-VERZOEK"}, format="json"
    )
    assert made.status_code == 201, made.content
    assert made.json()["statement"] is None and b"GEHEIM-VERZOEK" not in made.content
    api.force_authenticate(world.officer)
    assert api.get(path).json()[0]["statement"] is None
    with freeze_time(procedure.requests_deadline + dt.timedelta(seconds=1)):
        listed = api.get(path).json()
    assert listed[0]["statement"] == "GEHEIM-VERZOEK"
    read = AuditRecord.objects.get(action="request.read")
    assert read.actor_label == world.officer.username
