"""Crash-safe submission: tenders are submitted through the real service in a child process
that is SIGKILLed at random moments, again and again. Afterwards every receipt the client got
names a stored tender that decrypts to exactly what was sent, every tender row has its sealed
file, and what a crash left behind (a temporary file, a file whose row never committed) is
harmless and removed by ``innopartner store check --clean``."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite]

REPO = Path(__file__).resolve().parents[1]

SETUP = textwrap.dedent(
    """
    import datetime as dt
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0, interactive=False)
    from innopartner.testing import draft_procedure, make_world, publish, select
    from innopartner.tendering import services
    world = make_world(operators=5)
    procedure = select(world, publish(world, draft_procedure(world)))
    services.round_open(procedure=procedure, kind="initial", now=world.now,
                        deadline=world.now + dt.timedelta(days=14), actor=world.officer)
    print("ready", flush=True)
    """
)

# Submits or replaces tenders for ever; prints a receipt line only after the service returned
# (that is: after the commit), as a client gets it.
WORKER = textwrap.dedent(
    """
    import datetime as dt, json, os, random, sys
    import django
    django.setup()
    from innopartner.parties.models import Membership
    from innopartner.tendering import services
    from innopartner.tendering.models import Tender, TenderRound
    tender_round = TenderRound.objects.get()
    now = tender_round.opened_for_submission_at + dt.timedelta(days=1)
    people = {m.organisation_id: m.user for m in Membership.objects.filter(role="supplier")
              .select_related("user", "organisation")}
    operators = [m.organisation for m in Membership.objects.filter(role="supplier")
                 .select_related("organisation")]
    rng = random.Random(int(sys.argv[1]))
    print("started", flush=True)
    while True:
        operator = rng.choice(operators)
        marker = os.urandom(8).hex()
        content = ("TENDER " + marker + " ").encode() + os.urandom(rng.randint(1, 400_000))
        live = Tender.objects.filter(round=tender_round, operator=operator,
                                     status="submitted").first()
        common = dict(content=content, filename="t.pdf", price=1000, now=now,
                      actor=people[operator.pk])
        if live is None:
            receipt = services.tender_submit(tender_round=tender_round, operator=operator,
                                             **common)
        else:
            receipt = services.tender_replace(tender=live, **common)
        print(json.dumps({"receipt": str(receipt.pk), "sha256": receipt.sha256}), flush=True)
    """
)

VERIFY = textwrap.dedent(
    """
    import datetime as dt, hashlib, json, sys
    import django
    django.setup()
    from django.contrib.auth import get_user_model
    from innopartner.sealing import store
    from innopartner.sealing.services import check_sealed_file
    from innopartner.tendering import services
    from innopartner.tendering.models import Receipt, Tender, TenderRound
    from innopartner.tendering.selectors import tender_content
    users = get_user_model().objects
    tender_round = TenderRound.objects.get()
    after = tender_round.deadline + dt.timedelta(hours=1)
    opening = services.tenders_opening_start(tender_round=tender_round, now=after,
                                             actor=users.get(username="officer"))
    services.tenders_opening_confirm(opening=opening, now=after,
                                     actor=users.get(username="officer2"))
    officer = users.get(username="officer")
    got = json.load(open(sys.argv[1]))
    bad = []
    for line in got:
        receipt = Receipt.objects.filter(pk=line["receipt"]).first()
        if receipt is None:
            bad.append(("receipt missing", line)); continue
        content = tender_content(tender=receipt.tender, user=officer)
        if hashlib.sha256(content).hexdigest() != line["sha256"]:
            bad.append(("content differs", line))
    rows = set()
    for tender in Tender.objects.all():
        rows.add(tender.blob)
        if not check_sealed_file(name=tender.blob, sealed_sha256=tender.sealed_sha256):
            bad.append(("row without its sealed file", tender.blob))
        if not tender.receipts.exists():
            bad.append(("tender without receipt", str(tender.pk)))
    left = sorted(name for name, _path, _age in store.files() if name not in rows)
    print(json.dumps({"bad": bad, "left": left, "tenders": len(rows),
                      "checked": len(got)}))
    """
)


def _env(data: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(
        INNOPARTNER_ENV="dev",
        INNOPARTNER_DATA=str(data),
        INNOPARTNER_STORE_DIR=str(data / "store"),
        PYTHONPATH=str(REPO / "src"),
    )
    return env


def _python(code: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120
    )


def store_checked_and_receipts_verified(
    tmp_path: Path, received: list[dict[str, str]], *, env: dict[str, str], verify_env=None
) -> dict:
    """After the kills: ``store check --clean`` finds no row without its file and cleans up;
    then VERIFY opens the round and checks every received receipt. Its result (bad, left,
    tenders, checked)."""
    check = subprocess.run(
        [sys.executable, "-m", "innopartner", "store", "check", "--clean", "--min-age", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr  # no row misses its file
    assert "ONTBREEKT" not in check.stdout and "GEWIJZIGD" not in check.stdout
    got = tmp_path / "received.json"
    got.write_text(json.dumps(received))
    verified = _python(VERIFY, str(got), env=verify_env or env)
    assert verified.returncode == 0, verified.stderr
    return json.loads(verified.stdout.strip().splitlines()[-1])


def test_receipts_survive_random_sigkills_and_nothing_is_half_stored(tmp_path):
    env = _env(tmp_path / "data")
    env["DJANGO_SETTINGS_MODULE"] = "innopartner.config.settings.dev"
    ready = _python(SETUP, env=env)
    assert ready.returncode == 0 and "ready" in ready.stdout, ready.stderr

    rng = random.Random(20261129)
    received: list[dict[str, str]] = []
    kills = 0
    started = time.monotonic()
    while time.monotonic() - started < 15 and kills < 10:
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(kills)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        # Kill at a random moment once Django is up and submissions run (start-up time
        # varies with the machine's load, so wait for the worker to say it started).
        assert worker.stdout is not None
        first = worker.stdout.readline()
        time.sleep(rng.uniform(0.05, 0.8))
        worker.send_signal(signal.SIGKILL)
        out, _ = worker.communicate()
        kills += 1
        assert first.strip() == "started", first
        # Only complete lines reached the client: a line cut by the kill was never received.
        received += [json.loads(line) for line in out.splitlines() if line.endswith("}")]

    assert kills >= 5 and len(received) >= 20, (kills, len(received))

    result = store_checked_and_receipts_verified(tmp_path, received, env=env)
    assert result["bad"] == []
    assert result["left"] == []  # orphans and temporary files were cleaned up
    assert result["checked"] == len(received) and result["tenders"] >= len(received)
