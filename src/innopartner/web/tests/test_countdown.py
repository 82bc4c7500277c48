"""The live countdown on the procedure page: the server's text as fallback, the deadline as an
ISO attribute for the static script, the ticking part not announced by screen readers, the
time zone named, and no inline script (CSP)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from innopartner.testing import draft_procedure, make_world, publish

from .conftest import sign_in

STATIC = Path(__file__).resolve().parents[1] / "static" / "web" / "countdown.js"


@pytest.fixture
def procedure(db):
    world = make_world(operators=1)
    return publish(world, draft_procedure(world), days=3650)


@pytest.mark.parametrize("username", ["officer", "supplier-a"])
def test_procedure_page_carries_the_live_countdown(client, procedure, username):
    sign_in(client, username)
    body = client.get(reverse("web:procedure", args=[procedure.pk])).content.decode()
    block = re.search(r'<p class="countdown"[^>]*>.*?</p>', body, re.S).group(0)
    deadline = procedure.requests_deadline.isoformat()[:16]
    assert re.search(r'data-deadline="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0[12]:00"', block)
    assert 'data-now="' in block
    assert '<span class="countdown-live" aria-live="off">nog ' in block  # the server's text
    assert "Europe/Amsterdam" in block
    assert "/static/web/countdown.js" in body
    assert deadline[:10] in block
    # No inline script anywhere on the page: only script elements with a src.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)


def test_the_script_reads_the_attributes_and_counts_from_the_server_clock():
    source = STATIC.read_text()
    for needed in (
        "data-deadline",
        "dataset.now",
        "dataset.expired",
        "setInterval",
        ".countdown-live",
    ):
        assert needed in source
