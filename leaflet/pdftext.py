"""Reading a PDF back (used by checks): text runs with position, size, font and colour;
filled rectangles (backgrounds). Text is compared in textmatch.py."""

from __future__ import annotations

from dataclasses import field
from typing import NamedTuple

from .record import record

WHITE = (1.0, 1.0, 1.0)
SIMPLE_CODES = 256  # a simple font draws by one-byte codes
Colour = tuple[float, float, float]


class Fragment(NamedTuple):
    """One text run: where it starts, its effective size, font, fill colour and background.

    A named tuple, not a record: the scan makes one per run of every page, and a record's frozen
    fields cost a Python call each to set (about 15 % of the page scan); it is as immutable."""

    text: str
    x: float
    y: float
    size: float
    font: str
    colour: Colour
    background: Colour


@record
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    colour: Colour

    def holds(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1


@record(frozen=False)
class PageScan:
    fragments: list[Fragment] = field(default_factory=list)  # runs that show ink
    blanks: list[tuple[int, float, str]] = field(default_factory=list)  # (index in fragments, y, text)
    blank_fonts: list[str] = field(default_factory=list)  # each blank run's font, as `Fragment.font`
    fills: list[Rect] = field(default_factory=list)
    word_spacing: list[float] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)  # operators with the wrong operands, as written
    font_names: set[str] = field(default_factory=set)  # resource names the page selects with Tf
    invisible: int = 0  # text-showing operators in a render mode that paints nothing (3 or 7 Tr)


def text_runs(scan: PageScan, floor: float) -> str:
    """The page's text in drawing order, blank runs included, leaving out what lies below `floor`."""
    at: dict[int, str] = {}
    for index, y, t in scan.blanks:
        if y >= floor:
            at[index] = at.get(index, "") + t
    out = [at.get(i, "") + (f.text if f.y >= floor else "") for i, f in enumerate(scan.fragments)]
    return "".join(out) + at.get(len(scan.fragments), "")
