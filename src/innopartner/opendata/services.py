"""The one state change of this app: an organisation's contact details for eForms notices."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction

from innopartner.audit.services import audit_record
from innopartner.core.exceptions import InvalidInput, NotAllowed
from innopartner.parties.models import Membership, Organisation

from .models import OrganisationContact

NUTS = re.compile(r"^[A-Z]{2}[0-9A-Z]{1,3}$")


@transaction.atomic
def organisation_contact_set(
    *,
    organisation: Organisation,
    city: str,
    postal_code: str,
    nuts_code: str,
    email: str = "",
    telephone: str = "",
    registration: str = "",
    now: dt.datetime,
    actor: Any,
) -> OrganisationContact:
    """Record the address and contact of an organisation, by someone who acts for it."""
    if not Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise NotAllowed(
            f"{getattr(actor, 'username', actor)} handelt niet namens {organisation}.",
            code="not-acting-for-organisation",
        )
    nuts_code = nuts_code.strip().upper()
    if not NUTS.match(nuts_code) or not nuts_code.startswith(organisation.country.upper()):
        raise InvalidInput(
            f"'{nuts_code}' is geen NUTS-code in {organisation.country} (bijv. NL332).",
            code="nuts-code-invalid",
        )
    if not city.strip() or not postal_code.strip():
        raise InvalidInput("Plaats en postcode zijn verplicht.", code="address-incomplete")
    existing = OrganisationContact.objects.filter(organisation=organisation).first()
    fields = {
        "city": city.strip(),
        "postal_code": postal_code.strip(),
        "nuts_code": nuts_code,
        "email": email.strip(),
        "telephone": telephone.strip(),
        "registration": registration.strip(),
    }
    before = {k: getattr(existing, k) for k in fields} if existing is not None else None
    contact, _ = OrganisationContact.objects.update_or_create(
        organisation=organisation, defaults={**fields, "updated_at": now}
    )
    audit_record(
        actor=actor,
        action="organisation.contact_set",
        subject=organisation,
        at=now,
        before=before,
        after=fields,
    )
    return contact
