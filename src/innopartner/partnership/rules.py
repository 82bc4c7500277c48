"""Rules of the partnership: phases, targets, instalments, gates and the purchase."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from innopartner.core.exceptions import RuleViolation

ARTICLE = "Art. 31(2) Richtlijn 2014/24/EU"


def ensure_phase_assessed(*, unassessed: Sequence[str]) -> None:
    """[13] A phase closes, and the next starts, only after every partner's result has been
    assessed against the phase's intermediate targets."""
    if unassessed:
        raise RuleViolation(
            "Beoordeel eerst de resultaten tegen de tussendoelen van: "
            + ", ".join(unassessed)
            + ".",
            code="phase-not-assessed",
            article=ARTICLE,
        )


def ensure_all_targets_assessed(*, missing_targets: Sequence[str]) -> None:
    if missing_targets:
        raise RuleViolation(
            "Elk tussendoel van de fase wordt beoordeeld; ontbreekt: " + "; ".join(missing_targets),
            code="target-not-assessed",
            article=ARTICLE,
        )


def ensure_gate_in_order(*, phase_number: int, current_phase_number: int) -> None:
    """[13]/[14] Gates come in the order of the phases: only the gate at the end of the running
    phase can be decided."""
    if phase_number != current_phase_number:
        raise RuleViolation(
            f"Het beslismoment van fase {phase_number} is niet aan de orde; de lopende fase is "
            f"fase {current_phase_number}.",
            code="gate-out-of-order",
            article=ARTICLE,
        )


def ensure_termination_announced(*, announced: bool, conditions: str) -> None:
    """[14] Art. 31(2): ending the partnership or dropping partners after a phase is allowed only
    if the documents provided for it and set its conditions."""
    if not announced or not conditions.strip():
        raise RuleViolation(
            "Beëindigen of het aantal partners verminderen kan alleen als de stukken die "
            "mogelijkheid en haar voorwaarden noemden.",
            code="termination-not-announced",
            article=ARTICLE,
        )


def gate_outcome(
    *,
    gate_kind: str,
    targets_met: Mapping[str, bool],
    scores: Mapping[str, Decimal | None],
    continue_count: int | None,
) -> list[str]:
    """Who continues after a gate, by the kind announced in the documents (practice notes of
    DOMAIN.md): a go/no-go lets every partner through that met the minimum targets; a
    mini-competition ranks those partners on the announced criteria and lets the best N
    through. Ties at the cut-off are refused: the announced criteria must decide."""
    passed = [key for key, met in targets_met.items() if met]
    if gate_kind in ("go_no_go", "final"):
        return sorted(passed)
    if gate_kind != "mini_competition":
        raise RuleViolation(f"Onbekend soort beslismoment '{gate_kind}'.", code="gate-kind-unknown")
    missing = [key for key in passed if scores.get(key) is None]
    if missing:
        raise RuleViolation(
            "Bij een mini-competitie krijgt elke partner een score.",
            code="gate-score-missing",
            article=ARTICLE,
        )
    ranked = sorted(passed, key=lambda key: (-scores[key], key))
    n = continue_count or 0
    if len(ranked) > n and n > 0 and scores[ranked[n - 1]] == scores[ranked[n]]:
        raise RuleViolation(
            "Gelijke scores op de grens: de aangekondigde criteria beslissen niet.",
            code="gate-tie",
            article=ARTICLE,
        )
    return sorted(ranked[:n])


def ensure_gate_choice_matches(*, chosen: Sequence[str], by_rule: Sequence[str]) -> None:
    """The buyer's list of continuing partners is the one that the announced gate gives."""
    if sorted(chosen) != sorted(by_rule):
        raise RuleViolation(
            "Wie doorgaat volgt uit de aangekondigde toets aan de tussendoelen en criteria.",
            code="gate-against-announced-criteria",
            article=ARTICLE,
        )


def ensure_performance_met(
    *, levels: Sequence[tuple[str, Decimal, bool]], measured: Mapping[str, Decimal]
) -> None:
    """[15] Art. 31(2): the result is bought only if it reaches the performance levels agreed."""
    short = []
    for name, target, higher_is_better in levels:
        if name not in measured:
            short.append(f"{name} (niet gemeten)")
            continue
        value = measured[name]
        if (value < target) if higher_is_better else (value > target):
            short.append(f"{name}: {value} tegen {target}")
    if short:
        raise RuleViolation(
            "De afnamefase begint pas als de afgesproken prestatieniveaus zijn gehaald: "
            + "; ".join(short)
            + ".",
            code="performance-not-met",
            article=ARTICLE,
        )


def ensure_within_max_cost(*, price: Decimal, maximum: Decimal | None, what: str) -> None:
    """[15] Art. 31(2): and at no more than the maximum cost agreed."""
    if maximum is not None and price > maximum:
        raise RuleViolation(
            f"{what}: {price} is meer dan het afgesproken maximum {maximum}.",
            code="above-maximum-cost",
            article=ARTICLE,
        )


def ensure_purchase_phase_exists(*, has_purchase_phase: bool) -> None:
    """Pre-commercial procurement buys R&D services only (Art. 14; COM(2007) 799): the result
    is not bought without a new procedure."""
    if not has_purchase_phase:
        raise RuleViolation(
            "Bij precommercieel inkopen volgt geen afname zonder nieuwe aanbesteding.",
            code="no-purchase-phase",
            article="Art. 14 Richtlijn 2014/24/EU; COM(2007) 799",
        )


def ensure_progress_reportable(*, in_phase: bool, decided: bool, assessed: bool) -> None:
    """Art. 31(2): a partner reports progress on the intermediate targets of the phase it is in,
    while that phase runs; once the buyer has assessed the targets the report would come too
    late to count, and after the gate the phase is closed."""
    if not in_phase:
        raise RuleViolation(
            "Uw organisatie neemt niet deel aan de lopende fase.",
            code="partner-not-in-phase",
            article=ARTICLE,
        )
    if decided:
        raise RuleViolation(
            "Over deze fase is al beslist.", code="gate-already-decided", article=ARTICLE
        )
    if assessed:
        raise RuleViolation(
            "De tussendoelen van deze fase zijn al beoordeeld; rapporteer in de volgende fase.",
            code="targets-already-assessed",
            article=ARTICLE,
        )
