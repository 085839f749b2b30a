"""ReportLab's broken lines -> lines that break only where a designer allows (stage 3: layout).

Input: a paragraph's text fragments and the line widths; output: ReportLab's broken lines
(`blPara`) in which no word too long for a line is cut just anywhere. ReportLab cuts such a
word (a long URL) at whatever character fills the line ("lakesdhb.g|ovt.nz", or a lone "h"
left at a line's end). Here a cut inside a word stands only after `/` (not inside `//`),
`-`, `_`, `?`, `&`, `=` or `#`, or before `.`; where the part of the word on a line has no
such place, the whole word starts the next line, and only a stretch longer than a full line
with no such place is cut where it must be. A break is moved by putting a line break in the
fragments just there and breaking the lines again, until none is left to move.

Also here: `bind_units`, which keeps a number with its unit (`10 mg`, `5 °C`, `1,200 mg`) by
a no-break space, so a line never ends between them. The PDF's text reads the space back as
a space (NFKC), so the text check still matches what the author wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .nobreak import NBSP

BREAK_AFTER = set("/-_?&=#")
BREAK_BEFORE = set(".")
MOST_PASSES = 200  # each pass moves one break; a paragraph has far fewer cut words than this

UNITS = (
    "mg|mcg|µg|μg|ng|g|kg|mL|ml|L|dL|µL|μL|IU|units?|mmol/L|mmol|micromol|mol|mEq|"
    "°C|°F|%|mm|cm|m|km|mmHg|kcal|kJ|"
    "hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|months?|years?|"
    "tablets?|capsules?|puffs?|drops?|sachets?|doses?|times"
)
# A number (1, 0.5, 1,200, 1.5-2) then white space then a unit that ends there.
_NUMBER_UNIT = re.compile(rf"(?<![\w.,])(\d+(?:[.,]\d+)*(?:[-\u2013]\d+(?:[.,]\d+)*)?)[ \t]+(?=(?:{UNITS})(?![\w°]))")


def bind_units(text: str) -> str:
    """`text` with the space between each number and its unit made a no-break space."""
    return _NUMBER_UNIT.sub(lambda m: m.group(1) + NBSP, text)


BreakLines = Callable[[Any], Any]


def break_lines(frags: list[Any], source: str, widths: Any, breaker: Callable[[list[Any], Any], Any]) -> Any:
    """ReportLab's lines for `frags` (whose text is `source`) with every cut word cut where allowed.

    `breaker(frags, widths)` is ReportLab's own line breaking of a list of fragments.
    """
    if any(not isinstance(getattr(f, "text", None), str) for f in frags):
        return breaker(frags, widths)  # a split plain paragraph holds words: nothing to move
    breaks: list[int] = []
    accepted: set[int] = set()
    lines = breaker(_with_breaks(frags, breaks), widths)
    for _ in range(MOST_PASSES):
        move = _first_bad_cut(lines, source, accepted)
        if move is None:
            break
        breaks.append(move)
        lines = breaker(_with_breaks(frags, breaks), widths)
    return lines


def allowed(source: str, at: int) -> bool:
    """Whether a line may end inside a word just before source[at]."""
    before, after = source[at - 1], source[at] if at < len(source) else ""
    if before in BREAK_AFTER:
        return not (before == "/" and after == "/")
    decimal = before.isdigit() and source[at + 1 : at + 2].isdigit()  # "2.3": a number stays whole
    return after in BREAK_BEFORE and not decimal


def _first_bad_cut(lines: Any, source: str, accepted: set[int]) -> int | None:
    """Where to put a line break to mend the first line that ends inside a word at a bad place."""
    at = 0
    for line in lines.lines[:-1]:
        start = _skip_space(source, at)
        at = consumed(source, at, _line_text(line))
        if at < 0:
            return None  # the lines do not match the text: leave them
        if at >= len(source) or source[at].isspace() or source[at - 1].isspace() or at in accepted:
            continue
        if getattr(line, "lineBreak", False):  # ended by a <br/> (whose frag adds nothing to `source`), not cut
            continue
        if allowed(source, at):
            continue
        word = _word_start(source, at)
        good = [p for p in range(max(word, start) + 1, at) if allowed(source, p)]
        if good:
            return good[-1]
        if word > start:
            return word  # the word starts the next line
        accepted.add(at)  # a stretch longer than the line with nowhere to break: cut it where it must be
    return None


def _with_breaks(frags: list[Any], breaks: list[int]) -> list[Any]:
    """Copies of `frags` with a line break before each source offset in `breaks`."""
    out: list[Any] = []
    at = 0
    cuts = sorted(set(breaks))
    for frag in frags:
        text: str = frag.text
        end = at + len(text)
        inside = [c - at for c in cuts if at < c < end or (c == at and text and out)]
        start = 0
        for cut in inside:
            if cut > start:
                out.append(frag.clone(text=text[start:cut]))
            # The break draws nothing: no link rectangle or underline of its own.
            out.append(frag.clone(text="", lineBreak=True, _selfClosingTag="br", link=[], us_lines=[]))
            start = cut
        out.append(frag.clone(text=text[start:]) if start else frag.clone())
        at = end
    return out


def _line_text(line: Any) -> str:
    if isinstance(line, tuple):
        return " ".join(line[1])
    return "".join(getattr(f, "text", "") for f in line.words)


def _skip_space(source: str, at: int) -> int:
    while at < len(source) and source[at].isspace():
        at += 1
    return at


def _word_start(source: str, at: int) -> int:
    while at > 0 and not source[at - 1].isspace():
        at -= 1
    return at


def consumed(source: str, at: int, text: str) -> int:
    """Where `source` continues after `text` (white space aside), from `at`; -1 if it does not match.

    Word by word (a line's words are almost always the source's, as typed); from a word
    that is not, character by character, each after any white space of the source. Most lines are
    the source's words as typed, single-spaced: those are found in one comparison."""
    words = text.split()
    if words:
        joined, start = " ".join(words), _skip_space(source, at)
        if source.startswith(joined, start):  # what the word by word search would find, word for word
            return start + len(joined)
    for index, word in enumerate(words):
        found = source.find(word, at)  # where it stands after white space alone, if it stands there
        if found < 0 or (found > at and not source[at:found].isspace()):
            return _consumed_by_character(source, at, "".join(words[index:]))
        at = found + len(word)
    return at


def _consumed_by_character(source: str, at: int, text: str) -> int:
    for ch in text:
        if ch.isspace():
            continue
        while at < len(source) and source[at].isspace():
            at += 1
        if at >= len(source) or source[at] != ch:
            return -1
        at += 1
    return at
