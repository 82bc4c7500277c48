"""Render a :class:`~innopartner.documents.model.Document` as PDF with reportlab's Platypus.

reportlab is pure Python with wheels and needs no system libraries (unlike WeasyPrint, which
needs Pango and Cairo), so a fresh machine produces the same PDF. The marking of a draft is
drawn on every page by the page callback, so no page can be printed without it.

Every text is set in DejaVu Sans, a Unicode TrueType family shipped in ``documents/fonts/``
with its licence (Bitstream Vera licence, DejaVu changes in the public domain). reportlab's
standard Type 1 fonts only know Windows-1252, so the name of a tenderer from Poland, Czechia,
Romania or Greece ("Łódź", "Č", "Ș", "Ω") printed as boxes; public procurement is open to
companies of every member state (Art. 18 Directive 2014/24/EU, equal treatment), so a decision
letter must print their names right. reportlab embeds only the glyphs a PDF uses (subsetting),
so a letter grows by tens of kilobytes, not by the font files."""

from __future__ import annotations

import io
import threading
from importlib import resources
from importlib.resources.abc import Traversable
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from .model import Bullets, Document, Facts, Para, Table, Verbatim

FAMILY = "DejaVuSans"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Oblique"
BOLD_ITALIC = f"{FAMILY}-BoldOblique"
# Registered name -> file in documents/fonts/ (package data, see pyproject.toml).
FONT_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}


def font_dir() -> Traversable:
    """The folder of the shipped font files and their licence, found through the package
    (so it works the same from a clone and from an installed wheel)."""
    return resources.files("innopartner.documents") / "fonts"


_REGISTERING = threading.Lock()


def register_fonts() -> None:
    """Register the DejaVu Sans family with reportlab once per process, at the first PDF (it
    reads 2.7 MB of font files: not at every start of Django, which imports this module with
    the views); ``<b>`` and ``<i>`` in a paragraph then pick the bold and oblique faces. Under
    a lock, and never twice: replacing a registered font while another request thread renders
    with it would split that PDF's subsets."""
    with _REGISTERING:
        if set(FONT_FILES) <= set(pdfmetrics.getRegisteredFontNames()):
            return
        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(font_dir() / filename)))
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )


RED = colors.HexColor("#A40000")
STYLES = getSampleStyleSheet()
TITLE = ParagraphStyle("title", parent=STYLES["Title"], fontName=BOLD)
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontName=REGULAR, fontSize=10, leading=13)
EMPHASIS = ParagraphStyle("emphasis", parent=BODY, fontName=ITALIC)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11)
CELL_HEAD = ParagraphStyle("cellhead", parent=CELL, fontName=BOLD)
# The proces-verbaal's lines are reproduced exactly, in the same family (a tenderer's name in
# it needs the same glyphs); small, as the lines carry SHA-256 values.
CODE = ParagraphStyle("code", parent=BODY, fontSize=7.5, leading=9.5)
HEADINGS = {
    1: ParagraphStyle("h1", parent=STYLES["Heading1"], fontName=BOLD),
    2: ParagraphStyle("h2", parent=STYLES["Heading2"], fontName=BOLD),
    3: ParagraphStyle("h3", parent=STYLES["Heading3"], fontName=BOLD_ITALIC),
}
WARNING_HEADING = ParagraphStyle("warning", parent=HEADINGS[1], textColor=RED)
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # the cells' default; else Helvetica
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
    ]
)
FACTS_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
    ]
)


def _p(text: str, style=BODY) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _flowables(document: Document, width: float) -> list:
    story: list = [Paragraph(escape(document.title), TITLE)]
    if document.subtitle:
        story.append(_p(document.subtitle))
    for section in document.sections:
        style = WARNING_HEADING if section.warning else HEADINGS[min(section.level, 3)]
        story.append(Paragraph(escape(section.heading), style))
        for block in section.blocks:
            if isinstance(block, Para):
                story.append(_p(block.text, EMPHASIS if block.emphasis else BODY))
            elif isinstance(block, Bullets):
                story.append(
                    ListFlowable(
                        [ListItem(_p(item), leftIndent=12) for item in block.items],
                        bulletType="bullet",
                        start="•",
                        bulletFontName=REGULAR,
                    )
                )
            elif isinstance(block, Table):
                data = [[_p(h, CELL_HEAD) for h in block.headers]]
                data += [[_p(v, CELL) for v in row] for row in block.rows]
                cols = len(block.headers)
                table = PdfTable(data, colWidths=[width / cols] * cols, repeatRows=1)
                table.setStyle(GRID)
                story += [table, Spacer(1, 4 * mm)]
            elif isinstance(block, Facts):
                data = [[_p(label, CELL_HEAD), _p(value, CELL)] for label, value in block.items]
                # DejaVu Sans runs about a fifth wider than Helvetica: 40% keeps a label such
                # as "Opschortende termijn tot en met" on one line.
                table = PdfTable(data, colWidths=[width * 0.4, width * 0.6])
                table.setStyle(FACTS_GRID)
                story += [table, Spacer(1, 4 * mm)]
            elif isinstance(block, Verbatim):
                story += [_p(line or " ", CODE) for line in block.lines]
    return story


def render_pdf(document: Document) -> bytes:
    register_fonts()
    out = io.BytesIO()
    margin = 20 * mm
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin + 6 * mm,
        bottomMargin=margin,
        title=document.title,
        lang="nl",
        initialFontName=REGULAR,  # no standard font in the PDF at all
    )

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        width, height = A4
        if document.marking:
            canvas.setFillColor(RED)
            canvas.setFont(BOLD, 11)
            canvas.drawCentredString(width / 2, height - 13 * mm, document.marking)
        canvas.setFillColor(colors.black)
        canvas.setFont(REGULAR, 8)
        canvas.drawRightString(width - margin, 10 * mm, f"Pagina {doc.page}")
        canvas.drawString(margin, 10 * mm, document.title[:90])
        canvas.restoreState()

    pdf.build(_flowables(document, A4[0] - 2 * margin), onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()
