"""The hash chain in the database: every record written by the services is chained, and every
change made behind the services' back (queryset updates, raw SQL) is caught and the right record
named: each content field edited, a record removed, inserted, or moved."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from innopartner.audit import chain
from innopartner.audit.models import AuditChainHead, AuditRecord
from innopartner.audit.selectors import chain_head_stored, chain_verification, held_head_check
from innopartner.testing import draft_procedure, make_world, publish

pytestmark = pytest.mark.django_db
TABLE = AuditRecord._meta.db_table


@pytest.fixture
def world():
    world = make_world(operators=1)
    world.first = publish(world, draft_procedure(world))
    world.second = draft_procedure(world)
    return world


def sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{t}", connection.ops.quote_name(TABLE)), params)


def middle_of(procedure) -> AuditRecord:
    records = list(AuditRecord.objects.filter(procedure=procedure).order_by("id"))
    return records[len(records) // 2]


def test_records_written_by_the_services_form_an_intact_chain_per_trail_and_per_procedure(world):
    records = list(AuditRecord.objects.order_by("id"))
    assert [r.seq for r in records] == list(range(1, len(records) + 1))
    assert records[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.record_hash for a, b in zip(records, records[1:], strict=False))
    mine = [r for r in records if r.procedure_id == world.first.pk]
    assert [r.procedure_seq for r in mine] == list(range(1, len(mine) + 1))
    assert all(r.procedure_prev_hash == "" for r in records if r.procedure_id is None)
    verdict = chain_verification()
    assert verdict.ok and verdict.checked == len(records)
    assert chain_head_stored() == chain.Head(records[-1].seq, records[-1].record_hash)
    assert chain_verification(procedure=world.first).ok
    assert chain_verification(procedure=world.second).ok


def _edits(world, record):
    other_procedure = world.second if record.procedure_id == world.first.pk else world.first
    return {
        "seq": 10**6,
        "at": record.at + dt.timedelta(seconds=1),
        "recorded_at": record.recorded_at + dt.timedelta(microseconds=1),
        "actor_id": world.evaluator.pk,
        "actor_label": "someone-else",
        "action": "procedure.deleted",
        "procedure_id": other_procedure.pk,
        "procedure_seq": 999,
        "subject_type": "auth.User",
        "subject_id": "0",
        "before": {"stage": "forged"},
        "after": {},
        "note": "added later",
        "prev_hash": "f" * 64,
        "procedure_prev_hash": "e" * 64,
        "record_hash": "0" * 64,
    }


@pytest.mark.parametrize("field", [*chain.CONTENT_FIELDS, "record_hash"])
def test_editing_any_field_of_one_record_is_caught_at_that_record(world, field):
    record = middle_of(world.first)
    AuditRecord.objects.filter(pk=record.pk).update(**{field: _edits(world, record)[field]})
    finding = chain_verification().finding
    assert finding.problem == chain.CONTENT_HASH_MISMATCH
    assert finding.record_id == record.pk
    own = chain_verification(procedure=world.first).finding
    assert own is not None
    if field != "procedure_id":  # moved to another procedure: this one now misses it
        assert own.record_id == record.pk


def test_an_edit_with_its_hash_recomputed_breaks_the_link_of_the_next_record(world):
    record = middle_of(world.first)
    record.note = "changed, and rehashed"
    record.record_hash = chain.content_hash({n: getattr(record, n) for n in chain.CONTENT_FIELDS})
    AuditRecord.objects.filter(pk=record.pk).update(
        note=record.note, record_hash=record.record_hash
    )
    finding = chain_verification().finding
    assert finding.problem == chain.BROKEN_LINK
    assert finding.record_id == AuditRecord.objects.get(seq=record.seq + 1).pk
    assert f"volgnummer {record.seq}" in finding.message


def test_a_deleted_record_is_named_as_missing_at_the_record_after_it(world):
    record = middle_of(world.first)
    sql("DELETE FROM {t} WHERE id = %s", record.pk)
    finding = chain_verification().finding
    assert finding.problem == chain.MISSING_RECORD
    assert finding.record_id == AuditRecord.objects.get(seq=record.seq + 1).pk
    assert f"volgnummer {record.seq}" in finding.message
    own = chain_verification(procedure=world.first).finding
    assert own.problem == chain.MISSING_RECORD


def test_deleting_the_last_records_is_caught_against_the_chain_head(world):
    last = AuditRecord.objects.order_by("-id")[:2]
    seqs = sorted(r.seq for r in last)
    sql("DELETE FROM {t} WHERE id >= %s", min(r.pk for r in last))
    finding = chain_verification().finding
    assert finding.problem == chain.MISSING_RECORD
    assert f"{seqs[0]} t/m {seqs[1]}" in finding.message


def test_a_record_inserted_by_hand_is_named(world):
    source = middle_of(world.first)
    sql(
        "INSERT INTO {t} (id, at, recorded_at, actor_label, action, subject_type, subject_id, "
        "before, after, note, seq, prev_hash, procedure_prev_hash, record_hash, procedure_id) "
        "SELECT 0, at, recorded_at, actor_label, 'award.forged', subject_type, subject_id, "
        "before, after, note, NULL, prev_hash, procedure_prev_hash, record_hash, procedure_id "
        "FROM {t} WHERE id = %s",
        source.pk,
    )
    finding = chain_verification().finding
    assert (finding.record_id, finding.action) == (0, "award.forged")
    assert finding.problem == chain.CONTENT_HASH_MISMATCH
    assert chain_verification(procedure=world.first).finding.record_id == 0


def test_a_copy_of_a_record_appended_at_the_end_is_named(world):
    source = middle_of(world.first)
    copy = AuditRecord.objects.get(pk=source.pk)
    copy.pk, copy.seq = None, 10**6
    AuditRecord.objects.bulk_create([copy])  # no service, no new hash
    new = AuditRecord.objects.order_by("-id").first()
    assert chain_verification().finding.record_id == new.pk


def test_two_records_whose_ids_are_swapped_are_named_as_out_of_order(world):
    first = middle_of(world.first)
    second = AuditRecord.objects.get(seq=first.seq + 1)
    sql("UPDATE {t} SET id = -1 WHERE id = %s", first.pk)
    sql("UPDATE {t} SET id = %s WHERE id = %s", first.pk, second.pk)
    sql("UPDATE {t} SET id = %s WHERE id = -1", second.pk)
    finding = chain_verification().finding
    assert (finding.problem, finding.record_id, finding.seq) == (chain.ORDER, first.pk, second.seq)


def test_two_records_whose_times_are_swapped_are_caught_at_the_first(world):
    first = middle_of(world.first)
    second = AuditRecord.objects.get(seq=first.seq + 1)
    AuditRecord.objects.filter(pk=first.pk).update(at=second.at + dt.timedelta(hours=1))
    AuditRecord.objects.filter(pk=second.pk).update(at=first.at)
    finding = chain_verification().finding
    assert (finding.problem, finding.record_id) == (chain.CONTENT_HASH_MISMATCH, first.pk)


def test_a_held_head_is_found_while_the_chain_is_intact_and_not_after_a_rewrite(world):
    head = AuditRecord.objects.order_by("-seq").first()
    assert held_head_check(seq=head.seq, record_hash=head.record_hash) is None
    assert held_head_check(seq=head.seq + 5, record_hash=head.record_hash).problem == (
        chain.MISSING_RECORD
    )
    AuditRecord.objects.filter(pk=head.pk).update(record_hash="a" * 64)
    assert held_head_check(seq=head.seq, record_hash=head.record_hash).problem == (
        chain.HEAD_MISMATCH
    )


def test_the_data_migration_chains_records_written_before_the_chain(world):
    from importlib import import_module

    from django.apps import apps

    AuditRecord.objects.update(
        seq=None, prev_hash="", procedure_seq=None, procedure_prev_hash="", record_hash=""
    )
    AuditChainHead.objects.all().delete()
    assert not chain_verification().ok
    import_module("innopartner.audit.migrations.0003_chain_existing_records").chain_existing(
        apps, None
    )
    assert chain_verification().ok
    assert chain_verification(procedure=world.first).ok


@pytest.mark.slow
def test_a_long_trail_is_verified_as_a_stream_and_a_change_deep_inside_is_found(world):
    # 20,000 records keep the suite fast; docs/security.md gives the time for 100,000.
    from django.utils import timezone

    head = chain_head_stored()
    now, batch = timezone.now(), []
    for n in range(20_000):
        link = chain.next_link(head)
        record = AuditRecord(
            at=now, recorded_at=now, actor_label="bulk", action="bulk.test", subject_type="x",
            subject_id=str(n), before={"n": n}, after={}, note="", seq=link.seq,
            prev_hash=link.prev_hash,
        )  # fmt: skip
        record.record_hash = chain.content_hash(
            {f: getattr(record, f) for f in chain.CONTENT_FIELDS}
        )
        head = chain.Head(record.seq, record.record_hash)
        batch.append(record)
    AuditRecord.objects.bulk_create(batch, batch_size=5000)
    AuditChainHead.objects.filter(scope="*").update(seq=head.seq, record_hash=head.hash)
    verdict = chain_verification()
    assert verdict.ok and verdict.checked == AuditRecord.objects.count() > 20_000
    victim = AuditRecord.objects.get(seq=head.seq - 10)
    AuditRecord.objects.filter(pk=victim.pk).update(before={"n": -1})
    assert chain_verification().finding.record_id == victim.pk


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent appends: PostgreSQL only (SQLite has one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_transactions_append_one_after_the_other_and_the_chain_never_forks():
    from django.db import transaction

    from innopartner.audit.services import audit_record
    from innopartner.parties.models import Organisation

    world = make_world(operators=0)
    subject = Organisation.objects.get(pk=world.buyer.pk)
    barrier = threading.Barrier(6)
    errors = []

    def worker():
        try:
            barrier.wait()
            for n in range(10):
                with transaction.atomic():
                    audit_record(
                        actor=None, action=f"concurrent.{n}", subject=subject, at=world.now
                    )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditRecord.objects.filter(action__startswith="concurrent.").count() == 60
    assert chain_verification().ok


def test_every_single_change_to_every_record_is_caught(world):
    """Exhaustive: each content field and the hash of every record edited, every record
    deleted, every neighbouring pair swapped and a copy of every record inserted before the
    first and after the last, one change at a time (rolled back after each); the verification
    must catch every one."""
    from django.db import transaction

    records = list(AuditRecord.objects.order_by("id"))
    fields = [*chain.CONTENT_FIELDS, "record_hash"]
    mutations = caught = 0

    def attempt(change) -> None:
        nonlocal mutations, caught
        with transaction.atomic():
            change()
            mutations += 1
            caught += not chain_verification().ok
            transaction.set_rollback(True)

    for record in records:
        edits = _edits(world, record)
        for field in fields:
            if getattr(record, field) == edits[field]:
                continue  # not a change (e.g. a record without a procedure link to move)
            attempt(
                lambda r=record, f=field, v=edits[field]: AuditRecord.objects.filter(
                    pk=r.pk
                ).update(**{f: v})
            )
        attempt(lambda r=record: sql("DELETE FROM {t} WHERE id = %s", r.pk))
        for new_id in (0, records[-1].pk + 1):  # a copy before the first and after the last

            def insert(r=record, new_id=new_id) -> None:
                copy = {n: getattr(r, n) for n in chain.VERIFY_FIELDS if n != "id"}
                copy["seq"] = None  # the column is unique: a forger leaves it empty
                AuditRecord.objects.bulk_create([AuditRecord(id=new_id, **copy)])

            attempt(insert)
    for first, second in zip(records, records[1:], strict=False):

        def swap(a=first, b=second) -> None:
            sql("UPDATE {t} SET id = -1 WHERE id = %s", a.pk)
            sql("UPDATE {t} SET id = %s WHERE id = %s", a.pk, b.pk)
            sql("UPDATE {t} SET id = %s WHERE id = -1", b.pk)

        attempt(swap)

    assert chain_verification().ok  # every change was rolled back
    print(f"\naudit chain mutations: {mutations} on {len(records)} records, {caught} caught")
    assert mutations > 15 * len(records)
    assert caught == mutations
