"""pdfwrite.serialise writes every object (pdfmodel's, as pdfadapt converts pypdf's) exactly as pypdf's own
writer writes pypdf's (stamped PDFs depend on it), `text` makes the string pypdf makes, and writing a changed
dictionary or a longer array from what was written before gives the same bytes again."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from leaflet.pdfadapt import ForeignDocument
from leaflet.pdfwrite import changed, entries, extended, serialise, text

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))

names = st.text(max_size=12).map(lambda t: NameObject("/" + t))
plain_names = st.sampled_from(["/Type", "/Page", "/F1", "/MCID", "/a.b-c_d+e", "/", "/Ab#20", "/x y", "/é"])
scalars: st.SearchStrategy[PdfObject] = st.one_of(
    names,
    plain_names.map(NameObject),
    st.integers(-(10**12), 10**12).map(NumberObject),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: FloatObject(round(f, 4))),
    st.text(max_size=10).map(TextStringObject),
    st.binary(max_size=10).map(ByteStringObject),
    st.booleans().map(BooleanObject),
    st.just(NullObject()),
    st.tuples(st.integers(1, 10**6), st.integers(0, 3)).map(lambda t: IndirectObject(t[0], t[1], None)),
)
objects = st.recursive(
    scalars,
    lambda kids: st.one_of(
        st.lists(kids, max_size=5).map(ArrayObject),
        st.dictionaries(st.one_of(names, plain_names.map(NameObject)), kids, max_size=5).map(DictionaryObject),
    ),
    max_leaves=25,
)


def blank_reader() -> PdfReader:
    writer = PdfWriter()
    writer.add_blank_page(10, 10)
    out = io.BytesIO()
    writer.write(out)
    return PdfReader(io.BytesIO(out.getvalue()))


FOREIGN = ForeignDocument(blank_reader())


def model(obj: Any) -> Any:
    """pypdf's object in pdfmodel's types, as the clinic check's fallback reads it (pdfadapt)."""
    return FOREIGN.convert(obj)


def pypdf_bytes(obj: PdfObject) -> bytes:
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(objects)
def test_serialise_writes_what_pypdf_writes(obj: PdfObject) -> None:
    assert serialise(model(obj)) == pypdf_bytes(obj)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=12))
def test_a_text_string_is_made_as_pypdf_makes_one(value: str) -> None:
    assert serialise(text(value)) == pypdf_bytes(TextStringObject(value))
    assert text(value) == value


@pytest.mark.parametrize(
    "value",
    ["".join(map(chr, range(32, 127))), "Link: https://example.org/clinic-000", "mailto:a@b.org", "", "~\x7f", "a\tb"],
)
def test_printable_ascii_is_made_as_pypdf_makes_it(value: str) -> None:
    """The way round for printable ASCII (stamps' link addresses) makes what pypdf makes, as the rest does."""
    assert serialise(text(value)) == pypdf_bytes(TextStringObject(value))
    assert text(value) == value


def test_names_that_need_escapes_are_escaped() -> None:
    for raw in ("/A#B", "/A B", "/A(B)", "/A/B", "/Ä", "/A\x00"):
        written = serialise(model(NameObject(raw)))
        assert written == pypdf_bytes(NameObject(raw))
        assert written != raw.encode("utf-8"), raw  # each of these needs a #xx escape


dictionaries = st.dictionaries(st.one_of(names, plain_names.map(NameObject)), objects, max_size=6).map(DictionaryObject)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dictionaries, st.dictionaries(st.one_of(names, plain_names.map(NameObject)), objects, max_size=4))
def test_a_dictionary_changed_from_its_entries_is_written_as_the_changed_copy(
    base: DictionaryObject, values: dict[NameObject, PdfObject]
) -> None:
    copy = DictionaryObject(base)
    for key, value in values.items():
        copy[key] = value
    written = {str(k): serialise(model(v)) for k, v in values.items()}
    assert changed(entries(model(base)), written) == pypdf_bytes(copy)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(objects, max_size=6), st.lists(objects, max_size=6))
def test_an_array_extended_from_its_bytes_is_written_as_the_longer_array(
    base: list[PdfObject], more: list[PdfObject]
) -> None:
    assert extended(serialise(model(ArrayObject(base))), [model(m) for m in more]) == pypdf_bytes(
        ArrayObject(base + more)
    )
