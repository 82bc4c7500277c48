"""Checks on an uploaded tender before it reaches the engine: the size limit from settings,
the type by content (not by name), and a safe file name. A refused upload is refused whole;
the service stores a tender in one transaction, so nothing is ever half-stored."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from innopartner.core.exceptions import InvalidInput

ALLOWED = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "txt": _("platte tekst")}


def max_bytes() -> int:
    return settings.INNOPARTNER_MAX_UPLOAD_MB * 1024 * 1024


def detect_type(content: bytes) -> str | None:
    """'pdf', 'docx', 'xlsx' or 'txt' by the bytes themselves; None for anything else."""
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
        return None
    if b"\x00" in content:
        return None
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return "txt" if printable >= 0.98 * len(text) else None


def safe_filename(name: str, kind: str) -> str:
    """Keep letters, digits, dot, dash and underscore; no folders, no leading dot; the extension
    follows the detected type."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._-")[:100] or "inschrijving"
    return f"{stem}.{kind}"


def check_upload(upload) -> tuple[bytes, str]:
    """Read and check the upload; return its content and the safe name, or refuse with a code."""
    limit = max_bytes()
    if upload.size > limit:
        raise InvalidInput(
            _("Het bestand is %(size)s MB; de grens is %(limit)s MB.")
            % {
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": settings.INNOPARTNER_MAX_UPLOAD_MB,
            },
            code="upload-too-large",
        )
    content = upload.read()
    if not content:
        raise InvalidInput(_("Het bestand is leeg."), code="upload-empty")
    kind = detect_type(content)
    if kind is None:
        raise InvalidInput(
            _(
                "Dit soort bestand wordt niet aangenomen. Toegestaan: PDF, DOCX, XLSX en platte "
                "tekst; het type wordt aan de inhoud herkend, niet aan de naam."
            ),
            code="upload-type-not-allowed",
        )
    return content, safe_filename(upload.name or "", kind)
