"""Backup and restore of one installation: its database, its encrypted file store and a
manifest with the SHA-256 of every file.

    innopartner backup DEST [--data DIR]
    innopartner restore SRC [--force] [--data DIR]

The database:

- SQLite: a copy made with SQLite's online backup API (``sqlite3.Connection.backup``), which
  copies a consistent snapshot page by page while the application keeps running, WAL included.
  Restore copies it back the same way, into the data folder's database.
- PostgreSQL: Django's ``dumpdata`` of every app as JSON (primary keys kept; natural keys for
  references to content types and permissions, which are left out because ``migrate`` makes
  them), read in one REPEATABLE READ transaction so the dump is one consistent snapshot, and
  ``loaddata`` to restore. We chose this over ``pg_dump`` because it needs no PostgreSQL client
  binaries of the server's exact version on the machine that runs the command, and the restore
  goes through the same models and migrations as the application; the price is speed and
  memory on very large databases (then use pg_dump/pg_restore beside this, as a database
  administrator would).

The file store is ``settings.STORE_DIR`` when that setting exists; without it only the
database is backed up (the manifest says ``"store": null``).

A backup is refused when DEST is not empty. A restore checks every checksum and the target
before it changes anything: a backup whose files do not match its manifest, a backup from the
other database engine, or a target that already holds data (unless ``--force``) is refused with
nothing changed. The audit trail's hash chain travels inside the database; run ``innopartner
audit verify`` after a restore, and compare the head with the one in the manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

from innopartner.core.exceptions import InvalidInput, RuleViolation

FORMAT = "innopartner-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
DUMP_FILE = "database.json"
#: Django's JSON serializer with times kept to the microsecond (see Serializer below).
DUMP_FORMAT = "innopartner-backup-json"
STORE = "store"
#: Tables that ``migrate`` fills by itself; rows there do not make a target "not empty".
BOOKKEEPING_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "audit_auditchainhead",
    "sqlite_sequence",
}
_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _engine() -> str:
    from django.db import connection

    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def store_dir() -> Path | None:
    """The encrypted file store, if this installation has one (``settings.STORE_DIR``)."""
    from django.conf import settings

    value = getattr(settings, "STORE_DIR", None)
    return Path(value) if value else None


def table_counts() -> dict[str, int]:
    """Rows per table of the current database (for the manifest and to compare a restore)."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _has_data() -> list[str]:
    return [t for t, n in table_counts().items() if n and t not in BOOKKEEPING_TABLES]


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def create_backup(dest: Path) -> dict[str, Any]:
    """Back up the current database and file store into the empty folder ``dest``; returns the
    manifest (also written to ``dest/manifest.json``)."""
    from django.utils import timezone

    from innopartner.audit.selectors import chain_head_stored

    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise InvalidInput(
            f"{dest} is niet leeg; kies een nieuwe of lege map voor de back-up.",
            code="backup-target-not-empty",
        )
    dest.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    if engine == "sqlite":
        database = _backup_sqlite(dest / SQLITE_FILE)
    else:
        database = _backup_dumpdata(dest / DUMP_FILE)
    store = store_dir()
    if store is not None and store.is_dir():
        shutil.copytree(store, dest / STORE, symlinks=False)
    head = chain_head_stored()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": engine,
        "database": database,
        "store": STORE if store is not None else None,
        "audit_head": {"seq": head.seq, "hash": head.hash},
        "tables": table_counts(),
        "files": [
            {
                "path": path.relative_to(dest).as_posix(),
                "size": path.stat().st_size,
                "sha256": sha256_file(path),
            }
            for path in _files_under(dest)
        ],
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    return manifest


def _backup_sqlite(target: Path) -> str:
    from django.db import connection

    if connection.in_atomic_block:
        # SQLite's backup waits forever for the end of a write transaction on its own
        # connection; the command never holds one, so this guards against misuse in code.
        raise RuleViolation(
            "Een back-up kan niet binnen een open transactie worden gemaakt.",
            code="backup-inside-transaction",
        )
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file: no WAL beside it that a reader would have to create.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
    return target.name


def _backup_dumpdata(target: Path) -> str:
    from django.core import serializers
    from django.core.management import call_command

    serializers.register_serializer(DUMP_FORMAT, __name__)
    from django.db import connection, transaction

    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:  # (inside a test's transaction the snapshot is already fixed)
            with connection.cursor() as cursor:
                # One snapshot for every table, while the application keeps writing.
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            format=DUMP_FORMAT,
            # Natural keys only for references (to content types and permissions, which
            # migrate recreates with other ids); every row keeps its own primary key, because
            # the audit chain hashes the ids it refers to (actor, procedure).
            natural_foreign=True,
            exclude=["contenttypes", "auth.permission"],
            output=str(target),
            verbosity=0,
        )
    return target.name


