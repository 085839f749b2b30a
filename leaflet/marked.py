"""Drawing the story -> marked content and a record of it (stage 3/4: layout and render).

Layout gives each flowable that draws content a `Element`: its structure role (H1, P,
LBody, TD, Figure...) and its parent node (LI, L, TR, Table, Div), so the structure
tree is known before anything is drawn. Drawing it on a `TaggingCanvas` wraps what
each such flowable draws in `/ROLE <</MCID n>> BDC ... EMC` and records, per page,
MCID n -> node (`Marks`); everything else on a page (the band shapes, rules, box
tints, list bullets, the footer, crop marks) lies in `/Artifact BMC ... EMC`. A
paragraph split over two pages keeps its node, so it is one element with marked
content on both pages. `tags.py` turns the record into the PDF's structure tree.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph

ARTIFACT = "/Artifact BMC"


@dataclass(eq=False)
class Element:
    """One structure element: its standard role, its parent (None: the document), its alternate text."""

    role: str
    parent: Element | None = None
    alt: str = ""
    title: str = ""  # /T: names an element a later stage finds again (the clinic box)
    scope: str = ""  # a TH's /Scope: Column or Row (tags.py gives a TH without one Column)

    def chain(self) -> list[Element]:
        """This node and its ancestors, outermost first."""
        out: list[Element] = []
        node: Element | None = self
        while node is not None:
            out.insert(0, node)
            node = node.parent
        return out


@dataclass
class Marks:
    """What drawing recorded: per page, the node of each MCID and the node and URI of each link."""

    pages: list[list[Element]] = field(default_factory=list)
    links: list[list[tuple[Element | None, str]]] = field(default_factory=list)


class TaggingCanvas(Canvas):
    """A canvas on which content is an artifact unless a flowable marks it as its node's."""

    def __init__(self, *args: Any, marks: Marks, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.marks = marks
        self.current: Element | None = None
        self._open_page()

    def _open_page(self) -> None:
        self.marks.pages.append([])
        self.marks.links.append([])
        self._code.append(ARTIFACT)

    def showPage(self) -> None:
        self._code.append("EMC")
        super().showPage()
        self._open_page()

    def save(self) -> None:
        if self._code == [ARTIFACT]:  # the page opened after the last one: nothing drawn, not a page
            self._code.clear()
            self.marks.pages.pop()
            self.marks.links.pop()
        super().save()

    def begin_marked(self, node: Element) -> None:
        """Close the artifact and open marked content for `node` with the page's next MCID."""
        assert self.current is None, "marked content does not nest"
        page = self.marks.pages[-1]
        self._code.append(f"EMC /{node.role} <</MCID {len(page)}>> BDC")
        page.append(node)
        self.current = node

    def end_marked(self) -> None:
        self._code.append(f"EMC {ARTIFACT}")
        self.current = None

    def linkURL(self, url: str, rect: Any, *args: Any, **kw: Any) -> None:
        super().linkURL(url, rect, *args, **kw)
        self.marks.links[-1].append((self.current, url))


@contextmanager
def marked(canvas: Canvas, node: Element | None) -> Iterator[None]:
    """Mark what is drawn inside as `node`'s content (a plain canvas, or no node: draw as is)."""
    if node is None or not isinstance(canvas, TaggingCanvas) or canvas.current is not None:
        yield
        return
    canvas.begin_marked(node)
    try:
        yield
    finally:
        canvas.end_marked()


class Marked(Flowable):
    """A flowable whose drawing is marked content of its `node`."""

    node: Element | None = None

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        with marked(canvas, self.node):
            super().drawOn(canvas, x, y, _sW)


class Para(Marked, Paragraph):
    """A paragraph drawn as its node's content; both parts of a split keep the node.

    Each line that the layout broke at a space ends with that space drawn, so a reader of
    the tagged text (which joins a paragraph's lines as they are) never runs words together.
    """

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.source = "".join(frag_text(f) for f in self.frags)  # line breaking empties the frags

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
            part.node = self.node
        return parts


class Picture(Marked, Image):
    """An image drawn as its node's content (a Figure with the image's alt text)."""


def with_line_end_spaces(broken: Any, source: str) -> Any:
    """A copy of ReportLab's lines in which every line but the last ends with its space, where the
    paragraph's text has one there (never inside a word split over lines, such as a long URL).

    Kind 0 lines are (extra space, words); kind 1 lines hold fragments. On any mismatch with
    the source the rest is left as it is.
    """
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


def consumed(source: str, at: int, text: str) -> int:
    """Where `source` continues after `text` (white space aside), from `at`; -1 if it does not match."""
    for ch in text:
        if ch.isspace():
            continue
        while at < len(source) and source[at].isspace():
            at += 1
        if at >= len(source) or source[at] != ch:
            return -1
        at += 1
    return at


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
