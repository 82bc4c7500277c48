"""Render a :class:`~innopartner.documents.model.Document` as an editable Word file
(python-docx): the buyer's lawyers edit the draft in their own word processor."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from .model import Bullets, Document, Facts, Para, Table, Verbatim

RED = RGBColor(0xA4, 0x00, 0x00)  # dark red: contrast 7.7:1 on white


def _marked(paragraph, text: str) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.color.rgb = RED


def _table(word, headers: list[str], rows: list[list[str]]) -> None:
    table = word.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(header).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value
    word.add_paragraph()


def render_docx(document: Document) -> bytes:
    word = WordDocument()
    word.core_properties.title = document.title
    if document.marking:
        # The header and footer repeat on every page, so every page carries the marking.
        section = word.sections[0]
        _marked(section.header.paragraphs[0], document.marking)
        _marked(section.footer.paragraphs[0], document.marking)
    word.add_heading(document.title, level=0)
    if document.subtitle:
        word.add_paragraph(document.subtitle)
    for section in document.sections:
        heading = word.add_heading(section.heading, level=min(section.level, 3))
        if section.warning:
            for run in heading.runs:
                run.font.color.rgb = RED
        for block in section.blocks:
            if isinstance(block, Para):
                paragraph = word.add_paragraph()
                run = paragraph.add_run(block.text)
                run.bold = block.emphasis
            elif isinstance(block, Bullets):
                for item in block.items:
                    word.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                _table(word, block.headers, block.rows)
            elif isinstance(block, Facts):
                table = word.add_table(rows=0, cols=2)
                table.style = "Table Grid"
                for label, value in block.items:
                    cells = table.add_row().cells
                    cells[0].text = ""
                    cells[0].paragraphs[0].add_run(label).bold = True
                    cells[1].text = value
                word.add_paragraph()
            elif isinstance(block, Verbatim):
                for line in block.lines:
                    run = word.add_paragraph().add_run(line)
                    run.font.name = "Courier New"
                    run.font.size = Pt(8)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
