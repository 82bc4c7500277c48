"""Open Contracting Data Standard 1.1.5: each published procedure as releases and a record.

One release per publishable event, dated at the event:

    planning        the preparation data, released when the contract notice is published
    tender          the contract notice: method, rationale, criteria, phases and gates
    award           the award decision: the winning suppliers (status pending in standstill)
    contract        the agreement: the award becomes active, the contract is signed
    implementation  instalments paid and call-offs (transactions), phase ends and gates
                    (milestones), the move to the purchase phase
    tenderCancellation / contractTermination   a cancelled procedure, an ended partnership

The ocid is ``ocds-innopartner-<procedure uuid>``; release ids are the ocid plus the event
(``-tender``, ``-gate-1``, ``-instalment-<n>``), so they are stable between exports. No
extensions are declared: everything uses core fields and codelists ([19] DOMAIN.md §4:
``procurementMethod = "selective"``, ``procurementMethodDetails`` from the procedure type).

Confidentiality is decided here, once: only procedures whose notice has been published are
exported, and never tender content, prices of tenders that did not win, individual or
consensus scores, award reasons, questions or the names of those who asked them, nor the
losing tenderers' names (only their number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from innopartner.procedures.models import PhasePlan, Procedure
from innopartner.procedures.selectors import estimated_value, procedure_classification
from innopartner.procedures.types import Stage

OCID_PREFIX = "ocds-innopartner-"
VERSION = "1.1"
CURRENCY = "EUR"
PUBLISHER = {"name": "innopartner"}
LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"

CATEGORY = {"supplies": "goods", "services": "services", "works": "works"}


# --- building blocks ------------------------------------------------------------------------
def ocid(procedure: Procedure) -> str:
    return f"{OCID_PREFIX}{procedure.pk}"


def _date(moment: dt.datetime | dt.date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return (
        dt.datetime.combine(moment, dt.time(0, 0), tzinfo=dt.UTC).isoformat().replace("+00:00", "Z")
    )


def _amount(value: Decimal | int | float) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _money(value: Decimal | None) -> dict[str, Any] | None:
    return None if value is None else {"amount": _amount(value), "currency": CURRENCY}


def party_id(org) -> str:
    """KvK number where known (org-id scheme NL-KVK), else the organisation's own uuid."""
    return f"NL-KVK-{org.kvk_number}" if org.kvk_number else f"innopartner-{org.pk}"


