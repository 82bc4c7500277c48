from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from innopartner.procedures.models import Procedure
from innopartner.testing import pass_second_factor


def sign_in(client, username: str, *, verified: bool = True):
    """Sign in as a user; with ``verified`` also past the second factor (as after a TOTP
    code)."""
    user = get_user_model().objects.get(username=username)
    if verified:
        return pass_second_factor(client, user)
    client.force_login(user)
    return user


@pytest.fixture
def demo(db):
    """The four live demo procedures with the demo accounts, by slug."""
    from innopartner.web.demo import load_live_procedures

    load_live_procedures()
    return {p.slug: p for p in Procedure.objects.filter(slug__startswith="demo-")}
