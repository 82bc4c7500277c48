"""Settings for the test suite: fast hashing, mail kept in memory, SQLite in memory.

With ``DATABASE_URL`` set the tests run on that database instead (pytest-django creates and
drops a ``test_<name>`` database, so the role needs CREATEDB).
"""

from innopartner.config.settings.base import *  # noqa: F403

SECRET_KEY = DEV_SECRET_KEY
DEBUG = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if USING_SQLITE:
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
