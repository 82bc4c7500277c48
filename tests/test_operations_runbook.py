"""docs/operations.md, the runbook an IT department follows, cannot rot:

- every ``innopartner`` command in its code blocks parses with the command's own parser (and a
  ``manage`` line with the Django command's parser);
- every data file of the package (templates, static files, translations, fonts, YAML) is
  covered by pyproject's package data, so that ``pip install .`` ships it;
- its first day runs, in subprocesses with the PRODUCTION settings on a SQLite folder of its
  own: serve refuses pending migrations, migrate, a superuser, the runbook's own commands for
  the first buyer and officer, serve behind the proxy's headers (allowed host, HTTPS by
  X-Forwarded-Proto, HSTS), the admin asks the superuser to set up the second factor and admits
  them after a TOTP code, then audit head, backup, restore onto a fresh folder and audit verify
  against the held head.
"""

from __future__ import annotations

import base64
import glob
import http.client
import json
import re
import shlex
import subprocess
import sys
import time
import tomllib
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .cli_support import free_port, subprocess_env, wait_until_serving

pytestmark = pytest.mark.own_sqlite  # the commands run on their own SQLite folder

ROOT = Path(__file__).resolve().parents[1]
RUNBOOK = ROOT / "docs" / "operations.md"
PACKAGE = ROOT / "src" / "innopartner"

# --- (a) every innopartner command of the runbook parses ----------------------------------

FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)
SUBSTITUTION = re.compile(r"\$\(((?:/\S*/)?innopartner [^()]*)\)")
PLACEHOLDER = re.compile(r"<[A-Za-z][^<>]*>")  # <new release>, <backup folder>
VARIABLE = re.compile(r"\$(\w+|\{\w+\}|@)")
COMMAND_END = {";", "&&", "||", "|", "&"}
REDIRECTION = {">", ">>", "<", "<<", "2>"}


def code_lines(text: str) -> list[str]:
    return [line for block in FENCE.findall(text) for line in block.splitlines()]


def innopartner_commands(line: str) -> list[list[str]]:
    """The arguments of each innopartner command on a shell line or systemd ``Exec...=`` line
    (the program named ``innopartner`` in command position, by any path), placeholders and
    shell variables replaced by sample values."""
    line = re.sub(r"^\s*Exec\w*=", "", line.strip())
    line = PLACEHOLDER.sub("sample", VARIABLE.sub("sample", line))
    inner = SUBSTITUTION.findall(line)
    line = SUBSTITUTION.sub("sample", line)
    commands = []
    for text in [line, *inner]:
        lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        try:
            tokens = list(lexer)
        except ValueError:  # not shell (Python in a here-document, nginx, ini)
            assert not text.startswith("innopartner "), text
            continue
        command: list[str] = []
        skip_next = False
        for token in [*tokens, ";"]:
            if skip_next:
                skip_next = False
            elif token in REDIRECTION:
                skip_next = True  # a file name, not a command
            elif token in COMMAND_END:
                while command and re.fullmatch(r"\w+=.*", command[0]):
                    command.pop(0)  # NAME=value before the program
                if command and Path(command[0]).name == "innopartner":
                    commands.append(command[1:])
                command = []
            else:
                command.append(token)
    return commands


def parse_problem(args: list[str]) -> str | None:
    """Why ``innopartner *args`` would be refused by its parser; None when it parses."""
    import contextlib
    import io

    from django.core.management import CommandError, get_commands, load_command_class

    from innopartner.cli import build_parser

    stderr = io.StringIO()
    try:
        with contextlib.redirect_stderr(stderr):
            parsed = build_parser().parse_args(args)
    except SystemExit:
        return stderr.getvalue().strip().splitlines()[-1]
    if parsed.command != "manage":
        return None
    rest = [a for a in parsed.rest if a != "--"]
    if not rest or rest[0] not in get_commands():
        return f"no Django command {rest[:1]}"
    command = load_command_class(get_commands()[rest[0]], rest[0])
    try:
        with contextlib.redirect_stderr(stderr):
            command.create_parser("innopartner manage", rest[0]).parse_args(rest[1:])
    except (SystemExit, CommandError) as error:
        return str(error) or stderr.getvalue().strip()
    return None


