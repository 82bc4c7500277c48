"""Render a :class:`~innopartner.documents.model.Document` as PDF with reportlab's Platypus.

reportlab is pure Python with wheels and needs no system libraries (unlike WeasyPrint, which
needs Pango and Cairo), so a fresh machine produces the same PDF. The marking of a draft is
drawn on every page by the page callback, so no page can be printed without it."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
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

RED = colors.HexColor("#A40000")
STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontSize=10, leading=13)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11)
CELL_HEAD = ParagraphStyle("cellhead", parent=CELL, fontName="Helvetica-Bold")
CODE = ParagraphStyle("code", parent=BODY, fontName="Courier", fontSize=7.5, leading=9.5)
HEADINGS = {1: STYLES["Heading1"], 2: STYLES["Heading2"], 3: STYLES["Heading3"]}
WARNING_HEADING = ParagraphStyle("warning", parent=STYLES["Heading1"], textColor=RED)
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
    ]
)
FACTS_GRID = TableStyle(
    [("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]
)


def _p(text: str, style=BODY) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _flowables(document: Document, width: float) -> list:
    story: list = [Paragraph(escape(document.title), STYLES["Title"])]
    if document.subtitle:
        story.append(_p(document.subtitle))
    for section in document.sections:
        style = WARNING_HEADING if section.warning else HEADINGS[min(section.level, 3)]
        story.append(Paragraph(escape(section.heading), style))
        for block in section.blocks:
            if isinstance(block, Para):
                story.append(_p(block.text, CELL_HEAD if block.emphasis else BODY))
            elif isinstance(block, Bullets):
                story.append(
                    ListFlowable(
                        [ListItem(_p(item), leftIndent=12) for item in block.items],
                        bulletType="bullet",
                        start="•",
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
                table = PdfTable(data, colWidths=[width * 0.35, width * 0.65])
                table.setStyle(FACTS_GRID)
                story += [table, Spacer(1, 4 * mm)]
            elif isinstance(block, Verbatim):
                story += [_p(line or " ", CODE) for line in block.lines]
    return story


def render_pdf(document: Document) -> bytes:
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
    )

    def on_page(canvas, doc) -> None:
        canvas.saveState()
        width, height = A4
        if document.marking:
            canvas.setFillColor(RED)
            canvas.setFont("Helvetica-Bold", 11)
            canvas.drawCentredString(width / 2, height - 13 * mm, document.marking)
        canvas.setFillColor(colors.black)
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(width - margin, 10 * mm, f"Pagina {doc.page}")
        canvas.drawString(margin, 10 * mm, document.title[:90])
        canvas.restoreState()

    pdf.build(_flowables(document, A4[0] - 2 * margin), onFirstPage=on_page, onLaterPages=on_page)
    return out.getvalue()
