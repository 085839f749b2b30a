"""Story -> tagged PDF bytes, with metadata, bookmarks and links (stage 4: render; the canvas of marked.py
marks the content and bookmarks each H1/H2 heading it draws, so the outline is the heading tree's, and
as it saves, tags.py adds the structure tree to the document ReportLab writes).

The layout runs once: each footer's "Page N of M" is drawn when the canvas is
saved (marked.TaggingCanvas.later), as hand-written ReportLab does. The page
budget is checked as the pages are laid out: the layout stops as soon as it
would pass the budget, so over-long content is never laid out in full. Output
is reproducible: no clock time is written.

A ReportLab layout failure (something that cannot fit any page) becomes our
located LayoutError, at the block that was being laid out.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import field
from functools import partial

from reportlab import rl_config
from reportlab.platypus import Flowable, Frame
from reportlab.platypus.doctemplate import BaseDocTemplate
from reportlab.platypus.doctemplate import LayoutError as ReportLabLayoutError

from . import __version__, wording
from .errors import LayoutError
from .layout import ClinicSlot, Story
from .marked import Marks, TaggingCanvas
from .model import Leaflet
from .record import record
from .tags import tag_document


@record
class Rendered:
    pdf: bytes
    pages: int
    section_on_page: tuple[int, ...]  # per page (0-based): the section its first text belongs to
    sections: tuple[str, ...]  # section names, by index
    slot: tuple[int, tuple[float, float, float, float]] | None = None  # clinic slot: page index, box
    marks: Marks = field(default_factory=Marks)  # per page, the structure element of each MCID
    fills: tuple[float, ...] = ()  # per page: the share of the text frame's height that content uses


class LeafletDoc(BaseDocTemplate):
    """Records which section is on which page (and where the clinic slot is)."""

    def __init__(self, target: io.BytesIO, story: Story, leaflet: Leaflet, limit: int = 0) -> None:
        m = leaflet.meta
        super().__init__(
            target,
            pagesize=story.theme.page,
            pageTemplates=story.templates,
            **wording.info(leaflet),
            keywords=", ".join(m.keywords),
            creator=f"leaflet {__version__}",
            producer=f"leaflet {__version__} (ReportLab)",
            lang=m.language,
            displayDocTitle=1,
            invariant=1,
            initialFontName=story.theme.styles["body"].fontName,
            leftMargin=0,
            rightMargin=0,
            topMargin=0,
            bottomMargin=0,
        )
        self.published = m.published
        self.page_sections: dict[int, int] = {}
        self.current = 0
        self.slot: tuple[int, tuple[float, float, float, float]] | None = None
        self.limit = limit  # raise OverBudget rather than start page limit + 1; 0: no limit
        self.stopped = False
        self.marks = Marks()
        self.laying: Flowable | None = None  # the last flowable from a block (split parts are laid out after it)
        self.fills: list[float] = []

    def handle_pageEnd(self) -> None:
        self.fills.append(frame_fill(self.frame))
        super().handle_pageEnd()

    def handle_pageBegin(self) -> None:
        if self.limit and self.page >= self.limit:
            self.stopped = True
            raise OverBudget
        super().handle_pageBegin()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables and getattr(flowables[0], "where", None):
            self.laying = flowables[0]
        super().handle_flowable(flowables)

    def beforeDocument(self) -> None:
        # Dates come from the content, never the clock: the same input gives the same bytes.
        stamp = self.published.strftime("D:%Y%m%d000000+00'00'")
        self.canv.setDateFormatter(lambda *_: stamp)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, ClinicSlot):
            self.slot = (self.page - 1, flowable.page_box)
        # A split paragraph's second half has no section mark: it continues the current one.
        section = getattr(flowable, "section", self.current)
        self.current = section
        self.page_sections.setdefault(self.page, section)


class OverBudget(Exception):
    """Raised inside the first pass when it would start a page the budget check does not need."""


def render_pdf(make_story: Callable[[], Story], leaflet: Leaflet, key: str, tagged: bool = True) -> Rendered:
    """Lay out the story once and return the PDF (with its tags unless not `tagged`: bench/tags.py weighs
    them); past the `key` page budget, raise the budget error."""
    story = make_story()
    buf, doc = _run(story, leaflet, limit=leaflet.meta.pages[key] + 1, tagged=tagged)
    rendered = _rendered(buf.getvalue(), doc, story)
    if error := budget_error(Counted(rendered, doc.stopped), leaflet, key):
        raise error
    return rendered


def count_pages(make_story: Callable[[], Story], leaflet: Leaflet, key: str, most: int = 0) -> Counted:
    """The first pass: pages as laid out, stopping after `most` (default: one past the `key` budget)."""
    story = make_story()
    doc = _run(story, leaflet, limit=most or leaflet.meta.pages[key] + 1, write=False)[1]
    return Counted(_rendered(b"", doc, story), doc.stopped)


@record
class Counted:
    """What the first pass found: the pages it laid out, and whether content was still to come."""

    rendered: Rendered
    more: bool

    @property
    def pages(self) -> int:
        return self.rendered.pages


def _rendered(pdf: bytes, doc: LeafletDoc, story: Story) -> Rendered:
    return Rendered(
        pdf=pdf,
        pages=doc.page,
        section_on_page=tuple(doc.page_sections.get(p, doc.current) for p in range(1, doc.page + 1)),
        sections=tuple(story.sections),
        slot=doc.slot,
        marks=doc.marks,
        fills=tuple(doc.fills[: doc.page]),
    )


def frame_fill(frame: Frame) -> float:
    """The share of the frame's height from its top to the foot of the last thing laid in it."""
    top, bottom = frame._y2 - frame._topPadding, frame._y1p
    foot = frame._y + getattr(frame, "_prevASpace", 0)  # the last flowable's space after is not content
    return max(0.0, min(1.0, (top - foot) / (top - bottom))) if top > bottom else 0.0


