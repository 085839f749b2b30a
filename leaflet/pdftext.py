"""Reading a PDF back (used by checks): text runs with position, size, font and colour;
filled rectangles (backgrounds). Text is compared in textmatch.py."""

from __future__ import annotations

import math
import re
import struct
import sys
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject
from pypdf.generic import ContentStream, DictionaryObject, NameObject

from .pdfread import dict_of, list_of, stream_of

WHITE = (1.0, 1.0, 1.0)
SIMPLE_CODES = 256  # a simple font draws by one-byte codes
Colour = tuple[float, float, float]


@dataclass(frozen=True)
class Fragment:
    """One text run: where it starts, its effective size, font, fill colour and background."""

    text: str
    x: float
    y: float
    size: float
    font: str
    colour: Colour
    background: Colour


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    colour: Colour

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


@dataclass
class PageScan:
    fragments: list[Fragment] = field(default_factory=list)  # runs that show ink
    blanks: list[tuple[int, float, str]] = field(default_factory=list)  # (index in fragments, y, text)
    blank_fonts: list[str] = field(default_factory=list)  # each blank run's font, as `Fragment.font`
    fills: list[Rect] = field(default_factory=list)
    word_spacing: list[float] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)  # operators with the wrong operands, as written
    font_names: set[str] = field(default_factory=set)  # resource names the page selects with Tf


# How many numbers each operator the checks read takes (a viewer ignores or stops at a mismatch).
OPERANDS = {b"re": 4, b"cm": 6, b"Tm": 6, b"Td": 2, b"TD": 2, b"Tw": 1, b"Tc": 1, b"Tz": 1, b"TL": 1}
OPERANDS |= {b"rg": 3, b"RG": 3, b"g": 1, b"G": 1, b"k": 4, b"K": 4, b"m": 2, b"l": 2, b"c": 6, b"w": 1}


def operand_problem(op: bytes, args: list[Any]) -> str:
    """The operator as written when its operands are not what it takes, else ''."""
    if op in OPERANDS:
        ok = numbers(args, OPERANDS[op]) is not None
    elif op == b"Tf":
        ok = len(args) == 2 and isinstance(args[0], NameObject) and numbers(args[1:], 1) is not None
    else:
        return ""
    return "" if ok else " ".join([*(str(a)[:20] for a in args[:6]), op.decode("latin-1")])


