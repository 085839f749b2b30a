"""Booklet PDF bytes (+ the A5 leaflet it was made from) -> Report (stage 5: check, for a booklet).

A booklet is not one leaflet page per page: each A4-landscape sheet side holds two A5
pages in folding order. Besides the checks that need no content (fonts, print, contrast,
metadata, email), it proves its own shape:

- sheets: every side exactly A4 landscape (841.89 x 595.28 pt), an even number of sides;
- order: each half shows the page the saddle-stitch rule puts there (REFERENCE.md: the two
  pages of a side add to n+1), read from the halves' own "Page N of M" footers; a padding
  half is blank;
- outline: the booklet has bookmarks, each opening a sheet side;
- text (given the A5 leaflet, rebuilt from its content): each half shows exactly the text
  of its page.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from .. import booklet
from ..pagescan import scan
from ..pdfadapt import ForeignDocument, open_foreign
from ..pdfread import count_contents, guard, limits, open_reader
from ..textmatch import fold_lines
from .core import Finding, Report, run_checks

SIZE_TOL = 0.01  # points: a printer compares the paper size to about this
_LABEL = re.compile(r"Page (\d+) of (\d+)")


def check_booklet(data: bytes, name: str = "booklet", source: bytes | None = None) -> Report:
    """The checks that need no content, then the booklet's own; `source`: the A5 PDF it should hold."""
    ran = [f for f in run_checks(data, None, None, name).findings if not f.figure.startswith("not run")]
    with limits():
        reader = open_reader(data, name)
        document = open_foreign(reader, name)
        count_contents(document, name)
        with guard(name, "the booklet's sheets"):
            own = [sheets(document), order(document), outline(reader)]
            if source is not None:
                problem = check_order(document, source)
                own.append(Finding("booklet text", not problem, "each half against its A5 page", problem))
    return Report(tuple(ran + own))


def sheets(reader: ForeignDocument) -> Finding:
    w, h = booklet.SHEET
    count = len(reader.pages)
    figure = f"{count} sheet sides"
    for n, page in enumerate(reader.pages, 1):
        got = (float(page.mediabox.width), float(page.mediabox.height))
        if abs(got[0] - w) > SIZE_TOL or abs(got[1] - h) > SIZE_TOL:
            problem = f"sheet side {n} is {got[0]:.2f} x {got[1]:.2f} pt, not A4 landscape ({w:.2f} x {h:.2f})"
            return Finding("sheets", False, figure, problem)
    if count % 2:
        return Finding("sheets", False, figure, f"{count} sheet sides: a duplex sheet has two")
    return Finding("sheets", True, f"{figure}, all A4 landscape {w:.2f} x {h:.2f} pt, fold at {w / 2:.2f} pt")


def half_labels(reader: ForeignDocument) -> list[tuple[tuple[int, int] | None, tuple[int, int] | None, bool, bool]]:
    """Per sheet side: the (page, total) label of the left and right half, and whether each shows text."""
    out = []
    for page in reader.pages:
        frags = scan(page).fragments
        halves = []
        for left in (True, False):
            text = "".join(f.text for f in frags if (f.x < booklet.FOLD) == left)
            label = _LABEL.search(text)
            halves.append(((int(label[1]), int(label[2])) if label else None, bool(text.strip())))
        out.append((halves[0][0], halves[1][0], halves[0][1], halves[1][1]))
    return out


def order(reader: ForeignDocument) -> Finding:
    labels = half_labels(reader)
    totals = {lab[1] for side in labels for lab in side[:2] if lab}
    if len(totals) != 1:
        return Finding("order", False, "", "the halves' 'Page N of M' footers do not name one page count")
    total = totals.pop()
    want = booklet.sheet_order(total)
    figure = f"{total} pages in saddle-stitch order"
    if len(want) != len(labels):
        return Finding("order", False, figure, f"{len(labels)} sheet sides; {total} pages need {len(want)}")
    for n, ((left, right), (got_l, got_r, ink_l, ink_r)) in enumerate(zip(want, labels, strict=True), 1):
        for where, number, got, ink in (("left", left, got_l, ink_l), ("right", right, got_r, ink_r)):
            shown = got[0] if got else (0 if not ink else -1)
            if shown != number:
                what = f"page {shown}" if shown > 0 else "blank" if shown == 0 else "a page with no footer"
                problem = f"sheet side {n} {where} shows {what}, should be {f'page {number}' if number else 'blank'}"
                return Finding("order", False, figure, problem)
    return Finding("order", True, figure)


def outline(reader: PdfReader) -> Finding:
    items = [i for i in reader.outline if not isinstance(i, list)]
    if not items:
        return Finding("outline", False, "no bookmarks", "the booklet has no outline (bookmarks)")
    sides = len(reader.pages)
    opens = [(str(i.title), reader.get_destination_page_number(i)) for i in items]
    bad = [title for title, side in opens if side is None or not 0 <= side < sides]
    if bad:
        return Finding("outline", False, f"{len(items)} bookmarks", f"bookmark '{bad[0]}' opens no sheet side")
    return Finding("outline", True, f"{len(items)} bookmarks")


def check_order(reader: ForeignDocument, source: bytes) -> str:
    """'' when each half-sheet shows the source page the saddle-stitch order puts there, else the problem."""
    pages, sheets = PdfReader(io.BytesIO(source)).pages, reader.pages
    half = booklet.FOLD
    expected = booklet.sheet_order(len(pages))
    if len(sheets) != len(expected):
        return f"{len(sheets)} sheet sides, expected {len(expected)}"
    for n, (side, (left, right)) in enumerate(zip(sheets, expected, strict=True)):
        frags = scan(side).fragments
        for number, want_left in ((left, True), (right, False)):
            got = fold_lines("".join(f.text for f in frags if (f.x < half) == want_left))
            want = fold_lines(pages[number - 1].extract_text()) if number else ""
            if " ".join(got.split()) != " ".join(want.split()):
                where = "left" if want_left else "right"
                return f"sheet side {n + 1} {where} should be page {number or 'blank'}"
    return ""