def _run(
    story: Story, leaflet: Leaflet, limit: int = 0, tagged: bool = False, write: bool = True
) -> tuple[io.BytesIO, LeafletDoc]:
    """Lay the story out (and, `tagged`, write the tags as the canvas saves: tags.py); without `write`,
    only count the pages: no PDF is written."""
    buf = io.BytesIO()
    doc = LeafletDoc(buf, story, leaflet, limit)
    finish = partial(tag_document, marks=doc.marks, leaflet=leaflet) if tagged else None
    canvas = partial(TaggingCanvas, marks=doc.marks, finish=finish, write=write)
    try:
        with binary_streams():
            doc.build(list(story.flowables), canvasmaker=canvas)
    except OverBudget:
        pass  # doc.stopped is set
    except ReportLabLayoutError as e:  # something that fits no page, even on a page of its own
        lines = int(story.theme.body_frame_height // story.theme.styles["body"].leading)
        hint = f"make it smaller or split it into several blocks (a page holds about {lines} lines of body text)"
        raise LayoutError(
            f"{getattr(doc.laying, 'what', 'this')} is too big to fit on a page, even on a page of its own",
            getattr(doc.laying, "where", leaflet.meta.where),
            hint=getattr(doc.laying, "fit_hint", hint),
        ) from e
    return buf, doc


@contextmanager
def binary_streams() -> Iterator[None]:
    """Streams compressed and left binary, not ASCII85-encoded too (which adds a quarter to each):
    ReportLab reads this setting as it writes each stream, so it holds for the layout's duration."""
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def budget_error(counted: Counted, leaflet: Leaflet, key: str) -> LayoutError | None:
    """The error when the leaflet runs past its page budget, naming where the overflow began.

    The hint gives the leaflet's own `pages:` with this variant's budget raised to what it needs
    (at least, when layout stopped early with content still to come).
    """
    budgets, rendered = leaflet.meta.pages, counted.rendered
    budget = budgets[key]
    if rendered.pages <= budget and not counted.more:
        return None
    spill_page = budget + 1
    index = rendered.section_on_page[min(spill_page, rendered.pages) - 1]
    name = rendered.sections[index]
    where = leaflet.sections[index].where if index < len(leaflet.sections) else leaflet.meta.where
    least = rendered.pages + (1 if counted.more else 0)
    return LayoutError(
        f"the leaflet needs {'more than ' if counted.more else ''}{rendered.pages} pages but its budget is "
        f"{budget}; the overflow began in '{name}' on page {spill_page}",
        where,
        hint=f"{budgets.how(key)}; shorten that section, or raise the budget under 'leaflet:' to "
        f"{budgets.raised(key, least)}{' or more' if counted.more else ''}",
    )
