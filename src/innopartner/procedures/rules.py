"""Rules of the procedure documents and their publication.

Plain functions without the ORM: they receive the facts and ``now`` and raise a
:class:`RuleViolation` naming the rule. The numbers in brackets are the rules at the end of
``design/DOMAIN.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from innopartner.core.exceptions import RuleViolation
from innopartner.core.timeutil import AMSTERDAM

from .types import STAGE_LABELS_NL, ProcedureType, Stage

CALL_CONTRACT_NOTICE = "contract_notice"
CALL_PIN = "pin"


def ensure_stage_transition(*, ptype: ProcedureType, from_stage: str, to_stage: str) -> None:
    """Each procedure type declares its stages and the transitions between them."""
    if not ptype.allows(from_stage, to_stage):
        raise RuleViolation(
            f"Een {ptype.label_nl.lower()} kan niet van '{from_stage}' naar '{to_stage}' "
            f"(not a step of this procedure type).",
            code="stage-transition-not-allowed",
            article="procedure type declaration",
        )


def _stage_name(stage: str) -> str:
    """The stage as the interface names it, with its code: 'Afnamefase (purchase)'."""
    try:
        return f"{STAGE_LABELS_NL[Stage(stage)]} ({stage})"
    except ValueError:
        return stage


def ensure_stage(*, stage: str, allowed: Iterable[str], action: str) -> None:
    allowed = [str(s) for s in allowed]
    if stage not in allowed:
        where = ", ".join(_stage_name(s) for s in allowed)
        raise RuleViolation(
            f"'{action}' kan niet in de fase '{_stage_name(stage)}' (alleen in: {where}).",
            code="wrong-stage",
            article="procedure type declaration",
            stage=stage,
        )


def ensure_call_for_competition(*, ptype: ProcedureType, call_type: str) -> None:
    """[1] Art. 26(5), 31(1): an innovation partnership is called by a contract notice (eForms
    subtype 16). A prior information notice may announce it but is never the call, even though
    eForms' codelist for subtype 10 accepts the code ``innovation``."""
    if call_type == CALL_PIN and not ptype.pin_may_be_call:
        raise RuleViolation(
            "Een vooraankondiging kan bij deze procedure niet als oproep tot mededinging dienen; "
            "publiceer een aankondiging van een opdracht (a PIN cannot be the call for "
            "competition).",
            code="pin-not-a-call-for-competition",
            article="Art. 26(5) en 31(1) Richtlijn 2014/24/EU",
        )
    if call_type not in (CALL_PIN, CALL_CONTRACT_NOTICE):
        raise RuleViolation(f"Onbekend soort oproep '{call_type}'.", code="call-type-unknown")


def ensure_request_time_limit(
    *, ptype: ProcedureType, dispatched_at: dt.datetime, requests_deadline: dt.datetime
) -> None:
    """[2] Art. 31(1) (and Aw 2012 art. 2.71(3)): requests to participate get at least 30 days
    from the dispatch of the contract notice. Art. 31 allows no reduction for urgency."""
    # Calendar days in Dutch legal time, whatever zone the moments arrive in (the API passes
    # UTC): adding days to a UTC moment would lose or gain an hour across a DST change.
    minimum = dispatched_at.astimezone(AMSTERDAM) + dt.timedelta(days=ptype.min_request_days)
    # Compare instants: Python compares two datetimes of the same zone by their wall clocks.
    if requests_deadline.astimezone(dt.UTC) < minimum.astimezone(dt.UTC):
        raise RuleViolation(
            f"De termijn voor verzoeken tot deelneming moet ten minste {ptype.min_request_days} "
            f"dagen na verzending van de aankondiging eindigen, dus niet vóór "
            f"{minimum:%d-%m-%Y %H:%M} (time limit for requests too short).",
            code="request-time-limit-too-short",
            article="Art. 31(1) Richtlijn 2014/24/EU; art. 2.71(3) Aw 2012",
            earliest=minimum.isoformat(),
        )


@dataclass(frozen=True)
class DocumentFacts:
    """What the procurement documents contain, as the publication check needs it."""

    need_description: str
    minimum_requirement_count: int
    award_criteria: Sequence[tuple[str, Decimal]]  # (kind, weight)
    ip_arrangement: str
    phases: Sequence[tuple[int, int]]  # per phase: (intermediate targets, instalments)
    partner_structure: str
    termination_option: bool
    termination_conditions: str
    successive_reduction_declared: bool
    candidates_min: int | None
    candidates_max: int | None
    selection_criteria_rd: Sequence[bool]
    estimated_rd_value: Decimal | None
    estimated_purchase_value: Decimal | None
    proportionality_justification: str


