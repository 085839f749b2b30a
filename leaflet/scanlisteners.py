"""A walk's calls (textwalk) -> the PageScan fields besides its text runs' order: the listeners the
scan gives a walk over a page, by operator (`Listeners.table`), and its text visitor (`Listeners.text`).

They follow the fill colour, the rectangles drawn and not yet painted and the text render mode (each
kept with the graphics state), and fill a PageScan: text runs with position, size, font, colour and
background; filled rectangles; word spacing; operators whose operands are not what they take (as
written); fonts selected; text shown invisibly. `before` gives pypdf's text extraction the same
listeners as the one visitor it calls before each operation.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from .pdftext import WHITE, Colour, Fragment, PageScan, Rect
from .textwalk import Listener, OperandVisitor, mult

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
    return _colour_of(op, numbers(args, len(args)) or []) if op in _COLOURS else None


def _colour_of(op: bytes, v: list[float]) -> Colour | None:
    """The fill colour a colour operator sets with these numbers."""
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


class Listeners:
    """What a walk over a page tells the scan, by operator (`table`), and the text runs (`text`),
    filling `out`: the fill colour, the rectangles drawn and not yet painted, the text render mode
    (each kept with the graphics state); the operators whose operands are not what they take."""

    def __init__(self, out: PageScan) -> None:
        self.out = out
        self.fill: list[Colour] = [(0.0, 0.0, 0.0)]
        self.pending: list[tuple[float, float, float, float]] = []
        self.modes = [0]
        self.names: dict[int, tuple[Any, str]] = {}  # id of a font dictionary -> it (so the id stays its) and /BaseFont

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
        if then is None:

            def well_formed(args: list[Any], cm: list[float]) -> None:
                plain = len(args) == count and _PLAIN.issuperset(map(type, args))  # numbers, as `numbers` has it
                if not plain and numbers(args, count) is None:
                    malformed.append(operand_problem(op, args))

            return well_formed

        def listener(args: list[Any], cm: list[float]) -> None:
            values = numbers(args, count)
            if values is None:
                malformed.append(operand_problem(op, args))
            else:
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
            values = numbers(args, count) if count is not None else None
            if count is not None and values is None:
                malformed.append(operand_problem(op, args))
            if (colour := _colour(op, args) if values is None else _colour_of(op, values)) is not None:
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
        m = mult(tm, cm)
        x, y = m[4], m[5]
        known = self.names.get(id(font))
        if known is None or known[0] is not font:
            known = self.names[id(font)] = font, str(font.get("/BaseFont", "")) if font else ""
        name = known[1]
        if not t.strip():  # a blank run (a space between two fallback-font words) still separates words
            out.blanks.append((len(out.fragments), y, t))
            out.blank_fonts.append(name)
            return
        bg = WHITE
        for r in reversed(out.fills):  # the last rectangle painted under the run's first glyph
            if r.x0 <= x + 1 <= r.x1 and r.y0 <= y + 1 <= r.y1:
                bg = r.colour
                break
        out.fragments.append(Fragment(t, x, y, size * math.hypot(m[2], m[3]), name, self.fill[-1], bg))


def before(table: dict[bytes, Listener]) -> OperandVisitor:
    """The listeners as the one call before each operation that pypdf's text extraction makes."""

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        listener = table.get(op)
        if listener is not None:
            listener(args, cm)

    return before
