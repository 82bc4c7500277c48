"""The audit trail. Every service that changes state calls :func:`audit_record` inside its
transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from . import chain
from .models import AuditChainHead, AuditRecord


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
    """Append one record to the audit trail, as the next link of its hash chains.

    Call it inside the service's transaction: the chain head stays locked until that
    transaction ends, so appends are serialised and the chain never forks (on PostgreSQL; on
    SQLite one writer at a time anyway). Lock order: a service takes its own row locks (the
    procedure first, ``procedures.services.locked``) before its first audit record, so the chain
    head is always the last lock taken and two transactions cannot deadlock on it.
    """
    if procedure is None and subject.__class__.__name__ == "Procedure":
        procedure = subject
    elif procedure is None:
        procedure = getattr(subject, "procedure", None)
    user = actor if getattr(actor, "pk", None) is not None else None
    label = getattr(actor, "username", None) or (str(actor) if actor else "system")
    with transaction.atomic():
        trail = _locked_head(AuditChainHead.WHOLE_TRAIL)
        link = chain.next_link(chain.Head(trail.seq, trail.record_hash))
        record = AuditRecord(
            at=at,
            recorded_at=timezone.now(),
            actor=user,
            actor_label=label,
            action=action,
            procedure=procedure,
            subject_type=subject._meta.label,
            subject_id=str(subject.pk),
            before=chain.json_safe(_plain(before or {})),
            after=chain.json_safe(_plain(after or {})),
            note=note,
            seq=link.seq,
            prev_hash=link.prev_hash,
        )
        own = None
        if procedure is not None:
            # Under the lock of the whole trail, so no second lock order is introduced.
            own = _locked_head(str(procedure.pk))
            procedure_link = chain.next_link(chain.Head(own.seq, own.record_hash))
            record.procedure_seq = procedure_link.seq
            record.procedure_prev_hash = procedure_link.prev_hash
        record.record_hash = chain.content_hash(_content(record))
        record.save(force_insert=True)
        for head in (trail, own):
            if head is not None:
                head.seq = record.seq if head is trail else record.procedure_seq
                head.record_hash = record.record_hash
                head.save(update_fields=["seq", "record_hash"])
    return record


def _locked_head(scope: str) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(scope=scope).first()
    if head is None:
        # The whole trail's row is made by migration 0003; a procedure's at its first record,
        # already under the whole trail's lock, so two transactions cannot both create it.
        head = AuditChainHead.objects.create(scope=scope, seq=0, record_hash=chain.GENESIS)
    return head


def _content(record: AuditRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in chain.CONTENT_FIELDS}
