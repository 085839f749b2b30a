"""A pdfmodel.Page (its content read once by contentops.page_operations) -> `PageScan` (text runs with position,
size, font, colour and background; filled rectangles; word spacing; malformed operators; fonts
selected), and the content-side readers the checks use besides: `undrawable`, `quick_text`.

The scan listens (scanlisteners) to one walk over the page's operations. Our own interpreter (textwalk) walks a
page whose fonts are all of the one kind we decode ourselves (simplefont.own_fonts); any other page
is walked by pypdf's text extraction (through pdfadapt: our own reader refuses such a page), which
makes the same calls (`scan(page, own=False)` forces it, for the test that holds the two together).
"""

from __future__ import annotations

import re
from typing import Any

from .contentops import Operation, _literal, page_operations
from .pdfmodel import Page, dict_of, list_of, stream_of
from .pdftext import SIMPLE_CODES, PageScan
from .scanlisteners import Listeners, before
from .simplefont import Seen, SimpleFont, code_to_glyph, once_per_object, own_fonts
from .textwalk import Unsupported, walk


def scan(page: Page, own: bool = True, seen: Seen | None = None) -> PageScan:
    """One pass over the page's content: text runs, filled rectangles, word spacing.
    Our own interpreter walks it when it can (`own`), else pypdf's text extraction;
    `seen` keeps the fonts read for one page for the next (simplefont.own_fonts)."""
    fonts = own_fonts(page, seen) if own else None
    if fonts is not None:
        try:
            return scan_operations(page_operations(page), fonts)
        except Unsupported:
            pass
    out = PageScan()
    listeners = Listeners(out)
    page.extract_text(before(listeners.table()), listeners.text)
    return out


def scan_operations(ops: list[Operation], fonts: dict[str, SimpleFont]) -> PageScan:
    """The scan of a page's operations in fonts all our own, by our own walk (raises Unsupported)."""
    out = PageScan()
    listeners = Listeners(out)
    walk(ops, fonts, listeners.table(), listeners.text)
    return out


_READ = frozenset((b"Tf", b"Tj", b"'", b'"', b"TJ"))  # what `undrawable` reads: the font, the strings shown
Glyphs = dict[tuple[int, int], tuple[dict[int, int], bytes] | None]  # `_glyphs` of fonts read already, by object


def undrawable(page: Page, seen: Glyphs | None = None) -> list[tuple[str, int]]:
    """(font, character code) for every code the page shows that its embedded font maps to no glyph
    (it would print as .notdef, an empty box). Checks simple TrueType fonts, the kind ReportLab embeds.
    A font the pages share is read once when they share `seen`."""
    fonts = dict_of(dict_of(page.get("/Resources")).get("/Font"))
    cmaps = {key: once_per_object(ref, seen, _glyphs) for key, ref in fonts.items()}
    bad: list[tuple[str, int]] = []
    current: tuple[dict[int, int], bytes] | None = None
    name = ""
    for operands, op in page_operations(page):
        if op not in _READ:
            continue
        if op == b"Tf" and operands:
            name = str(operands[0])
            current = cmaps.get(name)
        elif op != b"Tf" and current is not None and operands:
            items = list_of(operands[-1]) if op == b"TJ" else operands[-1:]
            glyphs, drawable = current
            for item in items:
                raw = bytes(item) if isinstance(item, bytes) else b""
                if raw.translate(None, drawable):  # a code without a glyph: name each, in order
                    bad += [(name, code) for code in raw if glyphs.get(code, 0) == 0]
    return bad


def _glyphs(ref: Any) -> tuple[dict[int, int], bytes] | None:
    """A simple TrueType font's code -> glyph map, and the codes (0-255) it draws; None for another kind."""
    font = dict_of(ref)
    data = stream_of(dict_of(font.get("/FontDescriptor")).get("/FontFile2"))
    if font.get("/Subtype") != "/TrueType" or data is None:
        return None
    glyphs = code_to_glyph(data.get_data())
    return glyphs, bytes(code for code in range(SIMPLE_CODES) if glyphs.get(code, 0) != 0)


_TOKENS = re.compile(
    rb"/([^\s/\[\]()<>]+)\s+[\d.]+\s+Tf|\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\bT\*|\bTd\b|\bTD\b|\bTJ\b|\bTj\b"
)


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
