"""A page's font resources -> what the checks' own readers need of each simple TrueType font:
code -> glyph (`code_to_glyph`), code -> text (`unicode_map`, and the strict `SimpleFont` the text
scan decodes by), and the widths pypdf's text extraction measures gaps with.

`own_fonts` says, from the page's structure alone, whether every font the page has is one we read
ourselves: simple TrueType, embedded, no /Encoding, a /ToUnicode CMap of single-byte codes in the
plain form ReportLab writes, /Widths of whole numbers. Anything else (Type0, Type3, the standard 14,
a CMap in another form) leaves the page to pypdf.
"""

from __future__ import annotations

import re
import struct
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from .pdfmodel import Dictionary, Page, Ref, dict_of, resolve, stream_of
from .pdftext import SIMPLE_CODES
from .record import record

T = TypeVar("T")

NO_SPACE_WIDTH = 200.0  # the space width pypdf's text extraction assumes when the font gives none


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


def unicode_map(font: Dictionary) -> dict[int, str]:
    """Code -> text from a simple font's /ToUnicode CMap (bfchar and bfrange entries).

    A simple font's codes are single bytes, so ranges are read for codes 0-255 only
    (a range <0000> <FFFFFFFF> would otherwise expand to four billion entries)."""
    stream = stream_of(font.get("/ToUnicode"))
    return cmap_text(stream.get_data()) if stream is not None else {}


def cmap_text(data: bytes) -> dict[int, str]:
    """Code -> text from a ToUnicode CMap's bytes (see `unicode_map`)."""
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


@record
class SimpleFont:
    """A font the text scan decodes itself: code -> text, code -> width (in 1/1000 em), the code
    pypdf takes for the space and its width (as pypdf's extraction measures them)."""

    resource: Dictionary  # the font dictionary, as the scan's visitor receives it
    text: dict[int, str]
    advance: tuple[float, ...]  # by code, 0-255: /Widths, /MissingWidth beyond them, the space's for the space
    space: int  # the code pypdf takes for the space: the first that shows one, else 32
    space_width: float
    mapped: bytes  # the codes `text` has an entry for


_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_CHAR = re.compile(rb"\s*<([0-9A-Fa-f]{2})>\s*<((?:[0-9A-Fa-f]{4})+)>")
_RANGE = re.compile(rb"\s*<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4})>")
_SURROGATES = range(0xD800, 0xE000)


def strict_cmap(data: bytes) -> dict[int, str] | None:
    """Code -> text of a CMap in the plain form (one-byte codes, bfchar and bfrange blocks of
    nothing but entries), in the order it gives them; None for any other form."""
    out: dict[int, str] = {}
    for kind, body in _BLOCK.findall(data):
        entry = _CHAR if kind == b"bfchar" else _RANGE
        at = 0
        while m := entry.match(body, at):
            at = m.end()
            if kind == b"bfchar":
                try:
                    out[int(m.group(1), 16)] = bytes.fromhex(m.group(2).decode()).decode("utf-16-be")
                except UnicodeDecodeError:
                    return None
                continue
            lo, hi, first = (int(g, 16) for g in m.groups())
            last = first + hi - lo
            if hi < lo or last > 0xFFFF or not (last < _SURROGATES.start or first >= _SURROGATES.stop):
                return None
            out.update((code, chr(first + code - lo)) for code in range(lo, hi + 1))
        if body[at:].strip():
            return None
    return out


def simple_font(value: Any) -> SimpleFont | None:
    """The font as the scan reads it, or None when it is not of the one kind we read ourselves."""
    font = resolve(value)
    if not isinstance(font, Dictionary) or font.get("/Subtype") != "/TrueType" or "/Encoding" in font:
        return None
    descriptor = dict_of(font.get("/FontDescriptor"))
    cmap, widths, first = stream_of(font.get("/ToUnicode")), font.get("/Widths"), font.get("/FirstChar", 0)
    missing = descriptor.get("/MissingWidth")
    if stream_of(descriptor.get("/FontFile2")) is None or cmap is None or not _whole(missing) or not missing:
        return None
    if not isinstance(widths, list) or len(widths) > SIMPLE_CODES or not all(_whole(w) for w in [first, *widths]):
        return None
    text = strict_cmap(cmap.get_data())
    if text is None or first < 0:
        return None
    by_code = {code: float(w) for code, w in enumerate(widths, start=first) if code < SIMPLE_CODES}
    space = next((code for code, t in text.items() if t == " "), 32)
    space_width = by_code.get(space, 0) or NO_SPACE_WIDTH
    missing_width = float(missing)
    advance = tuple([space_width if c == space else by_code.get(c, missing_width) for c in range(SIMPLE_CODES)])
    return SimpleFont(font, text, advance, space, space_width, bytes(sorted(text)))


def once_per_object(ref: Any, seen: dict[tuple[int, int], T] | None, read: Callable[[Any], T]) -> T:
    """`read(ref)`, kept in `seen` by object number and generation when `ref` is a reference, so the
    pages that share a font read it once (`seen` belongs to one PDF: checks.core.Pdf)."""
    if seen is None or not isinstance(ref, Ref):
        return read(ref)
    key = (ref.number, ref.generation)
    if key not in seen:
        seen[key] = read(ref)
    return seen[key]


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


Seen = dict[tuple[int, int], SimpleFont | None]  # fonts read already, by object number and generation


def own_fonts(page: Page, seen: Seen | None = None) -> dict[str, SimpleFont] | None:
    """Every font of the page as `SimpleFont`, by resource name; None when the page holds anything
    the scan leaves to pypdf: another kind of font, a form XObject, resources it inherits.
    A font the pages share is read once when they share `seen`."""
    resources = resolve(page.get("/Resources"))
    if not isinstance(resources, Dictionary) or not resources:
        return None
    fonts = resolve(resources.get("/Font"))
    xobjects = resolve(resources.get("/XObject"))
    if not isinstance(fonts, Dictionary) or not isinstance(xobjects, Dictionary | None):
        return None
    if any(dict_of(x).get("/Subtype") != "/Image" for x in (xobjects or {}).values()):
        return None
    out = {str(name): once_per_object(ref, seen, simple_font) for name, ref in fonts.items()}
    return None if any(f is None for f in out.values()) else {k: f for k, f in out.items() if f is not None}
