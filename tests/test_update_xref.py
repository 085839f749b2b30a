"""pdfupdate's reading of an xref section (`_entries`) against the loop it replaced, kept here as the oracle:
the same entries, the same end, or the same UpdateError with the same message, on every input: the sections
our stamps write, and generated ones with subsections of any count, odd white space, malformed entries and
bytes after them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from stamped_edits import first_stamp

from leaflet.pdfupdate import UpdateError, _entries

_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s*\r?\n")


def entries_one_by_one(data: bytes, at: int) -> tuple[dict[int, int], int]:
    """The in-use entries of an xref section (object number -> offset) and where it ends (as it was read)."""
    offsets: dict[int, int] = {}
    while data[at : at + 1].isspace():
        at += 1
    while sub := _SUBSECTION.match(data, at):
        first, count = int(sub.group(1)), int(sub.group(2))
        at = sub.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, at)
            if not entry:
                raise UpdateError(f"xref entry for object {number} is malformed")
            if entry.group(3) == b"n":
                offsets[number] = int(entry.group(1))
            at = entry.end()
    return offsets, at


def outcome(data: bytes, at: int, read: object) -> object:
    try:
        return read(data, at)  # type: ignore[operator]
    except UpdateError as e:
        return ("raised", str(e))


def same(data: bytes, at: int = 0) -> None:
    assert outcome(data, at, _entries) == outcome(data, at, entries_one_by_one)


def test_a_stamps_xref_section_reads_as_before() -> None:
    data = first_stamp().data
    at = data.rindex(b"\nxref\n") + len(b"\nxref")
    assert len(_entries(data, at)[0]) > 10
    same(data, at)


SPACE = st.sampled_from([b" ", b"", b"  ", b"\r", b"\n", b"\r\n", b" \n", b"\t"])


@st.composite
def entry(draw: st.DrawFn) -> bytes:
    offset = b"%010d" % draw(st.integers(0, 10**10 - 1))
    generation = draw(st.sampled_from([b"00000", b"65535", b"0000", b"000000"]))
    kind = draw(st.sampled_from([b"n", b"f", b"x"]))
    return offset + b" " + generation + b" " + kind + draw(SPACE) + draw(st.sampled_from([b"\n", b"\r\n", b""]))


@st.composite
def section(draw: st.DrawFn) -> bytes:
    out = draw(SPACE)
    for _ in range(draw(st.integers(0, 6))):
        count = draw(st.sampled_from([1, 1, 1, 0, 2, 3, 10]))
        out += b"%d %d" % (draw(st.integers(0, 120)), count) + draw(SPACE) + draw(st.sampled_from([b"\n", b""]))
        given = draw(st.sampled_from([count, count, count + 1, max(0, count - 1)]))  # now and then one too many or few
        out += b"".join(draw(entry()) for _ in range(given))
    return out + draw(st.sampled_from([b"trailer\n<< >>", b"", b"7 1", b"x"]))


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(section())
def test_generated_sections_read_as_before(data: bytes) -> None:
    same(data)
