"""The text of a reportlab PDF, for tests, without a PDF library: the content streams are
decoded (ASCII85, Flate), the text operators followed in order, and each shown string decoded
with the font selected by ``Tf`` at that point: an embedded TrueType subset through its
``ToUnicode`` CMap (the codes of a subset are assigned per document, so they mean nothing
without it), a standard font as WinAnsi. Enough for the PDFs of this app, not a general tool."""

from __future__ import annotations

import base64
import re
import zlib
from dataclasses import dataclass

STREAM = re.compile(rb"(?<!end)stream\r?\n(.*?)endstream", re.S)
OBJECT = re.compile(rb"(\d+) 0 obj\s(.*?)endobj", re.S)
STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)
TOKEN = re.compile(
    rb"\((?:\\.|[^\\)])*\)"  # literal string
    rb"|<[0-9A-Fa-f\s]*>"  # hex string
    rb"|[\[\]]"
    rb"|/[^\s/\[\]()<>{}%]+"  # name
    rb"|[-+]?(?:\d+\.?\d*|\.\d+)"  # number
    rb"|[A-Za-z'\"*]+",  # operator
    re.S,
)
# Operators that move to a new line (or end the text object): the shown strings before and
# after are different lines.
NEW_LINE = {b"BT", b"ET", b"T*", b"Td", b"TD", b"Tm", b"'", b'"'}
BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(raw):
        char = raw[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", raw[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8))
            i += 1 + len(octal.group())
        else:
            out += ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def _decode_stream(header: bytes, data: bytes) -> bytes:
    if b"ASCII85Decode" in header:
        data = base64.a85decode(data.strip(), adobe=True)
    if b"FlateDecode" in header:
        data = zlib.decompress(data)
    return data


def content_streams(pdf: bytes) -> list[bytes]:
    """Every stream of the PDF, decoded (content, CMaps, font files alike)."""
    streams = []
    for match in STREAM.finditer(pdf):
        before = pdf[: match.start()]
        header = before[before.rfind(b" obj") :]
        streams.append(_decode_stream(header, match.group(1)))
    return streams


def objects(pdf: bytes) -> dict[int, bytes]:
    """Object number -> the object's bytes (dictionary and raw stream) as written."""
    return {int(m.group(1)): m.group(2) for m in OBJECT.finditer(pdf)}


def object_stream(body: bytes) -> bytes:
    """The decoded stream of an object's bytes."""
    match = STREAM.search(body)
    assert match, "not a stream object"
    return _decode_stream(body[: match.start()], match.group(1))


def _utf16(hexdigits: bytes) -> str:
    return bytes.fromhex(hexdigits.decode()).decode("utf-16-be")


def parse_cmap(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap: character code -> the text it stands for (bfchar and bfrange)."""
    mapping: dict[int, str] = {}
    for block in BFCHAR.findall(cmap):
        codes = HEX.findall(block)
        for code, text in zip(codes[::2], codes[1::2], strict=True):
            mapping[int(code, 16)] = _utf16(text)
    for block in BFRANGE.findall(cmap):
        for low, high, start in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            first = ord(_utf16(start))
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(first + offset)
    return mapping


@dataclass(frozen=True)
class Font:
    resource: str  # the name used by Tf, e.g. "F2+0"
    base_font: str  # e.g. "AAAAAA+DejaVuSans" or "Helvetica"
    to_unicode: dict[int, str] | None  # None: a standard font (WinAnsi)
    embedded: bool  # a FontFile2 (TrueType) is in the PDF for it

    def decode(self, raw: bytes) -> str:
        if self.to_unicode is None:
            return raw.decode("cp1252", errors="replace")
        return "".join(self.to_unicode.get(byte, "\ufffd") for byte in raw)


def fonts(pdf: bytes) -> dict[str, Font]:
    """The fonts of the PDF by resource name (reportlab names them document-wide)."""
    objs = objects(pdf)
    found = {}
    for body in objs.values():
        head = body.split(b"stream", 1)[0]
        if not re.search(rb"/Type\s*/Font\b", head):
            continue
        name = re.search(rb"/Name\s*/([^\s/\[\]<>]+)", head)
        base = re.search(rb"/BaseFont\s*/([^\s/\[\]<>]+)", head)
        if not (name and base):
            continue
        cmap = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", head)
        to_unicode = parse_cmap(object_stream(objs[int(cmap.group(1))])) if cmap else None
        descriptor = re.search(rb"/FontDescriptor\s+(\d+)\s+0\s+R", head)
        embedded = bool(descriptor) and b"/FontFile2" in objs[int(descriptor.group(1))]
        found[name.group(1).decode()] = Font(
            resource=name.group(1).decode(),
            base_font=base.group(1).decode(),
            to_unicode=to_unicode,
            embedded=embedded,
        )
    return found


def _string(token: bytes) -> bytes:
    if token.startswith(b"("):
        return _unescape(token[1:-1])
    return bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode())


def page_contents(pdf: bytes) -> list[bytes]:
    """The decoded content streams of the pages, in the order they are written."""
    objs = objects(pdf)
    streams = []
    for body in objs.values():
        head = body.split(b"stream", 1)[0]
        if not re.search(rb"/Type\s*/Page\b", head):
            continue
        contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+\s+0\s+R)", head)
        if contents:
            for number in re.findall(rb"(\d+)\s+0\s+R", contents.group(1)):
                streams.append(object_stream(objs[int(number)]))
    return streams


def lines(pdf: bytes) -> list[list[tuple[Font, str]]]:
    """The shown text line by line, each line as its runs: (font, text) per ``Tj``/``TJ``."""
    known = fonts(pdf)
    plain = Font(resource="?", base_font="?", to_unicode=None, embedded=False)
    found: list[list[tuple[Font, str]]] = []
    for stream in page_contents(pdf):
        font, operands, array, line = plain, [], None, []
        for token in TOKEN.findall(stream):
            if token == b"[":
                array = []
            elif token == b"]":
                operands.append(array or [])
                array = None
            elif array is not None:
                array.append(token)
            elif token[:1] in b"(</" or token[:1].isdigit() or token[:1] in b"-+.":
                operands.append(token)
            else:  # an operator
                if token in NEW_LINE and line:
                    found.append(line)
                    line = []
                if token == b"Tf" and len(operands) >= 2:
                    font = known.get(operands[-2][1:].decode(), plain)
                elif token in (b"Tj", b"'", b'"') and operands:
                    line.append((font, font.decode(_string(operands[-1]))))
                elif token == b"TJ" and operands and isinstance(operands[-1], list):
                    parts = [_string(t) for t in operands[-1] if t[:1] in b"(<"]
                    line.append((font, "".join(font.decode(p) for p in parts)))
                operands = []
        if line:
            found.append(line)
    return found


def pdf_text(pdf: bytes) -> str:
    """Each line of shown text on its own line."""
    return "\n".join("".join(text for _font, text in line) for line in lines(pdf))


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))
