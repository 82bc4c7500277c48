"""The buyer records meetings with agenda and minutes; suppliers see information meetings'
date and agenda and only their own one-to-one meetings, never another company's minutes."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from innopartner.core.timeutil import AMSTERDAM
from innopartner.negotiation.models import Meeting
from innopartner.parties.models import Organisation
from innopartner.web import clock

from .conftest import sign_in


def url(name, *args):
    return reverse(f"web:{name}", args=args)


def _held(days=1):
    return (clock.now() - dt.timedelta(days=days)).astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M")


def _record(client, procedure, **data):
    return client.post(url("meetings", procedure.pk), {"held_at": _held(), **data})


def _three_meetings(client, procedure):
    sat = Organisation.objects.get(name__startswith="SatFire")
    geo = Organisation.objects.get(name__startswith="GeoMoist")
    sign_in(client, "demo-officer")
    for data in (
        {"kind": "information", "agenda": "INFO-AGENDA", "minutes": "INFO-VERSLAG", "attendees": 9},
        {
            "kind": "dialogue",
            "operator": str(geo.pk),
            "agenda": "GEO-AGENDA",
            "minutes": "GEO-GEHEIM",
        },
        {
            "kind": "negotiation",
            "operator": str(sat.pk),
            "agenda": "SAT-AGENDA",
            "minutes": "SAT-VERSLAG",
        },
    ):
        response = _record(client, procedure, **data)
        assert response.status_code == 302, response.content.decode()[:3000]


def test_the_buyer_records_meetings_and_sees_them_on_the_procedure_page(client, demo):
    procedure = demo["demo-opening"]
    sign_in(client, "demo-officer")
    form = client.get(url("meetings", procedure.pk)).content.decode()
    assert 'for="id_held_at"' in form and "<fieldset" in form
    _three_meetings(client, procedure)
    assert Meeting.objects.filter(procedure=procedure).count() == 3
    page = client.get(url("procedure", procedure.pk)).content.decode()
    assert url("meetings", procedure.pk) in page
    assert "GeoMoist" in page
    listing = client.get(url("meetings", procedure.pk)).content.decode()
    for text in ("INFO-VERSLAG", "GEO-GEHEIM", "SAT-VERSLAG", "INFO-AGENDA"):
        assert text in listing


def test_a_supplier_sees_information_agendas_and_only_its_own_minutes(client, demo):
    procedure = demo["demo-opening"]
    _three_meetings(client, procedure)
    sign_in(client, "demo-supplier-a")
    page = client.get(url("procedure", procedure.pk)).content.decode()
    assert url("supplier_meetings", procedure.pk) in page
    for secret in ("GEO-GEHEIM", "GEO-AGENDA", "INFO-VERSLAG", "SAT-VERSLAG"):
        assert secret not in page
    mine = client.get(url("supplier_meetings", procedure.pk))
    assert mine.status_code == 200
    text = mine.content.decode()
    assert "INFO-AGENDA" in text and "SAT-VERSLAG" in text and "SAT-AGENDA" in text
    assert "INFO-VERSLAG" not in text
    assert "GEO-GEHEIM" not in text and "GEO-AGENDA" not in text and "GeoMoist" not in text
    sign_in(client, "demo-supplier-b")
    other = client.get(url("supplier_meetings", procedure.pk)).content.decode()
    assert "GEO-GEHEIM" in other and "SAT-VERSLAG" not in other


def test_a_one_to_one_meeting_without_a_candidate_is_refused_with_the_rule(client, demo):
    procedure = demo["demo-opening"]
    sign_in(client, "demo-officer")
    response = _record(client, procedure, kind="dialogue", agenda="Kennismaking", minutes="Iets")
    assert response.status_code == 400
    page = response.content.decode()
    assert "meeting-operator-missing" in page
    assert "Kennismaking" in page
    assert not Meeting.objects.filter(procedure=procedure).exists()


def test_a_meeting_in_the_future_or_without_minutes_is_refused(client, demo):
    procedure = demo["demo-opening"]
    sign_in(client, "demo-officer")
    future = client.post(
        url("meetings", procedure.pk),
        {"kind": "information", "held_at": _held(days=-2), "minutes": "Vooruit"},
    )
    assert future.status_code == 400
    assert "meeting-in-future" in future.content.decode()
    empty = _record(client, procedure, kind="information", agenda="Agenda X", minutes="")
    assert empty.status_code == 400
    assert "minutes-missing" in empty.content.decode()
    assert "Agenda X" in empty.content.decode()
    missing = _record(client, procedure, minutes="Geen soort")
    assert missing.status_code == 400
    assert 'href="#id_kind' in missing.content.decode()  # the error summary links the field
    assert not Meeting.objects.filter(procedure=procedure).exists()


def test_other_roles_cannot_record_meetings(client, demo):
    procedure = demo["demo-opening"]
    data = {"kind": "information", "held_at": _held(), "minutes": "Poging"}
    for username in ("demo-supplier-a", "demo-evaluator", "demo-auditor"):
        sign_in(client, username)
        assert client.post(url("meetings", procedure.pk), data).status_code == 403
    sign_in(client, "demo-officer")
    assert client.get(url("supplier_meetings", procedure.pk)).status_code == 403
    assert not Meeting.objects.filter(procedure=procedure).exists()
