"""The clinic check refuses a clinic layer that draws anything beyond the clinic's own text (and logo).

A layer that shows every clinic line, in order, at a legible size, could still paint a rectangle over
the leaflet's medical text, show its text in white or in the invisible render mode, or draw an image:
each edit here passed the check before (whichever reader read the update)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject, NumberObject
from stamped_edits import LDN, Stamped, first_stamp, refused, updated
from test_stamp import clinics_file
from test_stamp_checks import with_layer

from leaflet import stamp
from leaflet.build import lay_out
from leaflet.checks.stamped import check_stamped
from leaflet.clinics import load_clinics
from leaflet.stamplogo import LOGO_NAME
from leaflet.theme import Variant


@pytest.fixture(scope="module")
def north() -> Stamped:
    return first_stamp()


def once(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def change(layer: bytes) -> bytes:
        assert old in layer
        return layer.replace(old, new, 1)

    return change


EDITS = {
    # a rectangle in the text colour over the whole page, after the clinic's lines
    "rectangle": (lambda layer: layer + b"\n0 0 600 850 re f", "does more than show the clinic's text: re"),
    # a white rectangle before them
    "white": (
        lambda layer: b"1 1 1 rg 0 0 600 850 re f\n" + layer,
        "shows text in another colour than the leaflet's: [1, 1, 1]",
    ),
    "invisible": (once(b"BT ", b"BT 3 Tr "), "does more than show the clinic's text: Tr"),
    "inline image": (
        lambda layer: layer + b"\nBI /W 1 /H 1 /CS /G /BPC 8 ID \xff EI",
        "does more than show the clinic's text: INLINE IMAGE",
    ),
    "scaled": (once(b"BT 1 0 0 1 ", b"BT 9 0 0 9 "), "shows text scaled or turned: [9, 0, 0, 9"),
    "shading": (lambda layer: layer + b"\n/Sh0 sh", "does more than show the clinic's text: sh"),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_layer_that_draws_beyond_the_clinics_text_is_refused(edit: str, north: Stamped) -> None:
    change, message = EDITS[edit]
    page = north.master.slot_page
    data = updated(north.data, with_layer(page, change))
    assert refused(data, north.master, north.clinic).startswith(f"page {page + 1}: the clinic layer {message}")


@pytest.fixture(scope="module")
def with_logo(tmp_path_factory: pytest.TempPathFactory) -> Stamped:
    """A clinic with a logo, stamped on its own layout."""
    folder = tmp_path_factory.mktemp("logo")
    Image.new("RGB", (40, 40), (200, 0, 0)).save(folder / "logo.png")
    clinics = list(load_clinics(clinics_file(folder, "    logo: logo.png\n")).values())
    laid = lay_out(LDN, Variant(clinic=True), stamp.reserve(clinics))
    assert laid.rendered.slot is not None
    master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
    return Stamped(master, clinics[0], stamp.stamp(master, clinics[0]))


def test_a_logo_drawn_over_the_page_is_refused(with_logo: Stamped) -> None:
    check_stamped(with_logo.data, with_logo.master, with_logo.clinic)  # as stamped, it passes
    page = with_logo.master.slot_page
    whole_page = re.compile(rb"q [\d.]+ 0 0 [\d.]+ [\d.]+ [\d.]+ cm")
    data = updated(with_logo.data, with_layer(page, lambda layer: whole_page.sub(b"q 600 0 0 850 0 0 cm", layer)))
    expected = (
        f"page {page + 1}: the clinic layer draws the logo elsewhere than in the clinic box: [600, 0, 0, 850, 0, 0]"
    )
    assert refused(data, with_logo.master, with_logo.clinic) == expected


def test_a_logo_that_is_a_form_drawing_anything_is_refused(with_logo: Stamped) -> None:
    """The logo's resource replaced by a form XObject that paints a white square: the layer is as stamped."""

    def edit(writer: PdfWriter) -> None:
        for page in writer.pages:
            images = page["/Resources"].get("/XObject")
            if images is None or LOGO_NAME not in images:
                continue
            form = DecodedStreamObject()
            form.set_data(b"1 1 1 rg 0 0 1 1 re f")
            form[NameObject("/Subtype")] = NameObject("/Form")
            form[NameObject("/BBox")] = ArrayObject([NumberObject(n) for n in (0, 0, 1, 1)])
            images = images.get_object()
            images[NameObject(LOGO_NAME)] = writer._add_object(form)
            page[NameObject("/Resources")][NameObject("/XObject")] = images

    data = updated(with_logo.data, edit)
    expected = f"page {with_logo.master.slot_page + 1}: the clinic logo is not an image"
    assert refused(data, with_logo.master, with_logo.clinic) == expected


def before_the_end(extra: bytes) -> Callable[[bytes], bytes]:
    """The layer with `extra` drawn before its last Q."""

    def change(layer: bytes) -> bytes:
        assert layer.endswith(b"\nQ")
        return layer[: -len(b"\nQ")] + b"\n" + extra + b"\nQ"

    return change


HIDDEN = {
    # codes the font's ToUnicode map lacks draw glyphs the check reads as nothing
    "unmapped": (b"/F3+0 12 Tf (\x60\x61\x62) Tj", "shows a character code its font has no text for"),
    # a string with balanced parentheses: the check's quick reader stops at the first ')', so what it
    # reads is compared with the text read from the operations (here the '(' it reads also fails the
    # text comparison, as it did before; with codes that spell the clinic's text exactly it would not)
    "nested": (b"/F1+0 12 Tf (\x28\x29\x01\x02\x03) Tj", "shows text that is not read as a viewer shows it"),
}


@pytest.mark.parametrize("how", list(HIDDEN))
def test_text_the_check_cannot_read_is_refused(how: str, north: Stamped) -> None:
    shows, message = HIDDEN[how]
    assert north.master.decode["/F1+0"].keys() >= {0x28, 0x29, 1, 2, 3}
    assert not north.master.decode["/F3+0"].keys() & {0x60, 0x61, 0x62}
    page = north.master.slot_page
    x0, y0 = north.master.slot[:2]
    at = b"BT 1 0 0 1 %.2f %.2f Tm " % (x0 + 1, y0 + 1)  # inside the clinic box
    data = updated(north.data, with_layer(page, before_the_end(at + shows + b" ET")))
    assert refused(data, north.master, north.clinic) == f"page {page + 1}: the clinic layer {message}"


def test_clinic_lines_drawn_over_the_leaflets_text_are_refused(north: Stamped) -> None:
    """The box's lines moved 300 pt up, over the leaflet's own text: the same text, in order."""
    page = north.master.slot_page
    y0, y1 = north.master.slot[1], north.master.slot[3]
    line = re.compile(rb"BT 1 0 0 1 ([\d.]+) ([\d.]+) Tm")

    def up(found: re.Match[bytes]) -> bytes:
        y = float(found.group(2))
        return b"BT 1 0 0 1 %s %.2f Tm" % (found.group(1), y + 300) if y0 <= y <= y1 else found.group(0)

    data = updated(north.data, with_layer(page, lambda layer: line.sub(up, layer)))
    message = refused(data, north.master, north.clinic)
    assert message.startswith(f"page {page + 1}: the clinic layer shows text outside the clinic box and the footer: ")
