"""The clinic check's reader of a stamp's link annotations (pdflinks.py) against the general readers it
stands in for: pdfregular.read_object, and pdfobjects.read_at, which decides for it.

An annotation pdflinks reads must be one the general readers read to the same object: the same types,
values, string bytes and key order. The inputs: every link the stamps of content/clinics.yaml write
(which pdflinks must read, or it saves nothing), each with one byte changed at every place, and links
generated with any address, rectangle and /Contents, written as updatewrite.link_annotation writes
them or with a string escaped otherwise.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stamped_edits import CLINICS, Stamped, first_stamp
from test_pdfregular import KINDS, agree, plain

from leaflet import stamp
from leaflet.clinics import load_clinics
from leaflet.pdflinks import read_link
from leaflet.pdfupdate import read_update
from leaflet.stamp import Master
from leaflet.stamptags import annotation_extra
from leaflet.updatewrite import link_annotation

_HEADER = re.compile(rb"\d+ \d+ obj\s*")


@pytest.fixture(scope="module")
def north() -> Stamped:
    return first_stamp()


def spans(data: bytes, master: Master) -> list[bytes]:
    """Each object of the stamp's update, from its header to the next object or section."""
    assert master.reading is not None
    update = read_update(data, len(master.pdf), master.reading)
    marks = [*update.marks, len(data)]
    return [data[at : marks[marks.index(at) + 1]] for at in sorted(update.offsets.values())]


def as_the_general_readers(span: bytes) -> bool:
    """Whatever pdflinks reads, the general readers read the same; whether it read it."""
    at = _HEADER.match(span)
    start = at.end() if at else 0
    found = read_link(span, start, KINDS)
    if found is not None:
        assert plain(found) == agree(span, start), span
    return found is not None


def stamped_links(north: Stamped) -> list[bytes]:
    """Every link annotation the stamps of content/clinics.yaml write, as objects of their updates."""
    clinics = list(load_clinics(CLINICS).values())
    found = [s for c in clinics for s in spans(stamp.stamp(north.master, c), north.master) if b"/Subtype /Link" in s]
    assert len(found) >= len(clinics)
    return found


def test_every_stamped_link_is_read_by_pdflinks_as_the_general_readers_read_it(north: Stamped) -> None:
    for span in stamped_links(north):
        assert as_the_general_readers(span), span


def test_a_stamped_link_with_any_byte_changed(north: Stamped) -> None:
    """Each byte of a stamped link changed to, and preceded by, four of a few bytes that matter to a
    reader of PDF (another four at the next place)."""
    span, changes = stamped_links(north)[0], b" \n()\\/<>[]%01.-9R\x00\x0b"
    for at in range(len(span)):
        for byte in (changes[(at + k * 5) % len(changes)] for k in range(4)):
            as_the_general_readers(span[:at] + bytes([byte]) + span[at + 1 :])
            as_the_general_readers(span[:at] + bytes([byte]) + span[at:])


def written(uri: str, rect: tuple[float, ...], key: int | None) -> bytes:
    body = link_annotation(uri, rect, annotation_extra(key, uri) if key is not None else b"")
    return b"115 0 obj\n" + body + b"\nendobj\n"


@settings(max_examples=300, deadline=None)
@given(
    uri=st.text(max_size=40),
    rect=st.tuples(*[st.floats(-1e6, 1e6, allow_nan=False)] * 4),
    key=st.none() | st.integers(0, 10**6),
)
def test_any_link_as_a_stamp_writes_it(uri: str, rect: tuple[float, ...], key: int | None) -> None:
    assert as_the_general_readers(written(uri, rect, key))


ESCAPES = [b"\\n", b"\\r", b"\\t", b"\\b", b"\\f", b"\\(", b"\\)", b"\\\\", b"\\0", b"\\07", b"\\377", b"\\400"]
ESCAPES += [b"\\q", b"\\\n", b"\\\r\n", b"\\\r", b"\\8", b"a", b" ", b"\xff", b"%", b"endobj", b"stream", b"R"]


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.sampled_from(ESCAPES), max_size=8),
    other=st.lists(st.sampled_from(ESCAPES), max_size=8),
    rect=st.lists(
        st.sampled_from([b"0", b"-1", b"12.5", b"+3", b".5", b"7.", b"1e3", b"00.10"]), min_size=4, max_size=4
    ),
)
def test_any_escape_and_number_read_the_same_both_ways(
    parts: list[bytes], other: list[bytes], rect: list[bytes]
) -> None:
    body = (
        b"<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect ["
        + b" ".join(rect)
        + b"] /A << /S /URI /URI ("
        + b"".join(parts)
        + b") >> /StructParent 9 /Contents ("
        + b"".join(other)
        + b") >>"
    )
    as_the_general_readers(b"115 0 obj\n" + body + b"\nendobj\n")
