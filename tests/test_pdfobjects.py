"""Our reader of one PDF object (pdfobjects.py) against pypdf's `read_object`, and its totality.

The clinic check reads each object of a stamp's update with pdfobjects.read_at instead of pypdf.
Here the two must read the same objects, type for type and byte for byte: every object of real
stamped updates (a clinic with and without a logo, and pypdf's own further update on top, with
its compressed xref stream), and random objects that pypdf writes. The expectations are pypdf's
reads, worked out at test time. Any bytes give an object or ObjectError, never another exception.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
    read_object,
)

from leaflet import stamp
from leaflet.build import lay_out
from leaflet.checks.stamped import check_stamped
from leaflet.clinics import load_clinics
from leaflet.errors import CheckFailed
from leaflet.model import Clinic
from leaflet.pdfobjects import MAX_DEPTH, ObjectError, pypdf_kinds, read_at
from leaflet.pdfupdate import MEMO, read_update
from leaflet.pdfwrite import serialise
from leaflet.stamp import Master
from leaflet.theme import Variant

ROOT = Path(__file__).resolve().parent.parent
_HEADER = re.compile(rb"(\d+) (\d+) obj\s*")


def blank_reader() -> PdfReader:
    """A reader for references to resolve in (both readers are given the same one)."""
    out = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.write(out)
    return PdfReader(io.BytesIO(out.getvalue()))


READER = blank_reader()
PYPDF = pypdf_kinds()


def theirs(data: bytes, at: int, pdf: Any) -> Any:
    stream = io.BytesIO(data)
    stream.seek(at)
    while stream.read(1).isspace():
        pass
    stream.seek(-1, io.SEEK_CUR)
    return read_object(stream, pdf)


def same(ours: Any, pypdf: Any, path: str = "") -> None:
    """The same object: type for type, value for value, the same stream data and key order."""
    assert type(ours) is type(pypdf), f"{path}: {type(ours).__name__} != {type(pypdf).__name__}"
    if isinstance(ours, StreamObject):
        assert ours._data == pypdf._data, path
    if isinstance(ours, DictionaryObject):
        assert list(ours) == list(pypdf), path
        for key in ours:
            same(ours.raw_get(key), pypdf.raw_get(key), f"{path}{key}")
    elif isinstance(ours, ArrayObject):
        assert len(ours) == len(pypdf), path
        for i, (a, b) in enumerate(zip(ours, pypdf, strict=True)):
            same(a, b, f"{path}[{i}]")
    elif isinstance(ours, IndirectObject):
        assert (ours.idnum, ours.generation, ours.pdf) == (pypdf.idnum, pypdf.generation, pypdf.pdf), path
    elif isinstance(ours, TextStringObject):
        assert (str(ours), ours.get_original_bytes()) == (str(pypdf), pypdf.get_original_bytes()), path
    else:
        assert ours == pypdf, path
    assert serialise(ours) == serialise(pypdf), path


def objects_of_update(data: bytes, base_size: int) -> list[int]:
    """Where each object of the updates after `base_size` starts its value (after `N G obj`)."""
    return [m.end() for m in _HEADER.finditer(data, base_size)]


@pytest.fixture(scope="module")
def stamped() -> list[tuple[bytes, int, PdfReader]]:
    """Stamped PDFs of content/clinics.yaml's clinics (one with a logo when the file has one) and
    the first with pypdf's own incremental update on top (an xref stream, compressed)."""
    clinics = list(load_clinics(ROOT / "content" / "clinics.yaml").values())
    laid = lay_out(ROOT / "content" / "ldn-ms.yaml", Variant(clinic=True), stamp.reserve(clinics))
    assert laid.rendered.slot is not None
    master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
    picked = [clinics[0], *[c for c in clinics if c.logo][:1]]
    found = [(stamp.stamp(master, c), len(master.pdf), master.reader) for c in picked]
    writer = PdfWriter(io.BytesIO(found[0][0]), incremental=True)
    writer.pages[0][NameObject("/Rotate")] = NumberObject(0)
    out = io.BytesIO()
    writer.write(out)
    return [*found, (out.getvalue(), len(master.pdf), master.reader)]


def test_every_object_of_a_stamped_update_reads_as_pypdf_reads_it(stamped: list[tuple[bytes, int, Any]]) -> None:
    count = 0
    for data, base_size, reader in stamped:
        for at in objects_of_update(data, base_size):
            same(read_at(data, at, reader, PYPDF), theirs(data, at, reader), f"offset {at}")
            count += 1
        trailer = data.rfind(b"trailer")
        if trailer > base_size:
            same(read_at(data, trailer + 7, reader, PYPDF), theirs(data, trailer + 7, reader), "trailer")
    assert count > 20  # pages, content streams, annotations, tags, and pypdf's xref stream


# --- random objects as pypdf writes them -------------------------------------------------------------

NAMES = st.text(max_size=12).map(lambda t: NameObject("/" + t))
LEAVES = st.one_of(
    st.just(NullObject()),
    st.booleans().map(BooleanObject),
    st.integers(-(2**40), 2**40).map(NumberObject),
    # reals as PDFs hold them: pypdf writes a real without an exponent, and cannot read back one so
    # small that it takes it some 50 digits (2.4e-42), so those are left out
    st.floats(-1e9, 1e9, allow_nan=False).filter(lambda x: x == 0 or abs(x) > 1e-9).map(FloatObject),
    NAMES,
    st.text(max_size=20).map(TextStringObject),
    st.binary(max_size=20).map(ByteStringObject),
    st.builds(lambda n, g: IndirectObject(n, g, READER), st.integers(0, 10**7), st.integers(0, 65535)),
)
VALUES = st.recursive(
    LEAVES,
    lambda inner: (
        st.lists(inner, max_size=5).map(ArrayObject)
        | st.dictionaries(NAMES, inner, max_size=5).map(lambda d: DictionaryObject(d))
    ),
    max_leaves=30,
)


