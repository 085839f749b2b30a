"""A pdfmodel.Page (its content read once by contentops.page_operations) -> `PageScan` (text runs with position,
size, font, colour and background; filled rectangles; word spacing; malformed operators; fonts
selected), and the content-side readers the checks use besides: `undrawable`, `quick_text`.

The scan listens to one walk over the page's operations. Our own interpreter (textwalk) walks a
page whose fonts are all of the one kind we decode ourselves (simplefont.own_fonts); any other page
is walked by pypdf's text extraction (through pdfadapt: our own reader refuses such a page), which
makes the same calls (`scan(page, own=False)` forces it, for the test that holds the two together).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from .contentops import Operation, _literal, page_operations
from .pdfmodel import Page, dict_of, list_of, stream_of
from .pdftext import SIMPLE_CODES, WHITE, Colour, Fragment, PageScan, Rect
from .simplefont import Seen, SimpleFont, code_to_glyph, once_per_object, own_fonts
from .textwalk import Listener, OperandVisitor, Unsupported, mult, walk

# How many numbers each operator the checks read takes (a viewer ignores or stops at a mismatch).
OPERANDS = {b"re": 4, b"cm": 6, b"Tm": 6, b"Td": 2, b"TD": 2, b"Tw": 1, b"Tc": 1, b"Tz": 1, b"TL": 1}
OPERANDS |= {b"rg": 3, b"RG": 3, b"g": 1, b"G": 1, b"k": 4, b"K": 4, b"m": 2, b"l": 2, b"c": 6, b"w": 1, b"Tr": 1}


def written(value: Any) -> str:
    """An operand as a message shows it: a string's bytes as Latin-1, a number as short as it reads."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + " ".join(written(v) for v in value) + "]"
    return str(value)


def operand_problem(op: bytes, args: list[Any]) -> str:
    """The operator as written when its operands are not what it takes, else ''."""
    if op in OPERANDS:
        ok = numbers(args, OPERANDS[op]) is not None
    elif op == b"Tf":
        ok = len(args) == 2 and isinstance(args[0], str) and numbers(args[1:], 1) is not None
    else:
        return ""
    return "" if ok else " ".join([*(written(a)[:20] for a in args[:6]), op.decode("latin-1")])


_PLAIN = frozenset((int, float))


def numbers(args: list[Any], count: int) -> list[float] | None:
    """The operands as `count` numbers, or None when a malformed operator has other operands
    (a viewer ignores such an operator, so the checks do too)."""
    if len(args) != count:
        return None
    if _PLAIN.issuperset(map(type, args)):  # the tokenizer's numbers: converted in C
        return list(map(float, args))
    out = []
    for a in args:  # a loop, not all(): this runs for most operators of every page
        if not isinstance(a, (int, float)) or isinstance(a, bool):
            return None
        out.append(float(a))
    return out


_COLOURS = (b"rg", b"g", b"k", b"sc", b"scn")


def _colour(op: bytes, args: list[Any]) -> Colour | None:
    if op not in _COLOURS:
        return None
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


def _point(cm: list[float], x: float, y: float) -> tuple[float, float]:
    return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]


Reader = Callable[[list[float], list[float]], None]  # a well-formed operator's numbers, and the cm
INVISIBLE = (3, 7)  # text render modes that neither fill nor stroke the glyphs (PDF 32000-1, 9.3.6)
SHOWING = (b"Tj", b"TJ", b"'", b'"')


