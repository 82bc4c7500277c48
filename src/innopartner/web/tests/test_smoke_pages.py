"""Every main page answers for every role that may see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import sign_in

ACCOUNTS = [
    "demo-officer",
    "demo-officer-2",
    "demo-evaluator",
    "demo-supplier-a",
    "demo-supplier-b",
    "demo-auditor",
]


@pytest.mark.parametrize("username", ACCOUNTS)
def test_dashboard_list_and_every_live_procedure_render_for_each_demo_account(
    client, demo, username
):
    sign_in(client, username)
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert client.get(reverse("web:procedures")).status_code == 200
    for procedure in demo.values():
        response = client.get(reverse("web:procedure", args=[procedure.pk]))
        assert response.status_code == 200, (username, procedure.slug)
