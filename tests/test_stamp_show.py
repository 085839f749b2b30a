"""Stamping's fast paths against the general code they stand in for (stamptext.py).

`show` writes text whose characters were all drawn before, in one font, with two str.translate calls;
`shown_char_by_char` writes any text one character at a time. `measure` adds up a text's width from
one table per size and weight; `Fonts.width` measures it one character at a time. Each pair must give
the same bytes, the same float, on any text: the characters of content/clinics.yaml's clinics (which
the layout reserves), a character the layout has no glyph for, format characters, line breaks.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stamped_edits import Stamped, first_stamp

from leaflet import stamptext
from leaflet.chars import drawn
from leaflet.errors import LayoutError
from leaflet.stamp import Master


@pytest.fixture(scope="module")
def north() -> Stamped:
    return first_stamp()


def reserved(master: Master) -> str:
    """Every character the master's subsets draw in the body face (the ones a stamp may show)."""
    body = {face for face, _ in master.glyphs if not face.endswith("Bold")}
    return "".join(sorted({char for face, char in master.glyphs if face in body}))


def same_as_char_by_char(master: Master, text: str, size: float, bold: bool) -> bytes | None:
    """show's bytes, which must be the general writer's (None when both refuse the text, as they must)."""
    try:
        fast = stamptext.show(master, text, size, bold)
    except LayoutError as e:
        with pytest.raises(LayoutError) as general:
            stamptext.shown_char_by_char(master, drawn(text), size, bold)
        assert general.value.message == e.message
        return None
    assert fast == stamptext.shown_char_by_char(master, drawn(text), size, bold)
    return fast


def test_a_clinics_lines_take_the_fast_path_and_give_the_same_bytes(north: Stamped) -> None:
    master, clinic = north.master, north.clinic
    for label, text, _ in clinic.lines():
        for words, bold in [(f"{label}: ", True), (text, False)] if label else [(text, True)]:
            first = same_as_char_by_char(master, words, 14, bold)
            codes = master.codes[bold]
            assert set(drawn(words)) <= codes.keys()  # drawn once: the next is written by translate
            assert same_as_char_by_char(master, words, 14, bold) == first
    assert stamptext.show(master, "", 12, False) == stamptext.shown_char_by_char(master, "", 12, False) == b"() Tj"


@settings(max_examples=300, deadline=None)
@given(data=st.data(), size=st.sampled_from([12, 14, 10.5]), bold=st.booleans())
def test_any_text_gives_the_bytes_written_one_character_at_a_time(
    north: Stamped, data: st.DataObject, size: float, bold: bool
) -> None:
    master = north.master
    chars = st.sampled_from(reserved(master)) | st.sampled_from("\u00ad\u200b\n\t\u2603€Ωā")
    text = data.draw(st.text(chars, max_size=40))
    same_as_char_by_char(master, text, size, bold)
    same_as_char_by_char(master, text, size, bold)  # again, with every character it drew now known


@settings(max_examples=300, deadline=None)
@given(data=st.data(), size=st.sampled_from([12, 14, 10.5]), bold=st.booleans())
def test_measure_is_fonts_width_to_the_last_bit(north: Stamped, data: st.DataObject, size: float, bold: bool) -> None:
    master = north.master
    text = data.draw(st.text(st.sampled_from(reserved(master) + "\u2603"), max_size=40))
    assert stamptext.measure(master, text, size, bold) == master.fonts.width(text, size, bold)
    assert stamptext.measure(master, text, size, bold) == master.fonts.width(text, size, bold)
