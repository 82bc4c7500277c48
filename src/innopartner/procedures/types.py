"""Procedure types as declarations.

Each procedure type is a sequence of stages with the transitions between them and the flags
that switch rules on or off. A new type is a new declaration here, not a rewrite of the
services: every service asks the procedure's type what applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from innopartner.core.exceptions import InvalidInput


class Stage(StrEnum):
    PREPARATION = "preparation"  # voorbereiding: need, market consultation, documents
    REQUESTS_OPEN = "requests_open"  # contract notice published, requests to participate open
    SELECTION = "selection"  # request deadline passed: assessing candidates
    NEGOTIATION = "negotiation"  # invited candidates tender in rounds
    STANDSTILL = "standstill"  # intended award decision sent; Alcatel period runs
    RD_PHASES = "rd_phases"  # partnership agreement signed; research and development
    CONTRACTED = "contracted"  # contract concluded (no R&D phases)
    PURCHASE = "purchase"  # afnamefase: the result is bought
    COMPLETED = "completed"
    TERMINATED = "terminated"  # partnership ended at a gate
    CANCELLED = "cancelled"  # procedure stopped before a contract


STAGE_LABELS_NL = {
    Stage.PREPARATION: "Voorbereiding",
    Stage.REQUESTS_OPEN: "Aankondiging gepubliceerd, verzoeken tot deelneming",
    Stage.SELECTION: "Selectie",
    Stage.NEGOTIATION: "Onderhandeling",
    Stage.STANDSTILL: "Voorlopige gunning, opschortende termijn",
    Stage.RD_PHASES: "Onderzoeks- en ontwikkelingsfasen",
    Stage.CONTRACTED: "Overeenkomst gesloten",
    Stage.PURCHASE: "Afnamefase",
    Stage.COMPLETED: "Afgerond",
    Stage.TERMINATED: "Beëindigd",
    Stage.CANCELLED: "Ingetrokken",
}


@dataclass(frozen=True)
class ProcedureType:
    code: str
    label_nl: str
    label_en: str
    transitions: dict[Stage, frozenset[Stage]]
    # Which rules apply. Each flag names the article that makes it so.
    eforms_procedure_code: str | None  # BT-105; None for procurement outside the directives
    min_request_days: int  # Art. 31(1) / Art. 29(1): 30 days; no accelerated reduction
    candidates_min_floor: int  # Art. 65(2): at least three for CPN, CD and IP
    bpqr_only: bool  # Art. 31(1) with Art. 67: only best price-quality ratio
    negotiation_mandatory: bool  # Art. 31(3): no award on initial tenders
    rd_selection_criterion_required: bool  # Art. 31(6): R&D capacity in selection
    has_rd_phases: bool  # Art. 31(2): successive phases with intermediate targets
    has_purchase_phase: bool  # Art. 31(2): buy the result without a new tender
    requires_ip_arrangement: bool  # Art. 31(6)
    requires_proportionality: bool  # Art. 31(7)
    # [19] How exports name the procedure: legacy TED element and OCDS method and details.
    ted_legacy_element: str | None = None
    ocds_procurement_method: str = "selective"
    ocds_procurement_method_details: str = ""
    pin_may_be_call: bool = False  # Art. 26(5): never for an innovation partnership
    standstill_applies: bool = True  # Aw 2012 art. 2.127
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def stages(self) -> list[Stage]:
        """The stages in the order of the procedure (for the funnel and the timeline)."""
        order = list(Stage)
        present = set(self.transitions) | {s for t in self.transitions.values() for s in t}
        return [s for s in order if s in present]

    def allows(self, from_stage: str, to_stage: str) -> bool:
        return Stage(to_stage) in self.transitions.get(Stage(from_stage), frozenset())


S = Stage

_COMPETITION = {
    S.PREPARATION: frozenset({S.REQUESTS_OPEN, S.CANCELLED}),
    S.REQUESTS_OPEN: frozenset({S.SELECTION, S.CANCELLED}),
    S.SELECTION: frozenset({S.NEGOTIATION, S.CANCELLED}),
    S.NEGOTIATION: frozenset({S.STANDSTILL, S.CANCELLED}),
}

INNOVATION_PARTNERSHIP = ProcedureType(
    code="innovation_partnership",
    label_nl="Innovatiepartnerschap",
    label_en="Innovation partnership",
    transitions={
        **_COMPETITION,
        S.STANDSTILL: frozenset({S.RD_PHASES, S.NEGOTIATION, S.CANCELLED}),
        S.RD_PHASES: frozenset({S.PURCHASE, S.TERMINATED}),
        S.PURCHASE: frozenset({S.COMPLETED}),
    },
    eforms_procedure_code="innovation",
    ted_legacy_element="PT_INNOVATION_PARTNERSHIP",
    ocds_procurement_method_details="Innovation partnership",
    min_request_days=30,
    candidates_min_floor=3,
    bpqr_only=True,
    negotiation_mandatory=True,
    rd_selection_criterion_required=True,
    has_rd_phases=True,
    has_purchase_phase=True,
    requires_ip_arrangement=True,
    requires_proportionality=True,
)

PRE_COMMERCIAL_PROCUREMENT = ProcedureType(
    code="pcp",
    label_nl="Precommercieel inkopen / SBIR",
    label_en="Pre-commercial procurement / SBIR",
    transitions={
        **_COMPETITION,
        S.STANDSTILL: frozenset({S.RD_PHASES, S.NEGOTIATION, S.CANCELLED}),
        S.RD_PHASES: frozenset({S.COMPLETED, S.TERMINATED}),
    },
    # Art. 14 Dir. 2014/24/EU: R&D services whose benefits do not go exclusively to the buyer
    # are outside the directive; the EU PCP communication COM(2007) 799 describes the practice.
    eforms_procedure_code=None,
    ocds_procurement_method_details="Pre-commercial procurement",
    min_request_days=30,  # not imposed by law; kept as good practice (COM(2007) 799)
    candidates_min_floor=2,  # PCP compares several competing approaches
    bpqr_only=True,
    negotiation_mandatory=False,
    rd_selection_criterion_required=True,
    has_rd_phases=True,
    has_purchase_phase=False,  # no purchase of the result without a new tender
    requires_ip_arrangement=True,
    requires_proportionality=False,
    standstill_applies=False,  # outside the directives: Aw art. 2.127 does not apply
    notes=("Na PCP/SBIR is voor de afname een nieuwe aanbesteding nodig.",),
)

COMPETITIVE_NEGOTIATION = ProcedureType(
    code="competitive_negotiation",
    label_nl="Mededingingsprocedure met onderhandeling",
    label_en="Competitive procedure with negotiation",
    transitions={
        **_COMPETITION,
        S.STANDSTILL: frozenset({S.CONTRACTED, S.NEGOTIATION, S.CANCELLED}),
        S.CONTRACTED: frozenset({S.COMPLETED}),
    },
    eforms_procedure_code="neg-w-call",
    ted_legacy_element="PT_COMPETITIVE_NEGOTIATION",
    ocds_procurement_method_details="Competitive procedure with negotiation",
    min_request_days=30,  # Art. 29(1)
    candidates_min_floor=3,  # Art. 65(2)
    bpqr_only=False,  # Art. 67: any award criterion, lowest price included
    negotiation_mandatory=False,  # Art. 29(4): award on initial tenders may be reserved
    rd_selection_criterion_required=False,
    has_rd_phases=False,
    has_purchase_phase=False,
    requires_ip_arrangement=False,
    requires_proportionality=False,
)

PROCEDURE_TYPES: dict[str, ProcedureType] = {
    t.code: t for t in (INNOVATION_PARTNERSHIP, PRE_COMMERCIAL_PROCUREMENT, COMPETITIVE_NEGOTIATION)
}


def procedure_type(code: str) -> ProcedureType:
    try:
        return PROCEDURE_TYPES[code]
    except KeyError:
        raise InvalidInput(
            f"Onbekend proceduretype '{code}'; bekend zijn: {', '.join(PROCEDURE_TYPES)}.",
            code="procedure-type-unknown",
        ) from None
