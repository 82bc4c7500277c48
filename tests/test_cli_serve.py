"""``innopartner serve``, run as an operator runs it: in a subprocess on its own data folder.
It serves the application without cases or demo accounts, migrates only when asked, and
refuses a bad port, a port in use and a database with pending migrations with a clear message."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from .cli_support import free_port, http_status, subprocess_env, wait_until_serving

pytestmark = pytest.mark.own_sqlite  # each command runs on its own SQLite folder


def _env(data: Path) -> dict[str, str]:
    return subprocess_env(INNOPARTNER_ENV="dev", INNOPARTNER_DATA=str(data))


def serve(*args: str, data: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "innopartner", "serve", *args],
        capture_output=True,
        text=True,
        env=_env(data),
        timeout=timeout,
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--port", "0"], "--port moet een geheel getal van 1 tot en met 65535 zijn, niet '0'"),
        (["--port", "70000"], "--port moet een geheel getal van 1 tot en met 65535 zijn"),
        (["--port", "web"], "niet 'web'"),
        (["--threads", "0"], "--threads moet een geheel getal van 1 tot en met 256 zijn"),
    ],
)
def test_a_bad_port_or_thread_count_is_refused_with_a_clear_message(tmp_path, args, message):
    done = serve(*args, data=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "innopartner.sqlite3").exists()  # refused before touching anything


@pytest.mark.slow
def test_serve_refuses_pending_migrations_migrates_only_when_asked_and_loads_nothing(tmp_path):
    refused = serve("--port", str(free_port()), data=tmp_path)
    assert refused.returncode == 1
    assert "migratie(s)" in refused.stderr and "--migrate" in refused.stderr
    assert "innopartner backup" in refused.stderr
    with sqlite3.connect(tmp_path / "innopartner.sqlite3") as db:  # nothing was migrated
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "django_migrations" not in tables

    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "innopartner", "serve", "--migrate", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=_env(tmp_path),
        )
    try:
        status = wait_until_serving(server, f"http://127.0.0.1:{port}/api/v1/letters/", log=log)
        assert status == 401  # the application answers: the API wants a token
        assert http_status(f"http://127.0.0.1:{port}/admin/login/") == 200
        # Behind the proxy on this machine a failed login counts against the visitor's address
        # (X-Forwarded-For), not against 127.0.0.1 for everybody.
        _failed_login(f"http://127.0.0.1:{port}", forwarded_for="203.0.113.7")
        text = log.read_text()
        assert "migraties toepassen" in text and f"http://127.0.0.1:{port}/" in text

        # Migrated now: a second server gets past the check and stops at the port in use.
        busy = serve("--port", str(port), data=tmp_path)
        assert busy.returncode == 1
        assert f"kan niet luisteren op 127.0.0.1:{port}" in busy.stderr
        assert "migratie" not in busy.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)

    with sqlite3.connect(tmp_path / "innopartner.sqlite3") as db:  # no cases, no demo accounts
        assert db.execute("SELECT count(*) FROM procedures_procedure").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM auth_user").fetchone() == (0,)
        attempts = db.execute("SELECT ip_address FROM axes_accessattempt").fetchall()
    assert attempts == [("203.0.113.7",)]


def _failed_login(base: str, *, forwarded_for: str) -> None:
    import http.cookiejar
    import re
    import urllib.parse
    import urllib.request

    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/aanmelden/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": "niemand", "password": "fout"}
    ).encode()
    request = urllib.request.Request(
        f"{base}/aanmelden/",
        data=form,
        headers={"X-Forwarded-For": forwarded_for, "Referer": f"{base}/aanmelden/"},
    )
    with opener.open(request, timeout=10) as answer:
        assert answer.status == 200  # the form again, with the error
