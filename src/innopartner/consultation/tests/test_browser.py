"""Browser check of the consultation pages: the public challenge page, the response form and
its confirmation, the published report, and the buyer's overview, each with axe-core
(serious and critical violations fail). Skips without Chromium or axe-core outside CI."""

from __future__ import annotations

import pytest

from innopartner.web.tests.browser_support import browser, check_accessibility  # noqa: F401
from innopartner.web.tests.browser_support import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_the_consultation_pages_have_no_serious_accessibility_issues(
    browser,  # noqa: F811
    live_server,
    settings,
):
    from innopartner.consultation import services
    from innopartner.testing import draft_procedure, make_world

    from .conftest import SECRET_IDEA

    settings.INNOPARTNER_DEMO = True  # no second factor for the officer in this walk
    world = make_world(operators=1)
    world.officer.set_password("demo")
    world.officer.save()
    procedure = draft_procedure(world)
    page = services.challenge_page_save(
        procedure=procedure,
        now=world.now,
        actor=world.officer,
        title="Minder water bij het blussen",
        need="Wij zoeken blusmiddelen die met minder water werken.",
        known="PFAS is geen optie.",
        contact_name="Inkoper",
        contact_email="inkoop@example.nl",
    )
    services.challenge_page_publish(page=page, now=world.now, actor=world.officer)
    services.response_submit(
        page=page,
        organisation_name="Geheim B.V.",
        contact_person="A",
        email="a@example.nl",
        kind="idea",
        idea=SECRET_IDEA,
        now=world.now,
    )
    services.report_publish(page=page, now=world.now, actor=world.officer)
    base = live_server.url
    violations: list[dict] = []

    visitor = browser.new_context(bypass_csp=True)  # lets axe-core be injected
    tab = visitor.new_page()
    tab.goto(f"{base}/uitdaging/{page.public_id}/")
    violations += check_accessibility(tab, "consultation-challenge")
    tab.click("text=Reageer op deze uitdaging")
    violations += check_accessibility(tab, "consultation-respond")
    tab.fill("#id_organisation_name", "Start-up")
    tab.fill("#id_contact_person", "Sam")
    tab.fill("#id_email", "sam@example.nl")
    tab.check("input[name=kind][value=idea]")
    tab.fill("#id_idea", "Een idee met nevel.")
    tab.click("button[type=submit] >> text=Reactie versturen")
    tab.wait_for_url(f"{base}/uitdaging/{page.public_id}/bedankt/")
    assert "Een idee met nevel." in tab.content()
    violations += check_accessibility(tab, "consultation-thanks")
    tab.goto(f"{base}/uitdaging/{page.public_id}/verslag/")
    assert SECRET_IDEA not in tab.content()
    violations += check_accessibility(tab, "consultation-report")
    visitor.close()

    officer = browser.new_context(bypass_csp=True)
    otab = browser_sign_in(officer, base, "officer")
    otab.goto(f"{base}/procedures/{procedure.pk}/marktconsultatie/")
    assert SECRET_IDEA in otab.content()
    violations += check_accessibility(otab, "consultation-manage")
    otab.goto(f"{base}/procedures/{procedure.pk}/marktconsultatie/activiteit/")
    violations += check_accessibility(otab, "consultation-activity")
    officer.close()
    assert violations == []