def test_the_checker_finds_commands_in_command_position_and_refuses_wrong_ones():
    assert innopartner_commands('echo "K=$(innopartner keys new)" >> /etc/x.env') == [
        ["keys", "new"]
    ]
    assert innopartner_commands("ExecStart=/opt/v/bin/innopartner serve --port 8000") == [
        ["serve", "--port", "8000"]
    ]
    assert innopartner_commands('innopartner audit head --json > "$HEADS/head.json"') == [
        ["audit", "head", "--json"]
    ]
    assert innopartner_commands("cat > /usr/local/bin/innopartner <<'EOF'") == []
    assert innopartner_commands("useradd --system innopartner") == []
    assert parse_problem(["backup", "--to", "/srv/b"]) is not None  # DEST is positional
    assert parse_problem(["serve", "--port", "0"]) is not None
    assert parse_problem(["manage", "createsuperuser", "--no-such-option"]) is not None
    assert parse_problem(["manage", "no-such-command"]) is not None
    assert parse_problem(["manage", "createsuperuser", "--username", "beheer"]) is None


def test_every_innopartner_command_in_the_runbook_parses():
    commands = [c for line in code_lines(RUNBOOK.read_text()) for c in innopartner_commands(line)]
    problems = {shlex.join(c): p for c in commands if (p := parse_problem(c))}
    assert not problems, problems
    # The runbook still covers its steps (a section lost would go unnoticed otherwise).
    used = {c[0] for c in commands} | {" ".join(c[:2]) for c in commands}
    for step in (
        "serve",
        "manage migrate",
        "manage createsuperuser",
        "manage changepassword",
        "organisation add",
        "organisation list",
        "person add",
        "person list",
        "person remove-role",
        "person second-factor-reset",
        "keys new",
        "keys rotate",
        "keys status",
        "audit head",
        "audit verify",
        "backup",
        "restore",
        "store check",
        "notify",
    ):
        assert step in used, step


def test_the_environment_file_names_only_real_settings_and_the_required_ones():
    """A misspelt name in the environment file would be ignored without a word."""
    readme = (ROOT / "README.md").read_text()
    known = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.M))
    block = next(b for b in FENCE.findall(RUNBOOK.read_text()) if "INNOPARTNER_ENV=" in b)
    names = re.findall(r"^([A-Z_]+)=", block, re.M)
    assert set(names) <= known, set(names) - known
    for required in (
        "INNOPARTNER_ENV",
        "INNOPARTNER_SECRET_KEY",
        "INNOPARTNER_MASTER_KEY",
        "DATABASE_URL",
        "INNOPARTNER_STORE_DIR",
        "INNOPARTNER_ALLOWED_HOSTS",
        "INNOPARTNER_CSRF_TRUSTED_ORIGINS",
        "INNOPARTNER_SITE_URL",
        "INNOPARTNER_EMAIL_BACKEND",
    ):
        assert required in names, required
    assert "INNOPARTNER_ENV=production" in block


# --- (3) the package data ships everything the source tree holds -----------------------------


def shipped(patterns: list[str]) -> set[str]:
    """The files under src/innopartner that setuptools' package-data globs take (it expands
    them with glob(recursive=True) from the package folder and keeps the files)."""
    return {
        Path(match).relative_to(PACKAGE).as_posix()
        for pattern in patterns
        for match in glob.glob(str(PACKAGE / pattern), recursive=True)
        if Path(match).is_file()
    }


def source_data_files() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "src/innopartner"], cwd=ROOT, capture_output=True, text=True
    )
    if listed.returncode == 0 and listed.stdout:
        files = [Path(line) for line in listed.stdout.splitlines()]
    else:  # an exported tree without git: every file but caches
        files = [p.relative_to(ROOT) for p in PACKAGE.rglob("*") if p.is_file()]
    return {
        p.relative_to("src/innopartner").as_posix()
        for p in files
        if p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts and (ROOT / p).is_file()
    }


def test_every_data_file_of_the_package_is_in_the_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["innopartner"]
    data = source_data_files()
    assert {"web/static/web/style.css", "scenarios/cases/ifv.yaml"} <= data
    assert any(f.endswith(".mo") for f in data) and any(f.endswith(".ttf") for f in data)
    missing = sorted(data - shipped(patterns))
    assert not missing, f"pip install . would leave these out (pyproject package-data): {missing}"
    # The check can fail: the old pattern left the six cases out.
    old = [p for p in patterns if p != "scenarios/cases/*.yaml"] + ["scenarios/*.yaml"]
    assert "scenarios/cases/ifv.yaml" in data - shipped(old)


