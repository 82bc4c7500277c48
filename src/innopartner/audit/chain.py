"""The hash chain over the audit trail, as pure functions (no database).

Every audit record carries the SHA-256 of its own canonical content, and that content includes
the hash of the record before it: in the whole trail (``prev_hash``) and among the records of
the same procedure (``procedure_prev_hash``). Changing, removing, inserting or moving one
record therefore breaks the chain at that record, and a chain head held by a third party (the
last record's sequence number and hash) also proves that nothing was cut off at the end.

Why: the audit trail is the buyer's evidence that the procedure was conducted as the law
requires (equal treatment and transparency, Art. 18(1) Dir. 2014/24/EU; the documentation of
every stage, Art. 84(2)), so it must be evident when anyone changes it outside the services.

The canonical content is JSON with sorted keys, no spaces, UTF-8, times in UTC (ISO 8601 with
microseconds), ids as strings. It is versioned (``"v": 1``) so a later format can coexist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

#: The "previous hash" of the first record of a chain.
GENESIS = "0" * 64

#: The fields that make up a record's content, as read with ``QuerySet.values()``.
CONTENT_FIELDS = (
    "seq",
    "at",
    "recorded_at",
    "actor_id",
    "actor_label",
    "action",
    "procedure_id",
    "procedure_seq",
    "subject_type",
    "subject_id",
    "before",
    "after",
    "note",
    "prev_hash",
    "procedure_prev_hash",
)
#: Everything verification reads per record.
VERIFY_FIELDS = ("id", *CONTENT_FIELDS, "record_hash")

# Problems, in the words the command line and the interface print.
CONTENT_HASH_MISMATCH = "content-hash-mismatch"
BROKEN_LINK = "broken-link"
MISSING_RECORD = "missing-record"
ORDER = "order"
HEAD_MISMATCH = "head-mismatch"


def _time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # stored naive only with USE_TZ off; read as UTC then
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _id(value: Any) -> str | None:
    return None if value is None else str(value)


def json_safe(value: Any) -> Any:
    """The value as the JSON column gives it back, so that what is hashed is what is stored."""
    return json.loads(json.dumps(value))


def canonical_content(record: Mapping[str, Any]) -> bytes:
    """The bytes whose SHA-256 is the record's hash."""
    content = {
        "v": 1,
        "seq": record["seq"],
        "at": _time(record["at"]),
        "recorded_at": _time(record["recorded_at"]),
        "actor_id": _id(record["actor_id"]),
        "actor_label": record["actor_label"],
        "action": record["action"],
        "procedure_id": _id(record["procedure_id"]),
        "procedure_seq": record["procedure_seq"],
        "subject_type": record["subject_type"],
        "subject_id": record["subject_id"],
        "before": record["before"],
        "after": record["after"],
        "note": record["note"],
        "prev_hash": record["prev_hash"],
        "procedure_prev_hash": record["procedure_prev_hash"],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(record: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_content(record)).hexdigest()


@dataclass(frozen=True)
class Head:
    """The end of a chain: the last record's sequence number and hash (0 and GENESIS if empty)."""

    seq: int = 0
    hash: str = GENESIS


@dataclass(frozen=True)
class Link:
    """What the next record of a chain must carry, given its head."""

    seq: int
    prev_hash: str


def next_link(head: Head) -> Link:
    return Link(seq=head.seq + 1, prev_hash=head.hash)


@dataclass
class Finding:
    """The first broken record of a chain, and what is wrong with it."""

    problem: str
    message: str
    record_id: Any = None
    seq: int | None = None
    at: dt.datetime | None = None
    action: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "problem": self.problem,
            "message": self.message,
            "record_id": self.record_id,
            "seq": self.seq,
            "at": self.at.isoformat() if self.at else None,
            "action": self.action,
        }


@dataclass
class Verdict:
    """The outcome of a verification: how many records were read, and the first finding."""

    checked: int
    head: Head
    finding: Finding | None = None

    @property
    def ok(self) -> bool:
        return self.finding is None


def verify(
    records: Iterable[Mapping[str, Any]],
    *,
    seq_field: str = "seq",
    link_field: str = "prev_hash",
    head: Head | None = None,
) -> Verdict:
    """Walk a chain in storage order (by id) and return the first broken record.

    ``seq_field``/``link_field`` choose the chain: the whole trail (``seq``, ``prev_hash``) or
    one procedure's (``procedure_seq``, ``procedure_prev_hash``). ``head`` is the end the chain
    must reach (the stored chain head); without it, a record cut off at the end goes unseen.
    Each record is checked for, in this order: its content against its hash, its place
    (sequence number), and its link to the record before it.
    """
    expected = Head()
    checked = 0
    iterator = iter(records)
    for record in iterator:
        checked += 1
        problem = _check(record, iterator, expected, seq_field=seq_field, link_field=link_field)
        if problem is not None:
            finding = Finding(
                problem=problem[0],
                message=problem[1],
                record_id=record.get("id"),
                seq=record.get(seq_field),
                at=record.get("at"),
                action=record.get("action", ""),
            )
            return Verdict(checked, expected, finding)
        expected = Head(seq=record[seq_field], hash=record["record_hash"])
    if head is not None and (head.seq, head.hash) != (expected.seq, expected.hash):
        if head.seq > expected.seq:
            missing = (
                str(head.seq)
                if head.seq == expected.seq + 1
                else f"{expected.seq + 1} t/m {head.seq}"
            )
            problem, message = (
                MISSING_RECORD,
                f"ontbrekend record aan het eind: volgnummer {missing}",
            )
        else:
            problem, message = (
                HEAD_MISMATCH,
                f"de kop van de keten (volgnummer {head.seq}) past niet bij het laatste record "
                f"(volgnummer {expected.seq})",
            )
        return Verdict(checked, expected, Finding(problem=problem, message=message, seq=head.seq))
    return Verdict(checked, expected)


def _check(
    record: Mapping[str, Any],
    rest: Iterator[Mapping[str, Any]],
    expected: Head,
    *,
    seq_field: str,
    link_field: str,
) -> tuple[str, str] | None:
    """What is wrong with one record, given the head of the chain before it (or None)."""
    computed = content_hash(record)
    if computed != record["record_hash"]:
        return (
            CONTENT_HASH_MISMATCH,
            f"inhoud gewijzigd: de hash van de inhoud ({computed[:16]}…) is niet de "
            f"opgeslagen hash ({str(record['record_hash'])[:16]}…)",
        )
    want = expected.seq + 1
    seq = record[seq_field]
    if seq != want:
        if seq is not None and seq > want:
            # A later record in place of the expected one: moved (the expected one comes
            # later) or removed (it never comes). Only the sequence numbers are read on.
            if any(r[seq_field] == want for r in rest):
                return (ORDER, f"volgorde: volgnummer {seq} staat waar {want} hoort")
            missing = str(want) if seq == want + 1 else f"{want} t/m {seq - 1}"
            return (MISSING_RECORD, f"ontbrekend record: volgnummer {missing}")
        return (ORDER, f"volgorde: volgnummer {seq} staat waar {want} hoort (dubbel of verplaatst)")
    if record[link_field] != expected.hash:
        return (
            BROKEN_LINK,
            "verbroken schakel: de vorige hash wijst niet naar het record ervoor "
            f"(volgnummer {expected.seq}); dat record of dit is gewijzigd of vervangen",
        )
    return None
