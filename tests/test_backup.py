"""`innopartner backup` and `restore`: a world of a few procedures is backed up (database, file
store, manifest with a SHA-256 per file) and restored onto a fresh data folder by the command a
user runs; rows per table, file checksums and the audit chain are the same there. A damaged
backup, another engine's backup or a target that holds data is refused with nothing changed."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from innopartner.audit.models import AuditRecord
from innopartner.audit.selectors import chain_head_stored, chain_verification
from innopartner.core import backup
from innopartner.core.exceptions import DomainError
from innopartner.testing import draft_procedure, make_world, publish, select

# Transactional tests: SQLite's online backup cannot copy a database while its own connection
# holds the write transaction that pytest-django would otherwise wrap each test in.
pytestmark = pytest.mark.django_db(transaction=True)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the round trip through the command restores onto a fresh SQLite data folder",
)


def innopartner(*args, data: Path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "INNOPARTNER_STORE_DIR")
    }
    env["INNOPARTNER_ENV"] = "dev"
    return subprocess.run(
        [sys.executable, "-m", "innopartner", *args, "--data", str(data)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def world(tmp_path, settings):
    settings.STORE_DIR = tmp_path / "store"
    (settings.STORE_DIR / "tender" / "p1").mkdir(parents=True)
    (settings.STORE_DIR / "tender" / "p1" / "a.sealed").write_bytes(os.urandom(3000))
    (settings.STORE_DIR / "request.sealed").write_bytes(b"\x00sealed\xff")
    world = make_world(operators=3)
    select(world, publish(world, draft_procedure(world)))
    draft_procedure(world)
    return world


def checksums(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): backup.sha256_file(p)
        for p in folder.rglob("*")
        if p.is_file()
    }


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_a_backup_holds_the_database_the_file_store_and_a_manifest_of_checksums(world, tmp_path):
    manifest = backup.create_backup(tmp_path / "bk")
    files = {f["path"]: f for f in manifest["files"]}
    assert set(files) == set(checksums(tmp_path / "bk")) - {"manifest.json"}
    assert files["store/tender/p1/a.sealed"]["sha256"] == backup.sha256_file(
        tmp_path / "store" / "tender" / "p1" / "a.sealed"
    )
    assert manifest["database"] in files and manifest["store"] == "store"
    head = chain_head_stored()
    assert manifest["audit_head"] == {"seq": head.seq, "hash": head.hash}
    assert manifest["tables"]["audit_auditrecord"] == AuditRecord.objects.count()
    assert json.loads((tmp_path / "bk" / "manifest.json").read_text()) == manifest


def test_a_backup_is_refused_into_a_folder_that_is_not_empty(world, tmp_path):
    (tmp_path / "bk").mkdir()
    (tmp_path / "bk" / "old.txt").write_text("old")
    with pytest.raises(DomainError) as refused:
        backup.create_backup(tmp_path / "bk")
    assert refused.value.code == "backup-target-not-empty"
    assert os.listdir(tmp_path / "bk") == ["old.txt"]


def test_without_a_file_store_setting_only_the_database_is_backed_up(world, tmp_path, settings):
    del settings.STORE_DIR
    manifest = backup.create_backup(tmp_path / "bk")
    assert manifest["store"] is None
    assert [f["path"] for f in manifest["files"]] == [manifest["database"]]


def test_a_restore_onto_this_database_is_refused_because_it_holds_data(world, tmp_path):
    backup.create_backup(tmp_path / "bk")
    before = backup.table_counts()
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(tmp_path / "bk")
    assert refused.value.code == "restore-target-not-empty" and "--force" in refused.value.message
    assert backup.table_counts() == before


def test_a_damaged_or_foreign_backup_is_refused_before_anything_is_read(world, tmp_path):
    backup.create_backup(tmp_path / "bk")
    (tmp_path / "bk" / "store" / "request.sealed").write_bytes(b"tampered")
    with pytest.raises(DomainError) as refused:
        backup.read_manifest(tmp_path / "bk")
    assert refused.value.code == "backup-checksum-mismatch"
    assert "store/request.sealed: controlegetal (SHA-256) klopt niet" in refused.value.message
    (tmp_path / "bk" / "extra.bin").write_bytes(b"x")
    (tmp_path / "bk" / "store" / "request.sealed").unlink()
    with pytest.raises(DomainError) as refused:
        backup.read_manifest(tmp_path / "bk")
    assert "extra.bin: staat niet in het manifest" in refused.value.message
    assert "store/request.sealed: ontbreekt" in refused.value.message
    (tmp_path / "bk" / "manifest.json").unlink()
    with pytest.raises(DomainError) as refused:
        backup.read_manifest(tmp_path / "bk")
    assert refused.value.code == "backup-invalid"


def test_a_backup_of_the_other_database_engine_is_refused(world, tmp_path):
    backup.create_backup(tmp_path / "bk")
    manifest = json.loads((tmp_path / "bk" / "manifest.json").read_text())
    manifest["engine"] = "oracle"
    (tmp_path / "bk" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(tmp_path / "bk", force=True)
    assert refused.value.code == "backup-engine-mismatch"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="dumpdata/loaddata: PostgreSQL")
def test_on_postgresql_the_database_is_dumped_and_loaded_back(world, tmp_path):
    from innopartner.audit.services import audit_record

    # Times to the microsecond and whitespace at the end of a text survive (the chain hashes
    # both; Django's JSON cuts times to milliseconds, its XML strips values).
    audit_record(actor=world.officer, action="test.note", subject=world.buyer, at=world.now,
                 note="regel één\n")  # fmt: skip
    before = backup.table_counts()
    manifest = backup.create_backup(tmp_path / "bk")
    assert manifest["database"] == "database.json"
    backup.restore_backup(tmp_path / "bk", force=True)
    assert chain_verification().ok  # ids kept: the chain hashes the actor's and procedure's
    after = backup.table_counts()
    ignored = backup.BOOKKEEPING_TABLES | {"django_session", "axes_accessattempt"}
    assert {t: n for t, n in after.items() if t not in ignored} == {
        t: n for t, n in before.items() if t not in ignored
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="dumpdata/loaddata: PostgreSQL")
def test_on_postgresql_a_restore_before_the_schema_is_migrated_is_refused(
    world, tmp_path, monkeypatch
):
    from innopartner.core import schema

    backup.create_backup(tmp_path / "bk")
    before = backup.table_counts()
    monkeypatch.setattr(schema, "pending_migrations", lambda: ["procedures.0099_next"])
    with pytest.raises(DomainError) as refused:
        backup.restore_backup(tmp_path / "bk", force=True)
    assert refused.value.code == "restore-schema-missing"
    assert "innopartner manage migrate" in refused.value.message
    assert backup.table_counts() == before  # nothing flushed, nothing loaded


def test_a_migrated_database_has_no_pending_migrations(db):
    from innopartner.core.schema import pending_migrations

    assert pending_migrations() == []


@sqlite_only
@pytest.mark.slow
def test_backup_and_restore_onto_a_fresh_folder_give_the_same_rows_files_and_chain(world, tmp_path):
    manifest = backup.create_backup(tmp_path / "bk")
    counts = backup.table_counts()
    fresh = tmp_path / "fresh"
    done = innopartner("restore", str(tmp_path / "bk"), data=fresh)
    assert done.returncode == 0, done.stderr
    assert f"audittrail intact: {manifest['tables']['audit_auditrecord']} records" in done.stdout
    assert sqlite_counts(fresh / "innopartner.sqlite3") == counts == manifest["tables"]
    assert checksums(fresh / "store") == checksums(tmp_path / "store")
    done = innopartner("audit", "verify", "--json", data=fresh)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["ok"] and result["head"] == manifest["audit_head"]

    # Again onto the same folder: refused, nothing changed; with --force it goes through.
    (fresh / "store" / "request.sealed").write_bytes(b"newer")
    done = innopartner("restore", str(tmp_path / "bk"), data=fresh)
    assert done.returncode == 1 and "restore-target-not-empty" in done.stderr
    assert (fresh / "store" / "request.sealed").read_bytes() == b"newer"
    done = innopartner("restore", str(tmp_path / "bk"), "--force", data=fresh)
    assert done.returncode == 0, done.stderr
    assert checksums(fresh / "store") == checksums(tmp_path / "store")

    # A backup of the restored folder by the command matches the first one row for row.
    done = innopartner("backup", str(tmp_path / "bk2"), data=fresh)
    assert done.returncode == 0, done.stderr
    second = json.loads((tmp_path / "bk2" / "manifest.json").read_text())
    assert second["tables"] == manifest["tables"] and second["audit_head"] == manifest["audit_head"]

    # A damaged copy is refused by the command, and the new folder stays empty.
    shutil.copytree(tmp_path / "bk", tmp_path / "bad")
    with (tmp_path / "bad" / manifest["database"]).open("r+b") as db:
        db.seek(200)
        db.write(b"\x13\x37")
    done = innopartner("restore", str(tmp_path / "bad"), data=tmp_path / "fresh2")
    assert done.returncode == 1 and "backup-checksum-mismatch" in done.stderr
    assert not (tmp_path / "fresh2" / "store").exists()
    assert not sqlite_counts(tmp_path / "fresh2" / "innopartner.sqlite3")
