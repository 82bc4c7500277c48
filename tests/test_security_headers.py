"""Attack surface: the browser headers (CSP by django-csp 4.0, framing, sniffing, referrer),
no inline script anywhere (so the CSP can forbid it), ``check --deploy`` clean under production
settings, and the login lockout (django-axes) also on the API's token endpoint."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from innopartner.testing import make_world

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src" / "innopartner"
GOOD_KEY = "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz"
GOOD_MASTER_KEY = "q8Xm2cP9yJ3Qe5Rk7TfV1wZb4Nd6Hg0Ls2Ua8Yo3Ci4="  # base64 of 32 bytes


@pytest.mark.django_db
def test_every_page_carries_the_content_security_policy_and_the_other_headers(client):
    response = client.get("/aanmelden/")

    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"  # no inline script, no eval
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_api_documentation_loads_its_script_from_a_file(client):
    """Swagger UI's start script comes from ``?script`` (drf-spectacular's split view), so
    script-src 'self' lets it run."""
    response = client.get("/api/docs/")
    page = response.content.decode()

    assert "Content-Security-Policy" in response.headers
    assert client.get("/api/docs/?script=").status_code == 200
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script in /api/docs/"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JS_URL = re.compile(r"(href|src|action)\s*=\s*[\"']\s*javascript:", re.IGNORECASE)


def test_no_template_has_an_inline_script_or_event_handler():
    """The policy forbids inline script; a template that used one would silently break."""
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, JS_URL):
            for match in pattern.finditer(text):
                offenders.append(f"{template.relative_to(REPO)}: {match.group(0)}")
    assert not offenders, "\n".join(offenders)


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "INNOPARTNER_SECRET_KEY": GOOD_KEY,
        "INNOPARTNER_MASTER_KEY": GOOD_MASTER_KEY,
        "INNOPARTNER_DATA": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "innopartner.config.settings.production",
        "PYTHONPATH": str(REPO / "src"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; django.setup(); "
            "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
            "settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_HTTPONLY)",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.split() == ["True", "True", "31536000", "True"], shown.stderr


@pytest.mark.django_db
def test_five_wrong_passwords_at_the_token_endpoint_lock_it_even_for_the_right_one():
    world = make_world(operators=1)
    supplier = world.supplier(world.operators[0])
    supplier.set_password("het-goede-wachtwoord")
    supplier.save()
    client = APIClient()
    wrong = {"username": supplier.username, "password": "fout"}

    codes = [client.post("/api/v1/tokens/", wrong, format="json").status_code for _ in range(5)]
    assert codes[:4] == [401] * 4 and codes[4] in (401, 429), codes
    right = {"username": supplier.username, "password": "het-goede-wachtwoord"}
    response = client.post("/api/v1/tokens/", right, format="json")

    assert response.status_code == 429, response.status_code  # django-axes: locked out
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "login-locked-out"
    assert not Token.objects.filter(user=supplier).exists()
