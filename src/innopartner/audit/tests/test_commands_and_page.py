"""`innopartner audit verify` and `audit head` (run in-process on the test database), and the
chain's verdict and head on the auditor's audit-trail page."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from innopartner.audit.models import AuditRecord
from innopartner.cli import main
from innopartner.parties import services as parties
from innopartner.testing import draft_procedure, make_world, pass_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world(operators=1)
    world.procedure = draft_procedure(world)
    world.procedure.slug = "tamper"
    world.procedure.save(update_fields=["slug"])
    return world


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_verify_passes_on_an_intact_trail_and_names_the_first_broken_record(world, capsys):
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and out.startswith("intact: hele audittrail")
    victim = AuditRecord.objects.filter(procedure=world.procedure).order_by("id")[1]
    AuditRecord.objects.filter(pk=victim.pk).update(actor_label="iemand-anders")
    code, _, err = run(capsys, "audit", "verify")
    assert code == 1
    assert f"content-hash-mismatch: record {victim.pk}, volgnummer {victim.seq}" in err
    assert victim.action in err and "CET" in err  # the time in Europe/Amsterdam, zone named
    code, out, _ = run(capsys, "audit", "verify", "--procedure", "tamper", "--json")
    result = json.loads(out)
    assert code == 1 and result["ok"] is False
    assert result["finding"]["record_id"] == victim.pk


def test_verify_of_an_unknown_procedure_is_refused_with_its_code(world, capsys):
    code, _, err = run(capsys, "audit", "verify", "--procedure", "bestaat-niet")
    assert code == 1 and err.startswith("FOUT ")


def test_the_head_printed_today_is_found_by_verify_until_the_chain_is_rewritten(
    world, capsys, tmp_path
):
    code, out, _ = run(capsys, "audit", "head", "--json")
    head = json.loads(out)
    last = AuditRecord.objects.order_by("-seq").first()
    assert code == 0 and (head["seq"], head["hash"]) == (last.seq, last.record_hash)
    held = tmp_path / "head.json"
    held.write_text(out)
    code, out, _ = run(capsys, "audit", "verify", "--head", str(held))
    assert code == 0 and "bewaarde kop gevonden" in out
    held.write_text(json.dumps({**head, "hash": "f" * 64}))
    code, _, err = run(capsys, "audit", "verify", "--head", str(held))
    assert code == 1 and "head-mismatch" in err
    held.write_text("geen json")
    code, _, err = run(capsys, "audit", "verify", "--head", str(held))
    assert code == 1 and "invalid-head-file" in err


def test_the_daily_head_is_the_last_record_written_that_day_in_amsterdam(world, capsys):
    records = list(AuditRecord.objects.order_by("seq"))
    # Spread the records over two days; the last record of the first day is the head of that
    # day even when written at 23:30 Amsterdam time (22:30 UTC).
    day_one = dt.datetime(2026, 3, 2, 22, 30, tzinfo=dt.UTC)
    for record in records[:3]:
        AuditRecord.objects.filter(pk=record.pk).update(recorded_at=day_one)
    for record in records[3:]:
        AuditRecord.objects.filter(pk=record.pk).update(recorded_at=day_one + dt.timedelta(days=1))
    code, out, _ = run(capsys, "audit", "head", "--date", "2026-03-02", "--json")
    assert code == 0 and json.loads(out)["seq"] == records[2].seq
    code, out, _ = run(capsys, "audit", "head", "--date", "2026-03-02")
    assert f"volgnummer {records[2].seq}" in out and records[2].record_hash in out
    code, _, err = run(capsys, "audit", "head", "--date", "2026-03-01")
    assert code == 1 and "no-audit-records" in err
    code, _, err = run(capsys, "audit", "head", "--date", "2 maart")
    assert code == 1 and "invalid-date" in err


def test_the_auditor_page_shows_the_verdict_and_the_current_head(world, client):
    auditor_org = parties.authority_create(
        name="Auditdienst", authority_type="other", now=world.now
    )
    auditor = parties.person_add(
        username="auditor", organisation=auditor_org, role="auditor", now=world.now
    )
    pass_second_factor(client, auditor)
    url = reverse("web:audit_trail", args=[world.procedure.pk])
    page = client.get(url).content.decode()
    head = AuditRecord.objects.order_by("-seq").first()
    assert "Intact" in page and head.record_hash in page
    victim = AuditRecord.objects.filter(procedure=world.procedure).order_by("id")[2]
    AuditRecord.objects.filter(pk=victim.pk).update(note="achteraf")
    page = client.get(url).content.decode()
    assert "Verbroken" in page and 'role="alert"' in page
    assert f"record {victim.pk}" in page and "inhoud gewijzigd" in page


def test_buyer_staff_see_their_procedure_chain_but_no_installation_wide_ids(world, client):
    from innopartner.web.tests.conftest import sign_in

    draft_procedure(world)  # so that the whole trail's head is another procedure's record
    sign_in(client, "officer")
    url = reverse("web:audit_trail", args=[world.procedure.pk])
    page = client.get(url).content.decode()
    mine = AuditRecord.objects.filter(procedure=world.procedure).order_by("-id")
    trail_head = AuditRecord.objects.order_by("-seq").first()
    assert "Intact" in page and mine[0].record_hash in page
    assert f"volgnummer {mine[0].procedure_seq}," in page
    assert trail_head.pk != mine[0].pk and trail_head.record_hash not in page
    victim = mine[1]
    AuditRecord.objects.filter(pk=victim.pk).update(note="achteraf")
    page = client.get(url).content.decode()
    assert "Verbroken" in page and f"record {victim.pk}" not in page
    assert f"volgnummer {victim.procedure_seq}," in page
