"""The PDFs print the names of tenderers from every member state: every text is set in the
embedded DejaVu Sans family (shipped with the package, with its licence), not in reportlab's
standard fonts, which know only Windows-1252 and printed "Ł", "Č", "Ș", "Ω" and "≥" as boxes.

The PDF text is read back through each embedded subset's ToUnicode CMap (``pdftext.py``; no PDF
reader is in the lock file), and the glyph of every character is checked to be in the font
file, so a character that would print as a box fails the test."""

from __future__ import annotations

import io
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from innopartner.documents.builders import build_draft, build_letter, build_official_record
from innopartner.documents.render_pdf import FONT_FILES, render_pdf

from .pdftext import fonts, lines, objects, pdf_text

POLISH = "Łódź Innowacje Sp. z o.o."
CZECH = "Škoda Č Inovace s.r.o."
ROMANIAN = "Ștefan Tehnologii S.R.L."
GREEK = "Ωmega Systems A.E."
REQUIREMENT = "Detectie ≥ 95% → ✓; valse meldingen ≤ 2% – per seizoen — gemeten"
REASON = "Ervaring ≥ 95% van de referenties ontbreekt → niet uitgenodigd; score ≤ 5 – zie verslag"
EVERY_CHARACTER = set(POLISH + CZECH + ROMANIAN + GREEK + REQUIREMENT + REASON)


@pytest.fixture(scope="module")
def foreign(django_db_setup, django_db_blocker):
    """A procedure with four operators from Poland, Czechia, Romania and Greece: three invited
    (one tender round opened, so a proces-verbaal with their names), the Greek one not, with
    reasons in its letter; a requirement with mathematical signs and dashes. Rolled back."""
    from django.db import transaction

    from innopartner.participation import services as participation
    from innopartner.parties import services as parties
    from innopartner.procedures import services as procedures
    from innopartner.procedures.models import DecisionLetter
    from innopartner.tendering.models import TenderOpening
    from innopartner.testing import draft_procedure, make_world, publish, run_round

    with django_db_blocker.unblock(), transaction.atomic():
        world = make_world(operators=0)
        for index, (name, country) in enumerate(
            [(POLISH, "PL"), (CZECH, "CZ"), (ROMANIAN, "RO"), (GREEK, "GR")]
        ):
            operator = parties.operator_create(
                name=name, country=country, foreign_registration=f"REG-{index}", now=world.now
            )
            world.operators.append(operator)
            world.suppliers[operator.pk] = parties.person_add(
                username=f"supplier-{index}", organisation=operator, role="supplier", now=world.now
            )
        procedure = draft_procedure(world)
        procedures.requirement_add(
            procedure=procedure,
            text=REQUIREMENT,
            is_minimum=True,
            now=world.now,
            actor=world.officer,
        )
        procedure = publish(world, procedure)
        for operator in world.operators:
            participation.request_submit(
                procedure=procedure,
                operator=operator,
                now=world.now,
                actor=world.supplier(operator),
            )
        world.tick(days=31)
        for request in procedure.requests.all():
            participation.request_assess(
                request=request,
                qualified=True,
                assessment="Geschikt.",
                now=world.now,
                actor=world.officer,
            )
        invited, greek = world.operators[:3], world.operators[3]
        participation.candidates_invite(
            procedure=procedure,
            operators=invited,
            reasons={greek.pk: REASON},
            now=world.now,
            actor=world.officer,
        )
        tender_round = run_round(
            world,
            procedure,
            kind="initial",
            prices={o: 100000 + i for i, o in enumerate(invited)},
        )
        yield {
            "draft": build_draft(procedure, now=world.now),
            "rejection": build_letter(
                DecisionLetter.objects.get(procedure=procedure, addressee=greek)
            ),
            "invitation": build_letter(
                DecisionLetter.objects.get(procedure=procedure, addressee=invited[0])
            ),
            "proces-verbaal": build_official_record(TenderOpening.objects.get(round=tender_round)),
        }
        transaction.set_rollback(True)


def assert_every_font_embedded_dejavu(pdf: bytes) -> None:
    """Only the shipped family, each embedded as a TrueType subset (FontFile2) with a
    ToUnicode CMap: no standard font that a reader would have to substitute."""
    found = fonts(pdf)
    assert found, "no fonts in the PDF"
    for font in found.values():
        family = font.base_font.split("+", 1)[-1]  # "AAAAAA+DejaVuSans-Bold" -> subset tag off
        assert family in FONT_FILES, font.base_font
        assert font.embedded and font.to_unicode is not None, font.base_font
    assert b"/FontFile2" in pdf


def mapped_characters(pdf: bytes) -> set[str]:
    """Every character some subset's ToUnicode CMap maps a code to."""
    return {char for font in fonts(pdf).values() for char in (font.to_unicode or {}).values()}


def faces_showing(pdf: bytes, text: str) -> set[str]:
    """The faces of the runs that show ``text`` or a line of it (a wrapped paragraph); runs
    shorter than five characters (a number in a table cell) are no evidence."""
    return {
        font.base_font.split("+", 1)[-1]
        for line in lines(pdf)
        for font, shown in line
        if len(shown.strip()) >= min(len(text), 5) and shown.strip() in text
    }


