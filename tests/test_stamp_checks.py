"""check_stamped, the check of each clinic's stamped PDF, refuses what a stamp must not do (issue 7, section 6).

A mutation run found no test in which check_stamped fails. Each test here takes the real master laid out for
content/clinics.yaml, stamps its first clinic, then breaks one thing (with a further incremental update made by
pypdf, so the master's bytes stay a prefix, or by checking against a changed clinic) and asserts the exact message.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import replace

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, EncodedStreamObject, NameObject
from stamped_edits import CLINICS, Stamped, first_stamp, refused, updated

from leaflet import pdfown, stamp
from leaflet.checks.stamped import check_stamped, found
from leaflet.clinics import load_clinics
from leaflet.pdfmodel import Refused, Stream, dict_of, list_of
from leaflet.pdfupdate import MAX_UPDATES, UpdateError, foreign_reading, read_update

# --- the stamped PDF and its edits ---------------------------------------


@pytest.fixture(scope="module")
def north() -> Stamped:
    return first_stamp()


def layer_of(writer: PdfWriter, page: int) -> DecodedStreamObject:
    return writer.pages[page]["/Contents"][-1].get_object()


def with_layer(page: int, change: Callable[[bytes], bytes]) -> Callable[[PdfWriter], None]:
    """An edit that rewrites the clinic layer (the page's last content stream)."""

    def edit(writer: PdfWriter) -> None:
        contents = writer.pages[page]["/Contents"]
        stream = DecodedStreamObject()
        stream.set_data(change(contents[-1].get_object().get_data()))
        writer.pages[page][NameObject("/Contents")] = ArrayObject([*contents[:-1], writer._add_object(stream)])

    return edit


def with_hex_layer(page: int, change: Callable[[bytes], bytes]) -> Callable[[PdfWriter], None]:
    """An edit that writes the clinic layer again, changed, through /ASCIIHexDecode: a filter our own
    reader leaves to pypdf's."""

    def edit(writer: PdfWriter) -> None:
        contents = writer.pages[page]["/Contents"]
        stream = EncodedStreamObject()
        stream[NameObject("/Filter")] = NameObject("/ASCIIHexDecode")
        stream._data = change(contents[-1].get_object().get_data()).hex().encode() + b">"
        writer.pages[page][NameObject("/Contents")] = ArrayObject([*contents[:-1], writer._add_object(stream)])

    return edit


def test_what_our_reader_refuses_is_checked_as_pypdf_reads_it(north: Stamped) -> None:
    """A layer our reader does not decode: the check reads the stamp again with pypdf's, which
    decodes it, so the same layer passes and one showing more text fails, as each did before."""
    assert north.master.reading is not None
    page = north.master.slot_page
    same = updated(north.data, with_hex_layer(page, lambda layer: layer))
    with pytest.raises(Refused):
        found(same, north.master, north.clinic, north.master.reading)
    check_stamped(same, north.master, north.clinic)

    def twice(layer: bytes) -> bytes:  # the first line drawn again after it
        start = layer.index(b"BT ")
        end = layer.index(b" ET", start) + 3
        return layer[:end] + b"\n" + layer[start:end] + layer[end:]

    more = updated(north.data, with_hex_layer(page, twice))
    assert refused(more, north.master, north.clinic).startswith(f"page {page + 1}: the clinic layer shows text")


def test_stamped_control_passes(north: Stamped) -> None:
    check_stamped(north.data, north.master, north.clinic)
    check_stamped(updated(north.data, lambda w: None), north.master, north.clinic)


def test_stamped_master_bytes_changed(north: Stamped) -> None:
    head = north.master.pdf[:8]
    other = b"%PDF-1.3" if head != b"%PDF-1.3" else b"%PDF-1.7"
    assert (
        refused(other + north.data[8:], north.master, north.clinic) == "the laid-out leaflet was changed, not added to"
    )


def test_stamped_extra_page(north: Stamped) -> None:
    count = len(north.master.reader.pages)
    data = updated(north.data, lambda w: w.add_blank_page())
    assert refused(data, north.master, north.clinic) == f"{count + 1} pages, the layout has {count}"


def test_stamped_page_with_other_resources(north: Stamped) -> None:
    page = north.master.slot_page + 1 if north.master.slot_page == 0 else 0

    def add_font(writer: PdfWriter) -> None:
        resources = DictionaryObject(writer.pages[page]["/Resources"])
        fonts = DictionaryObject(resources["/Font"])
        fonts[NameObject("/Extra")] = DictionaryObject({NameObject("/BaseFont"): NameObject("/Helvetica")})
        resources[NameObject("/Font")] = fonts
        writer.pages[page][NameObject("/Resources")] = resources

    data = updated(north.data, add_font)
    assert (
        refused(data, north.master, north.clinic)
        == f"page {page + 1} uses other fonts or resources than the checked layout"
    )


@pytest.mark.parametrize("size", [b"9", b"11.9", b"11.95", None])
def test_stamped_clinic_text_too_small(size: bytes | None, north: Stamped) -> None:
    """A layer at 9 or 11.9 pt, or one with no font size at all (reads as 0 pt), is under the 12 pt floor;
    11.95 pt is 12 pt within the 0.05 pt the check allows for rounding."""
    page = north.master.slot_page
    assert north.master.theme.min_pt == 12

    def resize(layer: bytes) -> bytes:
        return re.sub(rb"\s[\d.]+\s+Tf", b" " + size + b" Tf", layer) if size else re.sub(rb"\s[\d.]+\s+Tf", b"", layer)

    data = updated(north.data, with_layer(page, resize))
    if size == b"11.95":
        check_stamped(data, north.master, north.clinic)
    else:
        assert refused(data, north.master, north.clinic) == f"page {page + 1}: clinic text at {float(size or 0):.1f} pt"


def test_stamped_footer_of_another_clinic(north: Stamped) -> None:
    other = next(c for c in load_clinics(CLINICS).values() if c.id != north.clinic.id)
    assert refused(north.data, north.master, other) == f"the footer of page 1 lacks '{other.footer}'"


def test_stamped_clinic_line_missing(north: Stamped) -> None:
    """The same clinic with other opening hours: the footer matches, the hours line is not in the box."""
    hours = "Sundays only, by appointment"
    clinic = replace(north.clinic, hours=hours)
    assert hours not in north.clinic.hours
    expected = f"'{hours}' is not in the clinic box on page {north.master.slot_page + 1}"
    assert refused(north.data, north.master, clinic) == expected


@pytest.mark.parametrize("where", ["box", "footer"])
def test_stamped_text_beyond_the_clinics_own_is_refused(where: str, north: Stamped) -> None:
    """A layer that draws one of its own lines twice: every clinic line is there, in order, and yet
    the page shows text the clinic did not give (on the box's page, or a page with the footer only)."""
    slot = north.master.slot_page
    page = slot if where == "box" else (slot + 1 if slot == 0 else 0)

    def repeat_last_line(layer: bytes) -> bytes:
        start = layer.rindex(b"BT ")
        end = layer.index(b" ET", start) + 3
        return layer[:end] + b"\n" + layer[start:end] + layer[end:]

    data = updated(north.data, with_layer(page, repeat_last_line))
    problem = refused(data, north.master, north.clinic)
    last = north.clinic.lines()[-1] if where == "box" else ("", north.clinic.footer, "")
    shown = f"{last[0]}: {last[1]}" if last[0] else last[1]
    assert problem == f"page {page + 1}: the clinic layer shows text that is not the clinic's: '{shown[:40]}'"


def test_stamped_logo_not_drawn(north: Stamped) -> None:
    clinic = replace(north.clinic, logo=CLINICS.parent / "logo.png")
    assert (
        refused(north.data, north.master, clinic)
        == f"the clinic logo is not drawn on page {north.master.slot_page + 1}"
    )


@pytest.mark.parametrize("which", ["first", "all"])
def test_stamped_link_missing(which: str, north: Stamped) -> None:
    """One or every clinic link taken off the box's page: the first one missing is named."""
    page = north.master.slot_page
    links = [link for _, _, link in north.clinic.lines() if link]
    assert len(links) > 1

    def unlink(writer: PdfWriter) -> None:
        annots = writer.pages[page]["/Annots"]
        gone = links[:1] if which == "first" else links
        keep = [a for a in annots if a.get_object()["/A"]["/URI"] not in gone]
        writer.pages[page][NameObject("/Annots")] = ArrayObject(keep)

    data = updated(north.data, unlink)
    assert refused(data, north.master, north.clinic) == f"no link to {links[0]} in the clinic box"


def test_a_clinic_link_the_layout_also_has_must_still_be_stamped(north: Stamped) -> None:
    """The clinic's web address is a link the leaflet itself has on the box's page: when the stamp's
    own link to it is lost, the layout's link does not stand in for it."""
    page, master = north.master.slot_page, north.master
    laid = [dict_of(dict_of(a).get("/A")).get("/URI") for a in list_of(master.reader.pages[page].get("/Annots"))]
    assert laid, "the box's page of the LDN layout has a link of its own"
    clinic = replace(north.clinic, web=str(laid[0]))
    data = stamp.stamp(master, clinic)
    check_stamped(data, master, clinic)
    size = int(master.reader.trailer["/Size"])

    def unlink_the_stamped(writer: PdfWriter) -> None:
        annots = writer.pages[page]["/Annots"]
        keep = [a for a in annots if a.idnum < size or a.get_object()["/A"]["/URI"] != clinic.web]
        writer.pages[page][NameObject("/Annots")] = ArrayObject(keep)

    assert refused(updated(data, unlink_the_stamped), master, clinic) == f"no link to {clinic.web} in the clinic box"


# --- the update reader (pdfupdate.py) that the check reads a stamped PDF with ------------------


@pytest.mark.parametrize("further", [False, True], ids=["stamp", "stamp+pypdf"])
@pytest.mark.parametrize("reading", ["own", "pypdf"])
def test_the_update_reader_sees_each_object_as_pypdf_does(further: bool, reading: str, north: Stamped) -> None:
    """Every object the updates define reads as pypdf reads it from the whole file (an xref table
    from the stamp; an xref stream from pypdf's further update, on top of it), whether our own reader
    reads it or pypdf's (the check's fallback)."""
    data = updated(north.data, with_layer(0, lambda layer: layer + b" ")) if further else north.data
    read = north.master.reading if reading == "own" else foreign_reading(north.master.pdf)
    assert read is not None and read.own == (reading == "own")
    update = read_update(data, len(north.master.pdf), read)
    whole = PdfReader(io.BytesIO(data))
    assert update.offsets and min(update.offsets) > 0
    for number in update.offsets:
        obj, theirs = update.get(number), whole.get_object(number)
        assert stamp.serialise(obj) == stamp.serialise(theirs), f"object {number}"
        if isinstance(obj, Stream):
            assert obj.get_data() == theirs.get_data()
    assert stamp.serialise(update.trailer.raw_get("/Root")) == stamp.serialise(whole.trailer.raw_get("/Root"))


def test_a_stamp_writes_its_dictionaries_and_arrays_as_pypdf_writes_them(north: Stamped) -> None:
    """The pages and tags a stamp writes from pdfmodel objects, or straight as bytes (stamptags.element),
    are the bytes pypdf's writer gives for the objects pypdf reads from them."""
    data, base = north.data, len(north.master.pdf)
    whole = PdfReader(io.BytesIO(data))
    written = 0
    for m in re.finditer(rb"(\d+) 0 obj\n(.*?)\nendobj\n", data[base:], re.S):
        body = m[2]
        if body.startswith((b"<<\n", b"[")) and b"stream\n" not in body:
            assert body == stamp.serialise(whole.get_object(int(m[1]))), f"object {m[1]}"
            written += 1
    assert written >= 10  # five pages, the box's P and Link elements, the Div, the parent tree and its root


def past_the_end(data: bytes) -> bytes:
    """The last startxref pointing past the end of the file."""
    at = data.rindex(b"startxref\n") + len(b"startxref\n")
    return data[:at] + b"%d\n%%%%EOF\n" % (len(data) + 10)


def broken_offsets(data: bytes) -> bytes:
    """The stamp's xref table with every offset one byte off (the objects are where they were)."""
    at = data.rindex(b"\nxref\n") + 1
    table = re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 1), data[at:])
    return data[:at] + table


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d[: d.rindex(b"startxref")], "no startxref at the end"),
        (lambda d: past_the_end(d), "is not after the laid-out bytes"),
        (broken_offsets, "is not at offset"),
        (lambda d: d[: d.rindex(b"trailer")] + d[d.rindex(b"startxref") :], "no trailer after the xref section"),
    ],
    ids=["no-startxref", "startxref-past-the-end", "offsets-off-by-one", "no-trailer"],
)
def test_an_update_no_reader_could_follow_is_refused(
    edit: Callable[[bytes], bytes], expected: str, north: Stamped
) -> None:
    data = edit(north.data)
    assert data != north.data and data.startswith(north.master.pdf)
    message = refused(data, north.master, north.clinic)
    assert message.startswith("the update cannot be read: ") and expected in message, message


