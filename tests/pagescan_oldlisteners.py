"""The scan's listeners as they were before the pagescan speed-up (leaflet/pagescan.py at commit
ac964ec), kept as the oracle the new ones are held to (tests/test_pagescan_oracle.py), with
`old_scan`: the old walk (pagescan_oldwalk) with these listeners."""

from __future__ import annotations

import math
from typing import Any

from pagescan_oldwalk import OperandVisitor, TextVisitor, mult, walk

from leaflet.contentops import Operation
from leaflet.pdftext import WHITE, Colour, Fragment, PageScan, Rect
from leaflet.simplefont import SimpleFont

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


def numbers(args: list[Any], count: int) -> list[float] | None:
    """The operands as `count` numbers, or None when a malformed operator has other operands
    (a viewer ignores such an operator, so the checks do too)."""
    if len(args) != count:
        return None
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


INVISIBLE = (3, 7)  # text render modes that neither fill nor stroke the glyphs (PDF 32000-1, 9.3.6)
SHOWING = (b"Tj", b"TJ", b"'", b'"')


def _render_mode(op: bytes, args: list[Any], modes: list[int], out: PageScan) -> None:
    """Follow the text render mode (kept with the graphics state) and count text shown invisibly:
    it is in the page's text, so every text check would find it, yet a reader sees nothing."""
    if op == b"q":
        modes.append(modes[-1])
    elif op == b"Q" and len(modes) > 1:
        modes.pop()
    elif op == b"Tr" and (mode := numbers(args, 1)):
        modes[-1] = int(mode[0])
    elif op in SHOWING and modes[-1] in INVISIBLE:
        shown = [a for arg in args for a in (arg if isinstance(arg, list) else [arg])]
        out.invisible += any(isinstance(a, bytes | str) and len(a) for a in shown)


def _listeners(out: PageScan) -> tuple[OperandVisitor, TextVisitor]:
    """The two calls a walk over the page makes, filling `out`."""
    fill: list[Colour] = [(0.0, 0.0, 0.0)]
    pending: list[tuple[float, float, float, float]] = []  # rectangles drawn, not yet painted
    modes = [0]  # the text render mode, per graphics state

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        _render_mode(op, args, modes, out)
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
        m = mult(list(tm), list(cm))
        x, y = m[4], m[5]
        name = str(font.get("/BaseFont", "")) if font else ""
        if not t.strip():  # a blank run (a space between two fallback-font words) still separates words
            out.blanks.append((len(out.fragments), y, t))
            out.blank_fonts.append(name)
            return
        bg = next((r.colour for r in reversed(out.fills) if r.holds(x + 1, y + 1)), WHITE)
        out.fragments.append(Fragment(t, x, y, size * math.hypot(m[2], m[3]), name, fill[-1], bg))

    return before, text


def old_scan(ops: list[Operation], fonts: dict[str, SimpleFont]) -> PageScan:
    """The page scan the old walk and listeners made of these operations (raises Unsupported as they did)."""
    out = PageScan()
    walk(ops, fonts, *_listeners(out))
    return out