def missing_document_elements(*, ptype: ProcedureType, facts: DocumentFacts) -> list[str]:
    """[3] Art. 31(1),(2),(5),(6), 65(2): everything the documents must say before
    publication. Returns what is missing, in words (empty when complete)."""
    missing: list[str] = []
    if not facts.need_description.strip():
        missing.append("beschrijving van de behoefte (need description)")
    if facts.minimum_requirement_count == 0:
        missing.append("minimumeisen (minimum requirements)")
    if not facts.award_criteria:
        missing.append("gunningscriteria met weging (award criteria and weighting)")
    if facts.candidates_min is None:
        missing.append("minimum aantal gegadigden (candidate minimum)")
    if not facts.selection_criteria_rd:
        missing.append("selectiecriteria (selection criteria)")
    if ptype.requires_ip_arrangement and not facts.ip_arrangement:
        missing.append("regeling intellectueel eigendom (IPR arrangements)")
    if ptype.has_rd_phases:
        if not facts.phases:
            missing.append("fasering met tussendoelen (phase plan)")
        for number, (targets, instalments) in enumerate(facts.phases, start=1):
            if targets == 0:
                missing.append(f"tussendoelen voor fase {number} (intermediate targets)")
            if instalments == 0:
                missing.append(f"termijnbetaling voor fase {number} (instalment)")
        if not facts.partner_structure:
            missing.append("één of meerdere partners (one or several partners)")
        if not facts.termination_conditions.strip():
            missing.append(
                "beëindigings- of reductiemogelijkheid en de voorwaarden daarvan "
                "(termination/reduction option and conditions)"
            )
    if ptype.requires_proportionality:
        if facts.estimated_rd_value is None or facts.estimated_purchase_value is None:
            missing.append("geraamde waarde van O&O en afname (estimated values)")
        if not facts.proportionality_justification.strip():
            missing.append("onderbouwing van de evenredigheid (proportionality justification)")
    return missing


def ensure_documents_complete(*, ptype: ProcedureType, facts: DocumentFacts) -> None:
    missing = missing_document_elements(ptype=ptype, facts=facts)
    if missing:
        raise RuleViolation(
            "Publicatie geblokkeerd; de aanbestedingsstukken missen: " + "; ".join(missing) + ".",
            code="documents-incomplete",
            article="Art. 31(1), (2), (5), (6) en 65(2) Richtlijn 2014/24/EU",
            missing=missing,
        )


def ensure_award_criteria(*, ptype: ProcedureType, criteria: Sequence[tuple[str, Decimal]]) -> None:
    """[4] Art. 31(1) with Art. 67: an innovation partnership is awarded solely on the best
    price-quality ratio, so price-only or cost-only award is refused. Weights must be positive
    and add up to 100 so that the weighting in the notice is unambiguous (Art. 67(5))."""
    if not criteria:
        raise RuleViolation(
            "Er zijn geen gunningscriteria.", code="award-criteria-missing", article="Art. 67"
        )
    if any(weight <= 0 for _, weight in criteria):
        raise RuleViolation(
            "Elk gunningscriterium heeft een positief gewicht.",
            code="award-criterion-weight-invalid",
            article="Art. 67(5) Richtlijn 2014/24/EU",
        )
    total = sum((weight for _, weight in criteria), Decimal(0))
    if total != Decimal(100):
        raise RuleViolation(
            f"De gewichten van de gunningscriteria tellen op tot {total}, niet tot 100.",
            code="award-criteria-weights-not-100",
            article="Art. 67(5) Richtlijn 2014/24/EU",
        )
    kinds = {kind for kind, _ in criteria}
    if ptype.bpqr_only and "quality" not in kinds:
        raise RuleViolation(
            "Een innovatiepartnerschap wordt uitsluitend gegund op de beste "
            "prijs-kwaliteitverhouding; alleen prijs of alleen kosten is niet toegestaan.",
            code="award-not-bpqr",
            article="Art. 31(1) en 67 Richtlijn 2014/24/EU",
        )


def ensure_candidate_limits(
    *, ptype: ProcedureType, candidates_min: int | None, candidates_max: int | None
) -> None:
    """[5] Art. 65(2): for an innovation partnership the minimum number of candidates to be
    invited is at least three; a maximum, if any, is not below the minimum."""
    if candidates_min is None or candidates_min < ptype.candidates_min_floor:
        raise RuleViolation(
            f"Het minimum aantal uit te nodigen gegadigden is ten minste "
            f"{ptype.candidates_min_floor} (candidate minimum too low).",
            code="candidates-minimum-too-low",
            article="Art. 65(2) Richtlijn 2014/24/EU",
        )
    if candidates_max is not None and candidates_max < candidates_min:
        raise RuleViolation(
            "Het maximum aantal gegadigden ligt onder het minimum.",
            code="candidates-maximum-below-minimum",
            article="Art. 65(2) Richtlijn 2014/24/EU",
        )


