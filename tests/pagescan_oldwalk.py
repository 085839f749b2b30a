"""The text walk and the scan's listeners as they were before the pagescan speed-up
(leaflet/textwalk.py and leaflet/pagescan.py at commit ac964ec), kept as the oracle the new ones are
held to (tests/test_pagescan_oracle.py)."""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from typing import Any

from leaflet.contentops import Operation
from leaflet.pdftext import WHITE, Colour, Fragment, PageScan, Rect
from leaflet.simplefont import SimpleFont
from leaflet.textwalk import Unsupported

TextVisitor = Callable[[str, list[float], list[float], Any, float], None]
OperandVisitor = Callable[[bytes, list[Any], list[float], list[float]], None]
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # what pypdf reorders as right to left
_MOVES = (b"Td", b"Tm", b"T*", b"Tj")  # after which pypdf decides on a space or a line break
_STATE = frozenset((b"BT", b"ET", b"q", b"Q", b"cm", b"Tc", b"TL", b"Tf", *_MOVES))  # what `process` acts on


def _identity() -> list[float]:
    return [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]


def mult(m: list[float], n: list[float]) -> list[float]:
    """The matrix product m x n of two PDF matrices [a b c d e f]."""
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def _number(operands: list[Any], index: int, default: float) -> float:
    value = operands[index] if index < len(operands) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def _floats(operands: list[Any]) -> list[float] | None:
    try:
        return [float(o) for o in operands[:6]]
    except (TypeError, ValueError, OverflowError):
        return None


