"""eForms notices of an innovation partnership: the contract notice (subtype 16) and the
contract award notice (subtype 29) under Directive 2014/24/EU, as UBL 2.3 with the eForms
extensions of SDK 1.15 (the official examples ``cn_24_minimal.xml`` and ``can_24_minimal.xml``
are the starting point; field ids in comments are the SDK's business terms).

[19] BT-105 ``cbc:ProcedureCode listName="procurement-procedure-type"`` comes from
``procedure_classification``: ``innovation`` for an innovation partnership; BT-120 "no
negotiation necessary" is false because negotiation is mandatory (Art. 31(3)).

A notice is offered only after it passes the XSD check against the schemas carried in
``eforms_schemas/`` (the SDK's own, CC BY 4.0); otherwise :class:`NoticeInvalid` says which
element is wrong. The Schematron business rules are checked in the tests.

Assumptions, because the engine does not record them (see docs/open-data.md):
- the main classification is CPV 73000000 (research and development services), the heart of
  every procedure with R&D phases;
- the review body is the court of the lead buyer's choice, by default Rechtbank Den Haag;
- the place of performance is the buyer's country, without a NUTS code.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from innopartner.core.exceptions import RuleViolation
from innopartner.core.timeutil import AMSTERDAM
from innopartner.procedures.models import Procedure
from innopartner.procedures.selectors import estimated_value, procedure_classification

SCHEMA_DIR = Path(__file__).resolve().parent / "eforms_schemas"
SDK_VERSION = "eforms-sdk-1.15"

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
}
ROOTS = {
    "cn": ("ContractNotice", "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"),
    "can": (
        "ContractAwardNotice",
        "urn:oasis:names:specification:ubl:schema:xsd:ContractAwardNotice-2",
    ),
}
XSD_FILES = {
    "cn": SCHEMA_DIR / "maindoc" / "UBL-ContractNotice-2.3.xsd",
    "can": SCHEMA_DIR / "maindoc" / "UBL-ContractAwardNotice-2.3.xsd",
}
SUBTYPES = {"cn": "16", "can": "29"}
LANGUAGE = "NLD"
# BT-262 by contract nature; the engine records no CPV code yet (see docs/open-data.md).
CPV = {"services": "73000000", "works": "45000000", "supplies": "38000000"}
COUNTRIES = {"NL": "NLD", "BE": "BEL", "DE": "DEU", "FR": "FRA", "LU": "LUX", "GB": "GBR"}
NATURE = {"supplies": "supplies", "services": "services", "works": "works"}
BUYER_LEGAL_TYPE = {
    "municipality": "la",
    "province": "ra",
    "water_board": "body-pl-ra",
    "central": "cga",
    "agency": "body-pl-cga",
}
REVIEW_BODY = {
    "name": "Rechtbank Den Haag",
    "city": "Den Haag",
    "postal_code": "2595 AJ",
    "nuts": "NL361",  # NUTS 2024: Agglomeratie 's-Gravenhage
    "country": "NL",
    "company_id": "Rechtbank Den Haag",
}
EEA = set(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
    + ["IS", "LI", "NO"]
)


class NoticeInvalid(RuleViolation):
    """The generated notice breaks the eForms schema: it is not offered for download."""

    code = "eforms-notice-invalid"


class NoticeUnavailable(RuleViolation):
    code = "eforms-notice-unavailable"


# --- small helpers ------------------------------------------------------------------------
def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def _el(parent, tag: str, text: Any = None, **attrs: str):
    element = etree.SubElement(parent, _q(tag), {k.replace("_", ""): v for k, v in attrs.items()})
    if text is not None:
        element.text = str(text)
    return element


def _text(parent, tag: str, text: str) -> None:
    _el(parent, tag, text, languageID=LANGUAGE)


def _date(moment: dt.datetime) -> str:
    local = moment.astimezone(AMSTERDAM)
    return local.strftime("%Y-%m-%d") + _offset(local)


def _time(moment: dt.datetime) -> str:
    local = moment.astimezone(AMSTERDAM)
    return local.strftime("%H:%M:%S") + _offset(local)


def _offset(local: dt.datetime) -> str:
    text = local.strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def _amount(value: Decimal) -> str:
    return f"{Decimal(value):.2f}"


def _notice_id(procedure: Procedure, kind: str) -> str:
    """BT-701 must look like a version-4 UUID; derived from the procedure, so it is stable."""
    digest = uuid.uuid5(uuid.NAMESPACE_URL, f"innopartner:{procedure.pk}:{kind}")
    return str(uuid.UUID(bytes=digest.bytes, version=4))


def _country(code: str) -> str:
    return COUNTRIES.get((code or "NL").upper(), "NLD")


# --- organisations ------------------------------------------------------------------------
class _Orgs:
    """The notice's organisations with their ORG-nnnn ids (buyers first, then the review body
    and any winners)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, dict[str, Any]]] = []
        self.by_key: dict[str, str] = {}
        self.joint = False  # several buyers: OPP-050 names the lead (group leader)

    def add(self, key: str, **data: Any) -> str:
        if key not in self.by_key:
            org_id = f"ORG-{len(self.items) + 1:04d}"
            self.by_key[key] = org_id
            self.items.append((org_id, data))
        return self.by_key[key]

    def add_organisation(self, org, *, winner: bool = False, buyer: bool | None = None) -> str:
        contact = getattr(org, "notice_contact", None) if _has_contact(org) else None
        return self.add(
            str(org.pk),
            name=org.name,
            country=org.country,
            company_id=org.kvk_number
            or (contact.registration if contact else "")
            or org.foreign_registration,
            city=contact.city if contact else "",
            postal_code=contact.postal_code if contact else "",
            nuts=contact.nuts_code if contact else "",
            email=contact.email if contact else "",
            telephone=contact.telephone if contact else "",
            sme=org.is_sme if winner else None,
            lead=buyer,
        )

    def missing(self) -> list[str]:
        """What the notice needs of each organisation and does not have, by business term."""
        problems = []
        for _org_id, data in self.items:
            needed = {
                "BT-513 plaats": data.get("city"),
                "BT-512 postcode": data.get("postal_code"),
                "BT-507 NUTS-code": data.get("nuts"),
                "BT-501 KvK-nummer of ander registratienummer": data.get("company_id"),
            }
            if data.get("lead") is not None:
                needed["BT-503 telefoon"] = data.get("telephone")
                needed["BT-506 e-mail"] = data.get("email")
            absent = [name for name, value in needed.items() if not value]
            if absent:
                problems.append(f"{data['name']}: {', '.join(absent)}")
        return problems

    def write(self, extension) -> None:
        problems = self.missing()
        if problems:
            raise NoticeUnavailable(
                "Gegevens voor de eForms-aankondiging ontbreken (adres en contact per "
                "organisatie, vast te leggen met organisation_contact_set): " + "; ".join(problems),
                code="eforms-organisation-data-missing",
            )
        organizations = _el(extension, "efac:Organizations")
        for org_id, data in self.items:
            organization = _el(organizations, "efac:Organization")
            if data.get("lead") is not None and self.joint:
                _el(
                    organization, "efbc:GroupLeadIndicator", "true" if data["lead"] else "false"
                )  # OPP-050
            company = _el(organization, "efac:Company")
            if data.get("sme") is not None:
                _el(
                    company,
                    "efbc:CompanySizeCode",
                    "sme" if data["sme"] else "large",
                    listName="economic-operator-size",
                )  # BT-165
            _el(
                _el(company, "cac:PartyIdentification"), "cbc:ID", org_id, schemeName="organization"
            )
            _text(_el(company, "cac:PartyName"), "cbc:Name", data["name"])  # BT-500
            address = _el(company, "cac:PostalAddress")
            _el(address, "cbc:CityName", data["city"])  # BT-513
            _el(address, "cbc:PostalZone", data["postal_code"])  # BT-512
            _el(address, "cbc:CountrySubentityCode", data["nuts"], listName="nuts")  # BT-507
            _el(
                _el(address, "cac:Country"),
                "cbc:IdentificationCode",
                _country(data.get("country", "NL")),
                listName="country",
            )  # BT-514
            _el(_el(company, "cac:PartyLegalEntity"), "cbc:CompanyID", data["company_id"])
            if data.get("telephone") or data.get("email"):
                contact = _el(company, "cac:Contact")
                if data.get("telephone"):
                    _el(contact, "cbc:Telephone", data["telephone"])  # BT-503
                if data.get("email"):
                    _el(contact, "cbc:ElectronicMail", data["email"])  # BT-506


