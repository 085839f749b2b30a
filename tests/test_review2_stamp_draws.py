"""The clinic check refuses a clinic layer that draws anything beyond the clinic's own text (and logo).

A layer that shows every clinic line, in order, at a legible size, could still paint a rectangle over
the leaflet's medical text, show its text in white or in the invisible render mode, or draw an image:
each edit here passed the check before (whichever reader read the update)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from stamped_edits import Stamped, first_stamp, refused, updated
from test_stamp_checks import with_layer


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