def read_manifest(src: Path) -> dict[str, Any]:
    """The manifest of the backup in ``src``, after checking that every file matches it."""
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(
            f"{src} is geen back-up: {MANIFEST} ontbreekt.", code="backup-invalid"
        ) from None
    except (OSError, ValueError):
        raise InvalidInput(
            f"{src}/{MANIFEST} is geen leesbaar manifest.", code="backup-invalid"
        ) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidInput(f"{src} is geen innopartner-back-up.", code="backup-invalid")
    try:
        listed = {str(entry["path"]): entry for entry in manifest["files"]}
        manifest["engine"], manifest["database"], manifest["audit_head"]["seq"]
    except (KeyError, TypeError):
        raise InvalidInput(f"{src}/{MANIFEST} is onvolledig.", code="backup-invalid") from None
    present = {p.relative_to(src).as_posix() for p in _files_under(src)} - {MANIFEST}
    problems = [f"{path}: ontbreekt" for path in sorted(set(listed) - present)]
    problems += [f"{path}: staat niet in het manifest" for path in sorted(present - set(listed))]
    for path in sorted(set(listed) & present):
        if sha256_file(src / path) != listed[path]["sha256"]:
            problems.append(f"{path}: controlegetal (SHA-256) klopt niet")
    if manifest.get("database") not in listed:
        problems.append("de database ontbreekt in het manifest")
    if problems:
        raise RuleViolation(
            "De back-up is beschadigd of gewijzigd; er is niets teruggezet. "
            + "; ".join(problems[:10])
            + (f" (en nog {len(problems) - 10})" if len(problems) > 10 else ""),
            code="backup-checksum-mismatch",
        )
    return manifest


