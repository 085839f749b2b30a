"""The text walk as it was before the pagescan speed-up (leaflet/textwalk.py at commit ac964ec),
kept as the oracle the new one is held to (tests/test_pagescan_oracle.py, with pagescan_oldlisteners)."""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from typing import Any

from leaflet.contentops import Operation
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
