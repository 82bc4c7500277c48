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
        except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError):
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


#: An archive (DOCX and XLSX are ZIP archives) may unpack to at most this many times the upload
#: limit, at most this ratio per member (text and XML compress about 10:1; a zip bomb 1000:1),
#: with at most this many members; nested archives only as Office embeddings, one level deep.
MAX_UNPACKED_FACTOR = 4
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024  # small members may compress well; the ratio counts above this
MAX_MEMBERS = 5000
NESTED_SUFFIXES = (".zip", ".jar", ".7z", ".rar", ".tar", ".gz", ".tgz", ".bz2", ".xz")
EMBEDDING_FOLDERS = ("word/embeddings/", "xl/embeddings/")


def _refuse(message: str, code: str) -> InvalidInput:
    return InvalidInput(message, code=code)


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or ".." in parts
        or (len(name) > 1 and name[1] == ":")
        or any(ord(ch) < 32 for ch in name)
    )


def inspect_archive(archive: zipfile.ZipFile, *, upload_size: int, depth: int = 0) -> None:
    """Refuse a ZIP-based upload that could harm whoever unpacks it: a zip bomb (total size or
    ratio), names that climb out of a folder (``../``, absolute, drive letters), too many
    members, encrypted members, or archives inside the archive (except an Office document's
    embedded objects, which are inspected in turn, one level deep)."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _refuse(
            _("Het archief bevat meer dan %(n)s bestanden.") % {"n": MAX_MEMBERS},
            "upload-archive-too-many-members",
        )
    limit = MAX_UNPACKED_FACTOR * max_bytes()
    total = 0
    for member in members:
        if _unsafe_name(member.filename):
            raise _refuse(
                _("Het archief bevat een onveilige bestandsnaam (%(name)s).")
                % {"name": member.filename[:80]},
                "upload-archive-unsafe-name",
            )
        if member.flag_bits & 0x1:
            raise _refuse(
                _("Het archief bevat een versleuteld bestand; dat kan niet worden gecontroleerd."),
                "upload-archive-encrypted",
            )
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > limit or (member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO):
            raise _refuse(
                _(
                    "Het archief pakt uit tot meer dan %(limit)s MB of is verdacht sterk "
                    "gecomprimeerd (zip-bom); het is geweigerd."
                )
                % {"limit": MAX_UNPACKED_FACTOR * settings.INNOPARTNER_MAX_UPLOAD_MB},
                "upload-archive-bomb",
            )
        lower = member.filename.lower()
        nested = lower.endswith(NESTED_SUFFIXES)
        embedded = lower.startswith(EMBEDDING_FOLDERS) and not member.is_dir()
        if nested and not embedded:
            raise _refuse(
                _("Het archief bevat een ander archief (%(name)s); dat wordt niet aangenomen.")
                % {"name": member.filename[:80]},
                "upload-archive-nested",
            )
        if embedded:
            with archive.open(member) as handle:
                head = handle.read(4)
            if head == b"PK\x03\x04":
                if depth >= 1:
                    raise _refuse(
                        _("Het archief bevat archieven in archieven; dat wordt niet aangenomen."),
                        "upload-archive-nested",
                    )
                inner = io.BytesIO(archive.read(member))
                with zipfile.ZipFile(inner) as nested_archive:
                    inspect_archive(nested_archive, upload_size=upload_size, depth=depth + 1)


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
    if content.startswith(b"PK\x03\x04"):
        # ZIP-based (DOCX, XLSX): refuse a dangerous archive with its own reason first.
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                inspect_archive(archive, upload_size=len(content))
        except (zipfile.BadZipFile, EOFError, NotImplementedError, ValueError):
            pass  # not a readable archive: detect_type refuses it as an unknown type
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
