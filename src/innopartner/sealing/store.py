"""The file store of sealed blobs under ``settings.STORE_DIR``, written crash-safe.

A blob is written to a temporary file in its final folder, flushed and fsynced, renamed onto
its name (atomic on POSIX), the folder fsynced, and read back and compared with the digest of
what was meant to be written. Only then does the caller commit the database row that names
it. So after a crash at any moment there is either no file, a left-over temporary file, or a
complete file without a row (an orphan): all harmless and removed by ``innopartner store
check --clean``. A row whose file is missing or incomplete cannot arise.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings

from .crypto import SealError, digest

SUFFIX = ".sealed"
TEMP_SUFFIX = ".tmp"


def root() -> Path:
    return Path(settings.STORE_DIR)


def blob_name(*, purpose: str, procedure_id: object, record_id: object) -> str:
    """Where the blob of a record lives, relative to the store: by id, one folder per
    procedure, so that a procedure's files are easy to find (and to archive or destroy)."""
    return f"{purpose}/{procedure_id}/{record_id}{SUFFIX}"


def path_of(name: str) -> Path:
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts or not name.endswith(SUFFIX):
        raise SealError(f"Ongeldige naam in de bestandsopslag: {name!r}.")
    return root().joinpath(*relative.parts)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _make_dirs(folder: Path) -> None:
    """Create the folder and make each new level durable in its parent."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for level in reversed(missing):
        try:
            level.mkdir()
        except FileExistsError:
            pass
        _fsync_dir(level.parent)


def write(name: str, data: bytes) -> str:
    """Store ``data`` under ``name`` durably; return its SHA-256 after reading it back."""
    target = path_of(name)
    _make_dirs(target.parent)
    temp = target.parent / f".{target.name}.{uuid.uuid4().hex}{TEMP_SUFFIX}"
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temp, target)
    _fsync_dir(target.parent)
    expected = digest(data)
    if digest(target.read_bytes()) != expected:
        raise SealError(f"Het bestand {name} is na het schrijven niet gelijk aan wat werd bedoeld.")
    return expected


def read(name: str) -> bytes:
    try:
        return path_of(name).read_bytes()
    except FileNotFoundError:
        raise SealError(f"Het verzegelde bestand {name} ontbreekt in de opslag.") from None


def exists(name: str) -> bool:
    return path_of(name).is_file()


def remove(name_or_path: str | Path) -> None:
    path = name_or_path if isinstance(name_or_path, Path) else path_of(name_or_path)
    path.unlink(missing_ok=True)


def files() -> Iterator[tuple[str, Path, float]]:
    """Every file in the store: (name relative to the store, path, age in seconds)."""
    base = root()
    if not base.exists():
        return
    now = time.time()
    for path in sorted(base.rglob("*")):
        if path.is_file():
            yield path.relative_to(base).as_posix(), path, now - path.stat().st_mtime
