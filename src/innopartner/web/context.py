from __future__ import annotations

from django.conf import settings

from .labels import ROLE_LABELS


def web(request) -> dict:
    """What every page shows in its header: who acts, for whom, in which role."""
    role = getattr(request, "role", None)
    return {
        "active_membership": getattr(request, "membership", None),
        "active_organisation": getattr(request, "organisation", None),
        "active_role": role,
        "active_role_label": ROLE_LABELS.get(role, ""),
        "memberships": getattr(request, "memberships", []),
        "demo_mode": settings.INNOPARTNER_DEMO,
    }
