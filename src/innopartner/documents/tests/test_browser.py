"""Browser test: the procurement officer opens the documents page of a demo procedure, checks
it with axe-core and downloads the draft; a supplier downloads a letter addressed to it.
Without /usr/bin/chromium or axe-core this skips outside CI and fails in CI (CI=true)."""

from __future__ import annotations

import pytest

from innopartner.web.tests.browser_support import (  # noqa: F401 (fixture)
    browser,
    check_accessibility,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.django_db(transaction=True)
def test_the_documents_page_is_accessible_and_its_downloads_work(
    browser,  # noqa: F811
    live_server,
    settings,
):
    from innopartner.procedures.models import DecisionLetter, Procedure
    from innopartner.web.demo import load_live_procedures

    settings.INNOPARTNER_DEMO = True
    load_live_procedures()
    base = live_server.url
    procedure = Procedure.objects.get(slug="demo-opening")
    violations: list[dict] = []

    officer = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = sign_in(officer, base, "demo-officer")
    page.goto(f"{base}/procedures/{procedure.pk}/")
    page.click("text=Stukken (concept, proces-verbaal, brieven)")
    page.wait_for_url(f"{base}/procedures/{procedure.pk}/stukken/")
    violations += check_accessibility(page, "officer-documents")
    with page.expect_download() as download:
        page.click("text=Concept als Word-bestand (DOCX, bewerkbaar)")
    assert download.value.suggested_filename.endswith(".docx")
    with page.expect_download() as download:
        page.click("text=Concept als PDF")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    letter = DecisionLetter.objects.filter(
        procedure=procedure, addressee__name="SatFire Analytics B.V."
    ).first()
    assert letter is not None
    supplier = browser.new_context(locale="nl-NL", viewport={"width": 390, "height": 844})
    spage = sign_in(supplier, base, "demo-supplier-a")
    spage.goto(f"{base}/brieven/{letter.pk}/")
    violations += check_accessibility(spage, "supplier-letter")
    with spage.expect_download() as download:
        spage.click("text=Brief downloaden als PDF")
    assert download.value.suggested_filename.startswith("brief-")

    officer.close()
    supplier.close()
    assert violations == []