def _mul(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def numbers(args: list[Any], count: int) -> list[float] | None:
    """The operands as `count` numbers, or None when a malformed operator has other operands
    (a viewer ignores such an operator, so the checks do too)."""
    if len(args) != count or not all(isinstance(a, int | float) for a in args):
        return None
    return [float(a) for a in args]


def _colour(op: bytes, args: list[Any]) -> Colour | None:
    v = numbers(args, len(args)) or []
    if op == b"rg" and len(v) == 3:
        return v[0], v[1], v[2]
    if op == b"g" and len(v) == 1:
        return v[0], v[0], v[0]
    if op == b"k" and len(v) == 4:
        c, m, y, k = v
        return (1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)
    if op in (b"sc", b"scn") and len(v) in (1, 3):
        return (v[0], v[0], v[0]) if len(v) == 1 else (v[0], v[1], v[2])
    return None


def scan(page: PageObject) -> PageScan:
    """One pass over the page's content: text runs, filled rectangles, word spacing."""
    out = PageScan()
    fill: list[Colour] = [(0.0, 0.0, 0.0)]
    pending: list[tuple[float, float, float, float]] = []  # rectangles drawn, not yet painted

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        if problem := operand_problem(op, args):
            out.malformed.append(problem)
        elif op == b"Tf":
            out.font_names.add(str(args[0]))
        if op == b"q":
            fill.append(fill[-1])
        elif op == b"Q" and len(fill) > 1:
            fill.pop()
        elif (colour := _colour(op, args)) is not None:
            fill[-1] = colour
        elif op == b"re" and (box := numbers(args, 4)):
            x, y, w, h = box
            (ax, ay), (bx, by) = _point(cm, x, y), _point(cm, x + w, y + h)
            pending.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            out.fills += [Rect(*r, fill[-1]) for r in pending]  # in the colour at the time they are painted
            pending.clear()
        elif op in (b"S", b"n", b"s"):
            pending.clear()
        elif op == b"Tw" and (spacing := numbers(args, 1)):
            out.word_spacing.append(spacing[0])

    def text(t: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not t:
            return
        m = _mul(list(tm), list(cm))
        x, y = m[4], m[5]
        name = str(font.get("/BaseFont", "")) if font else ""
        if not t.strip():  # a blank run (a space between two fallback-font words) still separates words
            out.blanks.append((len(out.fragments), y, t))
            out.blank_fonts.append(name)
            return
        bg = next((r.colour for r in reversed(out.fills) if r.holds(x + 1, y + 1)), WHITE)
        out.fragments.append(Fragment(t, x, y, size * math.hypot(m[2], m[3]), name, fill[-1], bg))

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return out


def text_runs(scan: PageScan, floor: float) -> str:
    """The page's text in drawing order, blank runs included, leaving out what lies below `floor`."""
    at: dict[int, str] = {}
    for index, y, t in scan.blanks:
        if y >= floor:
            at[index] = at.get(index, "") + t
    out = [at.get(i, "") + (f.text if f.y >= floor else "") for i, f in enumerate(scan.fragments)]
    return "".join(out) + at.get(len(scan.fragments), "")


def _point(cm: list[float], x: float, y: float) -> tuple[float, float]:
    return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]


def parsed(page: PageObject) -> PageObject:
    """A copy of `page` whose content is parsed (as pypdf parses it for text: strings as bytes) once,
    for every reader of it: `scan`, `undrawable` and the tags check's marked content walk the same
    operations instead of parsing the page three times."""
    if isinstance(page.get("/Contents"), ContentStream):
        return page
    contents = page.get_contents()
    if contents is None:
        return page
    copy = PageObject(page.pdf, page.indirect_reference)
    copy.update(page)
    copy[NameObject("/Contents")] = ContentStream(contents, page.pdf, "bytes")
    return copy


def operations(page: PageObject, encoding: str | None = None) -> list[tuple[Any, bytes]]:
    """The page's content operators: those parsed already when the page came from `parsed`, else
    parsed now (strings as bytes with `encoding="bytes"`, as pypdf reads content for text)."""
    contents = page.get("/Contents")
    if isinstance(contents, ContentStream):
        return list(contents.operations)
    contents = page.get_contents()
    return list(ContentStream(contents, page.pdf, encoding).operations) if contents is not None else []


def undrawable(page: PageObject) -> list[tuple[str, int]]:
    """(font, character code) for every code the page shows that its embedded font maps to no glyph
    (it would print as .notdef, an empty box). Checks simple TrueType fonts, the kind ReportLab embeds."""
    fonts = dict_of(dict_of(page.get("/Resources")).get("/Font"))
    cmaps: dict[str, dict[int, int] | None] = {}
    for key, ref in fonts.items():
        font = dict_of(ref)
        data = stream_of(dict_of(font.get("/FontDescriptor")).get("/FontFile2"))
        if font.get("/Subtype") != "/TrueType" or data is None:
            cmaps[key] = None
            continue
        cmaps[key] = code_to_glyph(data.get_data())
    bad: list[tuple[str, int]] = []
    current: dict[int, int] | None = None
    name = ""
    for operands, op in operations(page):
        if op == b"Tf" and operands:
            name = str(operands[0])
            current = cmaps.get(name)
        elif op in (b"Tj", b"'", b'"', b"TJ") and current is not None and operands:
            items = list_of(operands[-1]) if op == b"TJ" else operands[-1:]
            for item in items:
                raw = getattr(item, "original_bytes", None) or (bytes(item) if isinstance(item, bytes) else b"")
                bad += [(name, code) for code in raw if current.get(code, 0) == 0]
    return bad


def code_to_glyph(font: bytes) -> dict[int, int]:
    """The character code -> glyph map of an embedded TrueType font's (1,0) or (3,0) cmap.

    Simple TrueType fonts in PDF are drawn by code through this table; ReportLab's
    subsets write it as format 6 (or 0). An unreadable table gives an empty map.
    """
    try:
        count = struct.unpack_from(">H", font, 4)[0]
        tables = {font[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">L", font, 20 + 16 * i)[0] for i in range(count)}
        cmap = tables[b"cmap"]
        subtables = struct.unpack_from(">H", font, cmap + 2)[0]
        for i in range(subtables):
            platform, encoding, offset = struct.unpack_from(">HHL", font, cmap + 4 + 8 * i)
            if (platform, encoding) not in ((1, 0), (3, 0)):
                continue
            at = cmap + offset
            fmt = struct.unpack_from(">H", font, at)[0]
            if fmt == 0:
                return {code: glyph for code, glyph in enumerate(font[at + 6 : at + 6 + 256])}
            if fmt == 6:
                first, entries = struct.unpack_from(">HH", font, at + 6)
                glyphs = struct.unpack_from(f">{entries}H", font, at + 10)
                return {first + i: g for i, g in enumerate(glyphs)}
    except (struct.error, KeyError):
        return {}
    return {}


_TOKENS = re.compile(
    rb"/([^\s/\[\]()<>]+)\s+[\d.]+\s+Tf|\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\bT\*|\bTd\b|\bTD\b|\bTJ\b|\bTj\b"
)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _literal(token: bytes) -> bytes:
    """The bytes of a PDF literal string token `( ... )`."""
    out, i, body = bytearray(), 0, token[1:-1]
    while i < len(body):
        ch = body[i : i + 1]
        if ch != b"\\":
            out += ch
            i += 1
            continue
        nxt = body[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", body[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(), 8) & 0xFF)
            i += 1 + len(octal.group())
        else:
            out += _ESCAPES.get(nxt, nxt)
            i += 2
    return bytes(out)


def unicode_map(font: DictionaryObject) -> dict[int, str]:
    """Code -> text from a simple font's /ToUnicode CMap (bfchar and bfrange entries).

    A simple font's codes are single bytes, so ranges are read for codes 0-255 only
    (a range <0000> <FFFFFFFF> would otherwise expand to four billion entries)."""
    stream = stream_of(font.get("/ToUnicode"))
    if stream is None:
        return {}
    data = stream.get_data()
    out: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            base = int.from_bytes(bytes.fromhex(start.decode()), "big")
            first = int(lo, 16)
            for code in range(first, min(int(hi, 16), SIMPLE_CODES - 1) + 1):
                out[code] = chr(min(base + code - first, sys.maxunicode))
    return out


def quick_text(content: bytes, fonts: dict[str, dict[int, str]]) -> str:
    """Text shown by a content stream of single-byte simple fonts, decoded with their ToUnicode maps.

    A small, fast reader for streams we made ourselves (clinic stamps); it keeps order
    and starts a new line at each text positioning operator.
    """
    out: list[str] = []
    current: dict[int, str] = {}
    for m in _TOKENS.finditer(content):
        token = m.group()
        if m.group(1):
            current = fonts.get("/" + m.group(1).decode("latin-1"), {})
        elif token.startswith(b"("):
            out.append("".join(current.get(b, "") for b in _literal(token)))
        elif token.startswith(b"<"):
            raw = bytes.fromhex(re.sub(rb"\s", b"", token[1:-1]).decode())
            out.append("".join(current.get(b, "") for b in raw))
        elif token in (b"T*", b"Td", b"TD"):
            out.append("\n")
    return "".join(out)
