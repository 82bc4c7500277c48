"""Rules on parties: registration numbers and consortia."""

from __future__ import annotations

import re
from collections.abc import Iterable

from innopartner.core.exceptions import InvalidInput, NotAllowed, RuleViolation

KVK_PATTERN = re.compile(r"^[0-9]{8}$")  # ASCII digits only: \d also matches other scripts
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")


def normalise_kvk_number(value: str) -> str:
    """Handelsregisterwet 2007 / KvK: a Dutch Chamber of Commerce number has exactly eight
    digits. Spaces and dots that people type are removed; anything else is refused."""
    cleaned = re.sub(r"[\s.]", "", value or "")
    if not KVK_PATTERN.match(cleaned):
        raise InvalidInput(
            f"'{value}' is geen geldig KvK-nummer: een KvK-nummer bestaat uit precies 8 cijfers "
            "(not a valid Chamber of Commerce number: exactly 8 digits).",
            code="kvk-number-invalid",
            article="Handelsregisterwet 2007",
        )
    return cleaned


def ensure_registration(*, country: str, kvk_number: str, foreign_registration: str) -> None:
    """A Dutch operator is identified by its KvK number; a foreign one by its own register."""
    if not COUNTRY_PATTERN.match(country or ""):
        raise InvalidInput(
            f"Landcode '{country}' moet twee hoofdletters zijn (ISO 3166-1), bijv. NL.",
            code="country-invalid",
        )
    if country == "NL" and not kvk_number:
        raise InvalidInput(
            "Een Nederlandse ondernemer heeft een KvK-nummer nodig (a Dutch operator needs a "
            "KvK number).",
            code="kvk-number-missing",
        )
    if country != "NL" and not (foreign_registration or kvk_number):
        raise InvalidInput(
            "Een buitenlandse ondernemer heeft een registratie in het eigen land nodig "
            "(a foreign operator needs its national registration).",
            code="foreign-registration-missing",
        )


def ensure_consortium_composition(*, member_count: int, lead_count: int) -> None:
    """Art. 19(2) Dir. 2014/24/EU: groups of operators may take part; one member leads
    (penvoerder) and speaks for the group."""
    if member_count < 2:
        raise RuleViolation(
            "Een combinatie bestaat uit ten minste twee ondernemers (a consortium has at least "
            "two members).",
            code="consortium-too-small",
            article="Art. 19(2) Dir. 2014/24/EU",
        )
    if lead_count != 1:
        raise RuleViolation(
            "Een combinatie heeft precies één penvoerder (a consortium has exactly one lead "
            "member).",
            code="consortium-lead-required",
            article="Art. 19(2) Dir. 2014/24/EU",
        )


def ensure_organisation_name_free(*, name: str, kind: str, taken: bool) -> None:
    """One contracting authority per name: a second "Gemeente X" is a mistake (typed twice,
    or a copy), and people would then be added to the wrong one. (Companies are known by their
    KvK number or foreign registration instead: ``operator_create``.) The name is what buyers,
    suppliers and the published notices show (Art. 49 and Annex V Dir. 2014/24/EU name the
    contracting authority), so it must identify it."""
    if not (name or "").strip():
        raise InvalidInput(
            "Een organisatie heeft een naam (an organisation needs a name).",
            code="organisation-name-missing",
        )
    if taken:
        raise InvalidInput(
            f"Er bestaat al een organisatie '{name}' van deze soort ({kind}) (an organisation "
            "with this name and kind already exists).",
            code="organisation-exists",
        )


#: Who may give which role to a colleague of the same organisation. No article: practice
#: (least privilege). The buyer's staff run the procedure and name its evaluators; a company
#: manages its own supplier users; an evaluator or auditor only reads and scores, and so adds
#: nobody.
GRANTABLE_ROLES: dict[str, frozenset[str]] = {
    "procurement_officer": frozenset({"procurement_officer", "project_leader", "evaluator"}),
    "project_leader": frozenset({"procurement_officer", "project_leader", "evaluator"}),
    "supplier": frozenset({"supplier"}),
}


def roles_grantable(granter_roles: Iterable[str]) -> frozenset[str]:
    """The roles someone with these roles (in one organisation) may give a colleague there."""
    return frozenset().union(*(GRANTABLE_ROLES.get(role, frozenset()) for role in granter_roles))


def ensure_may_grant(*, granter_roles: Iterable[str], role: str) -> None:
    """No article — practice: only the roles of ``GRANTABLE_ROLES``; a supplier user never
    gives a buyer's role, buyer staff never a supplier's, evaluators and auditors none."""
    grantable = roles_grantable(granter_roles)
    if not grantable:
        raise NotAllowed(
            "Met uw rol kunt u geen collega's toevoegen (your role cannot add colleagues).",
            code="colleague-add-not-allowed",
        )
    if role not in grantable:
        raise NotAllowed(
            f"Met uw rol kunt u de rol '{role}' niet toekennen (your role cannot grant this role).",
            code="role-not-grantable",
        )
