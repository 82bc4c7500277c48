"""Development and demo settings: debug on, a fixed insecure key, SQLite in ``data/``."""

from innopartner.config.env import env_bool
from innopartner.config.settings.base import *  # noqa: F403

SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
# Without INNOPARTNER_MASTER_KEY the public development master key seals tenders: fine for the
# demo, worthless as protection (innopartner.sealing.crypto.DEV_MASTER_KEY).
MASTER_KEY_B64 = MASTER_KEY_B64 or DEV_MASTER_KEY_B64
DEBUG = env_bool("INNOPARTNER_DEBUG", True, "")

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

if USING_SQLITE:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
