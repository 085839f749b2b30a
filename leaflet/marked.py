"""Drawing the story -> marked content and a record of it (stage 3/4: layout and render).

Layout gives each flowable that draws content a `Element`: its structure role (H1, P,
LBody, TD, Figure...) and its parent node (LI, L, TR, Table, Div), so the structure
tree is known before anything is drawn. Drawing it on a `TaggingCanvas` wraps what
each such flowable draws in `/ROLE <</MCID n>> BDC ... EMC` and records, per page,
MCID n -> node (`Marks`); everything else on a page (the band shapes, rules, box
tints, list bullets, the footer, crop marks) lies in `/Artifact BMC ... EMC`. A
paragraph split over two pages keeps its node, so it is one element with marked
content on both pages. `tags.py` turns the record into the PDF's structure tree.

A paragraph with links marks its text inside its text object instead (marked content
and BT/ET must nest), switching to a `Link` element at each link's start and back at
its end (the `<onDraw>` points markup.link puts there), so the link's text is that
Link's content; each link annotation is recorded with the Link whose text it covers.
The flowables that draw paragraphs and pictures as their node's content are in
markedpara.py; as the canvas saves, tags.py adds the structure tree to its document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from .markup import LINK_END, LINK_START
from .record import record

ARTIFACT = "/Artifact BMC"
LATER = "%leaflet:later"  # a comment line in a page's content, replaced at save time
OUTLINE = {"H1": 0, "H2": 1}  # the headings that are bookmarks, and their outline levels


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


@record(frozen=False)
class Marks:
    """What drawing recorded: per page, the node of each MCID and the node and URI of each link."""

    pages: list[list[Element]] = field(default_factory=list)
    links: list[list[tuple[Element | None, str]]] = field(default_factory=list)


class TaggingCanvas(Canvas):
    """A canvas on which content is an artifact unless a flowable marks it as its node's."""

    def __init__(
        self, *args: Any, marks: Marks, finish: Callable[[Any], None] | None = None, write: bool = True, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.marks = marks
        self.finish = finish  # given ReportLab's document as it is saved: the tags stage (tags.tag_document)
        self.write = write  # False: a pass that counts pages (copyfit's), whose PDF no one reads, writes none
        self.current: Element | None = None
        self.in_text: Element | None = None  # the paragraph whose text objects mark its text
        self.in_link: Element | None = None  # the Link whose text is being drawn (a link can cross a page)
        self.line_links: list[Element | None] = []  # the Links of the line being drawn, for its annotations
        self.bookmarked: set[int] = set()  # id() of the headings already in the outline
        self.outline_level = -1
        self.deferred: list[tuple[int, Callable[[Canvas, int], str]]] = []  # (page index, drawer)
        self.setNamedCB(LINK_START, link_start)
        self.setNamedCB(LINK_END, link_end)
        self._open_page()

    def later(self, draw: Callable[[Canvas, int], str]) -> None:
        """Leave a place in this page's content for text that needs the page count (the footer's
        "Page N of M"): at save time `draw(canvas, pages)` gives its operators, so layout runs once."""
        self._code.append(LATER)
        self.deferred.append((len(self.marks.pages) - 1, draw))

    def _fill_later(self) -> None:
        pages = self._doc.Pages.pages
        for index, draw in self.deferred:
            pages[index].stream = pages[index].stream.replace(LATER, draw(self, len(pages)), 1)

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
        if not self.write:
            return
        self._fill_later()
        if self.finish is not None:
            self.finish(self._doc)
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
        owner = self.line_links.pop(0) if self.line_links else self.current
        self.marks.links[-1].append((owner, url))

    def bookmark(self, node: Element, text: str, x: float, top: float) -> None:
        """Put a heading in the outline (once), its bookmark at its top left; an H2 under its H1."""
        level = OUTLINE.get(node.role)
        if level is None or id(node) in self.bookmarked or not text.strip():
            return
        level = min(level, self.outline_level + 1)  # an outline cannot skip a level
        key = f"h{len(self.bookmarked)}"
        self.bookmarked.add(id(node))
        self.outline_level = level
        self.bookmarkHorizontal(key, x, top)
        self.addOutlineEntry(" ".join(text.split()), key, level=level, closed=False)

    @contextmanager
    def text_marked(self, node: Element) -> Iterator[None]:
        """Draw a paragraph whose text objects mark its text (and its links') themselves."""
        self._code.append("EMC")  # the artifact ends before the paragraph's text object begins
        self.current = self.in_text = node
        try:
            yield
        finally:
            self._code.append(ARTIFACT)
            self.current = self.in_text = None

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        if self.in_text is None:
            return super().beginText(x, y, direction)
        tx = LinkedText(self, x, y, direction=direction)
        link = self.in_link if self.in_link is not None and self.in_link.parent is self.in_text else None
        self.switch(tx, link or self.in_text)
        return tx

    def drawText(self, aTextObject: PDFTextObject) -> None:
        if isinstance(aTextObject, LinkedText):
            self.switch(aTextObject, None)
        super().drawText(aTextObject)

    def switch(self, tx: LinkedText, node: Element | None) -> None:
        """End the text object's marked content (dropping it if it marked nothing) and begin `node`'s."""
        page = self.marks.pages[-1]
        if tx.opened_at == len(tx._code):  # nothing was drawn since it began
            tx._code.pop()
            page.pop()
        elif tx.opened_at >= 0:
            tx._code.append("EMC")
        tx.opened_at = -1
        if node is not None:
            tx._code.append(f"/{node.role} <</MCID {len(page)}>> BDC")
            page.append(node)
            tx.opened_at = len(tx._code)


class LinkedText(PDFTextObject):
    """A paragraph's text object on the tagging canvas: its marked content, and the Links of its lines."""

    opened_at = -1  # where in the code the open marked content began (-1: none is open)

    def _linkRecord(self, link: Any, what: str) -> None:
        # ReportLab calls this when a link's text starts on a line, and makes the line's link
        # annotations, in the same order, after drawing the line.
        canvas = self._canvas
        if what == "start" and isinstance(canvas, TaggingCanvas):
            canvas.line_links.append(canvas.in_link)


def link_start(canvas: Canvas, kind: str, label: str | None) -> None:
    """At a link's start (an onDraw point): its text is a new Link element's, in the paragraph's."""
    tx = getattr(canvas, "_curr_tx_info", {}).get("tx")
    if isinstance(canvas, TaggingCanvas) and canvas.in_text is not None and isinstance(tx, LinkedText):
        canvas.in_link = Element("Link", canvas.in_text)
        canvas.switch(tx, canvas.in_link)


def link_end(canvas: Canvas, kind: str, label: str | None) -> None:
    """At a link's end: the text is the paragraph's again."""
    tx = getattr(canvas, "_curr_tx_info", {}).get("tx")
    if isinstance(canvas, TaggingCanvas) and canvas.in_text is not None and isinstance(tx, LinkedText):
        canvas.in_link = None
        canvas.switch(tx, canvas.in_text)


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
