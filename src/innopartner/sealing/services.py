"""Sealing and unsealing of tender documents and requests to participate.

Only ``tendering.selectors.tender_content`` and ``participation.selectors.request_statement``
call :func:`open_blob`; they decide who may read, and when (Art. 22(3) Directive 2014/24/EU).
Everything else sees the envelope: name, size, SHA-256 of the content and of the sealed file.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import crypto, store
from .crypto import SealError
from .models import ProcedureKey


def master_key() -> bytes:
    return crypto.decode_master_key(settings.MASTER_KEY_B64)


def development_key_notice() -> str:
    """A warning when tenders are sealed with the public development master key (dev, test and
    the demo without INNOPARTNER_MASTER_KEY): fine for trying out, no protection at all."""
    if settings.MASTER_KEY_B64 != crypto.dev_master_key_b64():
        return ""
    return (
        "Let op: inschrijvingen worden verzegeld met de openbare ontwikkelsleutel "
        "(INNOPARTNER_MASTER_KEY is niet gezet); dat beschermt niets. (Sealed with the public "
        "development master key.)"
    )


def _data_key(procedure_id: Any, *, create: bool) -> bytes:
    """The procedure's data key, unwrapped in memory only. Created (random) on first use."""
    key = ProcedureKey.objects.filter(procedure_id=procedure_id).first()
    master = master_key()
    if key is None:
        if not create:
            raise SealError("Deze procedure heeft geen gegevenssleutel (no data key).")
        data_key = crypto.new_data_key()
        key, created = ProcedureKey.objects.get_or_create(
            procedure_id=procedure_id,
            defaults={
                "wrapped_key": crypto.wrap(master, data_key),
                "master_key_id": crypto.key_id(master),
                "created_at": timezone.now(),
            },
        )
        if created:
            return data_key
    return crypto.unwrap(master, key.wrapped_key)


@dataclass(frozen=True)
class Sealed:
    """What the database keeps of a sealed blob: its name in the store and the SHA-256 of the
    sealed file (checkable without any key)."""

    name: str
    sealed_sha256: str


def seal_blob(*, purpose: str, procedure_id: Any, record_id: Any, plaintext: bytes) -> Sealed:
    """Encrypt and store durably (see ``store.write``); call it inside the transaction that
    then creates the row, so that the row is committed only after its file is safe."""
    data_key = _data_key(procedure_id, create=True)
    aad = crypto.associated_data(purpose=purpose, procedure_id=procedure_id, record_id=record_id)
    blob = crypto.seal(data_key, plaintext, aad=aad)
    name = store.blob_name(purpose=purpose, procedure_id=procedure_id, record_id=record_id)
    return Sealed(name=name, sealed_sha256=store.write(name, blob))


def open_blob(
    *, purpose: str, procedure_id: Any, record_id: Any, name: str, sealed_sha256: str
) -> bytes:
    """Decrypt a stored blob. Not a selector: callers decide who may read it, and when."""
    blob = store.read(name)
    if crypto.digest(blob) != sealed_sha256:
        raise SealError(f"Het verzegelde bestand {name} is gewijzigd sinds de ontvangst.")
    data_key = _data_key(procedure_id, create=False)
    aad = crypto.associated_data(purpose=purpose, procedure_id=procedure_id, record_id=record_id)
    return crypto.unseal(data_key, blob, aad=aad)


def check_sealed_file(*, name: str, sealed_sha256: str) -> bool:
    """Integrity of the stored ciphertext without any key: the file is there and its SHA-256
    is the one recorded when it was received (the GCM tag is checked only on decryption)."""
    try:
        return crypto.digest(store.read(name)) == sealed_sha256
    except SealError:
        return False


# --- key management -------------------------------------------------------------------------


def key_status() -> dict[str, Any]:
    current = crypto.key_id(master_key())
    by_id: dict[str, int] = {}
    for kid in ProcedureKey.objects.values_list("master_key_id", flat=True):
        by_id[kid] = by_id.get(kid, 0) + 1
    return {"master_key_id": current, "data_keys": by_id}


@transaction.atomic
def keys_rotate(*, new_master_b64: str, now: dt.datetime | None = None) -> int:
    """Rewrap every data key from the current master key to the new one, in one transaction;
    the sealed files are not touched (their data keys do not change). Keys already under the
    new master key are skipped, so an interrupted rotation can be run again. Afterwards
    INNOPARTNER_MASTER_KEY must be set to the new key: the old one no longer opens anything."""
    old = master_key()
    new = crypto.decode_master_key(new_master_b64, name="de nieuwe hoofdsleutel")
    if new == old:
        raise SealError("De nieuwe hoofdsleutel is gelijk aan de huidige.")
    new_id = crypto.key_id(new)
    now = now or timezone.now()
    count = 0
    for key in ProcedureKey.objects.select_for_update().exclude(master_key_id=new_id):
        data_key = crypto.unwrap(old, key.wrapped_key)
        key.wrapped_key = crypto.wrap(new, data_key)
        key.master_key_id = new_id
        key.rewrapped_at = now
        key.save(update_fields=["wrapped_key", "master_key_id", "rewrapped_at"])
        count += 1
    return count


def new_master_key_b64() -> str:
    return base64.b64encode(crypto.new_data_key()).decode()


# --- store check ----------------------------------------------------------------------------


@dataclass
class StoreReport:
    ok: int = 0
    missing: list[str] = field(default_factory=list)  # a row whose file is gone: alarm
    altered: list[str] = field(default_factory=list)  # a file whose digest changed: alarm
    orphans: list[str] = field(default_factory=list)  # a file without a row: harmless
    temporary: list[str] = field(default_factory=list)  # an unfinished write: harmless
    removed: list[str] = field(default_factory=list)

    @property
    def sound(self) -> bool:
        return not self.missing and not self.altered


def _sealed_rows() -> dict[str, str]:
    """Every blob the database names, with its sealed SHA-256."""
    from innopartner.participation.models import RequestToParticipate
    from innopartner.tendering.models import Tender

    rows = dict(Tender.objects.values_list("blob", "sealed_sha256"))
    rows.update(
        RequestToParticipate.objects.exclude(statement_blob="").values_list(
            "statement_blob", "statement_sealed_sha256"
        )
    )
    return rows


def store_check(*, clean: bool = False, min_age_seconds: float = 600.0) -> StoreReport:
    """Compare the store with the database. Files younger than ``min_age_seconds`` may belong
    to a submission still in its transaction, so they are never removed."""
    report = StoreReport()
    rows = _sealed_rows()
    seen = set()
    for name, path, age in store.files():
        if name.endswith(store.TEMP_SUFFIX):
            report.temporary.append(name)
        elif name in rows:
            seen.add(name)
            if crypto.digest(path.read_bytes()) == rows[name]:
                report.ok += 1
            else:
                report.altered.append(name)
            continue
        else:
            report.orphans.append(name)
        if clean and age >= min_age_seconds:
            store.remove(path)
            report.removed.append(name)
    report.missing = sorted(set(rows) - seen)
    return report
