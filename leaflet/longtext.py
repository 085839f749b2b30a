"""Flowables -> flowables: a very long paragraph becomes a run of shorter ones (stage 3: layout).

ReportLab's line breaking costs the square of a paragraph's length (it takes words off
the front of a list), and at each page break it breaks the whole rest of the paragraph
again: a 160 KB paragraph took 9 s, 5 MB more than 300 s. So a paragraph longer than
LONG characters is cut, at a sentence end where there is one (else at a space), into
pieces of about RUN characters, laid out one after another with no space between
them: the same words in the same order; only a line may end early where a piece ends.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

RUN = 4000  # characters per piece, about two pages
LONG = 3 * RUN  # paragraphs longer than this are cut into pieces


def page_sized(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables, with each paragraph longer than LONG characters cut into pieces."""
    out: list[Flowable] = []
    for f in flowables:
        if isinstance(f, Paragraph) and sum(len(getattr(g, "text", "")) for g in f.frags) > LONG:
            out += _pieces(f)
        else:
            out.append(f)
    return out


def _pieces(whole: Paragraph) -> list[Flowable]:
    """One paragraph per run of text; the first keeps the space before, the last the space after."""
    style, runs = whole.style, _runs(whole.frags)
    pieces: list[Flowable] = []
    for n, run in enumerate(runs):
        before = style.spaceBefore if n == 0 else 0
        after = style.spaceAfter if n == len(runs) - 1 else 0
        piece = type(whole)(
            None, ParagraphStyle(f"{style.name}-piece", parent=style, spaceBefore=before, spaceAfter=after), frags=run
        )
        for name in ("role", "alt", "node", "whole"):
            if hasattr(whole, name):
                setattr(piece, name, getattr(whole, name))
        pieces.append(piece)
    return pieces


def _runs(frags: list[Any]) -> list[list[Any]]:
    """The paragraph's text fragments regrouped into runs of about RUN characters."""
    runs: list[list[Any]] = [[]]
    size = 0
    for frag in frags:
        text = getattr(frag, "text", None)
        while text is not None and size + len(text) > RUN:
            cut = _cut(text, RUN - size) or (0 if runs[-1] else RUN)  # no space: end the run before this text
            if cut:
                runs[-1].append(frag.clone(text=text[:cut]))
            runs.append([])
            size, text = 0, text[cut:]
        if text is None or text:
            runs[-1].append(frag if text is None or text == frag.text else frag.clone(text=text))
            size += len(text or "")
    return [r for r in runs if r]


def _cut(text: str, room: int) -> int:
    """Where to end a piece within text[:room]: after a late sentence end, else after a space; 0: nowhere."""
    for mark in (". ", " "):
        at = text.rfind(mark, 0, max(0, room))
        if at >= 0 and (mark == " " or at > room // 2):
            return at + len(mark)
    return 0
