"""Shared pieces of the browser tests: Playwright for Python driving Debian's Chromium
against the live server, screenshots into artefacts/screenshots/ and axe-core on each page
(serious and critical violations are returned). Without /usr/bin/chromium or axe-core the
tests skip outside CI and fail in CI (CI=true)."""

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
    # Evaluated through the DevTools protocol, not as a <script> element: the Content
    # Security Policy (script-src 'self') rightly blocks inline scripts on our pages.
    page.evaluate(AXE.read_text())
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
