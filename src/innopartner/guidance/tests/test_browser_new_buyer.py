"""A buyer new to innovation partnerships goes, in the browser, from the public challenge page
to a published contract notice, following the checklist of the preparation stage: writes and
publishes the challenge page, a start-up responds without an account, the buyer ticks and
skips checklist items (a skip needs a reason) and publishes the notice; the challenge page then
links to the procedure. Screenshots and axe-core (serious/critical fail) on each page."""

from __future__ import annotations

import datetime as dt

import pytest

from innopartner.web.tests.browser_support import browser, check_accessibility  # noqa: F401
from innopartner.web.tests.browser_support import sign_in as browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_a_new_buyer_goes_from_challenge_page_to_published_notice_along_the_checklist(
    browser,  # noqa: F811
    live_server,
    settings,
):
    from innopartner.consultation.models import ChallengePage
    from innopartner.core.timeutil import AMSTERDAM
    from innopartner.guidance.models import ChecklistEntry
    from innopartner.guidance.selectors import checklist
    from innopartner.procedures.models import Procedure
    from innopartner.testing import draft_procedure, make_world

    settings.INNOPARTNER_DEMO = True  # no second factor in this walk (tested elsewhere)
    world = make_world(operators=1)
    world.officer.set_password("demo")
    world.officer.save()
    procedure = draft_procedure(world)
    base = live_server.url
    violations: list[dict] = []

    officer = browser.new_context()
    tab = browser_sign_in(officer, base, "officer")
    tab.goto(f"{base}/procedures/{procedure.pk}/")
    violations += check_accessibility(tab, "new-buyer-procedure")

    # 1. The challenge page, before the notice.
    tab.goto(f"{base}/procedures/{procedure.pk}/marktconsultatie/")
    tab.click("text=Uitdagingspagina schrijven")
    violations += check_accessibility(tab, "new-buyer-challenge-edit")
    tab.fill("#id_title", "Droge voeten met minder pompen")
    tab.fill("#id_need", "Wij zoeken een manier om polders met minder energie droog te houden.")
    tab.fill("#id_contact_name", "Inkoper Waterschap")
    tab.fill("#id_contact_email", "inkoop@example.nl")
    tab.click("main button[type=submit] >> text=Opslaan")
    tab.click("main button >> text=Uitdagingspagina publiceren")
    page = ChallengePage.objects.get(procedure=procedure)
    assert page.status == "published"

    # 2. A start-up without an account responds.
    visitor = browser.new_context()
    vtab = visitor.new_page()
    vtab.goto(f"{base}/uitdaging/{page.public_id}/")
    assert "Droge voeten met minder pompen" in vtab.content()
    violations += check_accessibility(vtab, "new-buyer-challenge-public")
    vtab.click("text=Reageer op deze uitdaging")
    vtab.fill("#id_organisation_name", "Polderpomp Start-up")
    vtab.fill("#id_contact_person", "Sam")
    vtab.fill("#id_email", "sam@example.nl")
    vtab.check("input[name=kind][value=interest]")
    vtab.click("button[type=submit] >> text=Reactie versturen")
    vtab.wait_for_url(f"{base}/uitdaging/{page.public_id}/bedankt/")

    # 3. The checklist of the preparation stage: tick one item, skip another with a reason.
    advice = [
        row.item for row in checklist(procedure, stage="preparation") if not row.item.enforced
    ]
    ticked, skipped = advice[0], advice[1]
    tab.goto(f"{base}/procedures/{procedure.pk}/checklist/")
    violations += check_accessibility(tab, "new-buyer-checklist")
    tab.select_option(f"#state-{ticked.id}", "done")
    tab.click(f"#punt-{ticked.id} button[type=submit]")
    tab.select_option(f"#state-{skipped.id}", "skipped")
    tab.click(f"#punt-{skipped.id} button[type=submit]")
    assert "reden" in tab.content().lower()  # refused: a skip needs a reason
    assert not ChecklistEntry.objects.filter(procedure=procedure, item_id=skipped.id).exists()
    tab.select_option(f"#state-{skipped.id}", "skipped")
    tab.fill(f"#reason-{skipped.id}", "Geen octrooien in dit domein.")
    tab.click(f"#punt-{skipped.id} button[type=submit]")
    states = dict(
        ChecklistEntry.objects.filter(procedure=procedure).values_list("item_id", "state")
    )
    assert states == {ticked.id: "done", skipped.id: "skipped"}

    # 4. The notice.
    tab.goto(f"{base}/procedures/{procedure.pk}/publiceren/")
    violations += check_accessibility(tab, "new-buyer-notice-publish")
    deadline = (dt.datetime.now(tz=AMSTERDAM) + dt.timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")
    tab.fill("#id_requests_deadline", deadline)
    tab.select_option("#id_channel", "tenderned")
    tab.click("main button[type=submit] >> text=Publiceren")
    tab.wait_for_url(f"{base}/procedures/{procedure.pk}/")
    assert Procedure.objects.get(pk=procedure.pk).notice_dispatched_at is not None

    # 5. The challenge page now points to the procedure and takes no more responses.
    vtab.goto(f"{base}/uitdaging/{page.public_id}/")
    assert f"/procedures/{procedure.pk}/" in vtab.content()
    violations += check_accessibility(vtab, "new-buyer-challenge-after-notice")
    visitor.close()
    officer.close()
    assert violations == []