def ensure_rd_selection_criterion(*, ptype: ProcedureType, covers_rd: Sequence[bool]) -> None:
    """[20] Art. 31(6): selection criteria cover the candidates' capacity in research and
    development and in developing and implementing innovative solutions."""
    if ptype.rd_selection_criterion_required and not any(covers_rd):
        raise RuleViolation(
            "Ten minste één selectiecriterium moet de capaciteit voor onderzoek en ontwikkeling "
            "of het implementeren van innovaties betreffen.",
            code="rd-selection-criterion-missing",
            article="Art. 31(6) Richtlijn 2014/24/EU",
        )


def threshold_value(*, rd_value: Decimal, purchase_value: Decimal) -> Decimal:
    """[16] Art. 5(10): the estimated value of an innovation partnership is the maximum
    estimated value, excluding VAT, of the R&D of all phases plus the purchase at the end."""
    return rd_value + purchase_value


def ensure_proportionality(
    *,
    ptype: ProcedureType,
    rd_value: Decimal | None,
    purchase_value: Decimal | None,
    justification: str,
) -> None:
    """[16] Art. 31(7): the value of what is bought must not be disproportionate to the
    investment in development; the buyer records why it is not before publication."""
    if not ptype.requires_proportionality:
        return
    if rd_value is None or purchase_value is None or rd_value < 0 or purchase_value < 0:
        raise RuleViolation(
            "Raming van de O&O-waarde en de afnamewaarde ontbreekt.",
            code="estimated-value-missing",
            article="Art. 5(10) Richtlijn 2014/24/EU",
        )
    if not justification.strip():
        raise RuleViolation(
            "Onderbouw waarom de afname in verhouding staat tot de investering in ontwikkeling.",
            code="proportionality-not-justified",
            article="Art. 31(7) Richtlijn 2014/24/EU",
        )


def ensure_publication_channel(
    *, channel: str, procedure_type_code: str, lead_country: str
) -> None:
    """[17] Aw 2012 art. 2.52 and 2.66: a Dutch authority publishes through TenderNed (a
    Tsender publishes through TenderNed too). A foreign lead buyer in a cross-border procedure
    publishes on TED through its own national system."""
    allowed = {"tenderned", "tsender"} if lead_country == "NL" else {"ted", "tenderned", "tsender"}
    if procedure_type_code == "pcp":
        allowed = allowed | {"none"}  # Art. 14: outside the directives
    if channel not in allowed:
        raise RuleViolation(
            f"Publicatie via '{channel}' is niet toegestaan; gebruik TenderNed of een Tsender.",
            code="publication-channel-not-allowed",
            article="art. 2.52 en 2.66 Aanbestedingswet 2012",
        )


def ensure_documents_editable(*, stage: str, what: str) -> None:
    """[8] Art. 31(3): minimum requirements and award criteria are fixed by the notice and are
    not negotiated: after publication they cannot be changed."""
    if stage != Stage.PREPARATION:
        raise RuleViolation(
            f"{what} kunnen na publicatie van de aankondiging niet meer worden gewijzigd.",
            code="fixed-after-notice",
            article="Art. 31(3) en (4) Richtlijn 2014/24/EU",
        )


def ensure_resubmission_deadline(*, notified_at: dt.datetime, deadline: dt.datetime) -> None:
    """[9] Art. 31(4): after a change to the documents, the tenderers get sufficient time to
    amend and resubmit, so the new deadline lies after the notice."""
    if deadline <= notified_at:
        raise RuleViolation(
            "De nieuwe termijn voor inschrijving moet na de kennisgeving van de wijziging liggen.",
            code="resubmission-deadline-not-after-notice",
            article="Art. 31(4) Richtlijn 2014/24/EU",
        )


def ensure_cofunding_share(*, arrangement: str, share: Decimal | None) -> None:
    """An IP split by co-funding share (Rivierenland's 50% rule) needs the share, 0-100%."""
    if arrangement == "split_by_cofunding" and (share is None or not 0 < share <= 100):
        raise RuleViolation(
            "Bij verdeling naar financieringsaandeel hoort een aandeel tussen 0 en 100%.",
            code="cofunding-share-invalid",
            article="Art. 31(6) Richtlijn 2014/24/EU",
        )
