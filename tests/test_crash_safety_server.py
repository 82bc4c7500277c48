"""Crash-safe submission through the real server: ``innopartner serve`` (waitress) is SIGKILLed
at random moments while several clients submit and replace tenders over the API, then started
again, about ten times. Afterwards every receipt a client got in full (the whole 201 response)
names a stored tender that decrypts to exactly the bytes sent, every tender row has its sealed
file and its receipt, and what a kill left behind is removed by ``store check --clean``.

A submission cut by a kill is expected to fail on the client's side (connection reset, no
response): the client then holds no receipt, and the tender either is stored whole (its
receipt was committed but never delivered) or does not exist at all."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.test_crash_safety import _env, _python, store_checked_and_receipts_verified

pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite]

HOST = "127.0.0.1"

# The server uses the real clock: the procedure is built in the past and the round opened now,
# with its deadline two weeks ahead, so that every submission over HTTP is in time.
SETUP = textwrap.dedent(
    """
    import datetime as dt, json
    import django
    django.setup()
    from django.core.management import call_command
    call_command("migrate", verbosity=0, interactive=False)
    from django.utils import timezone
    from innopartner.api.services import api_token_create
    from innopartner.core.timeutil import AMSTERDAM
    from innopartner.testing import draft_procedure, make_world, publish, select
    from innopartner.tendering import services
    now = timezone.now()
    # Amsterdam wall-clock arithmetic: the time limits are counted in Dutch calendar days,
    # and a month back may cross a DST change.
    world = make_world(operators=4, now=now.astimezone(AMSTERDAM) - dt.timedelta(days=60))
    procedure = select(world, publish(world, draft_procedure(world)))
    services.round_open(procedure=procedure, kind="initial", now=now,
                        deadline=now + dt.timedelta(days=14), actor=world.officer)
    tokens = {str(o.pk): api_token_create(user=world.supplier(o), now=now).key
              for o in world.operators}
    print(json.dumps({"procedure": str(procedure.pk), "tokens": tokens}), flush=True)
    """
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _multipart(fields: dict[str, str], content: bytes) -> tuple[bytes, str]:
    boundary = os.urandom(16).hex()
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Supplier(threading.Thread):
    """One company's client: submits a tender, then replaces it again and again. A receipt is
    kept only when the full 201 response arrived; after any failure the client asks the API
    which of its tenders is live (a kill may have struck after the commit)."""

    def __init__(self, *, port: int, procedure: str, operator: str, token: str, seed: int):
        super().__init__(daemon=True)
        self.port, self.operator, self.token = port, operator, token
        self.base = f"/api/v1/procedures/{procedure}/"
        self.rng = random.Random(seed)
        self.stop = threading.Event()
        self.receipts: list[dict[str, str]] = []
        self.seen: Counter[str] = Counter()
        self.wrong: list[object] = []  # receipts that do not match what was sent
        self.live: str | None = None
        self.known = True  # whether self.live is known to be right

    def request(self, method: str, path: str, body: bytes = b"", kind: str = "") -> tuple:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            headers = {"Authorization": f"Token {self.token}", "Connection": "close"}
            if kind:
                headers["Content-Type"] = kind
            connection.request(method, self.base + path, body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def resync(self) -> None:
        path = "tenders/?limit=200"
        live = None
        while path:
            status, body = self.request("GET", path)
            if status != 200:
                self.seen[f"list answered {status}"] += 1
                return
            page = json.loads(body)
            live = next((t["id"] for t in page["results"] if t["status"] == "submitted"), live)
            path = page["next"].split(self.base, 1)[1] if page["next"] else ""
        self.live, self.known = live, True

    def run(self) -> None:
        while not self.stop.is_set():
            doing = "list"
            try:
                if not self.known:
                    self.resync()
                doing = "submission"
                self.submit_once()
            except ConnectionRefusedError:
                self.seen["server down"] += 1  # nothing sent
                time.sleep(0.05)
            except (OSError, http.client.HTTPException):
                # Sent, at least in part, and no full answer: cut by a kill.
                self.seen[f"{doing} cut"] += 1
                self.known = False

    def submit_once(self) -> None:
        marker = os.urandom(8).hex()
        content = f"TENDER {marker} ".encode() + os.urandom(self.rng.randint(1, 300_000))
        fields = {"price": "1000"}
        if self.live is None:
            fields["operator"] = self.operator
            path = "rounds/1/tenders/"
        else:
            path = f"tenders/{self.live}/replace/"
        body, kind = _multipart(fields, content)
        self.known = False  # until the answer says otherwise
        status, answer = self.request("POST", path, body, kind)
        if status != 201:
            self.seen[f"refused {status}"] += 1  # e.g. a stale live tender after a kill
            return
        receipt = json.loads(answer)
        sha256 = hashlib.sha256(content).hexdigest()
        if receipt["sha256"] != sha256 or receipt["size"] != len(content):
            self.wrong.append(receipt)
        self.receipts.append({"receipt": receipt["id"], "sha256": sha256})
        self.live, self.known = receipt["tender"], True
        self.seen["receipts"] += 1


class Server:
    """``innopartner serve`` in a subprocess, its output in a log file per start."""

    def __init__(self, *, port: int, env: dict[str, str], logs: Path):
        self.port, self.env, self.logs = port, env, logs
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def start(self, *, timeout: float = 60) -> None:
        self.starts += 1
        log = self.logs / f"server-{self.starts}.log"
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "innopartner", "serve"]
                + ["--host", HOST, "--port", str(self.port), "--threads", "4"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection((HOST, self.port), timeout=1).close()
                return
            except OSError:
                pass
            exited = self.process.poll() is not None
            if exited or time.monotonic() > deadline:
                self.kill()
                raise AssertionError(
                    f"innopartner serve (start {self.starts}) did not answer on port "
                    f"{self.port} within {timeout:.0f} s"
                    + (" (it exited)" if exited else "")
                    + ":\n"
                    + log.read_text(errors="replace")[-2000:]
                )
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)  # waitress serves with threads: one pid
        if self.process is not None:
            self.process.wait(timeout=30)
        self.process = None


def test_receipts_survive_sigkills_of_the_server_and_nothing_is_half_stored(tmp_path):
    env = _env(tmp_path / "data")
    setup_env = {**env, "DJANGO_SETTINGS_MODULE": "innopartner.config.settings.dev"}
    ready = _python(SETUP, env=setup_env)
    assert ready.returncode == 0, ready.stderr
    world = json.loads(ready.stdout.strip().splitlines()[-1])

    port = _free_port()
    server = Server(port=port, env=env, logs=tmp_path)
    rng = random.Random(20261129)
    clients = [
        Supplier(port=port, procedure=world["procedure"], operator=o, token=t, seed=i)
        for i, (o, t) in enumerate(world["tokens"].items())
    ]
    kills = 0
    started = time.monotonic()
    try:
        server.start()
        for client in clients:
            client.start()
        while kills < 10 and time.monotonic() - started < 30:
            time.sleep(rng.uniform(0.3, 1.5))  # a random moment while the clients submit
            server.kill()
            kills += 1
            if kills < 10 and time.monotonic() - started < 30:
                server.start()
    finally:
        for client in clients:
            client.stop.set()
        server.kill()
        for client in clients:
            client.join(timeout=90)
    assert not any(client.is_alive() for client in clients)

    assert [r for client in clients for r in client.wrong] == []
    received = [r for client in clients for r in client.receipts]
    seen = sum((client.seen for client in clients), Counter())
    failed = seen["submission cut"] + sum(n for w, n in seen.items() if w.startswith("refused"))
    assert kills >= 5 and len(received) > 20, (kills, len(received), seen)
    assert seen["submission cut"] > 0, seen  # kills did strike submissions in flight

    result = store_checked_and_receipts_verified(tmp_path, received, env=env, verify_env=setup_env)
    print(
        f"\nserver crash test: {kills} kills in {time.monotonic() - started:.0f} s, "
        f"{len(received)} receipts, {failed} submissions failed on the client's side "
        f"({dict(sorted(seen.items()))}), {result['tenders']} tenders stored "
        f"({result['tenders'] - len(received)} without a delivered receipt), "
        f"{len(result['bad'])} losses"
    )
    assert result["bad"] == []  # every receipt's tender is stored whole; no half-stored row
    assert result["left"] == []  # orphans and temporary files were cleaned up
    assert result["checked"] == len(received) and result["tenders"] >= len(received)
