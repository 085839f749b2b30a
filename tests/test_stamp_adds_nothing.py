"""The clinic check refuses any text a stamped PDF shows beyond the clinic's own lines.

Each test stamps the real master laid out for content/clinics.yaml, then adds text the clinic did not
give in a further incremental update (the master's bytes stay a prefix: text in another content
stream, in an annotation, or in a redefined laid-out object) and asserts the check refuses it. A check
that read only the page's last content stream and its stamped links' URIs passed each of them.
"""

from __future__ import annotations

from typing import cast

import pytest
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)
from stamped_edits import first_stamp, refused, updated

from leaflet.checks.stamped import check_stamped
from leaflet.model import Clinic
from leaflet.stamp import Master

EXTRA = "Take twice the dose"


@pytest.fixture(scope="module")
def stamped() -> tuple[Master, Clinic, bytes]:
    made = first_stamp()
    return made.master, made.clinic, made.data


def text_in_a_master_font(master: Master, text: str) -> bytes:
    """Operators that show `text` in the first of the layout's fonts that has all its characters."""
    name = next(n for n, codes in master.decode.items() if set(text) <= set(codes.values()))
    code = {ch: c for c, ch in master.decode[name].items()}
    body = bytes(code[ch] for ch in text).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT " + name.encode() + b" 14 Tf 72 400 Td (" + body + b") Tj ET"


def test_the_untouched_stamp_passes(stamped: tuple[Master, Clinic, bytes]) -> None:
    master, clinic, data = stamped
    check_stamped(data, master, clinic)
    check_stamped(updated(data, lambda w: None), master, clinic)


@pytest.mark.parametrize("where", ["first", "before-layer"])
def test_text_in_another_content_stream_of_the_page_is_refused(
    where: str, stamped: tuple[Master, Clinic, bytes]
) -> None:
    """The stamp's own `q` stream, or a stream put before the layer, shows text: the check reads the last only."""
    master, clinic, data = stamped
    page = master.slot_page

    def edit(writer: PdfWriter) -> None:
        contents = list(cast(ArrayObject, writer.pages[page]["/Contents"]))
        extra = DecodedStreamObject()
        extra.set_data(b"q " + text_in_a_master_font(master, EXTRA) + b" Q")
        ref = writer._add_object(extra)
        parts = [ref, *contents[1:]] if where == "first" else [*contents[:-1], ref, contents[-1]]
        if where == "first":  # keep the graphics state balanced as the stamp's own `q` did
            extra.set_data(b"q " + text_in_a_master_font(master, EXTRA))
        writer.pages[page][NameObject("/Contents")] = ArrayObject(parts)

    problem = f"page {page + 1} shows other content than the checked layout and one clinic layer"
    assert refused(updated(data, edit), master, clinic) == problem


@pytest.mark.parametrize("on", ["box", "footer"])
def test_a_free_text_annotation_the_stamp_adds_is_refused(on: str, stamped: tuple[Master, Clinic, bytes]) -> None:
    """An annotation that shows text on the page (FreeText) is text the clinic did not give."""
    master, clinic, data = stamped
    page = master.slot_page if on == "box" else (master.slot_page + 1 if master.slot_page == 0 else 0)

    def edit(writer: PdfWriter) -> None:
        note = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/FreeText"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 400, 400, 440)]),
                NameObject("/Contents"): TextStringObject(EXTRA),
                NameObject("/DA"): TextStringObject("/Helv 14 Tf 0 g"),
            }
        )
        annots = list(writer.pages[page].get("/Annots", []))
        writer.pages[page][NameObject("/Annots")] = ArrayObject([*annots, writer._add_object(note)])

    problem = f"page {page + 1} has an annotation the clinic does not give: /FreeText "
    assert refused(updated(data, edit), master, clinic) == problem


def test_a_laid_out_content_stream_redefined_by_an_update_is_refused(stamped: tuple[Master, Clinic, bytes]) -> None:
    """An update may define an object the layout has: the page then shows the new bytes, not the checked ones."""
    master, clinic, data = stamped
    page = 0 if master.slot_page != 0 else 1
    laid = master.reader.pages[page].raw_get("/Contents")
    first = (list(laid) if isinstance(laid, list) else [laid])[0]

    def edit(writer: PdfWriter) -> None:
        stream = writer.get_object(first.number)
        assert isinstance(stream, StreamObject)
        stream.set_data(stream.get_data() + b"\n" + text_in_a_master_font(master, EXTRA))

    assert (
        refused(updated(data, edit), master, clinic)
        == f"the update redefines object {first.number} of the checked layout"
    )
