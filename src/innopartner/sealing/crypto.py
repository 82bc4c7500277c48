"""The cryptography of sealed tenders, without Django models: AES-256-GCM per blob under a
random data key per procedure; the data key exists at rest only wrapped (RFC 3394 AES key
wrap) by the master key from the environment.

A blob is ``MAGIC | nonce (12 bytes) | ciphertext and GCM tag``. The associated data names
the purpose, the procedure and the record (tender or request) the blob belongs to, so that a
blob copied onto another tender's file, or another procedure's, fails authentication instead
of being read as that tender (Art. 22(3) Directive 2014/24/EU: integrity of tenders).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import (
    InvalidUnwrap,
    aes_key_unwrap,
    aes_key_wrap,
)

MAGIC = b"IPS1"
NONCE_BYTES = 12
KEY_BYTES = 32

#: The public phrase behind settings.DEV_MASTER_KEY_B64 (dev, test and demo only).
DEV_MASTER_KEY_PHRASE = b"innopartner development master key: public, never for production"


class SealError(Exception):
    """A sealed blob or key that cannot be opened: wrong key, altered or swapped content."""


def dev_master_key_b64() -> str:
    return base64.b64encode(hashlib.sha256(DEV_MASTER_KEY_PHRASE).digest()).decode()


def decode_master_key(value: str, *, name: str = "INNOPARTNER_MASTER_KEY") -> bytes:
    """The 32 raw bytes of a base64 master key, or a clear refusal."""
    try:
        raw = base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise SealError(f"{name} is geen base64 van precies 32 bytes (not a 32-byte key).")
    return raw


def key_id(master_key: bytes) -> str:
    """A short fingerprint naming which master key wraps a data key (not the key itself:
    a one-way hash under its own label)."""
    return hashlib.sha256(b"innopartner-master-key-id\x00" + master_key).hexdigest()[:16]


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def wrap(master_key: bytes, data_key: bytes) -> bytes:
    return aes_key_wrap(master_key, data_key)


def unwrap(master_key: bytes, wrapped: bytes) -> bytes:
    try:
        return aes_key_unwrap(master_key, bytes(wrapped))
    except InvalidUnwrap:
        raise SealError(
            "De hoofdsleutel opent deze gegevenssleutel niet (wrong master key; was the key "
            "rotated?)."
        ) from None


def associated_data(*, purpose: str, procedure_id: object, record_id: object) -> bytes:
    return f"innopartner/sealed/v1|{purpose}|{procedure_id}|{record_id}".encode()


def seal(data_key: bytes, plaintext: bytes, *, aad: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)  # random 96-bit nonce per blob, never reused by design
    return MAGIC + nonce + AESGCM(data_key).encrypt(nonce, plaintext, aad)


def unseal(data_key: bytes, blob: bytes, *, aad: bytes) -> bytes:
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + NONCE_BYTES + 16:
        raise SealError("Geen verzegeld bestand van innopartner (not a sealed blob).")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(data_key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], aad)
    except InvalidTag:
        raise SealError(
            "Het verzegelde bestand is gewijzigd of hoort bij een ander record "
            "(authentication failed)."
        ) from None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
