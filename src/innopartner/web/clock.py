"""The web interface's clock. Services take ``now`` explicitly; the views ask here, so that a
test can move time without touching the engine."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()
