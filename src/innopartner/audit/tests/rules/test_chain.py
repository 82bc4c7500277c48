"""The hash chain's rules, without the database: canonical content, hashing, and which record
verification names for every kind of change."""

import datetime as dt

import pytest

from innopartner.audit import chain

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def build(count: int = 6) -> list[dict]:
    """A chain as audit.services writes it: two procedures interleaved, one record without."""
    records, trail, own = [], chain.Head(), {}
    for n in range(count):
        procedure = None if n == 2 else ("p-a" if n % 2 else "p-b")
        link = chain.next_link(trail)
        record = {
            "id": 100 + n,
            "seq": link.seq,
            "prev_hash": link.prev_hash,
            "at": T0 + dt.timedelta(hours=n),
            "recorded_at": T0 + dt.timedelta(hours=n, seconds=1),
            "actor_id": 7,
            "actor_label": "officer",
            "action": f"thing.done{n}",
            "procedure_id": procedure,
            "procedure_seq": None,
            "procedure_prev_hash": "",
            "subject_type": "procedures.Procedure",
            "subject_id": str(n),
            "before": {"stage": "draft", "n": n},
            "after": {"stage": "published", "list": [1, 2.5, "x"]},
            "note": "",
        }
        if procedure:
            plink = chain.next_link(own.get(procedure, chain.Head()))
            record["procedure_seq"], record["procedure_prev_hash"] = plink.seq, plink.prev_hash
        record["record_hash"] = chain.content_hash(record)
        trail = chain.Head(record["seq"], record["record_hash"])
        if procedure:
            own[procedure] = chain.Head(record["procedure_seq"], record["record_hash"])
        records.append(record)
    return records


def head_of(records):
    return chain.Head(records[-1]["seq"], records[-1]["record_hash"])


def of_procedure(records, procedure):
    return [r for r in records if r["procedure_id"] == procedure]


def test_an_untouched_chain_is_intact_up_to_its_head():
    records = build()
    verdict = chain.verify(records, head=head_of(records))
    assert verdict.ok and verdict.checked == 6 and verdict.head == head_of(records)


def test_an_empty_chain_is_intact_when_its_head_is_the_genesis():
    assert chain.verify([], head=chain.Head()).ok
    assert chain.Head().hash == chain.GENESIS == "0" * 64


def test_the_canonical_content_does_not_depend_on_key_order_or_time_zone():
    record = build(1)[0]
    shuffled = dict(reversed(list(record.items())))
    shuffled["before"] = {"n": 0, "stage": "draft"}
    shuffled["at"] = record["at"].astimezone(dt.timezone(dt.timedelta(hours=1)))
    assert chain.content_hash(shuffled) == chain.content_hash(record)
    assert chain.canonical_content(record).startswith(b'{"action":"thing.done0"')


@pytest.mark.parametrize("name", chain.CONTENT_FIELDS)
def test_a_change_to_any_content_field_changes_the_hash(name):
    record = build(1)[0]
    changed = dict(record)
    value = record[name]
    if isinstance(value, dt.datetime):
        changed[name] = value + dt.timedelta(microseconds=1)
    elif isinstance(value, dict):
        changed[name] = {**value, "extra": 1}
    elif isinstance(value, int):
        changed[name] = value + 1
    elif value is None:
        changed[name] = "something"
    else:
        changed[name] = value + "x"
    assert chain.content_hash(changed) != chain.content_hash(record)


def test_an_edited_record_is_named_for_its_content():
    records = build()
    records[3]["note"] = "rewritten"
    finding = chain.verify(records, head=head_of(records)).finding
    assert (finding.problem, finding.record_id, finding.seq) == (
        chain.CONTENT_HASH_MISMATCH,
        103,
        4,
    )
    assert finding.action == "thing.done3"


def test_an_edit_with_a_recomputed_hash_breaks_the_link_of_the_next_record():
    records = build()
    records[3]["note"] = "rewritten"
    records[3]["record_hash"] = chain.content_hash(records[3])
    finding = chain.verify(records, head=head_of(records)).finding
    assert (finding.problem, finding.record_id) == (chain.BROKEN_LINK, 104)
    assert "volgnummer 4" in finding.message


def test_a_removed_record_is_named_as_missing_at_the_next_one():
    records = build()
    del records[2]
    finding = chain.verify(records, head=head_of(records)).finding
    assert (finding.problem, finding.record_id) == (chain.MISSING_RECORD, 103)
    assert "volgnummer 3" in finding.message


def test_records_removed_at_the_end_are_found_against_the_head():
    records = build()
    head = head_of(records)
    finding = chain.verify(records[:-2], head=head).finding
    assert finding.problem == chain.MISSING_RECORD and "5 t/m 6" in finding.message
    assert chain.verify(records[:-2]).ok  # which is why the head is kept, and held by others


def test_two_records_swapped_are_named_as_out_of_order():
    records = build()
    records[1], records[2] = records[2], records[1]
    finding = chain.verify(records, head=head_of(records)).finding
    assert (finding.problem, finding.record_id, finding.seq) == (chain.ORDER, 102, 3)


def test_a_record_inserted_with_a_forged_hash_and_links_is_named():
    records = build()
    forged = dict(records[2], id=99, action="forged", seq=3)
    forged["record_hash"] = chain.content_hash(forged)
    records.insert(2, forged)
    finding = chain.verify(records, head=head_of(records)).finding
    # The forgery is self-consistent, so the first record that no longer fits is the genuine
    # one after it, whose place is now taken twice. (The database refuses the second seq 3.)
    assert (finding.problem, finding.record_id, finding.seq) == (chain.ORDER, 102, 3)
    assert "dubbel" in finding.message


def test_a_record_inserted_with_a_forged_hash_but_a_new_place_breaks_the_next_link():
    records = build()
    forged = dict(records[2], id=99, action="forged")
    forged["record_hash"] = chain.content_hash(forged)
    for later in records[2:]:  # renumbering the rest is not enough: their hashes break
        later["seq"] += 1
    records.insert(2, forged)
    finding = chain.verify(records, head=head_of(records)).finding
    assert (finding.problem, finding.record_id) == (chain.CONTENT_HASH_MISMATCH, 102)


def test_a_copied_record_inserted_again_is_out_of_order():
    records = build()
    records.insert(4, dict(records[1], id=150))
    finding = chain.verify(records, head=head_of(records)).finding
    assert (finding.problem, finding.record_id, finding.seq) == (chain.ORDER, 150, 2)


def test_a_procedure_chain_is_verified_on_its_own_and_catches_its_changes():
    records = build()
    mine = of_procedure(records, "p-a")
    head = chain.Head(mine[-1]["procedure_seq"], mine[-1]["record_hash"])
    options = {"seq_field": "procedure_seq", "link_field": "procedure_prev_hash", "head": head}
    assert chain.verify(mine, **options).ok and len(mine) == 3
    finding = chain.verify([mine[0], mine[2]], **options).finding
    assert (finding.problem, finding.record_id) == (chain.MISSING_RECORD, mine[2]["id"])
    finding = chain.verify(mine[:2], **options).finding
    assert finding.problem == chain.MISSING_RECORD and "aan het eind" in finding.message


def test_a_head_beyond_the_records_is_a_mismatch_when_it_names_an_earlier_place():
    records = build()
    finding = chain.verify(records, head=chain.Head(2, records[1]["record_hash"])).finding
    assert finding.problem == chain.HEAD_MISMATCH


def test_values_are_hashed_as_the_json_column_returns_them():
    assert chain.json_safe({"a": (1, 2), 3: "x"}) == {"a": [1, 2], "3": "x"}
