"""The demo's procedure open for requests carries a market consultation that demo-officer
sees, built before its notice."""

from __future__ import annotations

import pytest
from django.urls import reverse

from innopartner.procedures.models import Procedure
from innopartner.web.tests.conftest import sign_in


@pytest.mark.slow
def test_the_demo_officer_sees_a_challenge_page_with_responses(client, db):
    from innopartner.web.demo import load_live_procedures

    load_live_procedures()
    procedure = Procedure.objects.get(slug="demo-verzoeken")
    page = procedure.challenge_page
    assert page.status == "published" and page.responses.count() == 3
    assert page.published_at < procedure.notice_dispatched_at
    sign_in(client, "demo-officer")
    overview = client.get(reverse("consultation:manage", args=[procedure.pk])).content.decode()
    assert "Aqua Mist Start-up" in overview and "Informatiebijeenkomst blusmiddelen" in overview
    detail = client.get(reverse("web:procedure", args=[procedure.pk])).content.decode()
    assert "Kleine bedrijven kunnen een veldproef niet zelf betalen." in detail
    report = client.get(reverse("consultation:report", args=[page.public_id])).content.decode()
    assert "BlusLab B.V." in report and "Aqua Mist" not in report