# --- the font files ship with the package ---------------------------------------------------


def test_the_font_files_and_their_licence_ship_with_the_package():
    folder = resources.files("innopartner.documents") / "fonts"
    for filename in FONT_FILES.values():
        font_file = folder / filename
        assert font_file.is_file(), filename
        assert font_file.read_bytes()[:4] == b"\x00\x01\x00\x00"  # a TrueType font
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "DejaVu changes are in public domain" in licence
    assert "Arev" in licence  # the glyphs imported from the Arev fonts have their own notice
    # `pip install .` carries them: pyproject's package data names the folder.
    root = Path(__file__).resolve().parents[4]
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        pytest.skip("an installed package: no pyproject.toml next to it")
    data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    assert "documents/fonts/*" in data["tool"]["setuptools"]["package-data"]["innopartner"]


def test_every_character_of_the_test_names_has_a_glyph_in_each_face():
    folder = resources.files("innopartner.documents") / "fonts"
    for name, filename in FONT_FILES.items():
        glyphs = TTFont(name, str(folder / filename)).face.charToGlyph
        missing = {char for char in EVERY_CHARACTER if glyphs.get(ord(char), 0) == 0}
        assert not missing, (filename, missing)


# --- the three kinds of PDF ------------------------------------------------------------------


def test_a_rejection_letter_prints_the_greek_addressee_and_the_reasons(foreign, db):
    pdf = render_pdf(foreign["rejection"])
    assert_every_font_embedded_dejavu(pdf)
    text = pdf_text(pdf)
    assert GREEK in text
    assert REASON in " ".join(text.split())
    assert set(GREEK + REASON) - {" "} <= mapped_characters(pdf)
    assert "\ufffd" not in text
    assert faces_showing(pdf, GREEK) == {"DejaVuSans"}  # the addressee, in the body face


def test_an_invitation_letter_prints_the_polish_addressee(foreign, db):
    pdf = render_pdf(foreign["invitation"])
    assert_every_font_embedded_dejavu(pdf)
    assert POLISH in pdf_text(pdf)
    assert set(POLISH) - {" "} <= mapped_characters(pdf)


def test_the_proces_verbaal_prints_every_tenderer_name(foreign, db):
    pdf = render_pdf(foreign["proces-verbaal"])
    assert_every_font_embedded_dejavu(pdf)
    text = pdf_text(pdf)
    for name in (POLISH, CZECH, ROMANIAN):
        assert f"| {name} |" in text, name  # the official record's lines, reproduced exactly
    assert GREEK not in text  # not invited, no tender
    assert set(POLISH + CZECH + ROMANIAN) - {" "} <= mapped_characters(pdf)


def test_the_draft_prints_signs_and_dashes_in_the_family_faces(foreign, db):
    pdf = render_pdf(foreign["draft"])
    assert_every_font_embedded_dejavu(pdf)
    flowing = " ".join(pdf_text(pdf).split())
    assert REQUIREMENT in flowing
    assert set(REQUIREMENT) - {" "} <= mapped_characters(pdf)
    # Headings bold, emphasis oblique, body regular: the family is used, not one face.
    assert faces_showing(pdf, "1. Beschrijving van de behoefte") == {"DejaVuSans-Bold"}
    assert faces_showing(pdf, "Tussendoelen:") == {"DejaVuSans-Oblique"}
    assert faces_showing(pdf, REQUIREMENT) == {"DejaVuSans"}


def test_the_fonts_are_subset_so_a_letter_stays_small(foreign, db):
    """reportlab embeds only the glyphs used: a letter is tens of kilobytes, not the
    megabytes of the font files."""
    pdf = render_pdf(foreign["rejection"])
    assert len(pdf) < 150_000, len(pdf)
    for body in objects(pdf).values():
        if b"/Length1" in body:  # an embedded font program
            size = int(body.split(b"/Length1", 1)[1].split()[0])
            assert size < 120_000, size


def test_the_check_catches_a_standard_font():
    """The helpers of this file fail on what the PDFs were before: "Ł" in Helvetica is not
    embedded and does not read back."""
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("Helvetica", 10)
    page.drawString(50, 700, POLISH)
    page.save()
    pdf = out.getvalue()
    assert POLISH not in pdf_text(pdf)
    with pytest.raises(AssertionError):
        assert_every_font_embedded_dejavu(pdf)


def test_the_fonts_are_registered_once_and_pdfs_render_side_by_side(foreign, db):
    """Request threads render at the same time: the first PDF registers the family, later
    calls leave the registered fonts alone (replacing one mid-render would split its
    subsets), and every PDF reads back whole."""
    from concurrent.futures import ThreadPoolExecutor

    from reportlab.pdfbase import pdfmetrics

    from innopartner.documents.render_pdf import REGULAR, register_fonts

    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(render_pdf, [foreign["rejection"], foreign["invitation"]] * 4))
    for pdf, name in zip(pdfs, [GREEK, POLISH] * 4, strict=True):
        text = pdf_text(pdf)
        assert name in text and "\ufffd" not in text
    regular = pdfmetrics.getFont(REGULAR)
    register_fonts()
    assert pdfmetrics.getFont(REGULAR) is regular
