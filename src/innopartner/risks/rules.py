"""Rules of the risk register, as pure functions (no ORM). The publication's practice: make
risks explicit, quantify them, mitigate, and decide who carries which risk (CASES.md,
cross-cutting practices; GVB lesson)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from innopartner.core.exceptions import InvalidInput

CATEGORIES = ("technical", "commercial", "contractual", "reputational", "financial", "planning")
OWNERS = ("buyer", "partner", "shared")
STATUSES = ("open", "occurred", "closed")


def ensure_probability(probability: Decimal) -> None:
    """A probability lies between 0 and 1, both included."""
    if not Decimal(0) <= probability <= Decimal(1):
        raise InvalidInput(
            f"Een kans ligt tussen 0 en 1, niet {probability}.", code="risk-probability-invalid"
        )


def ensure_three_point(*, what: str, low: Decimal, likely: Decimal, high: Decimal) -> None:
    """A three-point estimate is ordered min <= most likely <= max and not negative (a risk
    adds cost or delay; opportunities are not modelled)."""
    if low < 0:
        raise InvalidInput(
            f"{what}: een schatting is niet negatief.", code="risk-estimate-negative"
        )
    if not low <= likely <= high:
        raise InvalidInput(
            f"{what}: minimum <= meest waarschijnlijk <= maximum ({low}, {likely}, {high}).",
            code="risk-estimate-unordered",
        )


def ensure_choice(*, value: str, allowed: Sequence[str], code: str) -> None:
    if value not in allowed:
        raise InvalidInput(f"'{value}' is niet een van: {', '.join(allowed)}.", code=code)


def ensure_mitigation_reduces(
    *, probability: Decimal, probability_after: Decimal | None, high: Decimal, high_after
) -> None:
    """A mitigation lowers (or keeps) the probability or the impact; it never raises them."""
    if probability_after is not None and probability_after > probability:
        raise InvalidInput(
            "Een beheersmaatregel verhoogt de kans niet.", code="mitigation-raises-risk"
        )
    if high_after is not None and high_after > high:
        raise InvalidInput(
            "Een beheersmaatregel verhoogt de gevolgen niet.", code="mitigation-raises-risk"
        )
