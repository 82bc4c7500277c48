"""Development and demo settings: debug on, a fixed insecure key, SQLite in ``data/``."""

from innopartner.config.env import env_bool
from innopartner.config.settings.base import *  # noqa: F403

SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
DEBUG = env_bool("INNOPARTNER_DEBUG", True, "")

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

if USING_SQLITE:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
