"""WSGI entry point (served by waitress). Production refuses to start with demo accounts."""

import os

from innopartner.config import SETTINGS, settings_module

os.environ["DJANGO_SETTINGS_MODULE"] = settings_module()

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

if os.environ["DJANGO_SETTINGS_MODULE"] == SETTINGS["production"]:
    from innopartner.config.checks import refuse_demo_accounts

    refuse_demo_accounts()
