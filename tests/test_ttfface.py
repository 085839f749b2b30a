"""ttfface.BulkFont against ReportLab's TTFont, its oracle: the same face, attribute for attribute.

Every font in fonts/ is parsed both ways; then character maps made up by hypothesis (format 4
segments with and without glyph arrays, some pointing past the subtable; format 12 groups;
formats only ReportLab reads; several subtables to choose from) are put in place of a real
font's, and the file is cut short or damaged: each way must give the same face or the same error.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFont

from leaflet.fonts import FONT_DIR
from leaflet.ttfface import BulkFace, BulkFont, char_glyphs

LDN = FONT_DIR.parent / "content" / "ldn-ms.yaml"
BASE = (FONT_DIR / "AtkinsonHyperlegible-Regular.ttf").read_bytes()


def described(font: Any) -> dict[str, Any]:
    """A font's and its face's attributes, dictionaries as their items in order (scale as a value)."""
    out: dict[str, Any] = {}
    for prefix, attrs in (("", vars(font)), ("face.", vars(font.face))):
        for key, value in attrs.items():
            if key in ("face", "state", "encoding"):
                value = type(value).__name__ if key != "face" else None
            elif key == "_pdfScale":
                value = (value(1234), value(7))
            elif isinstance(value, dict):
                value = list(value.items())
            out[prefix + key] = value
    return out


def outcome(cls: type, data: bytes) -> tuple[Any, ...]:
    file = io.BytesIO(data)
    file.name = "made.ttf"
    try:
        font = cls("Made", file, asciiReadable=0)
    except Exception as e:
        return ("error", type(e).__name__, str(e))
    return ("font", described(font))


def test_every_font_in_fonts_is_parsed_as_reportlab_parses_it() -> None:
    fonts = sorted(FONT_DIR.glob("*.ttf"))
    assert fonts
    for path in fonts:
        ours, theirs = outcome(BulkFont, path.read_bytes()), outcome(TTFont, path.read_bytes())
        assert ours[0] == "font", path.name
        assert ours == theirs, path.name


DRAWN_FACES = """
import sys
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from leaflet.build import draw
from leaflet.theme import Variant
drawn = draw(Path(sys.argv[1]), Variant())
faces = {pdfmetrics.getFont(name).face for name in (drawn.fonts.body.regular, drawn.fonts.body.bold)}
print(" ".join(sorted({type(face).__name__ for face in faces})))
"""


def test_a_build_sets_its_text_in_bulk_parsed_faces() -> None:
    # (in a process of its own: ReportLab's font registry is the process's, and a face another test
    # registered under the same name would be the one drawn)
    argv = [sys.executable, "-c", DRAWN_FACES, str(LDN)]
    done = subprocess.run(argv, cwd=LDN.parent.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [BulkFace.__name__]


def with_cmap(cmap: bytes, data: bytes = BASE) -> bytes:
    """`data` with its cmap table replaced by `cmap`, put at the end of the file."""
    count = struct.unpack_from(">H", data, 4)[0]
    out = bytearray(data + b"\0" * (-len(data) % 4))
    for i in range(count):
        if data[12 + 16 * i : 16 + 16 * i] == b"cmap":
            struct.pack_into(">LL", out, 20 + 16 * i, len(out), len(cmap))
    return bytes(out + cmap)


SEGMENT = st.tuples(
    st.integers(0, 0xFFFF),  # start
    st.integers(-3, 40),  # length (negative: an end before the start)
    st.integers(-0x8000, 0x7FFF),  # delta
    # the range offset: 0 (start + delta), into the glyph array (at an index), or anything
    st.one_of(
        st.just(("none", 0)),
        st.tuples(st.just("array"), st.integers(0, 60)),
        st.tuples(st.just("any"), st.integers(1, 300)),
    ),
)


@st.composite
def format4(draw: Any) -> bytes:
    segments = draw(st.lists(SEGMENT, min_size=1, max_size=6))
    glyph_ids = draw(st.lists(st.integers(0, 0xFFFF), max_size=80))
    count = len(segments)
    ends = [min(0xFFFF, max(0, s + n)) for s, n, _, _ in segments]
    body = struct.pack(f">{count}H", *ends) + b"\0\0"
    body += struct.pack(f">{count}H", *(s for s, _, _, _ in segments))
    # some deltas put the wrap past glyph 65535 (or below glyph 0) just inside the segment
    wraps = draw(st.lists(st.integers(-1, 3), min_size=count, max_size=count))
    deltas = [
        d if w < 0 else 0x10000 - s - w if s > 0x8000 else max(-0x8000, -(s + w))
        for (s, _, d, _), w in zip(segments, wraps, strict=True)
    ]
    body += struct.pack(f">{count}h", *deltas)
    ranges = [2 * (count - n) + 2 * r if kind == "array" else r for n, (_, _, _, (kind, r)) in enumerate(segments)]
    body += struct.pack(f">{count}H", *ranges)
    body += struct.pack(f">{len(glyph_ids)}H", *glyph_ids)
    length = 14 + len(body) - 2 * draw(st.integers(0, 20))  # sometimes shorter than what follows it
    return struct.pack(">HHHHHHH", 4, max(0, length), 0, 2 * count, 0, 0, 0) + body


@st.composite
def format12(draw: Any) -> bytes:
    groups = draw(st.lists(st.tuples(st.integers(0, 0x10FFFF), st.integers(-2, 30), st.integers(0, 5000)), max_size=5))
    body = b"".join(struct.pack(">LLL", s, max(0, s + n), g) for s, n, g in groups)
    return struct.pack(">HHLLL", 12, 0, 16 + len(body), 0, len(groups)) + body


@st.composite
def format6(draw: Any) -> bytes:
    codes = draw(st.lists(st.integers(0, 0xFFFF), max_size=20))
    return struct.pack(">HHHHH", 6, 10 + 2 * len(codes), 0, draw(st.integers(0, 300)), len(codes)) + b"".join(
        struct.pack(">H", c) for c in codes
    )


PLATFORMS = st.sampled_from([(3, 1), (3, 10), (0, 3), (0, 4), (0, 5), (1, 0), (1, 1), (2, 0)])


@st.composite
def cmaps(draw: Any) -> bytes:
    subtables = draw(st.lists(st.one_of(format4(), format12(), format6()), min_size=1, max_size=3))
    records = draw(st.lists(st.tuples(PLATFORMS, st.integers(0, len(subtables) - 1)), min_size=1, max_size=4))
    offsets, at = [], 4 + 8 * len(records)
    for table in subtables:
        offsets.append(at)
        at += len(table)
    swapped = draw(st.booleans())  # the count where the version goes, as ReportLab also reads
    head = struct.pack(">HH", len(records), 0) if swapped else struct.pack(">HH", 0, len(records))
    head += b"".join(struct.pack(">HHL", p, e, offsets[i]) for (p, e), i in records)
    return head + b"".join(subtables)


def read_here(cmap: bytes) -> bool:
    try:
        return char_glyphs(cmap, 0) is not None
    except struct.error:
        return False


@settings(max_examples=300, deadline=None)
@given(cmaps())
def test_made_up_character_maps_are_read_as_reportlab_reads_them(cmap: bytes) -> None:
    data = with_cmap(cmap)
    ours = outcome(BulkFont, data)
    event(f"{ours[0]}, {'read here' if read_here(cmap) else 'left to ReportLab'}")
    assert ours == outcome(TTFont, data)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(BASE)), st.lists(st.tuples(st.integers(0, len(BASE) - 1), st.integers(0, 255)), max_size=4))
def test_cut_or_damaged_fonts_give_what_reportlab_gives(cut: int, damage: list[tuple[int, int]]) -> None:
    data = bytearray(BASE)
    for at, value in damage:
        data[at] = value
    data = data[: max(cut, 12)]
    assert outcome(BulkFont, bytes(data)) == outcome(TTFont, bytes(data))


def test_a_font_with_another_cmap_format_is_left_to_reportlab() -> None:
    cmap = struct.pack(">HHHHL", 0, 1, 3, 1, 12) + struct.pack(">HHHHH", 6, 12, 0, 32, 1) + b"\0\x05"
    assert char_glyphs(cmap, 0) is None  # format 6: not read here
    ours, theirs = outcome(BulkFont, with_cmap(cmap)), outcome(TTFont, with_cmap(cmap))
    assert ours == theirs and ours[0] == "font"
