"""Deployment checks: conditions under which a production site must not run."""

from __future__ import annotations

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

DEMO_PREFIX = "demo-"


@register(deploy=True)
def check_no_demo_accounts(app_configs, **kwargs):
    """Demo accounts (``demo-officer``, ``demo-supplier-a``, ...) have public passwords."""
    from django.contrib.auth import get_user_model
    from django.db import DatabaseError

    user_model = get_user_model()
    try:
        names = list(
            user_model.objects.filter(username__startswith=DEMO_PREFIX)
            .order_by("username")
            .values_list("username", flat=True)[:5]
        )
    except DatabaseError:
        return []  # No database or no tables yet: nothing to find.
    if not names:
        return []
    return [
        Error(
            f"Demo accounts exist in this database: {', '.join(names)}.",
            hint="Their passwords are public. This database was used for a demo: "
            "use a fresh database for production, or delete every user named demo-*.",
            id="innopartner.E001",
        )
    ]


def refuse_demo_accounts() -> None:
    """Raise ``ImproperlyConfigured`` when demo accounts exist (run once at start-up)."""
    errors = check_no_demo_accounts(None)
    if errors:
        raise ImproperlyConfigured(
            "innopartner refuses to start with production settings: "
            + " ".join(f"{e.msg} {e.hint}" for e in errors)
        )
