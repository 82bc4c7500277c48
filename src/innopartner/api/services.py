"""API tokens: each user creates and revokes its own, and both are audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from rest_framework.authtoken.models import Token

from innopartner.audit.services import audit_record


@transaction.atomic
def api_token_create(*, user: Any, now: dt.datetime) -> Token:
    """A new token for the user; an earlier one stops working (one token per user)."""
    replaced = Token.objects.filter(user=user).delete()[0] > 0
    token = Token.objects.create(user=user)
    audit_record(
        actor=user,
        action="api_token.created",
        subject=user,
        at=now,
        after={"replaced_earlier_token": replaced},
    )
    return token


@transaction.atomic
def api_token_revoke(*, user: Any, now: dt.datetime) -> bool:
    revoked = Token.objects.filter(user=user).delete()[0] > 0
    if revoked:
        audit_record(actor=user, action="api_token.revoked", subject=user, at=now)
    return revoked
