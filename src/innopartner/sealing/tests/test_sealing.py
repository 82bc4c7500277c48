"""Sealed tenders at rest: encrypted per procedure, nothing readable in a copy of the database
and the file store, blobs bound to their tender, key rotation, the store check and the proof
of a receipt (Art. 22(3) Directive 2014/24/EU)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from innopartner.audit.models import AuditRecord
from innopartner.core.exceptions import NotAllowed
from innopartner.participation.selectors import request_statement
from innopartner.sealing import crypto, store
from innopartner.sealing.crypto import SealError
from innopartner.sealing.models import ProcedureKey
from innopartner.sealing.services import keys_rotate, store_check
from innopartner.tendering import services
from innopartner.tendering.models import Tender
from innopartner.tendering.selectors import receipt_verify, tender_content
from innopartner.testing import draft_procedure, make_world, publish

pytestmark = pytest.mark.django_db

SECRET = "ZEER-GEHEIM-7f3a9c-oplossing"


@pytest.fixture
def world():
    return make_world(operators=3)


@pytest.fixture
def tender_round(world):
    """Every operator requests with a statement holding the secret; all are invited."""
    from innopartner.participation import services as participation

    procedure = publish(world, draft_procedure(world))
    for operator in world.operators:
        participation.request_submit(
            procedure=procedure,
            operator=operator,
            now=world.now,
            actor=world.supplier(operator),
            statement=f"{SECRET} verzoek van {operator.name}",
        )
    world.now = procedure.requests_deadline + dt.timedelta(days=1)
    for request in procedure.requests.all():
        participation.request_assess(
            request=request,
            qualified=True,
            assessment="Geschikt.",
            now=world.now,
            actor=world.officer,
        )
    participation.candidates_invite(
        procedure=procedure, operators=world.operators, now=world.now, actor=world.officer
    )
    return services.round_open(
        procedure=procedure,
        kind="initial",
        deadline=world.now + dt.timedelta(days=10),
        now=world.now,
        actor=world.officer,
    )


def submit(world, tender_round, operator, content: bytes):
    return services.tender_submit(
        tender_round=tender_round,
        operator=operator,
        content=content,
        filename="inschrijving.pdf",
        price=1000,
        now=world.now,
        actor=world.supplier(operator),
    )


def open_round(world, tender_round):
    after = tender_round.deadline + dt.timedelta(seconds=1)
    opening = services.tenders_opening_start(
        tender_round=tender_round, now=after, actor=world.officer
    )
    services.tenders_opening_confirm(opening=opening, now=after, actor=world.second_officer)


def _raw_database_copy() -> bytes:
    """The raw bytes of the whole SQLite database, as a copy of its file holds them (the
    test database lives in memory; ``serialize`` gives exactly its file image)."""
    if connection.vendor != "sqlite":
        return b""
    connection.ensure_connection()
    return bytes(connection.connection.serialize())


def test_a_copy_of_database_and_store_taken_before_the_opening_reveals_no_content(
    world, tender_round
):
    for operator in world.operators:
        submit(world, tender_round, operator, f"{SECRET} inschrijving {operator.name}".encode())
    needle = SECRET.encode()
    dump = io.StringIO()
    call_command("dumpdata", stdout=dump)  # what a PostgreSQL or SQLite dump would hold
    assert dump.getvalue().count("sha256") and SECRET not in dump.getvalue()
    raw = _raw_database_copy()
    if connection.vendor == "sqlite":
        assert b"inschrijving.pdf" in raw  # the copy is real: it holds the envelopes
    assert needle not in raw
    files = [path for _name, path, _age in store.files()]
    assert len(files) == 6  # three tenders and three requests, each sealed
    for path in files:
        data = path.read_bytes()
        assert needle not in data and data.startswith(crypto.MAGIC)
    # and the data keys in the copy are only wrapped: the master key is not in the database
    master = base64.b64decode(settings.MASTER_KEY_B64)
    assert master not in raw and settings.MASTER_KEY_B64 not in dump.getvalue()


def test_nobody_reads_a_tender_before_the_opening_not_even_a_superuser(world, tender_round):
    from django.contrib.auth import get_user_model

    submit(world, tender_round, world.operators[0], b"inhoud A")
    tender = Tender.objects.get()
    root = get_user_model().objects.create_superuser("root", "root@example.nl", "x")
    for user in (root, world.officer, world.evaluator, world.supplier(world.operators[0])):
        with pytest.raises(NotAllowed):
            tender_content(tender=tender, user=user)
    open_round(world, tender_round)
    with pytest.raises(NotAllowed) as caught:
        tender_content(tender=tender, user=root)  # the superuser flag grants nothing
    assert caught.value.code == "tender-not-yours"
    assert not AuditRecord.objects.filter(action="tender.read").exists()


def test_every_read_after_the_opening_is_recorded(world, tender_round):
    submit(world, tender_round, world.operators[0], b"inhoud A")
    tender = Tender.objects.get()
    open_round(world, tender_round)
    assert tender_content(tender=tender, user=world.evaluator) == b"inhoud A"
    assert tender_content(tender=tender, user=world.officer) == b"inhoud A"
    reads = AuditRecord.objects.filter(action="tender.read", subject_id=str(tender.pk))
    assert sorted(r.actor_label for r in reads) == ["evaluator", "officer"]


def test_a_sealed_file_swapped_onto_another_tender_is_refused(world, tender_round):
    a, b = world.operators[:2]
    submit(world, tender_round, a, b"inhoud A")
    submit(world, tender_round, b, b"inhoud B")
    tender_a, tender_b = Tender.objects.get(operator=a), Tender.objects.get(operator=b)
    store.path_of(tender_b.blob).write_bytes(store.path_of(tender_a.blob).read_bytes())
    open_round(world, tender_round)
    with pytest.raises(SealError):  # the recorded digest of B's sealed file no longer matches
        tender_content(tender=tender_b, user=world.officer)
    # even with the digest forged too, the associated data (tender id) refuses the blob
    Tender.objects.filter(pk=tender_b.pk).update(sealed_sha256=tender_a.sealed_sha256)
    tender_b.refresh_from_db()
    with pytest.raises(SealError, match="ander record"):
        tender_content(tender=tender_b, user=world.officer)
    assert tender_content(tender=tender_a, user=world.officer) == b"inhoud A"


def test_key_rotation_rewraps_every_data_key_old_key_no_longer_opens(world, tender_round):
    submit(world, tender_round, world.operators[0], b"inhoud A")
    tender = Tender.objects.get()
    open_round(world, tender_round)
    blob_before = store.path_of(tender.blob).read_bytes()
    old = settings.MASTER_KEY_B64
    new = base64.b64encode(os.urandom(32)).decode()
    assert keys_rotate(new_master_b64=new) == 1
    assert keys_rotate(new_master_b64=new) == 0  # an interrupted rotation can be run again
    key = ProcedureKey.objects.get()
    assert key.master_key_id == crypto.key_id(base64.b64decode(new))
    assert store.path_of(tender.blob).read_bytes() == blob_before  # content not re-encrypted
    with pytest.raises(SealError, match="hoofdsleutel"):
        tender_content(tender=tender, user=world.officer)  # settings still hold the old key
    settings.MASTER_KEY_B64 = new
    try:
        assert tender_content(tender=tender, user=world.officer) == b"inhoud A"
    finally:
        settings.MASTER_KEY_B64 = old


def test_the_store_check_removes_orphans_and_reports_a_missing_file(world, tender_round):
    submit(world, tender_round, world.operators[0], b"inhoud A")
    tender = Tender.objects.get()
    orphan = store.blob_name(purpose="tender", procedure_id="x", record_id="y")
    store.write(orphan, b"never committed")
    temp = store.root() / "tender" / "x" / ".y.sealed.1234.tmp"
    temp.write_bytes(b"half")
    fresh = store_check(clean=True)  # young files may belong to a running submission
    assert orphan in fresh.orphans and fresh.removed == [] and fresh.sound
    report = store_check(clean=True, min_age_seconds=0)
    assert sorted(report.removed) == sorted([orphan, "tender/x/.y.sealed.1234.tmp"])
    assert not store.exists(orphan) and not temp.exists() and report.ok == 4 and report.sound
    store.remove(tender.blob)
    broken = store_check()
    assert broken.missing == [tender.blob] and not broken.sound


def test_a_request_statement_is_sealed_until_the_time_limit_and_each_read_recorded(
    world, tender_round
):
    request = tender_round.procedure.requests.select_related("operator", "procedure").first()
    before = tender_round.procedure.requests_deadline - dt.timedelta(microseconds=1)
    with pytest.raises(NotAllowed) as caught:
        request_statement(request=request, user=world.officer, now=before)
    assert caught.value.code == "request-sealed"
    other = world.supplier(next(o for o in world.operators if o.pk != request.operator_id))
    with pytest.raises(NotAllowed):
        request_statement(request=request, user=other, now=world.now)
    text = request_statement(request=request, user=world.officer, now=world.now)
    assert text.startswith(SECRET)
    assert (
        AuditRecord.objects.filter(action="request.read", subject_id=str(request.pk)).count() == 1
    )


def test_receipt_verify_before_and_after_the_opening(world, tender_round):
    receipt = submit(world, tender_round, world.operators[0], b"precies dit")
    early = receipt_verify(receipt=receipt, user=world.officer, own_copy=b"precies dit")
    checks = {name: ok for name, ok, _detail in early.checks}
    assert checks == {"envelope": True, "sealed-file": True, "own-copy": True, "content": None}
    assert early.ok
    wrong = receipt_verify(receipt=receipt, own_copy=b"iets anders")
    assert not wrong.ok and ("own-copy", False) in [(n, ok) for n, ok, _d in wrong.checks]
    open_round(world, tender_round)
    late = receipt_verify(receipt=receipt, user=world.officer)
    assert ("content", True) in [(n, ok) for n, ok, _d in late.checks] and late.ok
    path = store.path_of(receipt.tender.blob)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    tampered = receipt_verify(receipt=receipt)
    assert ("sealed-file", False) in [(n, ok) for n, ok, _d in tampered.checks]


def test_the_development_master_key_is_the_public_phrase_and_is_announced():
    from innopartner.config.settings import base
    from innopartner.sealing.services import development_key_notice

    assert crypto.dev_master_key_b64() == base.DEV_MASTER_KEY_B64 == settings.MASTER_KEY_B64
    assert "openbare ontwikkelsleutel" in development_key_notice()
    old = settings.MASTER_KEY_B64
    settings.MASTER_KEY_B64 = base64.b64encode(os.urandom(32)).decode()
    try:
        assert development_key_notice() == ""
    finally:
        settings.MASTER_KEY_B64 = old


def test_crypto_refuses_a_wrong_key_and_other_associated_data():
    key = crypto.new_data_key()
    aad = crypto.associated_data(purpose="tender", procedure_id="p", record_id="t1")
    blob = crypto.seal(key, b"x", aad=aad)
    assert crypto.unseal(key, blob, aad=aad) == b"x"
    with pytest.raises(SealError):
        crypto.unseal(
            key,
            blob,
            aad=crypto.associated_data(purpose="tender", procedure_id="p", record_id="t2"),
        )
    with pytest.raises(SealError):
        crypto.unseal(crypto.new_data_key(), blob, aad=aad)
    master = os.urandom(32)
    with pytest.raises(SealError):
        crypto.unwrap(os.urandom(32), crypto.wrap(master, key))
    with pytest.raises(SealError):
        crypto.decode_master_key("c2hvcnQ=")


def test_the_commands_receipt_verify_and_keys_rotate(world, tender_round, capsys, monkeypatch):
    from innopartner.cli import main

    receipt = submit(world, tender_round, world.operators[0], b"precies dit")
    own = Path(settings.STORE_DIR).parent / "eigen-kopie.pdf"
    own.write_bytes(b"precies dit")
    assert main(["receipt", "verify", str(receipt.pk), "--file", str(own)]) == 0
    out = capsys.readouterr().out
    assert "own-copy     OK" in out and "nog niet geopend" in out
    own.write_bytes(b"iets anders")
    assert main(["receipt", "verify", str(receipt.pk), "--file", str(own)]) == 1
    assert "AFWIJKING" in capsys.readouterr().out
    assert main(["receipt", "verify", "geen-bewijs"]) == 2

    open_round(world, tender_round)
    assert main(["receipt", "verify", str(receipt.pk), "--as", "officer", "--json"]) == 0
    checks = {c["check"]: c["ok"] for c in json.loads(capsys.readouterr().out)["checks"]}
    assert checks["content"] is True

    monkeypatch.setenv("NIEUWE_SLEUTEL", base64.b64encode(os.urandom(32)).decode())
    old = settings.MASTER_KEY_B64
    assert main(["keys", "rotate", "--new-key-env", "NIEUWE_SLEUTEL"]) == 0
    assert "1 gegevenssleutel(s) opnieuw verpakt" in capsys.readouterr().out
    assert main(["keys", "rotate", "--new-key-env", "ONBEKEND"]) == 2
    # the old key, still in the settings, opens nothing any more: the content check fails loudly
    assert main(["receipt", "verify", str(receipt.pk), "--as", "officer"]) == 1
    assert "hoofdsleutel opent deze gegevenssleutel niet" in capsys.readouterr().err
    settings.MASTER_KEY_B64 = os.environ["NIEUWE_SLEUTEL"]
    try:
        assert main(["receipt", "verify", str(receipt.pk), "--as", "officer"]) == 0
        assert main(["keys", "status"]) == 0
        assert "1 gegevenssleutel(s) onder" in capsys.readouterr().out
    finally:
        settings.MASTER_KEY_B64 = old
