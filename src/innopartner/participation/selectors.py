from __future__ import annotations

from innopartner.parties.models import Organisation

from .models import Invitation


def remaining_participants(*, procedure) -> list[Organisation]:
    """Invited candidates that have not been eliminated: the tenderers still in the race."""
    return [
        inv.operator
        for inv in Invitation.objects.filter(
            procedure=procedure, eliminated_at__isnull=True
        ).select_related("operator")
    ]


def is_invited(*, procedure, operator) -> bool:
    return Invitation.objects.filter(procedure=procedure, operator=operator).exists()


def is_remaining(*, procedure, operator) -> bool:
    return Invitation.objects.filter(
        procedure=procedure, operator=operator, eliminated_at__isnull=True
    ).exists()
