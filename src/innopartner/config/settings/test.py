"""Settings for the test suite: fast hashing, mail kept in memory, SQLite in memory.

With ``DATABASE_URL`` set the tests run on that database instead (pytest-django creates and
drops a ``test_<name>`` database, so the role needs CREATEDB).
"""

import atexit
import shutil
import tempfile
from pathlib import Path

from innopartner.config.settings.base import *  # noqa: F403

SECRET_KEY = DEV_SECRET_KEY
MASTER_KEY_B64 = DEV_MASTER_KEY_B64
# Sealed files of the test run go to a folder of their own per process, removed at exit.
STORE_DIR = Path(tempfile.mkdtemp(prefix="innopartner-test-store-"))
atexit.register(shutil.rmtree, STORE_DIR, ignore_errors=True)
DEBUG = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if USING_SQLITE:
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
