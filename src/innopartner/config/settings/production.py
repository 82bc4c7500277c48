"""Production settings. Importing this module refuses to go on (``ImproperlyConfigured``) when
the configuration is unsafe: no secret key or the dev key, debug on, or demo mode on."""

from django.core.exceptions import ImproperlyConfigured

from innopartner.config import checks  # noqa: F401  (registers the deploy checks)
from innopartner.config.settings.base import *  # noqa: F403


def refusals(*, secret_key: str, debug: bool, demo: bool) -> list[str]:
    """Why these values are unsafe in production; empty when they are fine."""
    problems = []
    if not secret_key:
        problems.append("INNOPARTNER_SECRET_KEY is not set; set it to a long random value.")
    elif secret_key == DEV_SECRET_KEY:
        problems.append("INNOPARTNER_SECRET_KEY is the public dev key; set a secret one.")
    if debug:
        problems.append("INNOPARTNER_DEBUG is on; debug pages leak data. Unset it.")
    if demo:
        problems.append("INNOPARTNER_DEMO is on; demo mode is never for production. Unset it.")
    return problems


def master_key_refusals(*, master_key_b64: str) -> list[str]:
    """Why the master key of sealed tenders is unsafe or unusable; empty when it is fine."""
    import base64
    import binascii

    if not master_key_b64:
        return [
            "INNOPARTNER_MASTER_KEY is not set; set it to base64 of 32 random bytes "
            "(python -c 'import os,base64; print(base64.b64encode(os.urandom(32)).decode())')."
        ]
    if master_key_b64 == DEV_MASTER_KEY_B64:
        return ["INNOPARTNER_MASTER_KEY is the public development key; set a secret one."]
    try:
        raw = base64.b64decode(master_key_b64, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        return ["INNOPARTNER_MASTER_KEY is not base64 of exactly 32 bytes."]
    return []


_problems = refusals(
    secret_key=SECRET_KEY, debug=DEBUG, demo=INNOPARTNER_DEMO
) + master_key_refusals(master_key_b64=MASTER_KEY_B64)
if _problems:
    raise ImproperlyConfigured(
        "innopartner refuses to start with production settings:\n  - " + "\n  - ".join(_problems)
    )

DEBUG = False

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = False  # TLS ends at the reverse proxy, which redirects plain HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if USING_SQLITE:
    DATA_DIR.mkdir(parents=True, exist_ok=True)

SILENCED_SYSTEM_CHECKS = [
    "security.W008",  # TLS and the HTTP-to-HTTPS redirect belong to the reverse proxy.
    "security.W021",  # HSTS preload is hard to undo: a decision for whoever runs the site.
]
