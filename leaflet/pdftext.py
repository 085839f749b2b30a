"""Reading a PDF back (used by checks): text runs with position, size, font and colour;
filled rectangles (backgrounds); and text normalised for comparison."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .chars import without_invisible

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"(?<=\w)-\s*\n\s*")
WHITE = (1.0, 1.0, 1.0)
SIMPLE_CODES = 256  # a simple font draws by one-byte codes
Colour = tuple[float, float, float]


def normalise(text: str) -> str:
    """Fold what layout may change and nothing more: ligatures, quotes, breaks after hyphens, spaces,
    and format characters (which show nothing, so the layout does not draw them)."""
    text = unicodedata.normalize("NFKC", without_invisible(text)).translate(_QUOTES)
    text = _HYPHEN_BREAK.sub("-", text)
    return _SPACE.sub(" ", text).strip()


def fold_lines(text: str) -> str:
    """Like `normalise`, but a run of white space that holds a line break stays one newline,
    so `find` can tell where the layout broke a line."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(lambda m: "\n" if "\n" in m.group() else " ", text).strip()


def find(haystack: str, want: str, start: int = 0) -> tuple[int, int] | None:
    """Where `want` (normalised) stands in `haystack` (from `fold_lines`), as (start, end).

    A line break in the PDF stands for a space, or for nothing where the layout split a
    word too long for the line (a long URL) or broke after a hyphen; nothing looser.
    A short pattern finds where a match may start; the rest is compared word by word
    (a pattern of the whole text took seconds to compile for a long paragraph).
    """
    want = normalise(want)
    if not want:
        at = min(start, len(haystack))
        return at, at
    head = re.compile(_pattern(want[:_HEAD]))
    at = start
    while found := head.search(haystack, at):
        end = _match_at(haystack, found.start(), want)
        if end is not None:
            return found.start(), end
        at = found.start() + 1
    return None


_HEAD = 40  # characters of `want` in the pattern that finds candidate starts


def _pattern(want: str) -> str:
    """A space matches a space or a line break; after any other character a line break may stand."""
    return "".join("[ \n]" if ch == " " else re.escape(ch) + "\n?" for ch in want)


def _match_at(haystack: str, at: int, want: str) -> int | None:
    """The end of `want` matched (as `_pattern` would) at haystack[at:], or None.

    `fold_lines` leaves no two white-space characters in a row, so the match is unique:
    a space takes the one space or line break there, and a line break inside a word is skipped.
    """
    for n, word in enumerate(want.split(" ")):
        if n:
            if haystack[at : at + 1] not in (" ", "\n"):
                return None
            at += 1
        if haystack.startswith(word, at):
            at += len(word)
            continue
        for i, ch in enumerate(word):
            if haystack[at : at + 1] != ch:
                return None
            at += 2 if i < len(word) - 1 and haystack[at + 1 : at + 2] == "\n" else 1
    return at + 1 if haystack[at : at + 1] == "\n" else at


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


def text_runs(scan: PageScan, floor: float) -> str:
    """The page's text in drawing order, blank runs included, leaving out what lies below `floor`."""
    at: dict[int, str] = {}
    for index, y, t in scan.blanks:
        if y >= floor:
            at[index] = at.get(index, "") + t
    out = [at.get(i, "") + (f.text if f.y >= floor else "") for i, f in enumerate(scan.fragments)]
    return "".join(out) + at.get(len(scan.fragments), "")
