"""The rules of the market consultation, as plain functions that cite their source.

Art. 40 Dir. 2014/24/EU (Aw art. 2.51): before the procedure, a buyer may consult the market
to prepare the procurement and tell operators of its plans, provided this does not distort
competition or break non-discrimination and transparency. Art. 41 (Aw art. 2.52): where an
operator was involved in the preparation, the buyer shares the relevant information with all
candidates. Art. 21: information an operator marked confidential is not disclosed, and a
consent to disclose must name the specific information (DOMAIN rule 11)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from innopartner.core.exceptions import InvalidInput, RuleViolation

ART_40 = "Art. 40 Richtlijn 2014/24/EU (Aw art. 2.51)"
ART_21 = "Art. 21 Richtlijn 2014/24/EU"

RESPONSE_KINDS = ("interest", "idea", "question", "talk")
RESPONSES_PER_HOUR = 5
TOPICS = ("scope", "minimum_requirement", "partners", "budget", "ip")
IP_ARRANGEMENTS = (
    "buyer_owns",
    "licence_named_uses",
    "supplier_owns_with_licence",
    "split_by_cofunding",
)


def ensure_before_notice(*, notice_dispatched: bool, what: str) -> None:
    """Art. 40: the market consultation prepares the procurement; once the contract notice is
    out, operators are addressed only through the procedure itself (equal treatment, Art. 18
    and 31(4)), so the challenge page is no longer written or answered."""
    if notice_dispatched:
        raise RuleViolation(
            f"{what} kan alleen vóór de aankondiging; daarna loopt alle communicatie via de "
            "procedure (only before the contract notice).",
            code="consultation-after-notice",
            article=ART_40,
        )


def ensure_page_complete(*, title: str, need: str, contact_name: str, contact_email: str) -> None:
    """A challenge page says what is needed and whom to ask; without these it invites
    guesses that favour whoever happens to know the buyer (transparency, Art. 18)."""
    missing = [
        label
        for label, value in (
            ("titel", title),
            ("behoefte en ambitie", need),
            ("contactpersoon", contact_name),
            ("e-mailadres contactpersoon", contact_email),
        )
        if not (value or "").strip()
    ]
    if missing:
        raise InvalidInput(
            "Vul in: " + ", ".join(missing) + " (required for a challenge page).",
            code="challenge-page-incomplete",
        )
    _ensure_email(contact_email, code="challenge-contact-email-invalid")


def ensure_page_status(*, status: str, allowed: tuple[str, ...], action: str) -> None:
    if status not in allowed:
        raise RuleViolation(
            f"{action} kan niet: de uitdagingspagina is '{status}'.",
            code="challenge-page-status",
        )


def ensure_responses_open(*, status: str, notice_dispatched: bool) -> None:
    """Responses are taken while the page is published and before the notice (Art. 40)."""
    if status != "published":
        raise RuleViolation(
            "Deze uitdagingspagina neemt geen reacties (meer) aan (not accepting responses).",
            code="challenge-responses-closed",
            article=ART_40,
        )
    ensure_before_notice(notice_dispatched=notice_dispatched, what="Reageren op de uitdaging")


def _ensure_email(value: str, *, code: str) -> None:
    try:
        validate_email(value)
    except ValidationError:
        raise InvalidInput(
            f"'{value}' is geen geldig e-mailadres (not a valid e-mail address).", code=code
        )


def ensure_response(
    *,
    organisation_name: str,
    contact_person: str,
    email: str,
    kind: str,
    idea: str,
    public_summary: str,
    summary_consent: bool,
    limits: dict[str, int],
) -> None:
    """A response names who responds and how to reach them, stays within the length limits,
    and publishes nothing without a consent that names the text to publish (Art. 21; a
    general waiver is no consent)."""
    if not organisation_name.strip() or not contact_person.strip():
        raise InvalidInput(
            "Vul de naam van uw organisatie en een contactpersoon in (organisation and contact "
            "person are required).",
            code="response-who-missing",
        )
    _ensure_email(email, code="response-email-invalid")
    if kind not in RESPONSE_KINDS:
        raise InvalidInput(f"Onbekend soort reactie '{kind}'.", code="response-kind-unknown")
    if kind in ("idea", "question") and not idea.strip():
        raise InvalidInput(
            "Beschrijf kort uw idee of vraag (describe your idea or question).",
            code="response-text-missing",
        )
    for name, value in (
        ("organisation_name", organisation_name),
        ("contact_person", contact_person),
        ("email", email),
        ("idea", idea),
        ("public_summary", public_summary),
    ):
        if len(value) > limits[name]:
            raise InvalidInput(
                f"Te lang: ten hoogste {limits[name]} tekens (at most {limits[name]} characters).",
                code="response-too-long",
                field=name,
            )
    if summary_consent and not public_summary.strip():
        raise InvalidInput(
            "Toestemming geldt voor een bepaalde tekst: schrijf de samenvatting die gepubliceerd "
            "mag worden (consent must name the summary to publish).",
            code="response-consent-without-summary",
            article=ART_21,
        )


def ensure_response_rate(*, recent: int, limit: int = RESPONSES_PER_HOUR) -> None:
    """At most ``limit`` responses per sender per hour on one page (abuse, not law)."""
    if recent >= limit:
        raise RuleViolation(
            "U heeft in het afgelopen uur al vaak gereageerd; probeer het later opnieuw "
            "(too many responses, try again later).",
            code="response-rate-limited",
        )


def ensure_held_on(*, held_on: dt.date, today: dt.date) -> None:
    """An activity is recorded after it was held; the record is the buyer's evidence."""
    if held_on > today:
        raise InvalidInput(
            "Een activiteit wordt vastgelegd nadat ze is gehouden (the date lies in the future).",
            code="activity-in-future",
        )


