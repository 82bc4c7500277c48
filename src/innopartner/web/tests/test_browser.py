"""Browser tests: Playwright for Python driving Debian's Chromium against a live server. The
procurement officer and a supplier each in their own browser context walk the main pages;
each page is screenshotted (artefacts/screenshots/) and checked with axe-core, failing on any
serious or critical violation. Without /usr/bin/chromium or axe-core these tests skip outside
CI and fail in CI (CI=true)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]
CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / ".ci" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = REPO / "artefacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install -y chromium)"
    if not AXE.exists():
        return f"{AXE} is missing (npm ci --prefix .ci)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


@pytest.fixture
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # The live server runs in a thread of this process; Playwright's sync API needs Django's
    # async-safety check relaxed for the test thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield chromium
        chromium.close()


def check_accessibility(page, name: str) -> list[dict]:
    """Screenshot the page and run axe-core; return the serious and critical violations."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a',"
        " 'wcag21aa', 'best-practice']})"
    )
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    (SHOTS / f"{name}.axe.json").write_text(json.dumps(result["violations"], indent=1))
    return [
        {"page": name, "id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in bad
    ]


def sign_in(context, base: str, username: str):
    page = context.new_page()
    page.goto(f"{base}/aanmelden/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("button[type=submit] >> text=Aanmelden")
    page.wait_for_url(f"{base}/overzicht/")
    return page


@pytest.mark.django_db(transaction=True)
def test_officer_and_supplier_walk_the_main_pages_without_serious_accessibility_issues(
    browser, live_server, settings
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
