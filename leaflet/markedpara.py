"""Paragraphs and pictures drawn as their structure element's marked content (stage 3/4: layout and render).

Input: a node (`marked.Element`) the layout gives each `Para` or `Picture`, and the markup
or image it shows. Output: flowables that, drawn on a `marked.TaggingCanvas`, wrap what
they draw in their node's marked content (a paragraph with links marks its text inside
its text objects, so each link's text is its `Link` element's), bookmark the headings,
and break lines only where linebreak.py allows, each line broken at a space ending with
that space drawn.
"""

from __future__ import annotations

import copy
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph

from .linebreak import break_lines, consumed
from .marked import Marked, TaggingCanvas


class Para(Marked, Paragraph):
    """A paragraph drawn as its node's content; both parts of a split keep the node.

    Each line that the layout broke at a space ends with that space drawn, so a reader of
    the tagged text (which joins a paragraph's lines as they are) never runs words together.
    """

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.source = "".join(frag_text(f) for f in self.frags)  # line breaking empties the frags
        self.unbroken = list(self.frags)  # as parsed: each width's line breaks start from these
        self.whole = self.source  # the text of the whole paragraph, in every part of a split (a bookmark's title)
        self.broken: tuple[Any, Any, list[Any]] | None = None  # the last widths, their lines and fragments

    def breakLines(self, width: Any) -> Any:
        """ReportLab's line breaking, with words too long for a line cut only where linebreak.py allows.

        The lines for the same widths as last time are those again (a heading's keep-with-next
        measures the paragraphs after it, which the frame then lays out at the same width)."""
        key = tuple(width) if isinstance(width, list | tuple) else width
        if self.broken is not None and self.broken[0] == key:
            self.frags = self.broken[2]
            return self.broken[1]

        def breaker(frags: list[Any], widths: Any) -> Any:
            self.frags = frags
            return Paragraph.breakLines(self, widths)

        lines = break_lines(self.unbroken, self.source, width, breaker)
        self.broken = (key, lines, self.frags)
        return lines

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        if isinstance(canvas, TaggingCanvas) and self.node is not None:
            canvas.bookmark(self.node, self.whole, x, y + self.height)
        tagging = isinstance(canvas, TaggingCanvas) and self.node is not None and canvas.current is None
        if not tagging or not has_links(self.__dict__.get("blPara")):
            super().drawOn(canvas, x, y, _sW)
        else:
            assert isinstance(canvas, TaggingCanvas) and self.node is not None
            with canvas.text_marked(self.node):
                Paragraph.drawOn(self, canvas, x, y, _sW)

    def draw(self) -> None:
        laid: Any = self.__dict__["blPara"]  # drawn from a copy: the lines ReportLab splits and measures stay
        self.blPara = with_line_end_spaces(laid, self.source)
        try:
            super().draw()
        finally:
            self.blPara = laid

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        for part in parts:
            part.node, part.whole = self.node, self.whole
        return parts


class Picture(Marked, Image):
    """An image drawn as its node's content (a Figure with the image's alt text)."""


def has_links(broken: Any) -> bool:
    """Whether laid-out lines hold text of a link (kind 0 lines are plain words)."""
    lines = getattr(broken, "lines", [])
    return any(not isinstance(line, tuple) and any(getattr(w, "link", None) for w in line.words) for line in lines)


def with_line_end_spaces(broken: Any, source: str) -> Any:
    """A copy of ReportLab's lines in which every line but the last ends with its space, where the
    paragraph's text has one there (never inside a word split over lines, such as a long URL).

    Kind 0 lines are (extra space, words); kind 1 lines hold fragments. On any mismatch with
    the source the rest is left as it is.
    """
    if len(broken.lines) < 2:
        return broken  # one line (or none): no line ends before the last, nothing to add
    out = copy.copy(broken)
    out.lines = [(line[0], list(line[1])) if isinstance(line, tuple) else _line_copy(line) for line in broken.lines]
    at = 0
    for line in out.lines[:-1]:
        text = " ".join(line[1]) if isinstance(line, tuple) else "".join(getattr(f, "text", "") for f in line.words)
        at = consumed(source, at, text)
        if at < 0:
            break
        if at < len(source) and source[at].isspace():
            with_space(line)
    return out


def _line_copy(line: Any) -> Any:
    new = copy.copy(line)
    new.words = list(line.words)
    return new


def frag_text(frag: Any) -> str:
    """A fragment's text; the first part of a split plain paragraph holds words instead."""
    text = getattr(frag, "text", None)
    return text if isinstance(text, str) else " ".join(getattr(frag, "words", []))


def with_space(line: Any) -> None:
    if isinstance(line, tuple):
        if line[1]:
            line[1][-1] += " "
        return
    for index in range(len(line.words) - 1, -1, -1):
        frag = line.words[index]
        if getattr(frag, "text", "") and not getattr(frag, "cbDefn", None):
            line.words[index] = frag.clone(text=frag.text + " ")
            return
