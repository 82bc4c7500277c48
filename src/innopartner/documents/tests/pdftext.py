"""The text of a reportlab PDF, for tests, without a PDF library: the content streams are
decoded (ASCII85, Flate) and the strings shown by ``Tj`` and ``TJ`` collected (WinAnsi, the
encoding of reportlab's standard fonts). Enough for the PDFs of this app, not a general tool."""

from __future__ import annotations

import base64
import re
import zlib

STREAM = re.compile(rb"(?<!end)stream\r?\n(.*?)endstream", re.S)
SHOW = re.compile(rb"\((?:\\.|[^\\)])*\)\s*Tj|\[(?:[^\]]*)\]\s*TJ", re.S)
STRING = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.S)
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


def content_streams(pdf: bytes) -> list[bytes]:
    streams = []
    for match in STREAM.finditer(pdf):
        before = pdf[: match.start()]
        header = before[before.rfind(b" obj") :]
        data = match.group(1)
        if b"ASCII85Decode" in header:
            data = base64.a85decode(data.strip(), adobe=True)
        if b"FlateDecode" in header:
            data = zlib.decompress(data)
        streams.append(data)
    return streams


def pdf_text(pdf: bytes) -> str:
    """Each shown string on its own line."""
    lines = []
    for stream in content_streams(pdf):
        for shown in SHOW.findall(stream):
            parts = [_unescape(s) for s in STRING.findall(shown)]
            lines.append(b"".join(parts).decode("cp1252", errors="replace"))
    return "\n".join(lines)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))