def decision_change(*, topic: str, value: str) -> dict:
    """What a finding changes in the preparation record, from the buyer's input.

    Returns ``{"fields": {...}}`` for ``preparation_update`` or ``{"requirement": text}`` for a
    new minimum requirement. Minimum requirements are fixed in the documents and never
    negotiated afterwards (Art. 31(3)); the consultation is the time to get them right."""
    value = (value or "").strip()
    if topic not in TOPICS:
        raise InvalidInput(f"Onbekend onderwerp '{topic}'.", code="decision-topic-unknown")
    if not value:
        raise InvalidInput(
            "Geef de nieuwe waarde in het voorbereidingsdossier (the new value is required).",
            code="decision-value-missing",
        )
    if topic == "scope":
        return {"fields": {"need_description": value}}
    if topic == "minimum_requirement":
        return {"requirement": value}
    if topic == "partners":
        if not value.isdigit() or int(value) < 1:
            raise InvalidInput(
                "Het aantal partners is een heel getal van ten minste 1.",
                code="decision-partners-invalid",
            )
        count = int(value)
        return {
            "fields": {
                "intended_partners": count,
                "partner_structure": "one" if count == 1 else "several",
            }
        }
    if topic == "budget":
        amount = parse_amount(value)
        if amount is None or amount < 0:
            raise InvalidInput(
                "Het budget is een bedrag in euro's, bijvoorbeeld 250000 of 250.000,00.",
                code="decision-budget-invalid",
            )
        return {"fields": {"budget": amount}}
    if value in IP_ARRANGEMENTS:
        return {"fields": {"ip_arrangement": value}}
    return {"fields": {"ip_details": value}}


def parse_amount(value: str) -> Decimal | None:
    """An amount as people type it: 250000, 250.000, 250.000,50, 1,5 or 1500.75."""
    text = re.sub(r"[\s€]", "", value or "")
    if not re.fullmatch(r"[0-9][0-9.,]*", text):
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or re.search(r"\.[0-9]{3}$", text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    """Text from the public without control characters (a NUL cannot even be stored in
    PostgreSQL) and without surrounding blanks; line breaks and tabs stay."""
    return CONTROL_CHARACTERS.sub("", value or "").strip()
