"""The settings: where data goes, which database is used, and when production refuses to start.

Most tests import a settings module in a fresh Python with an environment built from scratch,
because settings are read once per process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from innopartner.config import settings_module
from innopartner.config.checks import check_no_demo_accounts, refuse_demo_accounts
from innopartner.config.env import VARIABLES, env_bool
from innopartner.config.settings.base import DEV_MASTER_KEY_B64, DEV_SECRET_KEY

REPO = Path(__file__).resolve().parents[1]
GOOD_KEY = "a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz"
GOOD_MASTER_KEY = "q8Xm2cP9yJ3Qe5Rk7TfV1wZb4Nd6Hg0Ls2Ua8Yo3Ci4="  # base64 of 32 bytes


def run_python(code: str, *, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter with only PATH, HOME and ``env`` set."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), **env}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


IMPORT_PRODUCTION = "from innopartner.config.settings import production"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "INNOPARTNER_SECRET_KEY is not set"),
        ({"INNOPARTNER_SECRET_KEY": DEV_SECRET_KEY}, "is the public dev key"),
        ({"INNOPARTNER_SECRET_KEY": GOOD_KEY, "INNOPARTNER_DEBUG": "1"}, "INNOPARTNER_DEBUG is on"),
        (
            {"INNOPARTNER_SECRET_KEY": GOOD_KEY, "INNOPARTNER_DEMO": "true"},
            "INNOPARTNER_DEMO is on",
        ),
        ({"INNOPARTNER_SECRET_KEY": GOOD_KEY}, "INNOPARTNER_MASTER_KEY is not set"),
        (
            {"INNOPARTNER_SECRET_KEY": GOOD_KEY, "INNOPARTNER_MASTER_KEY": DEV_MASTER_KEY_B64},
            "INNOPARTNER_MASTER_KEY is the public development key",
        ),
        (
            {"INNOPARTNER_SECRET_KEY": GOOD_KEY, "INNOPARTNER_MASTER_KEY": "c2hvcnQ="},
            "not base64 of exactly 32 bytes",
        ),
    ],
    ids=[
        "no-secret-key",
        "dev-key",
        "debug-on",
        "demo-on",
        "no-master-key",
        "dev-master-key",
        "short-master-key",
    ],
)
def test_production_settings_refuse_to_start_when_unsafe(tmp_path, env, message):
    result = run_python(IMPORT_PRODUCTION, cwd=tmp_path, **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "innopartner refuses to start with production settings" in result.stderr
    assert message in result.stderr


def test_production_settings_name_every_problem_at_once(tmp_path):
    result = run_python(
        IMPORT_PRODUCTION, cwd=tmp_path, INNOPARTNER_DEBUG="on", INNOPARTNER_DEMO="1"
    )

    assert result.returncode != 0
    for message in ("SECRET_KEY is not set", "DEBUG is on", "DEMO is on"):
        assert message in result.stderr


def test_production_settings_start_with_a_secret_key_and_debug_off(tmp_path):
    code = IMPORT_PRODUCTION + "; print(production.DEBUG, production.SESSION_COOKIE_SECURE)"
    result = run_python(
        code, cwd=tmp_path, INNOPARTNER_SECRET_KEY=GOOD_KEY, INNOPARTNER_MASTER_KEY=GOOD_MASTER_KEY
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_dev_settings_keep_the_sqlite_database_in_the_data_folder(tmp_path):
    data = tmp_path / "somewhere" / "data"
    code = (
        "import json; from innopartner.config.settings import dev; "
        "db = dev.DATABASES['default']; "
        "print(json.dumps([db['ENGINE'], str(db['NAME']), dev.SECRET_KEY, dev.DEBUG]))"
    )
    result = run_python(code, cwd=tmp_path, INNOPARTNER_DATA=str(data))

    assert result.returncode == 0, result.stderr
    engine, name, key, debug = json.loads(result.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert name == str(data / "innopartner.sqlite3")
    assert data.is_dir()
    assert key == DEV_SECRET_KEY
    assert debug is True


def test_the_data_folder_defaults_to_data_in_the_working_directory(tmp_path):
    code = "from innopartner.config.settings import dev; print(dev.DATABASES['default']['NAME'])"
    result = run_python(code, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "data" / "innopartner.sqlite3")


def test_database_url_switches_to_postgresql(tmp_path):
    code = (
        "import json; from innopartner.config.settings import dev; "
        "db = dev.DATABASES['default']; "
        "print(json.dumps({k: db[k] for k in "
        "('ENGINE', 'NAME', 'HOST', 'PORT', 'USER', 'CONN_MAX_AGE', 'ATOMIC_REQUESTS')}))"
    )
    url = "postgres://ip:secret@127.0.0.1:54329/innopartner"
    result = run_python(code, cwd=tmp_path, DATABASE_URL=url)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "innopartner",
        "HOST": "127.0.0.1",
        "PORT": 54329,
        "USER": "ip",
        "CONN_MAX_AGE": 0,
        "ATOMIC_REQUESTS": False,
    }
    assert not (tmp_path / "data").exists()


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    code = (
        "from django.db import connection; "
        "c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
        "c.execute('PRAGMA synchronous').fetchone()[0], "
        "connection.transaction_mode)"
    )
    result = run_python(
        code,
        cwd=tmp_path,
        INNOPARTNER_DATA=str(tmp_path / "d"),
        DJANGO_SETTINGS_MODULE="innopartner.config.settings.dev",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", "IMMEDIATE"]  # synchronous 1 is NORMAL
    assert (tmp_path / "d" / "innopartner.sqlite3").is_file()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "innopartner.config.settings.dev"),
        ({"INNOPARTNER_ENV": "production"}, "innopartner.config.settings.production"),
        (
            {"DJANGO_SETTINGS_MODULE": "innopartner.config.settings.test"},
            "innopartner.config.settings.test",
        ),
    ],
)
def test_settings_module_follows_innopartner_env(monkeypatch, env, expected):
    monkeypatch.delenv("INNOPARTNER_ENV", raising=False)
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)

    assert settings_module() == expected


def test_settings_module_refuses_production_with_other_settings(monkeypatch):
    monkeypatch.setenv("INNOPARTNER_ENV", "production")
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "innopartner.config.settings.dev")

    with pytest.raises(ImproperlyConfigured, match="INNOPARTNER_ENV=production"):
        settings_module()


def test_a_yes_no_variable_with_another_value_is_refused(monkeypatch):
    monkeypatch.setenv("INNOPARTNER_TEST_FLAG", "maybe")

    with pytest.raises(ImproperlyConfigured, match="INNOPARTNER_TEST_FLAG='maybe'"):
        env_bool("INNOPARTNER_TEST_FLAG", False, "only for this test")


def test_readme_documents_every_environment_variable():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    settings_module()  # registers INNOPARTNER_ENV
    missing = [
        name for name in VARIABLES if not name.startswith("INNOPARTNER_TEST") and name not in readme
    ]

    assert missing == []


def test_the_root_sends_an_anonymous_visitor_to_the_web_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/aanmelden/"


@pytest.mark.django_db
def test_demo_accounts_fail_the_deploy_check(django_user_model):
    assert check_no_demo_accounts(None) == []
    django_user_model.objects.create_user(username="demo-officer", password="x")

    errors = check_no_demo_accounts(None)

    assert [e.id for e in errors] == ["innopartner.E001"]
    assert "demo-officer" in errors[0].msg
    with pytest.raises(ImproperlyConfigured, match="demo-officer"):
        refuse_demo_accounts()


@pytest.mark.slow
def test_the_production_wsgi_app_refuses_a_database_with_demo_accounts(tmp_path):
    data = str(tmp_path / "data")
    make_demo_user = (
        "import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('migrate', 'auth', verbosity=0); "
        "from django.contrib.auth.models import User; "
        "User.objects.create_user('demo-supplier-a', password='x')"
    )
    made = run_python(
        make_demo_user,
        cwd=tmp_path,
        INNOPARTNER_DATA=data,
        DJANGO_SETTINGS_MODULE="innopartner.config.settings.dev",
    )
    assert made.returncode == 0, made.stderr

    production = {
        "INNOPARTNER_ENV": "production",
        "INNOPARTNER_SECRET_KEY": GOOD_KEY,
        "INNOPARTNER_MASTER_KEY": GOOD_MASTER_KEY,
        "INNOPARTNER_DATA": data,
    }
    refused = run_python("import innopartner.config.wsgi", cwd=tmp_path, **production)
    assert refused.returncode != 0
    assert "Demo accounts exist in this database: demo-supplier-a" in refused.stderr

    empty = {**production, "INNOPARTNER_DATA": str(tmp_path / "empty")}
    started = run_python("import innopartner.config.wsgi", cwd=tmp_path, **empty)
    assert started.returncode == 0, started.stderr