@st.composite
def streams(draw: st.DrawFn) -> StreamObject:
    found = DecodedStreamObject()
    found.update(draw(st.dictionaries(NAMES.filter(lambda n: n not in ("/Length", "/Filter")), VALUES, max_size=4)))
    found.set_data(draw(st.binary(max_size=200)))
    return found


def written(obj: PdfObject) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


@given(st.one_of(VALUES, streams()), st.sampled_from([b"", b" ", b"\n", b"\r\n  "]))
@settings(max_examples=400, deadline=None)
def test_random_objects_pypdf_writes_read_as_pypdf_reads_them(obj: PdfObject, before: bytes) -> None:
    data = b"1 0 obj\n" + before + written(obj) + b"\nendobj\n"
    same(read_at(data, 8, READER, PYPDF), theirs(data, 8, READER))


# --- totality -------------------------------------------------------------------------------------


def read_or_refuse(data: bytes) -> str:
    try:
        read_at(data, 0, READER, PYPDF)
    except ObjectError as e:
        return str(e)
    return ""


@given(st.binary(max_size=300))
@settings(max_examples=400, deadline=None)
def test_any_bytes_give_an_object_or_object_error(data: bytes) -> None:
    read_or_refuse(data)


@given(data=st.data())
@settings(max_examples=300, deadline=None)
def test_any_damage_to_a_stamped_object_gives_an_object_or_object_error(
    stamped: list[tuple[bytes, int, Any]], data: st.DataObject
) -> None:
    pdf, base_size, _ = stamped[0]
    update = bytearray(pdf[base_size:])
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(update) - 1))
        update[at : at + data.draw(st.integers(0, 3))] = data.draw(st.binary(max_size=3))
    read_or_refuse(bytes(update[data.draw(st.integers(0, max(0, len(update) - 1))) :]))


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"[" * (MAX_DEPTH + 1), "nested more than"),
        (b"<< /A 1 /A 2 >>", "a key twice"),
        (b"<< /A >>", "a key and no value"),
        (b"<< 1 2 >>", "not a name"),
        (b"[ 1 0 R R ]", "an 'R' that follows no object number"),
        (b"[ 1 >> ]", "closes nothing open"),
        (b"<< /Length 99 >>\nstream\nabc\nendstream", "/Length is not a number of bytes it has"),
        (b"<< /Length 1 0 R >>\nstream\nabc\nendstream", "/Length is not a number of bytes it has"),
        (b"<< /Length 1 >>\nstream\nabc\nendstream", "no endstream after"),
        (b"[ /A#ff ]", "not UTF-8"),
        (b"[ 1" + b"0" * 70 + b" ]", "a number of 71 characters"),
        (b"[ (a", "cut short"),
        (b"foo", "unexpected"),
    ],
)
def test_what_a_reader_would_guess_at_is_refused(data: bytes, expected: str) -> None:
    assert expected in read_or_refuse(data)


@pytest.fixture(scope="module")
def north() -> tuple[Master, Clinic, bytes]:
    clinics = list(load_clinics(ROOT / "content" / "clinics.yaml").values())
    laid = lay_out(ROOT / "content" / "ldn-ms.yaml", Variant(clinic=True), stamp.reserve(clinics))
    assert laid.rendered.slot is not None
    master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
    return master, clinics[0], stamp.stamp(master, clinics[0])


def in_place(data: bytes, master: Master, old: bytes, new: bytes) -> bytes:
    """The stamp with `old` changed to `new` (as long) in its update, so no offset moves."""
    assert len(old) == len(new)
    changed = data[: len(master.pdf)] + data[len(master.pdf) :].replace(old, new, 1)
    assert changed != data
    return changed


def test_a_stamp_with_an_unreadable_object_fails_its_check(north: tuple[Master, Clinic, bytes]) -> None:
    """The check's own message, not a traceback, when an object of the update cannot be read
    (a page given its /Type twice); after the good stamp was checked with the same master."""
    master, clinic, data = north
    check_stamped(data, master, clinic)
    expected = r"the update cannot be read: unreadable object at offset \d+: a dictionary with a key twice"
    with pytest.raises(CheckFailed, match=expected):
        check_stamped(in_place(data, master, b"/Rotate 0", b"/Type /Pa"), master, clinic)


def test_an_object_read_for_one_stamp_is_not_taken_for_another_with_other_bytes(
    north: tuple[Master, Clinic, bytes],
) -> None:
    """The objects kept from one stamp's check to the next are kept by their bytes: a page that
    differs by one byte from the one checked before is read again, and its other font refused."""
    master, clinic, data = north
    check_stamped(data, master, clinic)
    assert master.read_back  # the pages were kept
    with pytest.raises(CheckFailed, match="page 1 uses other fonts or resources than the checked layout"):
        check_stamped(in_place(data, master, b"/Font 1 0 R", b"/Font 2 0 R"), master, clinic)
    check_stamped(data, master, clinic)


def test_the_objects_kept_between_stamps_are_bounded(north: tuple[Master, Clinic, bytes]) -> None:
    master, _, data = north
    memo: dict[bytes, Any] = {b"%d" % i: DictionaryObject() for i in range(MEMO)}
    assert master.reading is not None
    update = read_update(data, len(master.pdf), master.reading, memo)
    assert all(update.get(n) is not None for n in update.offsets)
    assert len(memo) == MEMO
