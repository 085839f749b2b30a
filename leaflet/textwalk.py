"""A page's operations (contentops) and its fonts (simplefont.own_fonts) -> the calls pypdf's text
extraction makes to its two visitors, made by our own interpreter.

`walk` keeps the text and graphics state (BT/ET, Tf, Tm, Td, TD, T*, TL, Tc, TJ spacing, ' and ",
q/Q, cm, Do) and calls `before(operator, operands, cm, tm)` for every operation and
`text(run, cm, tm, font, size)` for every run of text, where pypdf's extract_text calls
visitor_operand_before and visitor_text: the same runs, the same spaces and line breaks put
between them (pypdf's rules: a move down a line ends the run with a newline, a gap wider than
half a space adds a space), the same matrices (where each run starts). The checks read those
calls, so on our PDFs they cannot tell the two apart; a test holds them to that.

What pypdf would read otherwise (a code without a ToUnicode entry, a right-to-left script, a
name shown as text, text before any of our fonts is set) raises `Unsupported`, and the page is
left to pypdf. Empty runs are not reported.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable
from typing import Any

from .contentops import Operation
from .simplefont import SimpleFont

TextVisitor = Callable[[str, list[float], list[float], Any, float], None]
OperandVisitor = Callable[[bytes, list[Any], list[float], list[float]], None]
Listener = Callable[[list[Any], list[float]], None]  # an operation's operands, and the cm at the time
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")  # what pypdf reorders as right to left


class Unsupported(Exception):
    """The page shows something the walk leaves to pypdf."""


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
        self.m_prev, self.scale_prev = _identity(), (1.0, 1.0)  # where the last move left the pen, and its scale
        self.stale = True  # tm or cm changed since m_prev was worked out
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
        self.handlers: dict[bytes, Callable[[list[Any]], None]] = {
            b"BT": self.begin, b"ET": self.flushed, b"q": self.save, b"Q": self.restore, b"cm": self.concat,
            b"Tc": self.set_spacing, b"TL": self.set_leading, b"Tf": self.set_font, b"Td": self.td,
            b"TD": self.td_leading, b"Tm": self.set_matrix, b"T*": self.next_line, b"Tj": self.show_text,
            b"TJ": self.show_array, b"'": self.quote, b'"': self.double_quote, b"Do": self.draw_object,
        }  # fmt: skip

    def report(self, run: str) -> None:
        if run:
            self.last = run[-1]
            self.visit(run, self.memo_cm, self.memo_tm, self.font.resource if self.font else None, self.size)

    def remember(self) -> None:
        self.memo_cm, self.memo_tm = self.cm, self.tm.copy()  # a cm is replaced, never changed in place

    def flush(self) -> None:
        self.report(self.text)
        self.text = ""
        self.remember()

    def flushed(self, operands: list[Any]) -> None:
        self.flush()

    def begin(self, operands: list[Any]) -> None:
        self.tm, self.stale = _identity(), True
        self.flush()

    def save(self, operands: list[Any]) -> None:
        self.stack.append((self.cm, self.font, self.size, self.char_spacing, self.leading))

    def restore(self, operands: list[Any]) -> None:
        self.stale = True
        if self.stack:
            self.cm, self.font, self.size, self.char_spacing, self.leading = self.stack.pop()
        else:
            self.cm = _identity()

    def concat(self, operands: list[Any]) -> None:
        self.report(self.text)
        self.text = ""
        m = _floats(operands)
        self.cm = mult(m, self.cm) if m and len(m) == 6 else _identity()
        self.stale = True
        self.remember()

    def set_spacing(self, operands: list[Any]) -> None:
        self.char_spacing = _number(operands, 0, 0.0)

    def set_leading(self, operands: list[Any]) -> None:
        self.leading = _number(operands, 0, 0.0)

    def quote(self, operands: list[Any]) -> None:
        self.next_line([])
        self.show_text(operands)

    def double_quote(self, operands: list[Any]) -> None:
        if len(operands) >= 3:
            self.set_spacing([operands[1]])
            self.next_line([])
            self.show_text(operands[2:])

    def td_leading(self, operands: list[Any]) -> None:
        if len(operands) >= 2:
            if isinstance(operands[1], int | float):
                self.leading = -float(operands[1])
            self.td(operands)

    def draw_object(self, operands: list[Any]) -> None:
        if operands:
            self.report(self.text)
            if self.last and self.last != "\n":
                self.report("\n")
            self.text = ""
            self.remember()

    def show_array(self, operands: list[Any]) -> None:
        gap = self.half_space * 0.95
        if not operands or not isinstance(operands[0], list):
            return
        for item in operands[0]:
            if isinstance(item, bytes):
                self.show_text([item])
            elif isinstance(item, int | float) and not isinstance(item, bool):
                widths = self.widths - float(item) * self.size
                previous = self.text[-1:] or self.last
                if -float(item) >= gap and previous and previous not in " \n":
                    self.show(" ", 1, float(self.font.space_width if self.font else 250))
                    self.after_move(0.0)
                self.widths = widths

    def set_font(self, operands: list[Any]) -> None:
        if self.text:
            self.previous_font_space = self.size * self.half_space
        self.flush()
        name = operands[0] if operands else None
        self.font = self.fonts.get(name) if isinstance(name, str) else None
        self.half_space = (self.font.space_width if self.font else 250) / 2
        with contextlib.suppress(IndexError, TypeError, ValueError, OverflowError):  # else the size before
            self.size = float(operands[1])

    def td(self, operands: list[Any]) -> None:
        tm = self.tm
        tx, ty = _number(operands, 0, 0.0), _number(operands, 1, 0.0)
        tm[4] += tx * tm[0] + ty * tm[2]
        tm[5] += tx * tm[1] + ty * tm[3]
        moved, self.widths, self.stale = self.widths / 1000, 0.0, True  # the width shown since the last move
        self.after_move(moved)

    def set_matrix(self, operands: list[Any]) -> None:
        m = _floats(operands)
        self.tm = m if m is not None and len(m) == 6 else _identity()
        moved, self.widths, self.stale = self.widths / 1000, 0.0, True
        self.after_move(moved)

    def next_line(self, operands: list[Any]) -> None:
        tm = self.tm
        tm[4] -= self.leading * tm[2]
        tm[5] -= self.leading * tm[3]
        moved, self.widths, self.stale = self.widths / 1000, 0.0, True
        self.after_move(moved)

    def show_text(self, operands: list[Any]) -> None:
        raw = operands[0] if operands else None
        if isinstance(raw, str | bytes):
            font = self.font
            if isinstance(raw, str) or font is None:
                raise Unsupported("a name shown as text, or text in no font of ours")
            if raw.translate(None, font.mapped):
                raise Unsupported("a code without a ToUnicode entry")
            shown = raw.decode("latin-1").translate(font.text)  # each code (as a character) to its text
            if _RTL.search(shown):
                raise Unsupported("right-to-left text")
            self.show(shown, len(raw), sum(map(font.advance.__getitem__, raw)))
        self.after_move(0.0)

    def show(self, shown: str, count: int, width: float) -> None:
        self.previous_font_space = None
        self.text += shown
        self.widths += width * self.size + 1000 * self.char_spacing * count
        self.height = self.size

    def after_move(self, moved: float) -> None:
        """pypdf's rule for what separates what comes next from the run so far: a line break
        when the baseline moved by more than 0.8 of the text height, else a space when the pen
        moved by more than the width shown plus half a space (or to another baseline)."""
        text, m_prev, (scale_prev_x, scale_prev_y) = self.text, self.m_prev, self.scale_prev
        if self.stale:
            m = mult(self.tm, self.cm)
            scale_y = math.sqrt(m[2] ** 2 + m[3] ** 2)
            self.m_prev, self.scale_prev, self.stale = m, (math.sqrt(m[0] ** 2 + m[1] ** 2), scale_y), False
        else:
            m, scale_y = m_prev, scale_prev_y
        upright = m[3] > 1e-6 or m[3] < -1e-6  # pypdf's orientation 0 or 180, not 90 or 270
        axis_index = 5 if upright else 4
        height, width = (m[5] - m_prev[5], m[4] - m_prev[4]) if upright else (m[4] - m_prev[4], m[5] - m_prev[5])
        axis, span = m[axis_index], self.line_span
        if span is None or span[0] != axis_index:
            distance, span = abs(height), None
        else:
            distance = 0.0 if span[1] <= axis <= span[2] else min(abs(axis - span[1]), abs(axis - span[2]))
        last = text[-1:] or self.last
        threshold = 0.8 * min(self.height * scale_prev_y, self.size * scale_y)
        if distance > threshold:
            if last not in ("", "\n"):
                self.report(text + "\n")
                self.text = ""
            self.line_span = (axis_index, axis, axis)
        else:
            if last not in ("", " ") and (abs(height) > threshold or width >= (self.space() + moved) * scale_prev_x):
                self.text += " "
            if last in ("", "\n") or span is None:
                self.line_span = (axis_index, axis, axis)
            else:
                self.line_span = (axis_index, min(span[1], axis), max(span[2], axis))
        if text == "" or self.text == "":
            self.remember()

    def space(self) -> float:
        """Half a space of the font (or of the one before, when a font change came since), in text space."""
        space = self.size * self.half_space
        if self.previous_font_space is not None:
            space = min(space, self.previous_font_space)
        return space / 1000


def walk(
    ops: list[Operation], fonts: dict[str, SimpleFont], listeners: dict[bytes, Listener], text: TextVisitor
) -> None:
    """Call the listener for each operation's operator (`listeners[op](operands, cm)`, as pypdf's
    text extraction calls visitor_operand_before) and `text` as it would on these operations (see
    the module docstring); raises Unsupported for a page to leave to pypdf."""
    state = _Walk(fonts, text)
    handlers = state.handlers
    both = {op: (listeners.get(op), handlers.get(op)) for op in listeners.keys() | handlers.keys()}
    for operands, op in ops:
        pair = both.get(op)
        if pair is None:
            continue
        listener, handler = pair
        if listener is not None:
            listener(operands, state.cm)
        if handler is not None:
            handler(operands)
    state.report(state.text)
