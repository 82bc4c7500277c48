"""Who may read which export. The procedure rules live in ``procedures.permissions``; this adds
the auditor (read-only, every procedure) and the supplier's own organisations."""

from __future__ import annotations

from innopartner.core.exceptions import NotAllowed
from innopartner.parties.models import ConsortiumMember, Membership
from innopartner.procedures.permissions import is_buyer_staff


def is_auditor(user) -> bool:
    """An auditor (role ``auditor`` in any organisation, e.g. an audit office) reads every
    procedure and changes nothing."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    return Membership.objects.filter(user=user, role=Membership.Role.AUDITOR).exists()


def supplier_operator_ids(user) -> set:
    """The operators a supplier user acts for: its companies and their consortia."""
    if user is None or getattr(user, "pk", None) is None:
        return set()
    own = set(
        Membership.objects.filter(user=user, role=Membership.Role.SUPPLIER).values_list(
            "organisation_id", flat=True
        )
    )
    own |= set(
        ConsortiumMember.objects.filter(member_id__in=own).values_list("consortium_id", flat=True)
    )
    return own


def may_read_internals(*, procedure, user) -> bool:
    """Score sheets and notices before publication: the buyer's staff and auditors."""
    return is_buyer_staff(procedure=procedure, user=user) or is_auditor(user)


def ensure_may_read_internals(*, procedure, user) -> None:
    if not may_read_internals(procedure=procedure, user=user):
        raise NotAllowed(
            f"{getattr(user, 'username', user)} is geen medewerker van een aanbestedende dienst "
            "van deze procedure en geen auditor.",
            code="not-buyer-staff-or-auditor",
        )
