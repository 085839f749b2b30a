"""A5 pages -> an A4-landscape booklet in saddle-stitch order (stage: impose, after render).

Pages are padded with blanks to a multiple of 4. Sheet s (from 0) of an n-page
booklet carries pages n-2s | 1+2s on its front and 2+2s | n-1-2s on its back, so
the printed stack folds into reading order (duplex, flip on the short edge).

The booklet is for a printer, so it is untagged: its sheets show pages out of reading
order (the last beside the first), no reader reads an imposition, and the A5 and A4
PDFs are the accessible copies. The tagged pages' marked-content operators (MCIDs,
artifacts) and structure keys are stripped from the sheets, so nothing in the booklet
points into a structure tree it does not have.
"""

from __future__ import annotations

import io

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import ContentStream, NameObject

from .errors import LayoutError, Where


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
    if w > h:
        raise LayoutError("booklet pages must be portrait", Where.file(name), hint="build the A5 variant first")
    writer = PdfWriter()
    for left, right in sheet_order(len(reader.pages)):
        side: PageObject = writer.add_blank_page(width=2 * w, height=h)
        for number, x in ((left, 0.0), (right, w)):
            if number:
                side.merge_transformed_page(reader.pages[number - 1], Transformation().translate(tx=x))
        untagged(side, writer)
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


def check_order(booklet: bytes, source: bytes) -> str:
    """'' when each half-sheet shows the source page the saddle-stitch order puts there, else the problem."""
    from .pdftext import fold_lines, scan

    pages = PdfReader(io.BytesIO(source)).pages
    sheets = PdfReader(io.BytesIO(booklet)).pages
    half = float(pages[0].mediabox.width)
    expected = sheet_order(len(pages))
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
