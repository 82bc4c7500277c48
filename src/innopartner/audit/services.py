"""The audit trail. Every service that changes state calls :func:`audit_record` inside its
transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from .models import AuditRecord


def _plain(value: Any) -> Any:
    """Make a value JSON-safe for the before/after snapshots."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def snapshot(instance: models.Model, *fields: str) -> dict[str, Any]:
    """The named fields of a record as they are now (for ``before``/``after``)."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def audit_record(
    *,
    actor: Any,
    action: str,
    subject: models.Model,
    at: dt.datetime,
    procedure: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditRecord:
    if procedure is None and subject.__class__.__name__ == "Procedure":
        procedure = subject
    elif procedure is None:
        procedure = getattr(subject, "procedure", None)
    user = actor if getattr(actor, "pk", None) is not None else None
    label = getattr(actor, "username", None) or (str(actor) if actor else "system")
    return AuditRecord.objects.create(
        at=at,
        actor=user,
        actor_label=label,
        action=action,
        procedure=procedure,
        subject_type=subject._meta.label,
        subject_id=str(subject.pk),
        before=_plain(before or {}),
        after=_plain(after or {}),
        note=note,
    )
