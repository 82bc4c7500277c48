"""Nothing confidential reaches open data or any other export: seeded secrets are searched
for in every export a stranger could obtain."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from innopartner.opendata import ocds

from .conftest import assert_no_secrets

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
URI = "https://innopartner.example/api/v1/ocds/releases/"


def assert_valid(result: dict) -> None:
    assert result["validation_errors"] == []
    assert result["additional_closed_codelist_values"] == {}


def test_no_secret_reaches_any_ocds_export(seeded, validate_ocds):
    world, partnership, sealed, hidden = seeded
    releases = ocds.release_package(ocds.public_procedures(), uri=URI, now=NOW)
    records = ocds.record_package(ocds.public_procedures(), uri=URI, now=NOW)
    text = json.dumps(releases, ensure_ascii=False) + json.dumps(records, ensure_ascii=False)
    for procedure in (partnership, sealed, hidden):
        text += json.dumps(ocds.procedure_releases(procedure), ensure_ascii=False)
    assert_no_secrets(text)
    assert str(hidden.pk) not in text
    assert {r["ocid"] for r in releases["releases"]} == {ocds.ocid(partnership), ocds.ocid(sealed)}
    assert_valid(validate_ocds(releases))
    assert_valid(validate_ocds(records))


def test_an_unpublished_procedure_has_no_releases_and_no_record(seeded):
    hidden = seeded[3]
    assert ocds.procedure_releases(hidden) == []
    assert ocds.procedure_record(hidden) is None


def test_during_the_standstill_the_award_is_pending(db):
    from innopartner.testing import draft_procedure, make_world, publish, select, to_standstill

    world = make_world()
    procedure = to_standstill(world, select(world, publish(world, draft_procedure(world))))
    compiled = ocds.procedure_record(procedure)["compiledRelease"]
    assert compiled["awards"][0]["status"] == "pending"
    assert "contracts" not in compiled
    assert compiled["tender"]["status"] == "active"


def test_no_secret_reaches_the_notices_calendars_or_score_sheets(seeded):
    from innopartner.opendata import calendar, eforms, scoresheets

    from .conftest import give_contacts

    world, partnership, sealed, hidden = seeded
    give_contacts(partnership)
    give_contacts(sealed)
    url = "https://innopartner.example/"
    texts = [
        eforms.notice_xml(partnership, kind="cn", now=NOW, documents_url=url),
        eforms.notice_xml(partnership, kind="can", now=NOW, documents_url=url),
        eforms.notice_xml(sealed, kind="cn", now=NOW, documents_url=url),
        calendar.user_calendar(world.officer, now=NOW),
        calendar.user_calendar(world.supplier(world.operators[0]), now=NOW),
        calendar.procedure_calendar(sealed, world.officer, now=NOW),
    ]
    for tender_round in partnership.rounds.all():
        texts.append(scoresheets.scoresheet_csv(tender_round))
    text = "\n".join(t.decode("utf-8-sig") for t in texts)
    assert_no_secrets(text)
    assert (
        "GEHEIM-ONGEPUBLICEERDE"
        not in calendar.user_calendar(world.supplier(world.operators[1]), now=NOW).decode()
    )
