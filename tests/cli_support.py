"""Helpers for tests that run ``innopartner`` in a subprocess, as an operator runs it: the
environment without the test run's own settings and database, a free local port, and waiting
until ``innopartner serve`` answers."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

#: Variables of the test run that must not leak into an operator's command: the test settings
#: module (which production refuses) and the database under test (PostgreSQL in CI's pass).
TEST_RUN_VARIABLES = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")


def subprocess_env(*, drop: tuple[str, ...] = (), **variables: str) -> dict[str, str]:
    """This process's environment without the test run's settings and database (and the names
    in ``drop``), with ``variables`` set."""
    env = {k: v for k, v in os.environ.items() if k not in (*TEST_RUN_VARIABLES, *drop)}
    env.update(variables)
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url: str) -> int:
    """The status of a GET (an error status too); OSError while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_until_serving(
    server: subprocess.Popen, url: str, *, log: Path, timeout: float = 120
) -> int:
    """Poll ``url`` until the server answers; its first status. Fails with the server's log
    when it exits or does not answer in time."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return http_status(url)
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