# --- (b) the first day, with production settings --------------------------------------------

HOST = "innopartner.example.test"
PASSWORD = "Runb00k-beheer-geheim"


def innopartner(*args: str, env: dict[str, str], stdin=None, timeout: float = 120):
    return subprocess.run(
        [sys.executable, "-m", "innopartner", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=stdin,
        timeout=timeout,
    )


class Browser:
    """Plain HTTP to the served application as nginx forwards it (Host, X-Forwarded-Proto),
    keeping cookies itself: the session cookie is Secure, which a client library would not
    send over the plain HTTP between proxy and application."""

    def __init__(self, port: int, *, host: str = HOST, https: bool = True) -> None:
        self.port, self.host, self.https = port, host, https
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        headers = {"Host": self.host}
        if self.https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{self.host}"
            headers["Referer"] = f"https://{self.host}{path}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, text

    def form_token(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def onboarding_commands() -> list[list[str]]:
    """The runbook's commands for the first buyer organisation and procurement officer (the
    code block that adds the authority), without ``manage changepassword``, which asks for the
    password at the terminal."""
    block = next(
        (b for b in FENCE.findall(RUNBOOK.read_text()) if "organisation add authority" in b), None
    )
    assert block, "docs/operations.md lost the commands for the first buyer and officer"
    commands = [c for line in block.splitlines() for c in innopartner_commands(line)]
    assert [c[:2] for c in commands[:2]] == [["organisation", "add"], ["person", "add"]]
    return [c for c in commands if c[0] != "manage"]


@pytest.mark.slow
def test_the_first_day_of_the_runbook_with_production_settings(tmp_path):
    from django_otp.oath import totp

    made = innopartner("keys", "new", env=subprocess_env())
    assert made.returncode == 0, made.stderr
    master_key = made.stdout.strip()
    assert len(base64.b64decode(master_key, validate=True)) == 32

    def production(folder: Path) -> dict[str, str]:
        return subprocess_env(
            drop=("INNOPARTNER_DEBUG", "INNOPARTNER_DEMO"),
            INNOPARTNER_ENV="production",
            INNOPARTNER_SECRET_KEY="runbook-" + "s3cr3t-" * 8,
            INNOPARTNER_MASTER_KEY=master_key,
            INNOPARTNER_DATA=str(folder),
            INNOPARTNER_STORE_DIR=str(folder / "store"),
            INNOPARTNER_ALLOWED_HOSTS=HOST,
            INNOPARTNER_CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
            INNOPARTNER_SITE_URL=f"https://{HOST}",
            INNOPARTNER_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        )

    env = production(tmp_path / "data")
    port = free_port()

    refused = innopartner("serve", "--port", str(port), env=env)
    assert refused.returncode == 1
    assert "migratie(s)" in refused.stderr and "--migrate" in refused.stderr

    done = innopartner("manage", "migrate", "--no-input", "-v", "0", env=env)
    assert done.returncode == 0, done.stderr
    done = innopartner(
        "manage",
        "createsuperuser",
        "--noinput",
        "--username",
        "beheer",
        "--email",
        "it@example.test",
        env={**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
    )
    assert done.returncode == 0, done.stderr
    for command in onboarding_commands():
        done = innopartner(*command, env=env)
        assert done.returncode == 0, (command, done.stderr)
    listed = innopartner("person", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    officer = next(p for p in json.loads(listed.stdout) if p["roles"])
    assert [r["role"] for r in officer["roles"]] == ["procurement_officer"]
    assert officer["roles"][0]["organisation"] == "Waterschap Voorbeeld"

    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "innopartner", "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        wait_until_serving(server, f"http://127.0.0.1:{port}/static/web/style.css", log=log)
        browser = Browser(port)
        response, html = browser.request("GET", "/aanmelden/")
        assert response.status == 200 and 'name="password"' in html
        # HTTPS as the proxy says: HSTS is sent, the CSRF cookie is Secure.
        assert response.getheader("Strict-Transport-Security", "").startswith("max-age=")
        assert "csrftoken" in browser.cookies
        plain, _ = Browser(port, https=False).request("GET", "/aanmelden/")
        assert plain.status == 200 and plain.getheader("Strict-Transport-Security") is None
        stranger, _ = Browser(port, host="evil.example").request("GET", "/aanmelden/")
        assert stranger.status == 400
        style, css = browser.request("GET", "/static/web/style.css")  # WhiteNoise
        assert style.status == 200 and css.strip()

        # The admin: an anonymous visitor goes to its login; the superuser, once signed in,
        # must set up the second factor first, and is admitted after a valid TOTP code.
        response, _ = browser.request("GET", "/admin/")
        assert response.status == 302
        assert response.getheader("Location").startswith("/admin/login/")
        _, html = browser.request("GET", "/admin/login/?next=/admin/")
        response, _ = browser.request(
            "POST",
            "/admin/login/?next=/admin/",
            {
                "username": "beheer",
                "password": PASSWORD,
                "next": "/admin/",
                "csrfmiddlewaretoken": browser.form_token(html),
            },
        )
        assert response.status == 302, "the superuser's sign-in was refused"
        assert "sessionid" in browser.cookies
        response, _ = browser.request("GET", "/admin/")
        assert response.status == 302
        setup = response.getheader("Location")
        assert setup.startswith("/tweestapsverificatie/instellen/"), setup
        response, html = browser.request("GET", setup)
        assert response.status == 200
        secret = re.search(r'<code class="secret">([A-Z2-7=]+)</code>', html).group(1)
        wrong, _ = browser.request(
            "POST",
            setup,
            {"token": "000000", "next": "/admin/", "csrfmiddlewaretoken": browser.form_token(html)},
        )
        assert wrong.status == 200  # the form again, nothing admitted
        time.sleep(2)  # django-otp throttles the device for a second after a wrong code
        code = f"{totp(base64.b32decode(secret)):06d}"
        response, _ = browser.request(
            "POST",
            setup,
            {"token": code, "next": "/admin/", "csrfmiddlewaretoken": browser.form_token(html)},
        )
        assert response.status == 302 and response.getheader("Location") == "/admin/"
        response, html = browser.request("GET", "/admin/")
        assert response.status == 200 and "beheer" in html
    finally:
        server.terminate()
        server.wait(timeout=30)

    head = innopartner("audit", "head", "--json", env=env)
    assert head.returncode == 0, head.stderr
    held = json.loads(head.stdout)
    assert held["action"] == "membership.granted"  # the runbook's officer, recorded
    (tmp_path / "head.json").write_text(head.stdout)

    done = innopartner("backup", str(tmp_path / "backups" / "day-1"), env=env)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "backups" / "day-1" / "manifest.json").is_file()
    checked = innopartner("store", "check", env=env)
    assert checked.returncode == 0, checked.stderr

    drill = production(tmp_path / "drill")
    done = innopartner("restore", str(tmp_path / "backups" / "day-1"), env=drill)
    assert done.returncode == 0, done.stdout + done.stderr
    verified = innopartner("audit", "verify", "--head", str(tmp_path / "head.json"), env=drill)
    assert verified.returncode == 0, verified.stderr
    assert verified.stdout.startswith("intact") and "bewaarde kop gevonden" in verified.stdout


@pytest.mark.slow
def test_a_rehearsal_on_the_production_server_leaves_its_file_store_alone(tmp_path):
    """A procurement officer may rehearse a procedure (`innopartner cases run --file`) on the
    server, where INNOPARTNER_STORE_DIR names the installation's file store: the rehearsal's
    sealed tenders stay in its temporary folder (they were left as orphans in the store, and
    so in every backup)."""
    store = tmp_path / "store"
    store.mkdir()
    done = innopartner(
        "cases",
        "run",
        "--file",
        str(PACKAGE / "scenarios" / "cases" / "ifv.yaml"),
        env=subprocess_env(INNOPARTNER_ENV="dev", INNOPARTNER_STORE_DIR=str(store)),
    )
    assert done.returncode == 0, done.stderr
    assert "ifv" in done.stdout and " ok" in done.stdout
    assert list(store.rglob("*")) == []
