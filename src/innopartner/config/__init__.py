"""Project configuration: settings, URLs, WSGI entry point and deployment checks."""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from innopartner.config.env import env_str

SETTINGS = {
    "dev": "innopartner.config.settings.dev",
    "test": "innopartner.config.settings.test",
    "production": "innopartner.config.settings.production",
}


def settings_module() -> str:
    """The settings module to use: ``DJANGO_SETTINGS_MODULE`` if set, else by ``INNOPARTNER_ENV``.

    Setting both in contradiction (production in one, another module in the other) is refused,
    so that a stray ``DJANGO_SETTINGS_MODULE`` can never run production on dev settings.
    """
    environment = env_str(
        "INNOPARTNER_ENV",
        "dev",
        "`dev`, `test` or `production`: which settings `innopartner` and the WSGI app use",
    )
    if environment not in SETTINGS:
        raise ImproperlyConfigured(
            f"INNOPARTNER_ENV={environment!r}; expected one of {', '.join(SETTINGS)}."
        )
    chosen = os.environ.get("DJANGO_SETTINGS_MODULE") or SETTINGS[environment]
    if environment == "production" and chosen != SETTINGS["production"]:
        raise ImproperlyConfigured(
            f"INNOPARTNER_ENV=production but DJANGO_SETTINGS_MODULE={chosen}; "
            "unset DJANGO_SETTINGS_MODULE or set it to " + SETTINGS["production"] + "."
        )
    return chosen