def party(org, roles: Iterable[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": party_id(org), "name": org.name, "roles": sorted(set(roles))}
    if org.kvk_number:
        data["identifier"] = {"scheme": "NL-KVK", "id": org.kvk_number, "legalName": org.name}
    return data


def org_ref(org) -> dict[str, str]:
    return {"id": party_id(org), "name": org.name}


def _clean(value: Any) -> Any:
    """Drop None values and empty strings, lists and objects (OCDS forbids empty fields)."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [c for c in (_clean(v) for v in value) if c not in (None, "", [], {})]
    return value


def public_procedures() -> QuerySet[Procedure]:
    """Procedures whose call for competition has been published: the only ones in open data."""
    return Procedure.objects.filter(notice_dispatched_at__isnull=False).order_by(
        "notice_dispatched_at", "id"
    )


def is_public(procedure: Procedure) -> bool:
    return procedure.notice_dispatched_at is not None


# --- the procedure's events -----------------------------------------------------------------
class _Builder:
    def __init__(self, procedure: Procedure) -> None:
        self.p = procedure
        self.ocid = ocid(procedure)
        self.buyer_links = list(procedure.buyers.select_related("authority").order_by("-is_lead"))
        self.lead = next((b.authority for b in self.buyer_links if b.is_lead), None)
        self.decision = getattr(procedure, "award_decision", None)
        self.agreement = getattr(procedure, "agreement", None)
        self.winners = (
            [line.operator for line in self.decision.lines.filter(awarded=True)]
            if self.decision
            else []
        )

    def release(self, suffix: str, date, tags: list[str], **body: Any) -> dict[str, Any]:
        return _clean(
            {
                "ocid": self.ocid,
                "id": f"{self.ocid}-{suffix}",
                "date": _date(date),
                "tag": tags,
                "initiationType": "tender",
                "language": "nl",
                **body,
            }
        )

    def buyer_parties(self) -> list[dict[str, Any]]:
        parties = []
        for link in self.buyer_links:
            roles = ["buyer"]
            if link.is_lead:
                roles += ["procuringEntity", "payer"]
            parties.append(party(link.authority, roles))
        return parties

    def supplier_parties(self) -> list[dict[str, Any]]:
        return [party(org, ["supplier", "tenderer", "payee"]) for org in self.winners]

    # planning ---------------------------------------------------------------------------
    def planning(self) -> dict[str, Any]:
        value = estimated_value(self.p)
        return self.release(
            "planning",
            self.p.notice_dispatched_at,
            ["planning"],
            buyer=org_ref(self.lead) if self.lead else None,
            parties=self.buyer_parties(),
            planning={
                "rationale": self.p.need_description,
                "budget": {
                    "description": "Geraamde waarde: O&O over alle fasen plus de afname, "
                    "exclusief btw (art. 5(10) Richtlijn 2014/24/EU)",
                    "amount": _money(value),
                }
                if value is not None
                else None,
            },
        )

    # tender -----------------------------------------------------------------------------
    def milestones_announced(self) -> list[dict[str, Any]]:
        milestones = []
        if self.p.requests_deadline:
            milestones.append(
                {
                    "id": "requests-deadline",
                    "title": "Uiterste termijn verzoeken tot deelneming",
                    "type": "engagement",
                    "dueDate": _date(self.p.requests_deadline),
                    "status": "scheduled",
                }
            )
        for phase in self.p.phase_plans.prefetch_related("targets", "instalments"):
            targets = "; ".join(t.description for t in phase.targets.all())
            milestones.append(
                {
                    "id": f"phase-{phase.number}",
                    "title": f"Fase {phase.number}: {phase.name}",
                    "type": "delivery",
                    "description": (
                        (phase.description + " " if phase.description else "")
                        + (f"Tussendoelen: {targets}." if targets else "")
                        + (
                            f" Looptijd {phase.duration_months} maanden."
                            if phase.duration_months
                            else ""
                        )
                    ).strip(),
                    "status": "scheduled",
                }
            )
            milestones.append(
                {
                    "id": f"gate-{phase.number}",
                    "title": f"Beslismoment na fase {phase.number}",
                    "type": "assessment",
                    "description": _gate_description(phase),
                    "status": "scheduled",
                }
            )
        return milestones

    def tender_core(self, status: str) -> dict[str, Any]:
        cls = procedure_classification(self.p)
        criteria = list(self.p.award_criteria.all())
        return {
            "id": str(self.p.pk),
            "title": self.p.title,
            "description": self.p.need_description,
            "status": status,
            "procuringEntity": org_ref(self.lead) if self.lead else None,
            "value": _money(estimated_value(self.p)),
            "procurementMethod": cls["ocds_procurement_method"],
            "procurementMethodDetails": cls["ocds_procurement_method_details"],
            "procurementMethodRationale": self.p.procedure_choice_reasons,
            "mainProcurementCategory": CATEGORY.get(self.p.subject_kind),
            "awardCriteria": "ratedCriteria",
            "awardCriteriaDetails": "; ".join(
                f"{c.name} ({c.get_kind_display()}): {_amount(c.weight)}%" for c in criteria
            ),
            "submissionMethod": ["electronicSubmission"],
            "eligibilityCriteria": "; ".join(c.text for c in self.p.selection_criteria.all()),
            "items": [
                {
                    # The public UUID, as in the API: stable across releases, and, unlike the
                    # integer key, it does not count every purchase item of the installation.
                    "id": str(item.public_id),
                    "description": item.name,
                    "quantity": _amount(item.expected_quantity)
                    if item.expected_quantity is not None
                    else None,
                    "unit": {"name": item.unit, "value": _money(item.max_unit_price)},
                }
                for item in self.p.purchase_items.all()
            ],
        }

    def tender(self) -> dict[str, Any]:
        tender = self.tender_core("active")
        tender["milestones"] = self.milestones_announced()
        return self.release(
            "tender",
            self.p.notice_dispatched_at,
            ["tender"],
            buyer=org_ref(self.lead) if self.lead else None,
            parties=self.buyer_parties(),
            tender=tender,
        )

    # award and contract -----------------------------------------------------------------
    def award(self) -> dict[str, Any] | None:
        if self.decision is None:
            return None
        from innopartner.tendering.models import Tender

        lines = list(self.decision.lines.filter(awarded=True).select_related("tender"))
        prices = [line.tender.price for line in lines]
        first_round = self.p.rounds.order_by("number").first()
        tenderers = (
            first_round.tenders.filter(status=Tender.Status.SUBMITTED)
            .values("operator_id")
            .distinct()
            .count()
            if first_round is not None and first_round.is_opened
            else None
        )
        return self.release(
            "award",
            self.decision.sent_at,
            ["award"],
            parties=self.buyer_parties() + self.supplier_parties(),
            tender={"id": str(self.p.pk), "numberOfTenderers": tenderers},
            awards=[
                {
                    "id": "award",
                    "title": f"Gunning: {self.p.title}",
                    "status": "pending",
                    "date": _date(self.decision.sent_at),
                    "value": _money(sum(prices, Decimal(0)))
                    if prices and None not in prices
                    else None,
                    "suppliers": [org_ref(o) for o in self.winners],
                }
            ],
        )

    def contract(self) -> dict[str, Any] | None:
        if self.agreement is None:
            return None
        signed = self.agreement.signed_at
        period: dict[str, Any] = {"startDate": _date(signed)}
        if self.agreement.duration_years:
            period["durationInDays"] = 365 * self.agreement.duration_years
        return self.release(
            "contract",
            signed,
            ["contract"],
            parties=self.buyer_parties() + self.supplier_parties(),
            tender={"id": str(self.p.pk), "status": "complete"},
            awards=[{"id": "award", "status": "active"}],
            contracts=[
                {
                    "id": "contract",
                    "awardID": "award",
                    "title": (
                        "Partnerschapsovereenkomst" if self.p.type.has_rd_phases else "Overeenkomst"
                    )
                    + f": {self.p.title}",
                    "status": "active",
                    "dateSigned": _date(signed),
                    "period": period,
                    "value": _money(self.agreement.value),
                }
            ],
        )

    # implementation ---------------------------------------------------------------------
    def implementation(self, suffix: str, date, *, tags=None, contract=None, impl=None):
        body = {"id": "contract", "awardID": "award", **(contract or {})}
        if impl:
            body["implementation"] = impl
        return self.release(
            suffix,
            date,
            tags or ["implementation"],
            parties=self.buyer_parties() + self.supplier_parties(),
            contracts=[body],
        )

    def instalments(self) -> list[dict[str, Any]]:
        from innopartner.partnership.models import InstalmentPayment

        releases = []
        payments = (
            InstalmentPayment.objects.filter(partner_phase__partner__procedure=self.p)
            .select_related(
                "partner_phase__partner__operator", "partner_phase__phase", "instalment"
            )
            .order_by("paid_at", "id")
        )
        # Numbered within the procedure in payment order (payments are only ever added), not
        # by the database id, which would count every payment of the installation.
        for number, payment in enumerate(payments, start=1):
            partner = payment.partner_phase.partner.operator
            releases.append(
                self.implementation(
                    f"instalment-{number}",
                    payment.paid_at,
                    impl={
                        "transactions": [
                            {
                                "id": f"instalment-{number}",
                                "date": _date(payment.paid_at),
                                "value": _money(payment.amount),
                                "payer": org_ref(self.lead),
                                "payee": org_ref(partner),
                            }
                        ],
                    },
                )
            )
        return releases

    def gates(self) -> list[dict[str, Any]]:
        releases = []
        for gate in self.p.gate_decisions.select_related("phase").order_by("decided_at"):
            continuing = gate.continuing.count()
            stopped = gate.stopped.count()
            phase = gate.phase
            description = (
                f"{continuing} partner(s) gaan door, {stopped} partner(s) gestopt."
                if not gate.ended_partnership
                else "Het partnerschap is beëindigd."
            )
            milestones = [
                {
                    "id": f"phase-{phase.number}",
                    "title": f"Fase {phase.number}: {phase.name}",
                    "type": "delivery",
                    "status": "met" if continuing else "notMet",
                    "dateMet": _date(gate.decided_at) if continuing else None,
                },
                {
                    "id": f"gate-{phase.number}",
                    "title": f"Beslismoment na fase {phase.number}",
                    "type": "assessment",
                    "description": description,
                    "status": "met",
                    "dateMet": _date(gate.decided_at),
                },
            ]
            releases.append(
                self.implementation(
                    f"gate-{phase.number}", gate.decided_at, impl={"milestones": milestones}
                )
            )
        return releases

    def purchase(self) -> list[dict[str, Any]]:
        start = getattr(self.p, "purchase_start", None)
        releases = []
        if start is not None:
            releases.append(
                self.implementation(
                    "purchase",
                    start.started_at,
                    impl={
                        "milestones": [
                            {
                                "id": "purchase",
                                "title": "Start afnamefase",
                                "type": "delivery",
                                "description": "De overeengekomen prestatieniveaus zijn gehaald "
                                "binnen de maximale kosten (art. 31(2) Richtlijn 2014/24/EU).",
                                "status": "met",
                                "dateMet": _date(start.started_at),
                            }
                        ]
                    },
                )
            )
        for call_off in self.p.call_offs.select_related("buyer", "partner__operator", "item"):
            releases.append(
                self.implementation(
                    f"call-off-{call_off.pk}",
                    call_off.ordered_at,
                    impl={
                        "transactions": [
                            {
                                "id": f"call-off-{call_off.pk}",
                                "date": _date(call_off.ordered_at),
                                "value": _money(call_off.amount),
                                "payer": org_ref(call_off.buyer),
                                "payee": org_ref(call_off.partner.operator),
                            }
                        ]
                    },
                )
            )
        return releases

    def endings(self) -> list[dict[str, Any]]:
        change = (
            self.p.stage_changes.filter(
                to_stage__in=[Stage.CANCELLED, Stage.TERMINATED, Stage.COMPLETED]
            )
            .order_by("-at")
            .first()
        )
        if change is None:
            return []
        if change.to_stage == Stage.CANCELLED:
            return [
                self.release(
                    "cancellation",
                    change.at,
                    ["tenderCancellation"],
                    tender={
                        "id": str(self.p.pk),
                        "status": "cancelled",
                        "statusDetails": "Procedure ingetrokken",
                    },
                )
            ]
        if self.agreement is None:
            return []
        details = "afgerond" if change.to_stage == Stage.COMPLETED else "partnerschap beëindigd"
        return [
            self.implementation(
                "termination",
                change.at,
                tags=["contractTermination"],
                contract={"status": "terminated", "statusDetails": details},
            )
        ]

    def all(self) -> list[dict[str, Any]]:
        releases = [self.planning(), self.tender()]
        releases += [r for r in (self.award(), self.contract()) if r is not None]
        releases += self.instalments() + self.gates() + self.purchase() + self.endings()
        order = {r["id"]: i for i, r in enumerate(releases)}
        return sorted(releases, key=lambda r: (r["date"], order[r["id"]]))


def _gate_description(phase: PhasePlan) -> str:
    text = phase.get_gate_kind_display()
    if phase.gate_continue_count:
        text += f" (ten hoogste {phase.gate_continue_count} door)"
    if phase.gate_criteria:
        text += f". Criteria: {phase.gate_criteria}"
    return text


def procedure_releases(procedure: Procedure) -> list[dict[str, Any]]:
    """The releases of one procedure, oldest first; [] for a procedure not yet published."""
    if not is_public(procedure):
        return []
    return _Builder(procedure).all()


# --- compiling ------------------------------------------------------------------------------
def _merge(target: Any, update: Any) -> Any:
    """OCDS merge rules: objects merge field by field, arrays of objects with ids merge by id,
    any other value is replaced by the newer one."""
    if isinstance(target, dict) and isinstance(update, dict):
        merged = dict(target)
        for key, value in update.items():
            merged[key] = _merge(target[key], value) if key in target else value
        return merged
    if (
        isinstance(target, list)
        and isinstance(update, list)
        and all(isinstance(i, dict) and "id" in i for i in target + update)
        and (target or update)
    ):
        merged_list = list(target)
        index = {item["id"]: n for n, item in enumerate(merged_list)}
        for item in update:
            if item["id"] in index:
                merged_list[index[item["id"]]] = _merge(merged_list[index[item["id"]]], item)
            else:
                index[item["id"]] = len(merged_list)
                merged_list.append(item)
        return merged_list
    return update


def compile_releases(releases: list[dict[str, Any]]) -> dict[str, Any]:
    compiled: dict[str, Any] = {}
    for release in sorted(releases, key=lambda r: r["date"]):
        compiled = _merge(compiled, {k: v for k, v in release.items() if k not in ("id", "tag")})
    compiled["id"] = f"{releases[-1]['ocid']}-compiled"
    compiled["tag"] = ["compiled"]
    compiled["date"] = max(r["date"] for r in releases)
    return compiled


def procedure_record(procedure: Procedure) -> dict[str, Any] | None:
    releases = procedure_releases(procedure)
    if not releases:
        return None
    return {
        "ocid": ocid(procedure),
        "releases": releases,
        "compiledRelease": compile_releases(releases),
    }


# --- packages -------------------------------------------------------------------------------
def _package_meta(uri: str, now: dt.datetime) -> dict[str, Any]:
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": _date(now),
        "publisher": dict(PUBLISHER),
        "license": LICENSE,
    }


def release_package(
    procedures: Iterable[Procedure], *, uri: str, now: dt.datetime
) -> dict[str, Any]:
    releases = [r for p in procedures for r in procedure_releases(p)]
    return {**_package_meta(uri, now), "releases": releases}


def record_package(
    procedures: Iterable[Procedure], *, uri: str, now: dt.datetime
) -> dict[str, Any]:
    records = [r for r in (procedure_record(p) for p in procedures) if r is not None]
    return {**_package_meta(uri, now), "records": records}
