"""Sealing from data migrations, with the historical models that a migration must use."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from . import crypto, store
from .services import Sealed, master_key


def seal_in_migration(
    apps: Any, *, purpose: str, procedure_id: Any, record_id: Any, plaintext: bytes
) -> Sealed:
    ProcedureKey = apps.get_model("sealing", "ProcedureKey")
    master = master_key()
    key = ProcedureKey.objects.filter(procedure_id=procedure_id).first()
    if key is None:
        data_key = crypto.new_data_key()
        ProcedureKey.objects.create(
            procedure_id=procedure_id,
            wrapped_key=crypto.wrap(master, data_key),
            master_key_id=crypto.key_id(master),
            created_at=timezone.now(),
        )
    else:
        data_key = crypto.unwrap(master, key.wrapped_key)
    aad = crypto.associated_data(purpose=purpose, procedure_id=procedure_id, record_id=record_id)
    name = store.blob_name(purpose=purpose, procedure_id=procedure_id, record_id=record_id)
    return Sealed(
        name=name, sealed_sha256=store.write(name, crypto.seal(data_key, plaintext, aad=aad))
    )
