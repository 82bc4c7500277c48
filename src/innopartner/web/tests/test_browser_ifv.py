"""The IFV case (wildfire early warning from satellite data) from notice to award in the
browser: the procurement officer, a second officer, two suppliers (SatFire, GeoMoist) and an
evaluator, each in their own browser context, against a live server. Time moves through the
web interface's clock (``innopartner.web.clock.now``), so the deadlines pass without waiting.

The officer publishes the notice from the step-by-step summary; the suppliers register
interest and request to participate; the officer assesses and invites; the suppliers ask,
the officer answers and publishes the nota van inlichtingen. The initial round and its
negotiation are built through the services (an innovation partnership is never awarded on
initial tenders, Art. 31(3)); the final round is walked in the browser: tenders with receipts,
the four-eyes opening after the deadline, the evaluator's scores, the consensus, the award and
the decision letters. Each main page is screenshotted (artefacts/screenshots/ifv-*) and checked
with axe-core; a serious or critical violation fails the test."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from innopartner.core.timeutil import AMSTERDAM

from .browser_support import browser, check_accessibility, sign_in  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TITLE = "Vroege waarschuwing natuurbranden uit satellietdata"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Clock:
    """The web interface's clock, moved by the test."""

    def __init__(self, at: dt.datetime):
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(AMSTERDAM).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db(transaction=True)
def test_ifv_from_notice_to_award_in_the_browser(browser, live_server, settings, monkeypatch):  # noqa: F811
    from playwright.sync_api import expect

    from innopartner.procedures import services as procedures
    from innopartner.procedures.models import DecisionLetter
    from innopartner.tendering import services as tendering
    from innopartner.testing import draft_procedure, run_round
    from innopartner.web import clock
    from innopartner.web.demo import _world

    settings.INNOPARTNER_DEMO = True  # demo accounts sign in with a password only
    start = timezone.now().replace(second=0, microsecond=0)
    fake = Clock(start)
    monkeypatch.setattr(clock, "now", fake)
    world = _world(start)
    sat, geo = world.operators[:2]
    procedure = draft_procedure(world, partners=1, gates=("go_no_go", "final"))
    procedures.preparation_update(procedure=procedure, title=TITLE, now=start, actor=world.officer)
    base = live_server.url
    p = f"{base}/procedures/{procedure.pk}"
    violations: list[dict] = []

    def context(width=1280):
        return browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})

    def see(page, text):
        # Retries until the page that the last click led to shows the text.
        expect(page.locator("body")).to_contain_text(text)

    # --- The officer checks the summary and publishes the notice.
    officer = sign_in(context(), base, "demo-officer")
    officer.goto(f"{p}/opstellen/fasen/")
    see(officer, "Fase 1: Fase 1")
    violations += check_accessibility(officer, "ifv-00-officer-wizard-phases")
    officer.click("text=Volgende stap")
    officer.click("text=Volgende stap")
    officer.wait_for_url(re.compile(r".*/opstellen/samenvatting/$"))
    see(officer, "De stukken voldoen aan alle regels voor publicatie.")
    violations += check_accessibility(officer, "ifv-01-officer-summary")
    officer.click("text=Naar publiceren")
    officer.fill("#id_requests_deadline", _local(start + dt.timedelta(days=31)))
    officer.select_option("#id_channel", "tenderned")
    officer.click("button[type=submit] >> text=Publiceren")
    see(officer, "De aankondiging is gepubliceerd.")
    violations += check_accessibility(officer, "ifv-02-officer-procedure")

    # --- Both suppliers register interest and request to participate.
    suppliers = {}
    for username, width in (("demo-supplier-a", 1280), ("demo-supplier-b", 390)):
        page = sign_in(context(width), base, username)
        page.goto(f"{p}/")
        page.click("text=Belangstelling registreren")
        see(page, "Uw belangstelling is geregistreerd.")
        page.goto(f"{p}/verzoek/")
        page.click("button[type=submit] >> text=Verzoek indienen")
        see(page, "Uw verzoek tot deelneming is ontvangen.")
        suppliers[username] = page
    sat_page, geo_page = suppliers["demo-supplier-a"], suppliers["demo-supplier-b"]
    sat_page.goto(f"{p}/")
    # The countdown ticks (the static script replaced the server's text with hh:mm:ss).
    sat_page.wait_for_function(
        "() => /\\d\\d:\\d\\d:\\d\\d/.test(document.querySelector('.countdown-live').textContent)"
    )
    assert sat_page.get_attribute(".countdown-live", "aria-live") == "off"
    violations += check_accessibility(sat_page, "ifv-03-supplier-procedure")

    # --- After the request deadline the officer assesses both and invites them.
    fake.advance(days=32)
    officer.goto(f"{p}/selectie/")
    for name in ("SatFire Analytics B.V.", "GeoMoist B.V."):
        # By name, and wait until the page after the post shows the assessment: the order of
        # the requests and the moment of the reload are not the test's to assume.
        article = officer.locator("article", has_text=name)
        form = article.locator("form:has(input[name=qualified])")
        form.locator("input[name=qualified][value='1']").check()
        form.locator("textarea[name=assessment]").fill("Voldoet aan de selectiecriteria.")
        form.get_by_role("button").click()
        expect(officer.locator("article h3", has_text=name)).to_contain_text("— geschikt")
    violations += check_accessibility(officer, "ifv-04-officer-selection")
    for box in officer.locator("input[name=operators]").all():
        box.check()
    officer.fill("#id_fewer_reason", "Twee gegadigden hebben een verzoek gedaan; beide voldoen.")
    officer.click("text=Uitnodigen en beslissing verzenden")
    see(officer, "De selectiebeslissing is vastgelegd en verzonden.")

    # --- Questions: both suppliers ask; the officer answers and publishes.
    for page, text in (
        (sat_page, "Mogen wij eigen satellietbeelden gebruiken?"),
        (geo_page, "Hoe vaak moet de voorspelling worden bijgewerkt?"),
    ):
        page.goto(f"{p}/vraag/")
        page.fill("#id_text", text)
        page.click("text=Vraag versturen")
        page.wait_for_load_state()
    officer.goto(f"{p}/vragen/")
    for index in range(2):
        form = officer.locator("form:has(textarea[name=answer])").nth(index)
        form.locator("textarea").fill(f"Antwoord {index + 1}: zie de beschrijving.")
        form.get_by_role("button").click()
        officer.wait_for_load_state()
    violations += check_accessibility(officer, "ifv-05-officer-questions")
    officer.click("text=Alle conceptantwoorden publiceren")
    geo_page.goto(f"{p}/nota-van-inlichtingen/")
    see(geo_page, "Antwoord 1: zie de beschrijving.")
    see(geo_page, "Mogen wij eigen satellietbeelden gebruiken?")  # shared with all, anonymous
    violations += check_accessibility(geo_page, "ifv-06-supplier-nota")

    # --- The initial round and its negotiation through the services.
    world.now = fake.at
    run_round(world, procedure, kind="initial", prices={sat: 420000, geo: 390000})
    fake.at = world.now
    final = tendering.round_open(
        procedure=procedure,
        kind="final",
        deadline=fake.at + dt.timedelta(days=14),
        now=fake.at,
        actor=world.officer,
    )

    # --- The final round in the browser: tenders and receipts.
    for page, price in ((sat_page, "398000"), (geo_page, "405000")):
        page.goto(f"{p}/rondes/{final.pk}/inschrijven/")
        page.set_input_files(
            "#id_file",
            files=[{"name": "inschrijving.pdf", "mimeType": "application/pdf", "buffer": PDF}],
        )
        page.fill("#id_price", price)
        page.click("text=Inschrijving versturen")
        page.wait_for_url(re.compile(r".*/ontvangstbewijzen/.*"))
        see(page, "SHA-256")
    violations += check_accessibility(sat_page, "ifv-07-supplier-receipt")

    # --- After the deadline: four eyes open the tenders.
    fake.advance(days=15)
    officer.goto(f"{p}/rondes/{final.pk}/opening/")
    officer.click("text=Opening starten")
    see(officer, "tweede collega")
    second = sign_in(context(), base, "demo-officer-2")
    second.goto(f"{p}/rondes/{final.pk}/opening/")
    second.click("text=Opening bevestigen")
    see(second, "De opening is bevestigd")
    violations += check_accessibility(second, "ifv-08-officer-opening")

    # --- The evaluator scores each tender; the officer records the consensus.
    evaluator = sign_in(context(), base, "demo-evaluator")
    scores = {"SatFire Analytics B.V.": "8", "GeoMoist B.V.": "6"}
    for page, button, label in (
        (evaluator, "Score indienen", "ifv-09-evaluator-score"),
        (officer, "Consensus vastleggen", None),
    ):
        for name, score in scores.items():
            page.goto(f"{p}/rondes/{final.pk}/beoordeling/")
            page.click(f"text={name}")
            page.locator("input[name=score]").first.fill(score)
            page.locator("textarea[name=justification]").first.fill("Sterk onderbouwd plan.")
            page.click(f"text={button}")
            see(page, "De score is vastgelegd.")
        if label:
            violations += check_accessibility(page, label)

    # --- The officer awards to the best price-quality ratio.
    officer.goto(f"{p}/gunning/")
    officer.get_by_label("SatFire Analytics B.V.").check()
    officer.fill("#id_reasons", "SatFire heeft de beste prijs-kwaliteitverhouding.")
    officer.click("text=Gunningsbeslissing verzenden")
    see(officer, "Opschortende termijn")
    violations += check_accessibility(officer, "ifv-10-officer-award")

    # --- Each supplier reads its own decision letter.
    for page, kind, name in (
        (sat_page, DecisionLetter.Kind.AWARD_INTENDED, "ifv-11-supplier-letter"),
        (geo_page, DecisionLetter.Kind.AWARD_REJECTED, None),
    ):
        page.goto(f"{base}/brieven/")
        label = DecisionLetter.Kind(kind).label
        page.click(f"text={label[0].upper()}{label[1:]}")
        see(page, "prijs-kwaliteitverhouding")
        if name:
            violations += check_accessibility(page, name)
    assert violations == []