def _has_contact(org) -> bool:
    from .models import OrganisationContact

    return OrganisationContact.objects.filter(organisation=org).exists()


# --- the parts both notices share --------------------------------------------------------
def _root(kind: str):
    name, namespace = ROOTS[kind]
    return etree.Element(f"{{{namespace}}}{name}", nsmap={None: namespace, **NS})


def _extension(root):
    content = _el(_el(_el(root, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
    return _el(content, "efext:EformsExtension")


def _header(root, procedure: Procedure, kind: str, issued: dt.datetime) -> None:
    _el(root, "cbc:UBLVersionID", "2.3")
    _el(root, "cbc:CustomizationID", SDK_VERSION)
    _el(root, "cbc:ID", _notice_id(procedure, kind), schemeName="notice-id")  # BT-701
    _el(root, "cbc:ContractFolderID", str(procedure.pk))  # BT-04
    _el(root, "cbc:IssueDate", _date(issued))  # BT-05
    _el(root, "cbc:IssueTime", _time(issued))
    _el(root, "cbc:VersionID", "01")
    _el(root, "cbc:RegulatoryDomain", "32014L0024")  # BT-01
    if kind == "cn":
        _el(root, "cbc:NoticeTypeCode", "cn-standard", listName="competition")
    else:
        _el(root, "cbc:NoticeTypeCode", "can-standard", listName="result")
    _el(root, "cbc:NoticeLanguageCode", LANGUAGE)


def _contracting_parties(root, procedure: Procedure, orgs: _Orgs) -> None:
    orgs.joint = procedure.buyers.count() > 1
    for link in procedure.buyers.select_related("authority").order_by("-is_lead", "id"):
        authority = link.authority
        org_id = orgs.add_organisation(authority, buyer=link.is_lead)
        party = _el(root, "cac:ContractingParty")
        _el(
            _el(party, "cac:ContractingPartyType"),
            "cbc:PartyTypeCode",
            BUYER_LEGAL_TYPE.get(authority.authority_type, "body-pl"),
            listName="buyer-legal-type",
        )  # BT-11
        _el(
            _el(party, "cac:ContractingActivity"),
            "cbc:ActivityTypeCode",
            "gen-pub",
            listName="authority-activity",
        )  # BT-10
        _el(
            _el(_el(party, "cac:Party"), "cac:PartyIdentification"),
            "cbc:ID",
            org_id,
            schemeName="organization",
        )


def _procedure_process(root, procedure: Procedure, *, kind: str) -> None:
    classification = procedure_classification(procedure)
    process = _el(root, "cac:TenderingProcess")
    phases = list(procedure.phase_plans.all())
    if phases:
        _text(
            process,
            "cbc:Description",
            "Innovatiepartnerschap in fasen (art. 31(2) Richtlijn 2014/24/EU): "
            + "; ".join(f"fase {p.number}: {p.name}" for p in phases)
            + ".",
        )  # BT-88
    _el(
        process,
        "cbc:ProcedureCode",
        classification["eforms_procedure_code"],
        listName="procurement-procedure-type",
    )  # BT-105


def _project(parent, procedure: Procedure, *, lot: bool, with_value: bool) -> None:
    project = _el(parent, "cac:ProcurementProject")
    if lot:
        _el(project, "cbc:ID", procedure.reference or "1", schemeName="InternalID")
    _text(project, "cbc:Name", procedure.title)  # BT-21
    _text(project, "cbc:Description", procedure.need_description or procedure.title)  # BT-24
    _el(
        project,
        "cbc:ProcurementTypeCode",
        NATURE.get(procedure.subject_kind, "services"),
        listName="contract-nature",
    )  # BT-23
    if lot:
        additional = _el(project, "cac:ProcurementAdditionalType")
        _el(
            additional, "cbc:ProcurementTypeCode", "prod-innov", listName="innovative-acquisition"
        )  # BT-776
    value = estimated_value(procedure)
    if with_value and value is not None:
        _el(
            _el(project, "cac:RequestedTenderTotal"),
            "cbc:EstimatedOverallContractAmount",
            _amount(value),
            currencyID="EUR",
        )  # BT-27
    _el(
        _el(project, "cac:MainCommodityClassification"),
        "cbc:ItemClassificationCode",
        CPV.get(NATURE.get(procedure.subject_kind, "services"), CPV["services"]),
        listName="cpv",
    )  # BT-262
    lead = procedure.lead_buyer
    address = _el(_el(project, "cac:RealizedLocation"), "cac:Address")
    _el(address, "cbc:Region", "anyw-cou")  # BT-5071: anywhere in the country
    _el(
        _el(address, "cac:Country"),
        "cbc:IdentificationCode",
        _country(lead.country if lead else "NL"),
        listName="country",
    )  # BT-5141
    if lot:
        months = sum(p.duration_months or 0 for p in procedure.phase_plans.all())
        if not months and procedure.horizon_years:
            months = 12 * procedure.horizon_years
        if months:
            _el(
                _el(project, "cac:PlannedPeriod"), "cbc:DurationMeasure", months, unitCode="MONTH"
            )  # BT-36


def _awarding_terms(terms, procedure: Procedure, *, kind: str) -> None:
    awarding = _el(terms, "cac:AwardingTerms")
    classification = procedure_classification(procedure)
    if kind == "cn" and classification["eforms_procedure_code"] == "neg-w-call":
        # BT-120 is a field of the negotiated procedure only (rule BR-BT-00120-0052): for an
        # innovation partnership the SDK forbids it, negotiation being inherent (Art. 31(3)),
        # so "false" is expressed by the procedure code itself.
        _el(
            awarding,
            "cbc:NoFurtherNegotiationIndicator",
            "false" if classification["eforms_no_negotiation_necessary"] is False else "true",
        )
    criterion = _el(awarding, "cac:AwardingCriterion")
    for award_criterion in procedure.award_criteria.all():  # Art. 67: BPQR, with weights
        sub = _el(criterion, "cac:SubordinateAwardingCriterion")
        ext = _extension(sub)
        parameter = _el(ext, "efac:AwardCriterionParameter")
        _el(parameter, "efbc:ParameterCode", "per-exa", listName="number-weight")  # BT-5421
        _el(parameter, "efbc:ParameterNumeric", _amount(award_criterion.weight))  # BT-541
        _el(
            sub,
            "cbc:AwardingCriterionTypeCode",
            award_criterion.kind,
            listName="award-criterion-type",
        )  # BT-539
        _text(sub, "cbc:Name", award_criterion.name)  # BT-734
        _text(sub, "cbc:Description", award_criterion.description or award_criterion.name)  # BT-540


def _appeal_terms(terms, orgs: _Orgs) -> None:
    review = orgs.add("review-body", **REVIEW_BODY)
    appeal = _el(terms, "cac:AppealTerms")
    _text(
        _el(appeal, "cac:PresentationPeriod"),
        "cbc:Description",
        "Een kort geding wordt aanhangig gemaakt binnen twintig kalenderdagen na de dag van "
        "verzending van de gunningsbeslissing (art. 2.127 Aanbestedingswet 2012).",
    )  # BT-99
    receiver = _el(appeal, "cac:AppealReceiverParty")
    _el(_el(receiver, "cac:PartyIdentification"), "cbc:ID", review, schemeName="organization")


# --- contract notice (subtype 16) ---------------------------------------------------------
def _contract_notice(procedure: Procedure, *, now: dt.datetime, documents_url: str):
    if procedure.requests_deadline is None:
        raise NoticeUnavailable(
            "BT-1311 (uiterste termijn verzoeken tot deelneming) ontbreekt: de aankondiging "
            "kan pas worden opgesteld als de termijn bekend is.",
            code="eforms-requests-deadline-missing",
        )
    issued = procedure.notice_dispatched_at or now
    orgs = _Orgs()
    root = _root("cn")
    extension = _extension(root)
    _el(_el(extension, "efac:NoticeSubType"), "cbc:SubTypeCode", "16", listName="notice-subtype")
    _header(root, procedure, "cn", issued)
    _contracting_parties(root, procedure, orgs)
    lead_org = orgs.by_key.get(str(procedure.lead_buyer.pk)) if procedure.lead_buyer else None
    terms = _el(root, "cac:TenderingTerms")
    _el(
        _el(_el(terms, "cac:TendererQualificationRequest"), "cac:SpecificTendererRequirement"),
        "cbc:TendererRequirementTypeCode",
        "epo-procurement-document",
        listName="exclusion-grounds-source",
    )  # BT-806
    _procedure_process(root, procedure, kind="cn")
    _project(root, procedure, lot=False, with_value=True)

    lot = _el(root, "cac:ProcurementProjectLot")
    _el(lot, "cbc:ID", "LOT-0000", schemeName="Lot")
    lot_terms = _el(lot, "cac:TenderingTerms")
    criteria = list(procedure.selection_criteria.all())
    if criteria:
        ext = _extension(lot_terms)
        for criterion in criteria:
            selection = _el(ext, "efac:SelectionCriteria")
            _el(
                selection,
                "cbc:TendererRequirementTypeCode",
                "slc-abil-staff-tech-work" if criterion.covers_rd_capacity else "slc-stand-other",
                listName="selection-criterion",
            )  # BT-747
            _text(selection, "cbc:Description", criterion.text)  # BT-750
            # BT-40: with a maximum number of candidates, these criteria choose who is invited.
            _el(
                selection,
                "efbc:SecondStageIndicator",
                "true" if procedure.candidates_max else "false",
            )
    _el(lot_terms, "cbc:VariantConstraintCode", "not-allowed", listName="permission")  # BT-63
    _el(lot_terms, "cbc:FundingProgramCode", "no-eu-funds", listName="eu-funded")  # BT-60
    documents = _el(lot_terms, "cac:CallForTendersDocumentReference")
    _el(documents, "cbc:ID", str(procedure.pk))
    _el(documents, "cbc:DocumentType", "non-restricted-document")  # BT-14
    _el(_el(_el(documents, "cac:Attachment"), "cac:ExternalReference"), "cbc:URI", documents_url)
    for list_name, code in (
        ("reserved-procurement", "none"),  # BT-71
        ("selection-criteria-source", "epo-notice"),  # BT-821
    ):
        _el(
            _el(
                _el(lot_terms, "cac:TendererQualificationRequest"),
                "cac:SpecificTendererRequirement",
            ),
            "cbc:TendererRequirementTypeCode",
            code,
            listName=list_name,
        )
    for list_name, code in (
        ("reserved-execution", "no"),  # BT-736
        ("einvoicing", "required"),  # BT-743
        ("ecatalog-submission", "not-allowed"),  # BT-764
    ):
        _el(
            _el(lot_terms, "cac:ContractExecutionRequirement"),
            "cbc:ExecutionRequirementCode",
            code,
            listName=list_name,
        )
    _awarding_terms(lot_terms, procedure, kind="cn")
    if lead_org:
        recipient = _el(lot_terms, "cac:TenderRecipientParty")
        _el(recipient, "cbc:EndpointID", documents_url)  # BT-18
        _el(
            _el(recipient, "cac:PartyIdentification"), "cbc:ID", lead_org, schemeName="organization"
        )
    _appeal_terms(lot_terms, orgs)
    _el(_el(lot_terms, "cac:Language"), "cbc:ID", LANGUAGE)  # BT-708
    post = _el(lot_terms, "cac:PostAwardProcess")
    _el(post, "cbc:ElectronicOrderUsageIndicator", "true")
    _el(post, "cbc:ElectronicPaymentUsageIndicator", "true")

    process = _el(lot, "cac:TenderingProcess")
    _el(process, "cbc:SubmissionMethodCode", "required", listName="esubmission")  # BT-17
    _el(
        process,
        "cbc:CandidateReductionConstraintIndicator",
        "true" if procedure.successive_reduction else "false",
    )  # BT-52, Art. 31(5)
    _el(process, "cbc:GovernmentAgreementConstraintIndicator", "true")  # BT-115
    deadline = _el(process, "cac:ParticipationRequestReceptionPeriod")
    _el(deadline, "cbc:EndDate", _date(procedure.requests_deadline))  # BT-1311(d)
    _el(deadline, "cbc:EndTime", _time(procedure.requests_deadline))  # BT-1311(t)
    shortlist = _el(process, "cac:EconomicOperatorShortList")
    _el(
        shortlist,
        "cbc:LimitationDescription",
        "true" if procedure.candidates_max else "false",
    )  # BT-661
    if procedure.candidates_max:
        _el(shortlist, "cbc:MaximumQuantity", procedure.candidates_max)  # BT-51
    if procedure.candidates_min:
        _el(shortlist, "cbc:MinimumQuantity", procedure.candidates_min)  # BT-50
    _el(_el(process, "cac:AuctionTerms"), "cbc:AuctionConstraintIndicator", "false")  # BT-767
    for list_name in ("framework-agreement", "dps-usage"):  # BT-765, BT-766
        _el(
            _el(process, "cac:ContractingSystem"),
            "cbc:ContractingSystemTypeCode",
            "none",
            listName=list_name,
        )
    _project(lot, procedure, lot=True, with_value=False)
    orgs.write(extension)
    return root


# --- contract award notice (subtype 29) --------------------------------------------------
def _contract_award_notice(procedure: Procedure, *, now: dt.datetime, documents_url: str):
    decision = getattr(procedure, "award_decision", None)
    agreement = getattr(procedure, "agreement", None)
    if decision is None or agreement is None:
        raise NoticeUnavailable(
            "De aankondiging van een gegunde opdracht volgt op het sluiten van de overeenkomst "
            "(art. 50 Richtlijn 2014/24/EU).",
            code="eforms-award-notice-before-contract",
        )
    from innopartner.tendering.models import Tender

    award_notice = procedure.notices.filter(kind="contract_award").order_by("dispatched_at").first()
    issued = award_notice.dispatched_at if award_notice else now
    lines = list(decision.lines.filter(awarded=True).select_related("operator", "tender"))
    live = decision.tender_round.tenders.filter(status=Tender.Status.SUBMITTED)
    orgs = _Orgs()
    # The buyers come first among the organisations, then the review body, then the winners.
    for link in procedure.buyers.select_related("authority").order_by("-is_lead", "id"):
        orgs.add_organisation(link.authority, buyer=link.is_lead)
    orgs.add("review-body", **REVIEW_BODY)
    root = _root("can")
    extension = _extension(root)
    result = _el(extension, "efac:NoticeResult")
    prices = [line.tender.price for line in lines if line.tender.price is not None]
    if prices:
        _el(result, "cbc:TotalAmount", _amount(sum(prices, Decimal(0))), currencyID="EUR")
    lot_result = _el(result, "efac:LotResult")
    _el(lot_result, "cbc:ID", "RES-0001", schemeName="result")
    _el(lot_result, "cbc:TenderResultCode", "selec-w", listName="winner-selection-status")  # BT-142
    for n, _line in enumerate(lines, start=1):
        _el(_el(lot_result, "efac:LotTender"), "cbc:ID", f"TEN-{n:04d}", schemeName="tender")
    operators = [t.operator for t in live.select_related("operator")]
    home = (procedure.lead_buyer.country if procedure.lead_buyer else "NL").upper()
    counts = {  # BT-759 and BT-760: received tenders by kind
        "tenders": len(operators),
        "t-sme": sum(1 for o in operators if o.is_sme),
        "t-large": sum(1 for o in operators if not o.is_sme),
        "t-oth-eea": sum(
            1 for o in operators if o.country.upper() != home and o.country.upper() in EEA
        ),
        "t-no-eea": sum(1 for o in operators if o.country.upper() not in EEA),
        "t-esubm": len(operators),
    }
    for code, number in counts.items():
        statistics = _el(lot_result, "efac:ReceivedSubmissionsStatistics")
        _el(statistics, "efbc:StatisticsCode", code, listName="received-submission-type")
        _el(statistics, "efbc:StatisticsNumeric", number)
    _el(_el(lot_result, "efac:SettledContract"), "cbc:ID", "CON-0001", schemeName="contract")
    _el(_el(lot_result, "efac:TenderLot"), "cbc:ID", "LOT-0000", schemeName="Lot")
    for n, line in enumerate(lines, start=1):
        tender = _el(result, "efac:LotTender")
        _el(tender, "cbc:ID", f"TEN-{n:04d}", schemeName="tender")
        _el(tender, "cbc:RankCode", line.rank)  # BT-171
        _el(tender, "efbc:TenderRankedIndicator", "true")
        if line.tender.price is not None:
            _el(
                _el(tender, "cac:LegalMonetaryTotal"),
                "cbc:PayableAmount",
                _amount(line.tender.price),
                currencyID="EUR",
            )  # BT-720
        subcontracting = _el(tender, "efac:SubcontractingTerm")
        _el(subcontracting, "efbc:TermCode", "not-known", listName="applicability")  # BT-773
        _el(
            _el(tender, "efac:TenderingParty"),
            "cbc:ID",
            f"TPA-{n:04d}",
            schemeName="tendering-party",
        )
        _el(_el(tender, "efac:TenderLot"), "cbc:ID", "LOT-0000", schemeName="Lot")
        _el(_el(tender, "efac:TenderReference"), "cbc:ID", f"{procedure.pk}-{n}")  # BT-3201
    settled = _el(result, "efac:SettledContract")
    _el(settled, "cbc:ID", "CON-0001", schemeName="contract")
    _el(settled, "cbc:IssueDate", _date(agreement.signed_at))  # BT-145
    _el(_el(settled, "efac:ContractReference"), "cbc:ID", str(agreement.pk))  # BT-150
    for n, _line in enumerate(lines, start=1):
        _el(_el(settled, "efac:LotTender"), "cbc:ID", f"TEN-{n:04d}", schemeName="tender")
    for n, line in enumerate(lines, start=1):
        party = _el(result, "efac:TenderingParty")
        _el(party, "cbc:ID", f"TPA-{n:04d}", schemeName="tendering-party")
        org_id = orgs.add_organisation(line.operator, winner=True)
        _el(_el(party, "efac:Tenderer"), "cbc:ID", org_id, schemeName="organization")
    _el(_el(extension, "efac:NoticeSubType"), "cbc:SubTypeCode", "29", listName="notice-subtype")
    _header(root, procedure, "can", issued)
    _contracting_parties(root, procedure, orgs)
    _procedure_process(root, procedure, kind="can")
    _project(root, procedure, lot=False, with_value=False)
    lot = _el(root, "cac:ProcurementProjectLot")
    _el(lot, "cbc:ID", "LOT-0000", schemeName="Lot")
    lot_terms = _el(lot, "cac:TenderingTerms")
    _el(lot_terms, "cbc:FundingProgramCode", "no-eu-funds", listName="eu-funded")
    _awarding_terms(lot_terms, procedure, kind="can")
    _appeal_terms(lot_terms, orgs)
    process = _el(lot, "cac:TenderingProcess")
    _el(process, "cbc:GovernmentAgreementConstraintIndicator", "true")
    _el(_el(process, "cac:AuctionTerms"), "cbc:AuctionConstraintIndicator", "false")
    for list_name in ("framework-agreement", "dps-usage"):
        _el(
            _el(process, "cac:ContractingSystem"),
            "cbc:ContractingSystemTypeCode",
            "none",
            listName=list_name,
        )
    _project(lot, procedure, lot=True, with_value=False)
    _el(_el(root, "cac:TenderResult"), "cbc:AwardDate", _date(decision.sent_at))  # BT-1451
    orgs.write(extension)
    return root


# --- entry points -------------------------------------------------------------------------
@functools.cache
def _schema(kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_FILES[kind])))


def xsd_errors(document: bytes, kind: str) -> list[str]:
    """The XSD errors of a notice, each naming the element (path) that is wrong."""
    schema = _schema(kind)
    if schema.validate(etree.fromstring(document)):
        return []
    return [f"{e.path}: {e.message} (regel {e.line})" for e in schema.error_log]


def notice_xml(procedure: Procedure, *, kind: str, now: dt.datetime, documents_url: str) -> bytes:
    """The eForms notice (``cn`` or ``can``) as XML bytes, checked against the eForms XSDs.
    Raises :class:`NoticeUnavailable` when the procedure cannot have this notice (yet) and
    :class:`NoticeInvalid` when the generated XML breaks the schema."""
    if kind not in ROOTS:
        raise NoticeUnavailable(
            f"Onbekende aankondiging '{kind}'; bekend zijn: cn, can.", code="eforms-kind-unknown"
        )
    classification = procedure_classification(procedure)
    if not classification["eforms_procedure_code"]:
        raise NoticeUnavailable(
            f"{procedure.type.label_nl} valt buiten de richtlijn (art. 14 Richtlijn 2014/24/EU): "
            "er is geen eForms-procedurecode (BT-105).",
            code="eforms-procedure-type-outside-directive",
        )
    if procedure.directive != Procedure.Directive.PUBLIC_SECTOR:
        raise NoticeUnavailable(
            "Alleen aankondigingen onder Richtlijn 2014/24/EU (subtypes 16 en 29) worden gemaakt.",
            code="eforms-directive-unsupported",
        )
    build = _contract_notice if kind == "cn" else _contract_award_notice
    root = build(procedure, now=now, documents_url=documents_url)
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    errors = xsd_errors(document, kind)
    if errors:
        raise NoticeInvalid(
            "De eForms-aankondiging voldoet niet aan het schema en wordt niet aangeboden: "
            + "; ".join(errors[:5]),
            errors=" | ".join(errors),
        )
    return document
