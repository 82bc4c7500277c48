"""Rules of the guidance: pure functions, no database.

None of these is procurement law. The checklist is advice; what the law makes hard is
enforced by the engine's own rules, and the checklist only names them. What is ruled here is
the honesty of the record: a skipped item says why, and an item the engine enforces cannot be
ticked away by hand.
"""

from __future__ import annotations

from innopartner.core.exceptions import InvalidInput, RuleViolation

STATES = ("open", "done", "skipped", "not_applicable")
MAX_REASON = 2000


def ensure_state(state: str) -> None:
    if state not in STATES:
        raise InvalidInput(
            f"Onbekende status '{state}'; kies afgevinkt, overgeslagen of niet van toepassing.",
            code="checklist-state-unknown",
        )


def ensure_reason_for_skip(*, state: str, reason: str) -> None:
    """Skipping advice is allowed, silently skipping it is not: the reason is the record an
    auditor reads later."""
    if state == "skipped" and not reason.strip():
        raise InvalidInput(
            "Geef een reden op waarom u dit punt overslaat.",
            code="checklist-skip-reason-missing",
        )
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            f"De reden is te lang (hoogstens {MAX_REASON} tekens).",
            code="checklist-reason-too-long",
        )


def ensure_advisory(*, enforced_by: tuple[str, ...], item_id: str) -> None:
    """An item the engine enforces is not the buyer's to tick: the rule decides."""
    if enforced_by:
        raise RuleViolation(
            f"Punt '{item_id}' wordt door het systeem afgedwongen ({', '.join(enforced_by)}); "
            "het wordt niet met de hand afgevinkt.",
            code="checklist-item-enforced",
        )


def ensure_lesson_text(*, title: str, text: str) -> None:
    if not title.strip() or not text.strip():
        raise InvalidInput("Een les heeft een titel en een tekst.", code="lesson-text-missing")
    if len(title) > 200:
        raise InvalidInput("De titel is te lang (hoogstens 200 tekens).", code="lesson-title-long")
