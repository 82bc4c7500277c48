"""Rate limits for the public forms (market consultation, password reset, supplier sign-up).

Who sends is known only by a keyed hash of the address: the address itself is not kept. The
counters of the password reset and the sign-up live in Django's cache (one window per key);
the market consultation counts its stored responses instead (``consultation.services``)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


def keyed_hash(value: str) -> str:
    """A hash of ``value`` keyed with the site's secret, so that the hash cannot be reversed
    by trying every address."""
    return hashlib.sha256(f"{settings.SECRET_KEY}|{value}".encode()).hexdigest()


def client_key(request) -> str:
    """A keyed hash of the sender's address for the rate limit; the address is not kept. The
    address is resolved as for the login lockout (django-axes), so that a reverse proxy
    configured there counts each visitor, not the proxy."""
    from axes.helpers import get_client_ip_address

    return keyed_hash(get_client_ip_address(request) or "")


def exceeded(scope: str, key: str, *, limit: int, seconds: int = 3600) -> bool:
    """Count one attempt for ``key`` in ``scope``; true once more than ``limit`` attempts fell
    in the window (the window starts at the first attempt)."""
    name = f"innopartner-ratelimit:{scope}:{key}"
    cache.add(name, 0, timeout=seconds)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=seconds)
        count = 1
    return count > limit
