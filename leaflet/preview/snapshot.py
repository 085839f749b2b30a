"""A leaflet YAML -> Snapshot: what one rebuild shows (stage: preview, run in a fresh process).

Input: the path of a leaflet YAML file. Output: a `Snapshot`: every page of the default (A4)
leaflet as an image with its text; each check's finding with the YAML lines it points at; each draft
mark (a placeholder to set before publishing) with its lines too; the files the build read
(`inputfiles.inputs_of`). Or, when the leaflet cannot be built, its located error as the one
finding, with no pages. The PDF is built in memory and never written anywhere: a preview cannot
replace or corrupt a PDF in output/.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

from ..build import lay_out_checked
from ..checks import Finding
from ..errors import LeafletError, Where
from ..inputfiles import inputs_of
from ..inputs import MAX_YAML, read_text
from ..model import Placeholder
from ..record import record
from ..theme import Variant

SCALE = 1.5  # 108 dpi: an A4 page is 893 x 1263 pixels, sharp at the page's width on screen
CONTEXT = 3  # lines shown either side of the line a finding points at


@record
class Excerpt:
    """Numbered lines of a source file around the line a finding points at."""

    line: int
    column: int
    lines: tuple[tuple[int, str], ...]


@record
class Item:
    """A check's finding, or the error that stopped the build (check 'build'), as the page shows it."""

    check: str
    ok: bool
    message: str
    where: str  # FILE:LINE:COL, FILE, or '' when the check has no place in the content
    excerpt: Excerpt | None = None
    hint: str = ""


@record
class Page:
    image: bytes  # BMP: uncompressed, so made in a fifth of a PNG's time; size costs nothing on 127.0.0.1
    text: str  # the page's text as pdfium reads it, for the page's text layer


@record
class Snapshot:
    built: bool  # the leaflet was laid out (its checks may still fail); False: `items` holds the error
    pages: tuple[Page, ...]
    items: tuple[Item, ...]
    inputs: tuple[Path, ...]  # files to watch; on an error, the YAML and the file the error names
    title: str = ""
    drafts: tuple[Item, ...] = ()  # what makes the leaflet a draft (placeholders, a past review date)


def make_snapshot(path: Path) -> Snapshot:
    """Build the leaflet in memory and describe it; a LeafletError becomes the snapshot's one item."""
    try:
        laid = lay_out_checked(path, Variant())
    except LeafletError as e:
        return failed(path, e)
    pages = render_pages(laid.rendered.pdf)
    items = tuple(finding_item(f) for f in laid.report.findings)
    inputs = tuple(i.path for i in inputs_of(laid.leaflet))
    drafts = tuple(draft_item(mark) for mark in laid.leaflet.draft)
    return Snapshot(True, pages, items, inputs, laid.leaflet.meta.title, drafts)


def failed(path: Path, e: LeafletError) -> Snapshot:
    named = [Path(e.where.path).resolve()] if e.where and e.where.path else []
    item = Item("build", False, e.message, str(e.where or ""), excerpt(e.where), e.hint)
    return Snapshot(False, (), (item,), tuple(sorted({path.resolve(), *named})))


def finding_item(f: Finding) -> Item:
    return Item(f.check, f.ok, f.problem or f.figure, str(f.where or ""), excerpt(f.where))


def draft_item(mark: Placeholder) -> Item:
    return Item("draft", True, f"{mark.field} has {mark.kind}: '{mark.text}'", str(mark.where), excerpt(mark.where))


def excerpt(where: Where | None) -> Excerpt | None:
    """The lines around `where`, read from its file; None without a line, or when it cannot be read."""
    if where is None or where.line <= 0:
        return None
    try:
        text = read_text(where.path, MAX_YAML, "a YAML file")
    except LeafletError:
        return None
    lines = text.splitlines()
    first, last = max(where.line - CONTEXT, 1), min(where.line + CONTEXT, len(lines))
    return Excerpt(where.line, where.column, tuple((n, lines[n - 1]) for n in range(first, last + 1)))


def render_pages(pdf: bytes) -> tuple[Page, ...]:
    """Each page as a BMP image (pypdfium2) with its text."""
    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            out = io.BytesIO()
            page.render(scale=SCALE).to_pil().save(out, "BMP")
            pages.append(Page(out.getvalue(), page.get_textpage().get_text_range()))
        return tuple(pages)
    finally:
        document.close()
