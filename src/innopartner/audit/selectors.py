from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from . import chain
from .models import AuditChainHead, AuditRecord

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def audit_trail(*, procedure=None) -> QuerySet[AuditRecord]:
    records = AuditRecord.objects.select_related("actor")
    if procedure is not None:
        records = records.filter(procedure=procedure)
    return records.order_by("id")


def chain_head_stored(*, procedure=None) -> chain.Head:
    """The stored end of the whole trail's chain, or of one procedure's."""
    scope = AuditChainHead.WHOLE_TRAIL if procedure is None else str(procedure.pk)
    row = AuditChainHead.objects.filter(scope=scope).first()
    return chain.Head(row.seq, row.record_hash) if row else chain.Head()


def chain_verification(*, procedure=None) -> chain.Verdict:
    """Verify the whole trail's chain, or one procedure's, reading the records as a stream
    (``iterator``) so that a trail of any length fits in memory."""
    records = AuditRecord.objects.order_by("id")
    seq_field, link_field = "seq", "prev_hash"
    if procedure is not None:
        records = records.filter(procedure=procedure)
        seq_field, link_field = "procedure_seq", "procedure_prev_hash"
    return chain.verify(
        records.values(*chain.VERIFY_FIELDS).iterator(chunk_size=2000),
        seq_field=seq_field,
        link_field=link_field,
        head=chain_head_stored(procedure=procedure),
    )


def held_head_check(*, seq: int, record_hash: str) -> chain.Finding | None:
    """Is a chain head that a third party holds still in the whole trail's chain? Together
    with an intact chain this proves that nothing up to that record was changed since."""
    record = AuditRecord.objects.filter(seq=seq).first()
    if record is None:
        return chain.Finding(
            problem=chain.MISSING_RECORD,
            message=f"de bewaarde kop (volgnummer {seq}) staat niet meer in de keten",
            seq=seq,
        )
    if record.record_hash != record_hash:
        return chain.Finding(
            problem=chain.HEAD_MISMATCH,
            message=(
                f"de bewaarde kop (volgnummer {seq}) heeft hash {record_hash[:16]}…, de keten "
                f"nu {record.record_hash[:16]}…"
            ),
            record_id=record.pk,
            seq=seq,
            at=record.at,
            action=record.action,
        )
    return None


def chain_head_on(day: dt.date | None = None) -> AuditRecord | None:
    """The daily chain head: the last record written on that day (Europe/Amsterdam, by
    ``recorded_at``, the moment of writing), or the current head without a day."""
    records = AuditRecord.objects.exclude(seq=None)
    if day is not None:
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=AMSTERDAM)
        records = records.filter(recorded_at__lt=end)
    return records.order_by("-seq").first()


def head_as_dict(record: AuditRecord, *, day: dt.date | None = None) -> dict:
    return {
        "date": day.isoformat() if day else None,
        "seq": record.seq,
        "id": record.pk,
        "recorded_at": record.recorded_at.astimezone(AMSTERDAM).isoformat(),
        "at": record.at.astimezone(AMSTERDAM).isoformat(),
        "action": record.action,
        "hash": record.record_hash,
    }