class _Walk:
    """The interpreter's state, named after pypdf's extractor where it mirrors it."""

    def __init__(self, fonts: dict[str, SimpleFont], text: TextVisitor) -> None:
        self.fonts, self.visit = fonts, text
        self.cm, self.tm = _identity(), _identity()
        self.cm_prev, self.tm_prev = _identity(), _identity()
        self.memo_cm, self.memo_tm = _identity(), _identity()
        self.stack: list[tuple[Any, ...]] = []
        self.font: SimpleFont | None = None
        self.size, self.leading, self.char_spacing = 12.0, 0.0, 0.0
        self.half_space = 500.0  # half a space, in 1/1000 em, once a font is set
        self.previous_font_space: float | None = None
        self.widths, self.height = 0.0, 0.0  # of the text shown since the last move
        self.line_span: tuple[int, float, float] | None = None
        self.text = ""  # the run being built
        self.last = ""  # the last character of the runs already reported

    def report(self, run: str) -> None:
        if run:
            self.last = run[-1]
            self.visit(run, self.memo_cm, self.memo_tm, self.font.resource if self.font else None, self.size)

    def remember(self) -> None:
        self.memo_cm, self.memo_tm = self.cm.copy(), self.tm.copy()

    def flush(self) -> None:
        self.report(self.text)
        self.text = ""
        self.remember()

    def operation(self, op: bytes, operands: list[Any]) -> None:
        if op == b"'":
            self.process(b"T*", [])
            self.process(b"Tj", operands)
        elif op == b'"' and len(operands) >= 3:
            self.process(b"Tc", [operands[1]])
            self.process(b"T*", [])
            self.process(b"Tj", operands[2:])
        elif op == b"TJ":
            self.show_array(operands)
        elif op == b"TD" and len(operands) >= 2:
            if isinstance(operands[1], int | float):
                self.leading = -float(operands[1])
            self.process(b"Td", operands)
        elif op == b"Do" and operands:
            self.report(self.text)
            if self.last and self.last != "\n":
                self.report("\n")
            self.text = ""
            self.remember()
        elif op in _STATE:
            self.process(op, operands)

    def show_array(self, operands: list[Any]) -> None:
        gap = self.half_space * 0.95
        if not operands or not isinstance(operands[0], list):
            return
        for item in operands[0]:
            if isinstance(item, bytes):
                self.process(b"Tj", [item])
            elif isinstance(item, int | float) and not isinstance(item, bool):
                widths = self.widths - float(item) * self.size
                previous = self.text[-1:] or self.last
                if -float(item) >= gap and previous and previous not in " \n":
                    self.show(" ", 1, float(self.font.space_width if self.font else 250))
                    self.after_move(0.0)
                self.widths = widths

    def process(self, op: bytes, operands: list[Any]) -> None:
        moved = 0.0
        if op in (b"BT", b"ET"):
            if op == b"BT":
                self.tm = _identity()
            self.flush()
        elif op == b"q":
            self.stack.append((self.cm, self.font, self.size, self.char_spacing, self.leading))
        elif op == b"Q":
            if self.stack:
                self.cm, self.font, self.size, self.char_spacing, self.leading = self.stack.pop()
            else:
                self.cm = _identity()
        elif op == b"cm":
            self.report(self.text)
            self.text = ""
            m = _floats(operands)
            self.cm = mult(m, self.cm) if m and len(m) == 6 else _identity()
            self.remember()
        elif op == b"Tc":
            self.char_spacing = _number(operands, 0, 0.0)
        elif op == b"TL":
            self.leading = _number(operands, 0, 0.0)
        elif op == b"Tf":
            self.set_font(operands)
        elif op in _MOVES:
            moved = self.move(op, operands)
            self.after_move(moved)

    def set_font(self, operands: list[Any]) -> None:
        if self.text:
            self.previous_font_space = self.size * self.half_space
        self.flush()
        name = operands[0] if operands else None
        self.font = self.fonts.get(name) if isinstance(name, str) else None
        self.half_space = (self.font.space_width if self.font else 250) / 2
        with contextlib.suppress(IndexError, TypeError, ValueError, OverflowError):  # else the size before
            self.size = float(operands[1])

    def move(self, op: bytes, operands: list[Any]) -> float:
        """Td, Tm, T* or Tj; the width shown since the last move (in text space), for a move."""
        tm = self.tm
        if op == b"Tj":
            self.show_string(operands)
            return 0.0
        if op == b"Td":
            tx, ty = _number(operands, 0, 0.0), _number(operands, 1, 0.0)
            tm[4] += tx * tm[0] + ty * tm[2]
            tm[5] += tx * tm[1] + ty * tm[3]
        elif op == b"Tm":
            m = _floats(operands)
            self.tm = m if m is not None and len(m) == 6 else _identity()
        else:
            tm[4] -= self.leading * tm[2]
            tm[5] -= self.leading * tm[3]
        moved, self.widths = self.widths / 1000, 0.0
        return moved

    def show_string(self, operands: list[Any]) -> None:
        raw = operands[0] if operands else None
        if not isinstance(raw, str | bytes):
            return
        if isinstance(raw, str) or self.font is None:
            raise Unsupported("a name shown as text, or text in no font of ours")
        font = self.font
        if raw.translate(None, font.mapped):
            raise Unsupported("a code without a ToUnicode entry")
        shown = raw.decode("latin-1").translate(font.text)  # each code (as a character) to its text
        if _RTL.search(shown):
            raise Unsupported("right-to-left text")
        self.show(shown, len(raw), sum(map(font.advance.__getitem__, raw)))

    def show(self, shown: str, count: int, width: float) -> None:
        self.previous_font_space = None
        self.text += shown
        self.widths += width * self.size + 1000 * self.char_spacing * count
        self.height = self.size

    def after_move(self, moved: float) -> None:
        """pypdf's rule for what separates what comes next from the run so far: a line break
        when the baseline moved by more than 0.8 of the text height, else a space when the pen
        moved by more than the width shown plus half a space (or to another baseline)."""
        was_empty = self.text == ""
        space = self.size * self.half_space
        if self.previous_font_space is not None:
            space = min(space, self.previous_font_space)
        self.separate(moved, space / 1000)
        if was_empty or self.text == "":
            self.remember()

    def separate(self, moved: float, space: float) -> None:
        m_prev, m = mult(self.tm_prev, self.cm_prev), mult(self.tm, self.cm)
        upright = m[3] > 1e-6 or m[3] < -1e-6  # pypdf's orientation 0 or 180, not 90 or 270
        delta_x, delta_y = m[4] - m_prev[4], m[5] - m_prev[5]
        scale_prev_x = math.sqrt(m_prev[0] ** 2 + m_prev[1] ** 2)
        scale_prev_y = math.sqrt(m_prev[2] ** 2 + m_prev[3] ** 2)
        scale_y = math.sqrt(m[2] ** 2 + m[3] ** 2)
        height, width = (delta_y, delta_x) if upright else (delta_x, delta_y)
        axis_index = 5 if upright else 4
        axis = m[axis_index]
        span = self.line_span
        if span is None or span[0] != axis_index:
            distance = abs(height)
        else:
            distance = 0.0 if span[1] <= axis <= span[2] else min(abs(axis - span[1]), abs(axis - span[2]))
        last = self.text[-1:] or self.last
        threshold = 0.8 * min(self.height * scale_prev_y, self.size * scale_y)
        if distance > threshold:
            if last not in ("", "\n"):
                self.report(self.text + "\n")
                self.text = ""
            self.line_span = (axis_index, axis, axis)
        else:
            if (abs(height) > threshold or width >= (space + moved) * scale_prev_x) and last not in ("", " "):
                self.text += " "
            if last in ("", "\n") or span is None or span[0] != axis_index:
                self.line_span = (axis_index, axis, axis)
            else:
                self.line_span = (axis_index, min(span[1], axis), max(span[2], axis))
        self.tm_prev, self.cm_prev = self.tm.copy(), self.cm.copy()


def walk(ops: list[Operation], fonts: dict[str, SimpleFont], before: OperandVisitor, text: TextVisitor) -> None:
    """Call `before` and `text` as pypdf's text extraction would on these operations (see the
    module docstring); raises Unsupported for a page to leave to pypdf."""
    state = _Walk(fonts, text)
    for operands, op in ops:
        before(op, operands, state.cm, state.tm)
        state.operation(op, operands)
    state.report(state.text)


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
