"""Browser tests: Playwright for Python driving Debian's Chromium against a live server. The
procurement officer and a supplier each in their own browser context walk the main pages;
each page is screenshotted (artefacts/screenshots/) and checked with axe-core, failing on any
serious or critical violation. Without /usr/bin/chromium or axe-core these tests skip outside
CI and fail in CI (CI=true)."""

from __future__ import annotations

import pytest

from .browser_support import browser, check_accessibility, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_officer_and_supplier_walk_the_main_pages_without_serious_accessibility_issues(
    browser,  # noqa: F811
    live_server,
    settings,
):
    from innopartner.procedures.models import Procedure
    from innopartner.web.demo import load_live_procedures

    settings.INNOPARTNER_DEMO = True
    load_live_procedures()
    base = live_server.url
    opening = Procedure.objects.get(slug="demo-opening")
    requests_open = Procedure.objects.get(slug="demo-verzoeken")
    violations: list[dict] = []

    officer = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = sign_in(officer, base, "demo-officer")
    assert "Inschrijvingen ronde 1 openen" in page.content()
    violations += check_accessibility(page, "officer-dashboard")
    page.goto(f"{base}/procedures/")
    violations += check_accessibility(page, "officer-procedures")
    page.goto(f"{base}/procedures/{opening.pk}/")
    assert "Onderhandeling" in page.content()
    violations += check_accessibility(page, "officer-procedure")
    page.goto(f"{base}/procedures/{requests_open.pk}/vragen/")
    violations += check_accessibility(page, "officer-questions")
    page.goto(f"{base}/procedures/{opening.pk}/rondes/{opening.rounds.get().pk}/opening/")
    page.click("text=Opening starten")
    assert "tweede collega" in page.content()
    violations += check_accessibility(page, "officer-opening")

    supplier = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    spage = sign_in(supplier, base, "demo-supplier-a")
    violations += check_accessibility(spage, "supplier-dashboard")
    spage.goto(f"{base}/procedures/{requests_open.pk}/")
    assert "GeoMoist" not in spage.content()
    violations += check_accessibility(spage, "supplier-procedure")
    spage.goto(f"{base}/procedures/{requests_open.pk}/verzoek/")
    spage.click("button[type=submit] >> text=Verzoek indienen")
    assert "ontvangen" in spage.content()
    spage.goto(f"{base}/procedures/{requests_open.pk}/nota-van-inlichtingen/")
    violations += check_accessibility(spage, "supplier-nota")

    # The language switch works in the browser too.
    spage.select_option("#taal", "en")
    spage.click("text=Kies")
    spage.wait_for_load_state()
    assert "Clarifications" in spage.content() or "clarifications" in spage.content()

    officer.close()
    supplier.close()
    assert violations == []