def restore_backup(src: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore the backup in ``src`` into the current database and file store.

    Everything is checked first (checksums, engine, an empty target unless ``force``), so that a
    refused restore changes nothing."""
    from django.conf import settings

    src = Path(src)
    manifest = read_manifest(src)
    engine = _engine()
    if manifest["engine"] != engine:
        raise RuleViolation(
            f"Deze back-up is van een {manifest['engine']}-database; deze installatie gebruikt "
            f"{engine}. Zet hem terug op een installatie met {manifest['engine']}.",
            code="backup-engine-mismatch",
        )
    if engine != "sqlite":
        # The dump holds rows, not the schema (a SQLite backup is the whole file): the tables
        # must exist, as this version of innopartner defines them, before they are loaded.
        from innopartner.core.schema import pending_migrations

        if pending := pending_migrations():
            raise RuleViolation(
                f"De database heeft het schema van deze versie nog niet ({len(pending)} "
                f"migraties open, eerste: {pending[0]}); er is niets teruggezet. Voer eerst "
                "`innopartner manage migrate` uit en zet dan terug.",
                code="restore-schema-missing",
            )
    store = store_dir() or Path(settings.DATA_DIR) / STORE
    has_store = (src / STORE).is_dir()
    occupied = _has_data()
    if store.is_dir() and any(store.iterdir()):
        occupied.append(str(store))
    if occupied and not force:
        raise RuleViolation(
            "Het doel is niet leeg ("
            + ", ".join(occupied[:5])
            + (", …" if len(occupied) > 5 else "")
            + "); er is niets teruggezet. Gebruik --force om het te overschrijven.",
            code="restore-target-not-empty",
        )
    if engine == "sqlite":
        _restore_sqlite(src / manifest["database"])
    else:
        _restore_loaddata(src / manifest["database"], flush=bool(occupied))
    if store.is_dir():
        shutil.rmtree(store)
    if has_store:
        shutil.copytree(src / STORE, store, symlinks=False)
    return manifest


def _restore_sqlite(source: Path) -> None:
    from django.db import connection

    connection.ensure_connection()
    # immutable: read the checked file as it is, without creating journal files beside it.
    copy = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        copy.backup(connection.connection)
    finally:
        copy.close()


def _restore_loaddata(source: Path, *, flush: bool) -> None:
    from django.core.management import call_command
    from django.db import transaction

    with transaction.atomic():
        if flush:
            # flush empties every table and lets migrate's post-migrate step recreate the
            # content types and permissions that the dump refers to by natural key.
            call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(source), verbosity=0)


# --- the dump format (PostgreSQL) ------------------------------------------------------------
# Django's JSON encoder cuts times to milliseconds, and its XML deserializer strips the
# whitespace around every value; either would change the data on restore (and break the audit
# chain, which hashes times to the microsecond and notes as written). So the dump is Django's
# JSON with an encoder that keeps whole times; Django's own JSON deserializer reads it back.


def _exact_encoder():
    import datetime as dt

    from django.core.serializers.json import DjangoJSONEncoder

    class ExactJSONEncoder(DjangoJSONEncoder):
        def default(self, o: Any) -> Any:
            if isinstance(o, dt.datetime | dt.time):
                return o.isoformat()
            return super().default(o)

    return ExactJSONEncoder


def __getattr__(name: str) -> Any:
    # Serializer/Deserializer for ``serializers.register_serializer(DUMP_FORMAT, __name__)``;
    # built on first use, so that importing this module needs no configured Django.
    from django.core.serializers import json as django_json

    if name == "Serializer":

        class Serializer(django_json.Serializer):
            def _init_options(self) -> None:
                self.options.setdefault("cls", _exact_encoder())
                super()._init_options()

        return Serializer
    if name == "Deserializer":
        return django_json.Deserializer
    raise AttributeError(name)


# --- command line (hooked in by innopartner.cli) ---------------------------------------------


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="datamap (standaard: $INNOPARTNER_DATA of ./data)")


def cmd_backup(args: argparse.Namespace) -> int:
    from innopartner.cli import setup_django

    setup_django(data=args.data)
    from innopartner.core.exceptions import DomainError

    try:
        manifest = create_backup(Path(args.dest))
    except DomainError as exc:
        print(f"FOUT {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    size = sum(f["size"] for f in manifest["files"])
    store = "geen bestandsopslag ingesteld" if manifest["store"] is None else "bestandsopslag"
    print(
        f"back-up in {args.dest}: {manifest['engine']}-database, {store}, "
        f"{len(manifest['files'])} bestanden ({size} bytes), manifest met SHA-256 per bestand\n"
        f"  kop audittrail: volgnummer {manifest['audit_head']['seq']} "
        f"{manifest['audit_head']['hash']}"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from innopartner.cli import setup_django

    setup_django(data=args.data)
    from innopartner.core.exceptions import DomainError

    try:
        manifest = restore_backup(Path(args.src), force=args.force)
    except DomainError as exc:
        print(f"FOUT {exc.code}: {exc.message}", file=sys.stderr)
        return 1
    print(
        f"teruggezet uit {args.src} (gemaakt {manifest['created_at']}): "
        f"{len(manifest['files'])} bestanden, checksums gecontroleerd"
    )
    return _verify_restored_chain(manifest)


def _verify_restored_chain(manifest: dict[str, Any]) -> int:
    """Verify the restored audit trail at once, and that it ends where the backup's did."""
    from django.db import DatabaseError

    from innopartner.audit.selectors import chain_verification

    held = manifest["audit_head"]
    try:
        verdict = chain_verification()
    except DatabaseError as exc:  # a backup of an older version: migrate first
        print(
            f"  audittrail niet gecontroleerd ({exc}); draai `innopartner manage migrate` en dan "
            "`innopartner audit verify`",
            file=sys.stderr,
        )
        return 1
    if verdict.ok and (verdict.head.seq, verdict.head.hash) == (held["seq"], held["hash"]):
        print(
            f"  audittrail intact: {verdict.checked} records, kop volgnummer {verdict.head.seq} "
            f"{verdict.head.hash} (zoals in de back-up)"
        )
        return 0
    problem = verdict.finding.message if verdict.finding else "de kop wijkt af van de back-up"
    print(f"  LET OP: audittrail na terugzetten niet intact: {problem}", file=sys.stderr)
    return 1


def add_commands(sub: Any) -> None:
    backup = sub.add_parser(
        "backup", help="back-up van database en bestandsopslag, met manifest (SHA-256)"
    )
    backup.add_argument("dest", metavar="DEST", help="nieuwe of lege map voor de back-up")
    _data_arg(backup)
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="zet een back-up terug (controleert eerst alles)")
    restore.add_argument("src", metavar="SRC", help="map met een back-up (manifest.json)")
    restore.add_argument(
        "--force", action="store_true", help="overschrijf een doel dat al gegevens heeft"
    )
    _data_arg(restore)
    restore.set_defaults(func=cmd_restore)