def test_a_loop_of_updates_is_refused(north: Stamped) -> None:
    """An update whose /Prev points at itself: the reader stops after MAX_UPDATES, with a message."""
    xref = north.data.rindex(b"\nxref\n") + 1
    looped = re.sub(rb"/Prev \d+", b"/Prev %d" % xref, north.data[xref:])
    assert looped != north.data[xref:]
    with pytest.raises(UpdateError, match=f"more than {MAX_UPDATES} updates"):
        read_update(north.data[:xref] + looped, len(north.master.pdf), foreign_reading(north.master.pdf))


def test_a_layout_our_reader_refuses_is_stamped_and_checked_through_pypdf(
    north: Stamped, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should our reader refuse the clinic layout, pypdf's reads it (pdfadapt): the stamps are the same
    bytes, and the check, with no reading of ours, reads each stamp as pypdf does and passes it."""

    def refuse(data: bytes, name: str) -> None:
        raise Refused("made to refuse")

    laid = north.master
    monkeypatch.setattr(pdfown, "open_own", refuse)
    foreign = stamp.read_master(laid.pdf, laid.slot_page, laid.slot, laid.theme, laid.fonts)
    assert foreign.reading is None and type(foreign.reader).__name__ == "ForeignDocument"
    for clinic in load_clinics(CLINICS).values():
        data = stamp.stamp(foreign, clinic)
        assert data == stamp.stamp(laid, clinic)
        check_stamped(data, foreign, clinic)
    assert refused(north.data, foreign, replace(north.clinic, hours="Sundays only")).startswith("'Sundays only'")
