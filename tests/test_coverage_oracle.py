"""coverage.py's bulk format 4 reader against the per-code reader it replaced (tests/coverage_old.py):
the same code points, or the same failure, for every font in fonts/ and for made-up subtables
(overlapping segments, deltas that land a code on glyph 0, glyph arrays, tables cut short)."""

from __future__ import annotations

import struct
from typing import Any

from coverage_old import format4_each
from hypothesis import event, given, settings
from hypothesis import strategies as st

from leaflet import coverage
from leaflet.fonts import FONT_DIR


def outcome(read: Any, font: bytes, at: int) -> Any:
    try:
        return read(font, at)
    except struct.error:
        return "cut short"


def test_every_format_4_subtable_in_fonts_reads_the_same() -> None:
    seen = 0
    for path in sorted(FONT_DIR.glob("*.ttf")):
        font = path.read_bytes()
        for at in set(coverage._unicode_subtables(font).values()):
            if struct.unpack_from(">H", font, at)[0] == 4:
                seen += 1
                assert coverage._format4(font, at) == format4_each(font, at), path.name
    assert seen


SEGMENT = st.tuples(st.integers(0, 0xFFFF), st.integers(-3, 40), st.integers(-0x8000, 0x7FFF), st.integers(0, 400))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(SEGMENT, min_size=1, max_size=6),
    st.lists(st.integers(0, 0xFFFF), min_size=80, max_size=160),
    st.booleans(),
    st.just(0) | st.integers(0, 60),
)
def test_made_up_format_4_subtables_read_the_same(segments: Any, glyphs: list[int], zeros: bool, cut: int) -> None:
    count = len(segments)
    # deltas that send some code to glyph 0 (zeros), and range offsets into the glyph array or anywhere
    deltas = [(-(s + n // 2)) if zeros else d for s, n, d, _ in segments]
    deltas = [((d + 0x8000) % 0x10000) - 0x8000 for d in deltas]
    if zeros:  # glyphs that the deltas send to glyph 0 too
        glyphs = [(-deltas[j % count]) & 0xFFFF if j % 2 else g for j, g in enumerate(glyphs)]
    table = struct.pack(">HHHHHHH", 4, 0, 0, 2 * count, 0, 0, 0)
    table += struct.pack(f">{count}H", *(min(0xFFFF, max(0, s + n)) for s, n, _, _ in segments)) + b"\0\0"
    table += struct.pack(f">{count}H", *(s for s, _, _, _ in segments))
    table += struct.pack(f">{count}h", *deltas)
    # range offsets: none, into the glyph array (at index r // 3 % 40) or anything
    offsets = [(0, 2 * (count - i) + 2 * (r // 3 % 40), r)[r % 3] for i, (_, _, _, r) in enumerate(segments)]
    table += struct.pack(f">{count}H", *offsets)
    table += struct.pack(f">{len(glyphs)}H", *glyphs)
    font = table[: max(16, len(table) - cut)]
    found = outcome(coverage._format4, font, 0)
    event("cut short" if found == "cut short" else "read")
    assert found == outcome(format4_each, font, 0)


def test_a_glyph_the_delta_sends_to_0_is_not_drawn() -> None:
    table = struct.pack(">7H", 4, 0, 0, 2, 0, 0, 0) + struct.pack(">HHHhH", 15, 0, 10, -20, 2)
    table += struct.pack(">6H", 20, 21, 5, 20, 0, 7)  # codes 10-15: glyphs 0, 1, -15, 0, none, -13
    assert coverage._format4(table, 0) == format4_each(table, 0) == {11, 12, 15}
