"""Onboarding in the browser, against a live server: a start-up signs itself up on
/registreren/ (first refused for a weak password, the form kept), finds a published procedure
on its dashboard, registers interest and requests to participate; it adds a colleague, who
chooses a password through the link in the mail and sees the same company; the founder forgets
the password and sets a new one ("Wachtwoord vergeten?"), an unknown address getting the very
same answer. Each page is screenshotted (artefacts/screenshots/onboarding-*) and checked with
axe-core; a serious or critical violation fails the test.

The live server runs in a thread of this process, so the mails are in ``django.core.mail.outbox``
(the test settings use the locmem backend)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from .browser_support import browser, check_accessibility  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COMPANY = "Koudwater Sensoren B.V."
KVK = "6123 4567"  # typed with a space, as people do; stored as 61234567
TITLE = "Slimme sensoren voor dijkbewaking"
FOUNDER_PASSWORD = "Ijsberg-Sensor-2026!"
LINK = re.compile(r"https?://[^/\s]+(/wachtwoord-kiezen/[\w-]+/[\w-]+/)")


def _link(message) -> str:
    """The path of the set-password link in a mail (the host is the configured one)."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db(transaction=True)
def test_a_start_up_signs_up_requests_to_participate_adds_a_colleague_and_resets_its_password(
    browser,  # noqa: F811
    live_server,
):
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.core.cache import cache
    from playwright.sync_api import expect

    from innopartner.participation.models import Interest, RequestToParticipate
    from innopartner.parties.models import Membership, Organisation
    from innopartner.procedures import services as procedures
    from innopartner.testing import draft_procedure, make_world, publish

    cache.clear()  # the sign-up and reset rate limits count per address in the cache
    now = timezone.now().replace(second=0, microsecond=0)
    world = make_world(operators=0, now=now)
    procedure = draft_procedure(world, partners=1)
    procedures.preparation_update(procedure=procedure, title=TITLE, now=now, actor=world.officer)
    procedure = publish(world, procedure)
    base = live_server.url
    violations: list[dict] = []

    def see(page, text):
        # Retries until the page the last click led to shows the text.
        expect(page.locator("main")).to_contain_text(text)

    def sign_in(context, username: str, password: str):
        page = context.new_page()
        page.goto(f"{base}/aanmelden/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit] >> text=Aanmelden")
        page.wait_for_url(f"{base}/overzicht/")
        return page

    # --- 1. The start-up signs up; a weak password is refused and the form keeps its input.
    founder_context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    founder = founder_context.new_page()
    founder.goto(f"{base}/aanmelden/")
    founder.click("text=Registreer uw bedrijf")
    founder.wait_for_url(f"{base}/registreren/")
    violations += check_accessibility(founder, "onboarding-01-register")
    founder.fill("#id_company_name", COMPANY)
    founder.fill("#id_kvk_number", KVK)
    founder.check("#id_is_sme")
    founder.fill("#id_full_name", "Noor Koudwater")
    founder.fill("#id_email", "noor@koudwater.example.nl")
    founder.fill("#id_username", "noor")
    founder.fill("#id_password1", "12345678")
    founder.fill("#id_password2", "12345678")
    founder.click("main button[type=submit] >> text=Registreren")
    see(founder, "Deze handeling is geweigerd")
    see(founder, "password-weak")
    assert founder.input_value("#id_company_name") == COMPANY
    assert founder.input_value("#id_username") == "noor"
    assert not Organisation.objects.filter(name=COMPANY).exists()
    assert not get_user_model().objects.filter(username="noor").exists()
    violations += check_accessibility(founder, "onboarding-02-register-refused")
    founder.fill("#id_password1", FOUNDER_PASSWORD)
    founder.fill("#id_password2", FOUNDER_PASSWORD)
    founder.click("main button[type=submit] >> text=Registreren")
    founder.wait_for_url(f"{base}/overzicht/")
    see(founder, "Uw bedrijf is geregistreerd en u bent aangemeld.")
    company = Organisation.objects.get(name=COMPANY)
    assert company.kvk_number == "61234567"
    assert Membership.objects.filter(
        user__username="noor", organisation=company, role="supplier"
    ).exists()
    violations += check_accessibility(founder, "onboarding-03-dashboard")

    # --- 2. It finds the published procedure on its dashboard and takes part.
    see(founder, "Open procedures")
    founder.click(f"main a >> text={TITLE}")
    founder.wait_for_url(f"{base}/procedures/{procedure.pk}/")
    founder.click("main button >> text=Belangstelling registreren")
    see(founder, "Uw belangstelling is geregistreerd.")
    expect(founder.locator("main button", has_text="Belangstelling registreren")).to_have_count(0)
    violations += check_accessibility(founder, "onboarding-04-procedure")
    founder.goto(f"{base}/procedures/{procedure.pk}/verzoek/")
    see(founder, TITLE)
    assert COMPANY in founder.locator("#id_operator").inner_text()
    founder.click("main button[type=submit] >> text=Verzoek indienen")
    see(founder, "Uw verzoek tot deelneming is ontvangen.")
    assert Interest.objects.filter(procedure=procedure, operator=company).count() == 1
    assert RequestToParticipate.objects.filter(procedure=procedure, operator=company).count() == 1

    # --- 3. It adds a colleague, who chooses a password through the mailed link.
    founder.click("nav a >> text=Medewerkers")
    founder.wait_for_url(f"{base}/organisatie/medewerkers/")
    expect(founder.locator("h1")).to_contain_text(COMPANY)
    violations += check_accessibility(founder, "onboarding-05-colleagues")
    mail.outbox.clear()
    founder.fill("#id_full_name", "Bram Vries")
    founder.fill("#id_email", "bram@koudwater.example.nl")
    founder.fill("#id_username", "bram")
    founder.select_option("#id_role", "supplier")
    founder.click("main button[type=submit] >> text=Collega toevoegen")
    see(founder, "Bram Vries is toegevoegd en krijgt een e-mail om een wachtwoord te kiezen.")
    expect(founder.locator("main table")).to_contain_text("bram")
    (invitation,) = mail.outbox
    assert invitation.to == ["bram@koudwater.example.nl"]

    colleague_context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    colleague = colleague_context.new_page()
    colleague.goto(base + _link(invitation))
    expect(colleague.locator("h1")).to_have_text("Wachtwoord kiezen")
    violations += check_accessibility(colleague, "onboarding-06-set-password")
    colleague.fill("#id_new_password1", "Bram-kiest-Zelf-77")
    colleague.fill("#id_new_password2", "Bram-kiest-Zelf-77")
    colleague.click("main button[type=submit] >> text=Wachtwoord opslaan")
    see(colleague, "Wachtwoord opgeslagen")
    colleague_context.close()
    colleague_context = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    colleague = sign_in(colleague_context, "bram", "Bram-kiest-Zelf-77")
    expect(colleague.locator(".who")).to_contain_text(f"bram — {COMPANY} (marktpartij)")
    colleague.goto(f"{base}/organisatie/medewerkers/")
    expect(colleague.locator("h1")).to_contain_text(COMPANY)
    expect(colleague.locator("main table")).to_contain_text("Noor Koudwater")
    violations += check_accessibility(colleague, "onboarding-07-colleagues-as-colleague")
    colleague.goto(f"{base}/procedures/{procedure.pk}/")
    see(colleague, TITLE)  # the company's procedure, seen by the new colleague
    colleague_context.close()

    # --- 4. The founder forgets the password: one answer for a known and an unknown address.
    founder_context.close()
    visitor_context = browser.new_context(locale="nl-NL")
    visitor = visitor_context.new_page()
    answers = []
    mail.outbox.clear()
    for address in ("niemand@koudwater.example.nl", "noor@koudwater.example.nl"):
        visitor.goto(f"{base}/aanmelden/")
        visitor.click("text=Wachtwoord vergeten?")
        visitor.wait_for_url(f"{base}/wachtwoord-vergeten/")
        if not answers:
            violations += check_accessibility(visitor, "onboarding-08-password-forgotten")
        visitor.fill("#id_email", address)
        visitor.click("main button[type=submit] >> text=Link versturen")
        visitor.wait_for_url(f"{base}/wachtwoord-vergeten/verstuurd/")
        answers.append(visitor.locator("main").inner_text())
    assert answers[0] == answers[1]
    assert "Kijk in uw e-mail" in answers[0]
    violations += check_accessibility(visitor, "onboarding-09-password-mail-sent")
    (reset,) = mail.outbox  # the unknown address got nothing
    assert reset.to == ["noor@koudwater.example.nl"]
    visitor.goto(base + _link(reset))
    expect(visitor.locator("h1")).to_have_text("Wachtwoord kiezen")
    visitor.fill("#id_new_password1", "Nieuw-Koud-Water-88")
    visitor.fill("#id_new_password2", "Nieuw-Koud-Water-88")
    visitor.click("main button[type=submit] >> text=Wachtwoord opslaan")
    see(visitor, "Wachtwoord opgeslagen")
    violations += check_accessibility(visitor, "onboarding-10-password-saved")
    visitor.click("main a >> text=Aanmelden")
    visitor.fill("#id_username", "noor")
    visitor.fill("#id_password", FOUNDER_PASSWORD)  # the old one no longer works
    visitor.click("main button[type=submit] >> text=Aanmelden")
    see(visitor, "Gebruikersnaam of wachtwoord klopt niet.")
    visitor.fill("#id_password", "Nieuw-Koud-Water-88")
    visitor.click("main button[type=submit] >> text=Aanmelden")
    visitor.wait_for_url(f"{base}/overzicht/")
    expect(visitor.locator(".who")).to_contain_text(f"noor — {COMPANY} (marktpartij)")
    # The request is in: the dashboard no longer asks for it.
    expect(visitor.locator("main")).to_contain_text(TITLE)
    expect(visitor.locator("main a", has_text="Verzoek tot deelneming indienen")).to_have_count(0)
    visitor_context.close()
    assert violations == []