class _Listeners:
    """What a walk over a page tells the scan, by operator (`table`), and the text runs (`text`),
    filling `out`: the fill colour, the rectangles drawn and not yet painted, the text render mode
    (each kept with the graphics state); the operators whose operands are not what they take."""

    def __init__(self, out: PageScan) -> None:
        self.out = out
        self.fill: list[Colour] = [(0.0, 0.0, 0.0)]
        self.pending: list[tuple[float, float, float, float]] = []
        self.modes = [0]

    def table(self) -> dict[bytes, Listener]:
        table = {op: self.checked(op, count) for op, count in OPERANDS.items()}
        table |= {op: self.checked(op, count, then) for op, count, then in self.readers()}
        table |= {b"q": self.save, b"Q": self.restore, b"Tf": self.font}
        table |= {op: self.colour(op) for op in _COLOURS}
        table |= dict.fromkeys(SHOWING, self.shown)
        table |= dict.fromkeys((b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"), self.paint)
        return table | dict.fromkeys((b"S", b"n", b"s"), self.discard)

    def readers(self) -> list[tuple[bytes, int, Reader]]:
        """The operators whose numbers the scan reads, once they are well formed."""
        pending, out = self.pending, self.out

        def rectangle(v: list[float], cm: list[float]) -> None:
            x, y, w, h = v
            (ax, ay), (bx, by) = _point(cm, x, y), _point(cm, x + w, y + h)
            pending.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))

        def render_mode(v: list[float], cm: list[float]) -> None:
            self.modes[-1] = int(v[0])

        def spacing(v: list[float], cm: list[float]) -> None:
            out.word_spacing.append(v[0])

        return [(b"re", 4, rectangle), (b"Tr", 1, render_mode), (b"Tw", 1, spacing)]

    def checked(
        self, op: bytes, count: int, then: Callable[[list[float], list[float]], None] | None = None
    ) -> Listener:
        """The listener for an operator of `count` numbers: it is malformed, or `then` reads them."""
        malformed = self.out.malformed

        def listener(args: list[Any], cm: list[float]) -> None:
            values = numbers(args, count)
            if values is None:
                malformed.append(operand_problem(op, args))
            elif then is not None:
                then(values, cm)

        return listener

    def save(self, args: list[Any], cm: list[float]) -> None:
        self.modes.append(self.modes[-1])
        self.fill.append(self.fill[-1])

    def restore(self, args: list[Any], cm: list[float]) -> None:
        if len(self.modes) > 1:
            self.modes.pop()
        if len(self.fill) > 1:
            self.fill.pop()

    def font(self, args: list[Any], cm: list[float]) -> None:
        if problem := operand_problem(b"Tf", args):
            self.out.malformed.append(problem)
        else:
            self.out.font_names.add(str(args[0]))

    def colour(self, op: bytes) -> Listener:
        """The listener that sets the fill colour (`_colour`) by `op` (malformed, it sets none)."""
        fill, malformed, count = self.fill, self.out.malformed, OPERANDS.get(op)

        def listener(args: list[Any], cm: list[float]) -> None:
            if count is not None and numbers(args, count) is None:
                malformed.append(operand_problem(op, args))
            if (colour := _colour(op, args)) is not None:
                fill[-1] = colour

        return listener

    def shown(self, args: list[Any], cm: list[float]) -> None:
        """Text shown in a render mode that neither fills nor strokes: in the page's text, so every
        text check would find it, yet a reader sees nothing."""
        if self.modes[-1] in INVISIBLE:
            shown = [a for arg in args for a in (arg if isinstance(arg, list) else [arg])]
            self.out.invisible += any(isinstance(a, bytes | str) and len(a) for a in shown)

    def paint(self, args: list[Any], cm: list[float]) -> None:
        self.out.fills += [Rect(*r, self.fill[-1]) for r in self.pending]  # in the colour at the time they are painted
        self.pending.clear()

    def discard(self, args: list[Any], cm: list[float]) -> None:
        self.pending.clear()

    def text(self, t: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not t:
            return
        out = self.out
        m = mult(list(tm), list(cm))
        x, y = m[4], m[5]
        name = str(font.get("/BaseFont", "")) if font else ""
        if not t.strip():  # a blank run (a space between two fallback-font words) still separates words
            out.blanks.append((len(out.fragments), y, t))
            out.blank_fonts.append(name)
            return
        bg = next((r.colour for r in reversed(out.fills) if r.holds(x + 1, y + 1)), WHITE)
        out.fragments.append(Fragment(t, x, y, size * math.hypot(m[2], m[3]), name, self.fill[-1], bg))


def _before(table: dict[bytes, Listener]) -> OperandVisitor:
    """The listeners as the one call before each operation that pypdf's text extraction makes."""

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        listener = table.get(op)
        if listener is not None:
            listener(args, cm)

    return before


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
    listeners = _Listeners(out)
    page.extract_text(_before(listeners.table()), listeners.text)
    return out


def scan_operations(ops: list[Operation], fonts: dict[str, SimpleFont]) -> PageScan:
    """The scan of a page's operations in fonts all our own, by our own walk (raises Unsupported)."""
    out = PageScan()
    listeners = _Listeners(out)
    walk(ops, fonts, listeners.table(), listeners.text)
    return out


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
        if op == b"Tf" and operands:
            name = str(operands[0])
            current = cmaps.get(name)
        elif op in (b"Tj", b"'", b'"', b"TJ") and current is not None and operands:
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
