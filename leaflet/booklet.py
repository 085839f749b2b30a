"""A5 pages -> an A4-landscape booklet in saddle-stitch order (stage: impose, after render).

Pages are padded with blanks to a multiple of 4. Sheet s (from 0) of an n-page
booklet carries pages n-2s | 1+2s on its front and 2+2s | n-1-2s on its back, so
the printed stack folds into reading order (duplex, flip on the short edge).

The booklet is for a printer, so it is untagged: its sheets show pages out of reading
order (the last beside the first), no reader reads an imposition, and the A5 and A4
PDFs are the accessible copies. The tagged pages' marked-content operators (MCIDs,
artifacts) and structure keys are stripped from the sheets, so nothing in the booklet
points into a structure tree it does not have.

Each sheet is exactly A4 landscape (841.89 x 595.28 pt, not two A5 widths, 839.06,
which a printer reports as a paper-size mismatch); the fold is its centre line and
each page stands against it, the spare 0.7 mm going to the outer edge. The A5
leaflet's outline is kept, each entry pointing at the sheet side and half its page is on.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream, Fit, NameObject
from reportlab.lib.pagesizes import A4, landscape

from .errors import LayoutError, Where

SHEET = landscape(A4)
FOLD = SHEET[0] / 2


def sheet_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers, 1-based, for each side of each sheet; 0 is a blank."""
    n = -(-pages // 4) * 4
    sides = []
    for s in range(n // 4):
        sides.append((n - 2 * s, 1 + 2 * s))  # front
        sides.append((2 + 2 * s, n - 1 - 2 * s))  # back
    return [(left if left <= pages else 0, right if right <= pages else 0) for left, right in sides]


def impose(pdf: bytes, name: str = "booklet") -> bytes:
    """Place A5 pages two-up on A4 landscape sheets in booklet order."""
    reader = PdfReader(io.BytesIO(pdf))
    first = reader.pages[0]
    w, h = float(first.mediabox.width), float(first.mediabox.height)
    if w > h or w > FOLD + 0.01 or h > SHEET[1] + 0.01:
        raise LayoutError("booklet pages must be portrait A5", Where.file(name), hint="build the A5 variant first")
    writer = PdfWriter()
    placed: dict[int, tuple[int, float]] = {}  # page number -> (sheet side, x of its left edge)
    dy = max(0.0, (SHEET[1] - h) / 2)
    for index, (left, right) in enumerate(sheet_order(len(reader.pages))):
        side: PageObject = writer.add_blank_page(width=SHEET[0], height=SHEET[1])
        for number, x in ((left, FOLD - w), (right, FOLD)):
            if number:
                side.merge_transformed_page(reader.pages[number - 1], Transformation().translate(tx=x, ty=dy))
                placed[number] = (index, x)
        untagged(side, writer)
    copy_outline(reader, writer, reader.outline, placed, None)
    writer.add_metadata(dict(reader.metadata or {}))
    for key in ("/Lang", "/ViewerPreferences"):
        if key in reader.root_object:
            writer.root_object[NameObject(key)] = reader.root_object[key].clone(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


MARKED_CONTENT = (b"BDC", b"BMC", b"EMC", b"MP", b"DP")


def untagged(side: PageObject, writer: PdfWriter) -> None:
    """Strip the marked-content operators and structure keys the tagged pages brought to a sheet side."""
    contents = side.get_contents()
    if contents is not None:
        stream = ContentStream(contents, writer, "bytes")  # strings as bytes: the text is not re-encoded
        stream.operations = [(args, op) for args, op in stream.operations if op not in MARKED_CONTENT]
        side.replace_contents(stream)
    for key in ("/StructParents", "/Tabs"):
        side.pop(key, None)
    for annot in side.get("/Annots", []):
        annot.get_object().pop("/StructParent", None)


def copy_outline(
    reader: PdfReader, writer: PdfWriter, items: Any, placed: dict[int, tuple[int, float]], parent: Any
) -> None:
    """The A5 outline on the sheets: each entry opens the sheet side its page is on, at its place."""
    last = None
    for item in items:
        if isinstance(item, list):
            copy_outline(reader, writer, item, placed, last)
            continue
        index = reader.get_destination_page_number(item)
        number = -1 if index is None else index + 1
        if number not in placed:
            continue
        side, x = placed[number]
        top = item.get("/Top")
        fit = Fit.xyz(left=x, top=float(top) if top is not None else None)
        last = writer.add_outline_item(title=str(item.title), page_number=side, parent=parent, fit=fit)
