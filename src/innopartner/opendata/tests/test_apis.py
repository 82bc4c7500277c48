"""The open-data endpoints: success, refusal per role, bad input. Calendars are parsed with
icalendar, score sheets opened with openpyxl."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from icalendar import Calendar
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from innopartner.evaluation.selectors import round_ranking

from .conftest import give_contacts

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def ifv(six_cases):
    return six_cases["ifv"]


def user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def auditor(six_cases):
    from innopartner.parties import services as parties
    from innopartner.parties.models import Organisation

    office = Organisation.objects.create(
        name="Auditdienst Rijk (test)", kind=Organisation.Kind.OTHER, created_at=NOW
    )
    return parties.person_add(username="auditor", organisation=office, role="auditor", now=NOW)


def client_for(username=None, user_obj=None):
    client = APIClient()
    account = user_obj or (user(username) if username else None)
    if account is not None:
        client.force_login(account)
        # Buyer-side sessions count for the API only after the second factor (as after TOTP).
        device, _ = TOTPDevice.objects.get_or_create(
            user=account, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


# --- OCDS -----------------------------------------------------------------------------------
def test_the_ocds_packages_are_open_data_for_anyone(ifv):
    client = APIClient()
    releases = client.get("/api/v1/ocds/releases/")
    assert releases.status_code == 200 and releases["Content-Type"].startswith("application/json")
    package = json.loads(releases.content)
    assert len({r["ocid"] for r in package["releases"]}) == 6
    assert package["uri"].endswith("/api/v1/ocds/releases/")
    records = json.loads(client.get("/api/v1/ocds/records/").content)
    assert len(records["records"]) == 6


def test_one_procedure_by_slug_or_id_as_releases_and_record(ifv):
    client = APIClient()
    by_slug = json.loads(client.get("/api/v1/ocds/procedures/ifv/releases/").content)
    by_id = json.loads(client.get(f"/api/v1/ocds/procedures/{ifv.pk}/releases/").content)
    assert by_slug["releases"] == by_id["releases"]
    record = json.loads(client.get("/api/v1/ocds/procedures/ifv/record/").content)
    compiled = record["records"][0]["compiledRelease"]
    assert compiled["tender"]["procurementMethodDetails"] == "Innovation partnership"


def test_an_unpublished_or_unknown_procedure_is_not_found_in_open_data(ifv):
    from innopartner.procedures import services as procedures

    draft = procedures.procedure_create(
        title="Nog geheim",
        procedure_type_code="innovation_partnership",
        lead_buyer=ifv.lead_buyer,
        now=NOW,
        actor=user("ifv-inkoper"),
    )
    client = APIClient()
    assert client.get(f"/api/v1/ocds/procedures/{draft.pk}/releases/").status_code == 404
    assert client.get(f"/api/v1/ocds/procedures/{draft.pk}/record/").status_code == 404
    assert client.get("/api/v1/ocds/procedures/bestaat-niet/record/").status_code == 404
    assert "Nog geheim" not in client.get("/api/v1/ocds/releases/").content.decode()


# --- eForms ---------------------------------------------------------------------------------
def test_the_contract_notice_of_a_published_procedure_is_public(ifv):
    give_contacts(ifv)
    response = APIClient().get("/api/v1/procedures/ifv/notices/cn.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert b'listName="procurement-procedure-type">innovation<' in response.content
    assert "attachment" in response["Content-Disposition"]


def test_the_award_notice_is_for_the_buyer_and_auditors_only(ifv, auditor):
    give_contacts(ifv)
    url = "/api/v1/procedures/ifv/notices/can.xml"
    assert APIClient().get(url).status_code == 401
    assert client_for("sat-user").get(url).status_code == 403
    assert client_for("ifv-beoordelaar-1").get(url).status_code == 403
    assert client_for("ifv-inkoper").get(url).status_code == 200
    assert client_for(user_obj=auditor).get(url).status_code == 200


def test_a_notice_that_cannot_be_made_is_refused_with_the_reason(six_cases):
    refused = client_for("ifv-inkoper").get("/api/v1/procedures/ifv/notices/cn.xml")
    assert refused.status_code == 409  # no addresses yet: which fields, per organisation
    assert "BT-513" in refused.content.decode()
    charm = APIClient().get("/api/v1/procedures/charm/notices/cn.xml")
    assert charm.status_code == 409  # PCP is outside the directive: no eForms code
    assert APIClient().get("/api/v1/procedures/onbekend/notices/cn.xml").status_code == 404


def test_a_notice_that_fails_the_xsd_is_not_offered(ifv, monkeypatch):
    from innopartner.opendata import eforms

    give_contacts(ifv)
    monkeypatch.setattr(eforms, "_time", lambda moment: "kwart over twaalf")
    response = client_for("ifv-inkoper").get("/api/v1/procedures/ifv/notices/cn.xml")
    assert response.status_code == 409
    assert "IssueTime" in response.content.decode()
    assert b"<ContractNotice" not in response.content


# --- calendars ------------------------------------------------------------------------------
def events(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_the_buyer_sees_every_deadline_meeting_and_gate_in_amsterdam_time(ifv):
    response = client_for("ifv-inkoper").get("/api/v1/procedures/ifv/calendar.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    found = events(response.content)
    keys = {uid.split(f"-{ifv.pk}@")[0] for uid in found}
    assert {
        "requests-deadline",
        "round-1",
        "round-2",
        "round-3",
        "standstill-end",
        "award-notice-due",
        "phase-1-end",
        "gate-1",
        "gate-2",
    } <= keys
    assert any(k.startswith("meeting-") for k in keys)
    deadline = found[f"requests-deadline-{ifv.pk}@innopartner"]["DTSTART"].dt
    assert deadline == dt.datetime(2018, 3, 5, 12, 0, tzinfo=deadline.tzinfo)
    assert str(deadline.tzinfo) == "Europe/Amsterdam"
    assert b"BEGIN:VTIMEZONE" in response.content and b"TZID:Europe/Amsterdam" in response.content
    assert b"Gezamenlijke startbijeenkomst" not in response.content  # minutes stay out


def test_a_supplier_sees_its_own_deadlines_not_the_buyers(ifv):
    found = events(client_for("sat-user").get("/api/v1/procedures/ifv/calendar.ics").content)
    keys = {uid.split(f"-{ifv.pk}@")[0] for uid in found}
    assert {"requests-deadline", "round-1", "round-3", "gate-1"} <= keys
    assert "award-notice-due" not in keys
    only_interested = events(
        client_for("ter-user").get("/api/v1/procedures/ifv/calendar.ics").content
    )
    assert {uid.split(f"-{ifv.pk}@")[0] for uid in only_interested} == {"requests-deadline"}


def test_strangers_get_no_procedure_calendar(ifv):
    from innopartner.parties import services as parties

    elsewhere = parties.authority_create(
        name="Gemeente Elders", authority_type="municipality", now=NOW
    )
    stranger = parties.person_add(
        username="elders", organisation=elsewhere, role="procurement_officer", now=NOW
    )
    assert APIClient().get("/api/v1/procedures/ifv/calendar.ics").status_code == 401
    refused = client_for(user_obj=stranger).get("/api/v1/procedures/ifv/calendar.ics")
    assert refused.status_code == 403
    co_buyer = client_for("nctv-inkoper")  # a joint buyer's officer is buyer staff
    assert co_buyer.get("/api/v1/procedures/ifv/calendar.ics").status_code == 200


def test_my_calendar_works_with_a_token_in_the_url_and_keeps_its_uids(ifv):
    token = Token.objects.create(user=user("sat-user"))
    client = APIClient()
    first = client.get(f"/api/v1/me/calendar.ics?token={token.key}")
    assert first.status_code == 200
    again = client.get("/api/v1/me/calendar.ics", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert set(events(first.content)) == set(events(again.content))
    assert f"round-1-{ifv.pk}@innopartner" in events(first.content)
    assert client.get("/api/v1/me/calendar.ics?token=fout").status_code == 401
    assert client.get("/api/v1/me/calendar.ics").status_code == 401


# --- score sheets ---------------------------------------------------------------------------
def test_the_score_sheet_as_xlsx_carries_the_ranking_numbers(ifv, auditor):
    from openpyxl import load_workbook

    response = client_for("ifv-inkoper").get("/api/v1/procedures/ifv/rounds/3/scoresheet.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    ranking_sheet = list(workbook["Rangorde"].iter_rows(min_row=2, values_only=True))
    expected = [
        (r.rank, t.operator.name, float(r.total))
        for t, r in round_ranking(ifv.rounds.get(number=3))
    ]
    assert ranking_sheet == expected
    assert ranking_sheet[0][1] == "SatFire Analytics B.V." and ranking_sheet[0][0] == 1
    scores = list(workbook["Scores"].iter_rows(min_row=2, values_only=True))
    assert len(scores) == 2 * 4  # two tenders, four criteria
    sat = [row for row in scores if row[2] == "SatFire Analytics B.V."]
    accuracy = next(row for row in sat if row[3] == "Nauwkeurigheid")
    assert accuracy[6] == 9  # the consensus score
    assert abs(sum(row[7] for row in sat) - sat[0][8]) < 0.02  # points add up to the total
    auditor_view = client_for(user_obj=auditor).get(
        "/api/v1/procedures/ifv/rounds/3/scoresheet.xlsx"
    )
    assert auditor_view.status_code == 200


def test_the_score_sheet_as_csv(ifv):
    response = client_for("ifv-inkoper").get("/api/v1/procedures/ifv/rounds/1/scoresheet.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["ronde", "rang", "inschrijver"]
    assert len(rows) == 1 + 4 * 4  # four tenders in round 1, four criteria
    prices = {r[2]: Decimal(r[6]) for r in rows[1:] if r[3] == "Prijs"}
    assert prices["GeoMoist B.V."] == Decimal("350000.00")


def test_the_score_sheet_is_refused_to_others_and_for_bad_rounds(ifv):
    url = "/api/v1/procedures/ifv/rounds/3/scoresheet.xlsx"
    assert APIClient().get(url).status_code == 401
    assert client_for("sat-user").get(url).status_code == 403
    assert client_for("ifv-beoordelaar-1").get(url).status_code == 403
    buyer = client_for("ifv-inkoper")
    assert buyer.get("/api/v1/procedures/ifv/rounds/9/scoresheet.csv").status_code == 404


def test_no_score_sheet_before_the_opening(db):
    from innopartner.tendering import services as tendering
    from innopartner.testing import draft_procedure, make_world, publish, select

    world = make_world()
    procedure = select(world, publish(world, draft_procedure(world)))
    tendering.round_open(
        procedure=procedure,
        kind="initial",
        deadline=world.now + dt.timedelta(days=14),
        now=world.now,
        actor=world.officer,
    )
    response = client_for(user_obj=world.officer).get(
        f"/api/v1/procedures/{procedure.pk}/rounds/1/scoresheet.csv"
    )
    assert response.status_code == 409
    assert "round-not-opened" in response.content.decode()
