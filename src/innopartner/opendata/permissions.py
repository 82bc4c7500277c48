"""Who may read which export. The procedure rules live in ``procedures.permissions``; this adds
the auditor (read-only, every procedure) and the supplier's own organisations."""

from __future__ import annotations

from innopartner.core.exceptions import NotAllowed
from innopartner.procedures.permissions import (  # noqa: F401  (re-exported for the views)
    is_auditor,
    is_buyer_staff,
    supplier_operator_ids,
)


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
