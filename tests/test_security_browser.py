"""The Content Security Policy in a real browser: the pages' own scripts (htmx, the live
countdown) and Swagger UI run under it, and no page causes a single CSP violation."""

from __future__ import annotations

import pytest

from innopartner.web.tests.browser_support import browser, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _watch(page, violations: list[str]) -> None:
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )


@pytest.mark.django_db(transaction=True)
def test_no_page_violates_the_content_security_policy(browser, live_server, settings):  # noqa: F811
    from innopartner.procedures.models import Procedure
    from innopartner.web.demo import load_live_procedures

    settings.INNOPARTNER_DEMO = True
    load_live_procedures()
    base = live_server.url
    violations: list[str] = []

    context = browser.new_context(locale="nl-NL")
    context.on("page", lambda page: _watch(page, violations))
    page = sign_in(context, base, "demo-supplier-a")
    for procedure in Procedure.objects.filter(slug__startswith="demo-"):
        page.goto(f"{base}/procedures/{procedure.pk}/")
    assert page.evaluate("typeof htmx") == "object"  # htmx ran under script-src 'self'
    page.goto(f"{base}/api/docs/")
    page.wait_for_selector(".swagger-ui .info", timeout=15000)  # Swagger UI started
    context.close()

    assert violations == []
