from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from innopartner.procedures.models import Procedure


def sign_in(client, username: str, *, verified: bool = True):
    """Sign in as a user; buyer roles also pass the second factor (as after a TOTP code)."""
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    if verified:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="test", defaults={"confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return user


@pytest.fixture
def demo(db):
    """The four live demo procedures with the demo accounts, by slug."""
    from innopartner.web.demo import load_live_procedures

    load_live_procedures()
    return {p.slug: p for p in Procedure.objects.filter(slug__startswith="demo-")}
