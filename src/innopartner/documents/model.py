"""The document model: what a document says, written once and rendered by two renderers
(``render_docx`` for an editable Word file, ``render_pdf`` for a PDF).

A :class:`Document` is a title, an optional marking printed on every page (for drafts:
"CONCEPT — ter beoordeling door uw juristen") and a list of sections; a section is a heading
and blocks (paragraphs, bullet lists, tables, key-value facts, verbatim lines)."""

from __future__ import annotations

from dataclasses import dataclass, field

DRAFT_MARKING = "CONCEPT — ter beoordeling door uw juristen"


@dataclass(frozen=True)
class Para:
    text: str
    emphasis: bool = False


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Facts:
    """Label-value pairs, rendered as a two-column table."""

    items: list[tuple[str, str]]


@dataclass(frozen=True)
class Verbatim:
    """Lines reproduced exactly (an official record), in a fixed-width font."""

    lines: list[str]


Block = Para | Bullets | Table | Facts | Verbatim


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1
    warning: bool = False  # shown as a warning (the "missing" section of a draft)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    title: str
    subtitle: str = ""
    marking: str = ""  # printed on every page when set
    sections: list[Section] = field(default_factory=list)
    filename: str = "document"  # without extension

    def section(self, heading: str, *, level: int = 1, warning: bool = False) -> Section:
        section = Section(heading=heading, level=level, warning=warning)
        self.sections.append(section)
        return section

    def text(self) -> str:
        """All the words of the document, one block per line (for tests and previews)."""
        lines = [self.marking, self.title, self.subtitle]
        for section in self.sections:
            lines.append(section.heading)
            for block in section.blocks:
                if isinstance(block, Para):
                    lines.append(block.text)
                elif isinstance(block, Bullets):
                    lines.extend(block.items)
                elif isinstance(block, Table):
                    lines.append(" | ".join(block.headers))
                    lines.extend(" | ".join(row) for row in block.rows)
                elif isinstance(block, Facts):
                    lines.extend(f"{label}: {value}" for label, value in block.items)
                elif isinstance(block, Verbatim):
                    lines.extend(block.lines)
        return "\n".join(line for line in lines if line)
