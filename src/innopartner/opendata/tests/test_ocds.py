"""OCDS exports, validated with the OCP's own validator (libcoveocds), offline."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from innopartner.opendata import ocds

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
URI = "https://innopartner.example/api/v1/ocds/releases/"


def assert_valid(result: dict) -> None:
    assert result["validation_errors"] == []
    assert result["additional_closed_codelist_values"] == {}


# --- the six cases ------------------------------------------------------------------------
def test_the_release_package_of_the_six_cases_is_valid_ocds(six_cases, validate_ocds):
    package = ocds.release_package(ocds.public_procedures(), uri=URI, now=NOW)
    assert {r["ocid"] for r in package["releases"]} == {ocds.ocid(p) for p in six_cases.values()}
    assert_valid(validate_ocds(package))
    assert "extensions" not in package


def test_the_record_package_of_the_six_cases_is_valid_ocds(six_cases, validate_ocds):
    package = ocds.record_package(ocds.public_procedures(), uri=URI, now=NOW)
    assert len(package["records"]) == 6
    assert_valid(validate_ocds(package))


@pytest.mark.parametrize("slug", ["ifv", "charm", "gvb"])
def test_each_procedure_alone_is_a_valid_release_and_record_package(six_cases, validate_ocds, slug):
    procedure = six_cases[slug]
    assert_valid(validate_ocds(ocds.release_package([procedure], uri=URI, now=NOW)))
    assert_valid(validate_ocds(ocds.record_package([procedure], uri=URI, now=NOW)))


def test_an_innovation_partnership_is_selective_with_its_details_and_rationale(six_cases):
    record = ocds.procedure_record(six_cases["ifv"])
    tender = record["compiledRelease"]["tender"]
    assert tender["procurementMethod"] == "selective"
    assert tender["procurementMethodDetails"] == "Innovation partnership"
    assert "SBIR" in tender["procurementMethodRationale"]
    assert tender["awardCriteria"] == "ratedCriteria"
    assert tender["numberOfTenderers"] == 4


def test_pcp_and_the_negotiated_procedure_carry_their_own_details(six_cases):
    details = {
        slug: ocds.procedure_record(p)["compiledRelease"]["tender"]["procurementMethodDetails"]
        for slug, p in six_cases.items()
    }
    assert details["charm"] == "Pre-commercial procurement"
    assert details["gvb"] == "Competitive procedure with negotiation"


def test_one_release_per_event_with_stable_ids(six_cases):
    procedure = six_cases["ifv"]
    releases = ocds.procedure_releases(procedure)
    ids = [r["id"] for r in releases]
    assert len(ids) == len(set(ids))
    prefix = f"ocds-innopartner-{procedure.pk}-"
    assert all(i.startswith(prefix) for i in ids)
    events = [i[len(prefix) :].split("-")[0] for i in ids]
    assert events[:4] == ["planning", "tender", "award", "contract"]
    assert events.count("instalment") == 5  # 2 + 2 in the prototype phase, 1 in phase 2
    assert events.count("gate") == 2 and "purchase" in events and "call" in events
    assert [r["id"] for r in ocds.procedure_releases(procedure)] == ids  # stable
    tags = {t for r in releases for t in r["tag"]}
    assert {"planning", "tender", "award", "contract", "implementation"} <= tags
    dates = [r["date"] for r in releases]
    assert dates == sorted(dates)


def test_phases_and_gates_are_milestones_and_payments_are_transactions(six_cases):
    compiled = ocds.procedure_record(six_cases["ifv"])["compiledRelease"]
    announced = {m["id"]: m for m in compiled["tender"]["milestones"]}
    assert {"requests-deadline", "phase-1", "gate-1", "phase-2", "gate-2"} <= set(announced)
    assert announced["gate-1"]["type"] == "assessment"
    contract = compiled["contracts"][0]
    assert contract["status"] == "active" and contract["awardID"] == "award"
    done = {m["id"]: m for m in contract["implementation"]["milestones"]}
    assert (
        done["gate-1"]["status"] == "met"
        and "1 partner(s) gaan door" in (done["gate-1"]["description"])
    )
    transactions = contract["implementation"]["transactions"]
    instalments = [t for t in transactions if t["id"].startswith("instalment-")]
    assert sum(t["value"]["amount"] for t in instalments) == 2 * 150000 + 200000
    # numbered within the procedure, in payment order: no database ids in public data
    assert [t["id"] for t in instalments] == [
        f"instalment-{n}" for n in range(1, len(instalments) + 1)
    ]
    call_offs = [t for t in transactions if t["id"].startswith("call-off-")]
    assert [t["value"]["amount"] for t in call_offs] == [75000]
    award = compiled["awards"][0]
    assert award["status"] == "active"
    assert {s["name"] for s in award["suppliers"]} == {"SatFire Analytics B.V.", "GeoMoist B.V."}


def test_items_are_named_by_their_public_id_not_a_counting_key(six_cases):
    procedure = six_cases["ifv"]
    compiled = ocds.procedure_record(procedure)["compiledRelease"]

    items = {i["id"]: i["description"] for i in compiled["tender"]["items"]}

    assert items == {str(i.public_id): i.name for i in procedure.purchase_items.all()}
    assert items  # the case has purchase items


def test_parties_carry_their_kvk_number_and_roles(six_cases):
    compiled = ocds.procedure_record(six_cases["ifv"])["compiledRelease"]
    parties = {p["name"]: p for p in compiled["parties"]}
    ifv = parties["Instituut Fysieke Veiligheid"]
    assert ifv["identifier"] == {
        "scheme": "NL-KVK",
        "id": "52337901",
        "legalName": "Instituut Fysieke Veiligheid",
    }
    assert ifv["id"] == "NL-KVK-52337901" and "procuringEntity" in ifv["roles"]
    assert "supplier" in parties["SatFire Analytics B.V."]["roles"]
    assert compiled["buyer"]["id"] == "NL-KVK-52337901"
    # Losing tenderers are counted, never named.
    assert "EcoRisk Modelling B.V." not in json.dumps(compiled)
