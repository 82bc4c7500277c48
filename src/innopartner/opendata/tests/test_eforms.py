"""eForms contract notice (16) and contract award notice (29) of an innovation partnership."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from innopartner.opendata import eforms

from .conftest import give_contacts

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
URL = "https://innopartner.example/procedures/1/"
NS = eforms.NS
PARTNERSHIPS = ["ifv", "hof-van-twente", "rivierenland", "almere"]


def notice(procedure, kind):
    return eforms.notice_xml(procedure, kind=kind, now=NOW, documents_url=URL)


def find(doc, path):
    return doc.xpath(path, namespaces=NS)


def test_the_contract_notice_names_the_innovation_partnership_and_its_limits(six_cases):
    procedure = six_cases["ifv"]
    give_contacts(procedure)
    doc = etree.fromstring(notice(procedure, "cn"))
    assert etree.QName(doc).localname == "ContractNotice"
    assert find(doc, "//efac:NoticeSubType/cbc:SubTypeCode/text()") == ["16"]
    assert find(doc, "/*/cac:TenderingProcess/cbc:ProcedureCode/text()") == ["innovation"]
    assert find(doc, "/*/cac:TenderingProcess/cbc:ProcedureCode/@listName") == [
        "procurement-procedure-type"
    ]
    lot = "/*/cac:ProcurementProjectLot/cac:TenderingProcess"
    assert find(doc, f"{lot}/cac:EconomicOperatorShortList/cbc:MinimumQuantity/text()") == ["3"]
    assert find(doc, f"{lot}/cac:EconomicOperatorShortList/cbc:MaximumQuantity/text()") == ["6"]
    assert find(doc, f"{lot}/cbc:CandidateReductionConstraintIndicator/text()") == ["true"]
    period = f"{lot}/cac:ParticipationRequestReceptionPeriod"
    assert find(doc, f"{period}/cbc:EndDate/text()") == ["2018-03-05+01:00"]
    assert find(doc, f"{period}/cbc:EndTime/text()") == ["12:00:00+01:00"]
    assert find(doc, "/*/cbc:IssueDate/text()") == ["2018-02-01+01:00"]
    # BT-120 exists for the negotiated procedure only; the SDK forbids it for 'innovation'.
    assert find(doc, "//cbc:NoFurtherNegotiationIndicator") == []
    weights = find(doc, "//efac:AwardCriterionParameter/efbc:ParameterNumeric/text()")
    assert sorted(float(w) for w in weights) == [10, 20, 30, 40]


def test_the_notice_id_is_stable_and_shaped_as_a_version_4_uuid(six_cases):
    procedure = six_cases["ifv"]
    give_contacts(procedure)
    first = find(etree.fromstring(notice(procedure, "cn")), "/*/cbc:ID/text()")[0]
    again = find(etree.fromstring(notice(procedure, "cn")), "/*/cbc:ID/text()")[0]
    assert first == again and first[14] == "4"


def test_the_award_notice_names_the_winners_and_the_contract(six_cases):
    procedure = six_cases["ifv"]
    give_contacts(procedure)
    doc = etree.fromstring(notice(procedure, "can"))
    assert find(doc, "//efac:NoticeSubType/cbc:SubTypeCode/text()") == ["29"]
    assert find(doc, "/*/cac:TenderingProcess/cbc:ProcedureCode/text()") == ["innovation"]
    names = find(doc, "//efac:Organization/efac:Company/cac:PartyName/cbc:Name/text()")
    assert {"SatFire Analytics B.V.", "GeoMoist B.V."} <= set(names)
    assert "EcoRisk Modelling B.V." not in names  # losing tenderers are not named
    stats = dict(
        zip(
            find(doc, "//efac:ReceivedSubmissionsStatistics/efbc:StatisticsCode/text()"),
            find(doc, "//efac:ReceivedSubmissionsStatistics/efbc:StatisticsNumeric/text()"),
            strict=True,
        )
    )
    assert stats["tenders"] == "2"  # the final round
    assert find(doc, "//efac:SettledContract/cbc:IssueDate/text()") == ["2018-08-20+02:00"]


def test_a_notice_without_addresses_is_refused_naming_the_missing_fields(db):
    from innopartner.testing import draft_procedure, make_world, publish

    world = make_world()
    with pytest.raises(eforms.NoticeUnavailable) as caught:
        notice(publish(world, draft_procedure(world)), "cn")
    error = caught.value
    assert error.code == "eforms-organisation-data-missing"
    assert "BT-513" in error.message and "BT-507" in error.message


def test_a_notice_that_breaks_the_schema_is_never_offered_and_the_error_names_the_element(
    six_cases, monkeypatch
):
    procedure = six_cases["rivierenland"]
    give_contacts(procedure)
    monkeypatch.setattr(eforms, "_date", lambda moment: "geen-datum")
    with pytest.raises(eforms.NoticeInvalid) as caught:
        notice(procedure, "cn")
    assert caught.value.code == "eforms-notice-invalid"
    assert "IssueDate" in caught.value.message


def test_no_award_notice_before_the_contract_and_none_outside_the_directive(six_cases, db):
    from innopartner.testing import draft_procedure, make_world, publish

    world = make_world()
    procedure = publish(world, draft_procedure(world))
    with pytest.raises(eforms.NoticeUnavailable) as caught:
        notice(procedure, "can")
    assert caught.value.code == "eforms-award-notice-before-contract"
    with pytest.raises(eforms.NoticeUnavailable) as caught:
        notice(six_cases["charm"], "cn")  # PCP: Art. 14, no BT-105 code
    assert caught.value.code == "eforms-procedure-type-outside-directive"
    with pytest.raises(eforms.NoticeUnavailable) as caught:
        notice(six_cases["gvb"], "cn")  # Directive 2014/25: subtypes 17/30 are not made
    assert caught.value.code == "eforms-directive-unsupported"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["cn", "can"])
def test_every_partnership_notice_passes_the_official_xsd_and_schematron_rules(
    six_cases, eforms_validator, kind
):
    for slug in PARTNERSHIPS:
        procedure = six_cases[slug]
        give_contacts(procedure)
        findings = eforms_validator.validate(notice(procedure, kind))
        errors = [f for f in findings if f.role == "ERROR"]
        assert errors == [], f"{slug} {kind}: {errors[:5]}"
