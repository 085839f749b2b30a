"""Our own content reader (contentops, textwalk) against pypdf's, on the PDFs we make.

The checks read every page through `pagescan.scan`, which walks our PDFs with our own interpreter
and any other page with pypdf's text extraction. On every leaflet the suite builds cheaply (each
content/*.yaml in A4, A5, large print and bleed; a clinic-stamped PDF; an imported source), the two
must give the checks the same page texts and the same scan, field by field; the expectations are
pypdf's results, worked out here at test time. The tokenizer is held to pypdf's parser on the
streams we write, and to totality on any bytes.
"""

from __future__ import annotations

import io
import math
from dataclasses import astuple
from typing import Any

import pytest
from conftest import CONTENT, LDN
from hypothesis import given, settings
from hypothesis import strategies as st
from importcheck import SOURCES, imported
from pypdf import PdfReader
from pypdf.generic import BooleanObject, ContentStream, DecodedStreamObject, DictionaryObject, NameObject, NullObject

from leaflet import stamp
from leaflet.build import lay_out
from leaflet.checks.core import Pdf
from leaflet.clinics import load_clinics
from leaflet.contentops import MAX_DEPTH, ContentError, ContentLimit, operations, page_operations
from leaflet.pagescan import scan
from leaflet.pdfadapt import ForeignDocument, open_foreign
from leaflet.pdfmodel import Bool, Null
from leaflet.pdfown import open_own
from leaflet.pdfread import limits, open_reader
from leaflet.pdftext import PageScan
from leaflet.simplefont import own_fonts
from leaflet.textwalk import Unsupported, walk

VARIANTS = {"A4": {}, "A5": {"size": "A5"}, "large": {"large": True}, "bleed": {"bleed": True}}


def built(name: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Any, Any]:
    """(PDF, leaflet, theme) of one of the cases, built now."""
    from leaflet.theme import Variant

    if name.startswith("stamped"):
        clinics = list(load_clinics(LDN.parent / "clinics.yaml").values())
        laid = lay_out(LDN, Variant(clinic=True), stamp.reserve(clinics))
        assert laid.rendered.slot is not None
        master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
        return stamp.stamp(master, clinics[0]), laid.leaflet, laid.theme
    if name.startswith("import:"):
        source = imported(SOURCES / name.removeprefix("import:"), tmp_path_factory.mktemp("import"))
        laid = lay_out(source, Variant())
        return laid.rendered.pdf, laid.leaflet, laid.theme
    path, variant = name.rsplit(":", 1)
    laid = lay_out(CONTENT / path, Variant(**VARIANTS[variant]))
    return laid.rendered.pdf, laid.leaflet, laid.theme


CASES = [f"{p.name}:{v}" for p in sorted(CONTENT.glob("*.yaml")) if p.name != "clinics.yaml" for v in VARIANTS]
CASES += ["stamped", "import:constipation.md"]


def same_scan(ours: PageScan, theirs: PageScan) -> None:
    """The two scans agree: every field equal, positions and sizes within 1e-6."""
    assert len(ours.fragments) == len(theirs.fragments)
    for a, b in zip(ours.fragments, theirs.fragments, strict=True):
        assert (a.text, a.font, a.colour, a.background) == (b.text, b.font, b.colour, b.background)
        assert (a.x, a.y, a.size) == pytest.approx((b.x, b.y, b.size), abs=1e-6)
    assert [(i, t) for i, _, t in ours.blanks] == [(i, t) for i, _, t in theirs.blanks]
    assert [y for _, y, _ in ours.blanks] == pytest.approx([y for _, y, _ in theirs.blanks], abs=1e-6)
    assert ours.blank_fonts == theirs.blank_fonts
    assert [r.colour for r in ours.fills] == [r.colour for r in theirs.fills]
    assert [astuple(r)[:4] for r in ours.fills] == [pytest.approx(astuple(r)[:4], abs=1e-6) for r in theirs.fills]
    assert ours.word_spacing == pytest.approx(theirs.word_spacing, abs=1e-6)
    assert (ours.malformed, ours.font_names) == (theirs.malformed, theirs.font_names)


@pytest.mark.parametrize("name", CASES)
def test_our_reader_gives_the_checks_what_pypdf_gives_them(name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    data, leaflet, theme = built(name, tmp_path_factory)
    with limits():
        ours = Pdf(open_own(data, name), len(data), leaflet, theme)  # our reader accepts what we make
        theirs = Pdf(open_foreign(open_reader(data, name), name), len(data), leaflet, theme)
        for index in range(len(ours.document.pages)):
            page = ours.page(index)
            fonts = own_fonts(page)
            assert fonts is not None, f"page {index + 1} is left to pypdf"
            walk(page_operations(page), fonts, {}, lambda *_: None)  # raises if it would give up
            theirs._scans[index] = scan(theirs.page(index), own=False)
            same_scan(ours.scan(index), theirs._scans[index])
        assert ours.page_texts == theirs.page_texts
        assert all(ours.page_texts)


def plain(value: Any) -> Any:
    """A parsed operand as plain Python, so pypdf's types and ours compare."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, BooleanObject | NullObject | Bool | Null):
        return value.value if isinstance(value, BooleanObject | Bool) else None
    for kind in (bool, bytes, str, float, int):
        if isinstance(value, kind):
            return kind(value)
    return value


def pypdf_operations(data: bytes) -> list[tuple[Any, bytes]]:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return [(plain(o), op) for o, op in ContentStream(stream, None, "bytes").operations]


def test_the_tokenizer_reads_our_pages_as_pypdf_does() -> None:
    from leaflet.theme import Variant

    data = lay_out(LDN, Variant()).rendered.pdf
    for page in PdfReader(io.BytesIO(data)).pages:
        content = page.get_contents()
        assert content is not None
        assert [(plain(o), op) for o, op in operations(content.get_data())] == pypdf_operations(content.get_data())


# Streams in the form ReportLab writes: its numbers, names, strings (with its escapes), arrays, BDC dictionaries.
def decimal(f: float) -> str:
    """A number as ReportLab writes one: up to six decimals, no trailing zeros, maybe no leading 0."""
    text = f"{f:.6f}".rstrip("0").rstrip(".")
    return text.removeprefix("0") if text.startswith("0.") else text or "0"


def literal(raw: bytes) -> str:
    """A string as ReportLab writes one: ( ) and backslash escaped, anything not printable in octal."""
    return (
        "("
        + "".join("\\" + chr(c) if chr(c) in "()\\" else chr(c) if 32 <= c < 127 else f"\\{c:03o}" for c in raw)
        + ")"
    )


numbers = st.one_of(st.integers(-10_000, 10_000).map(str), st.floats(-1e4, 1e4).map(decimal))
names = st.from_regex(r"/[A-Za-z][A-Za-z0-9+_.-]{0,12}", fullmatch=True)
strings = st.binary(max_size=30).map(literal)
hexes = st.binary(max_size=10).map(lambda b: "<" + b.hex() + ">")
operand = st.one_of(numbers, names, strings, hexes)
arrays = st.lists(st.one_of(numbers, strings), max_size=6).map(lambda xs: "[" + " ".join(xs) + "]")
props = st.integers(0, 999).map(lambda n: f"<</MCID {n}>>")
operators = st.sampled_from(["Tj", "TJ", "Td", "Tm", "cm", "re", "f", "q", "Q", "BT", "ET", "rg", "BDC", "EMC", "T*"])
operation = st.tuples(st.lists(st.one_of(operand, arrays, props), max_size=6), operators)


@settings(max_examples=200, deadline=None)
@given(st.lists(operation, max_size=30), st.sampled_from([" ", "\n", "\r\n"]))
def test_on_streams_of_our_form_the_tokenizer_agrees_with_pypdf(ops: list[tuple[list[str], str]], gap: str) -> None:
    data = gap.join(" ".join([*args, op]) for args, op in ops).encode("latin-1")
    assert [(plain(o), op) for o, op in operations(data)] == pypdf_operations(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_operations_or_our_own_error(data: bytes) -> None:
    total(data)


def total(data: bytes) -> None:
    """`data` reads as operations, or raises ContentError; nothing else."""
    try:
        ops = operations(data)
    except ContentError:
        return
    assert all(isinstance(args, list) and isinstance(op, bytes) and op for args, op in ops)


TOKENS = [b"(", b")", b"<", b">", b"<<", b">>", b"[", b"]", b"/", b"\\", b"%", b"BI", b"ID", b"EI", b" ", b"\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(TOKENS), st.binary(max_size=4)), max_size=80))
def test_delimiters_in_any_order_give_operations_or_our_own_error(parts: list[bytes]) -> None:
    total(b"".join(parts))


@pytest.mark.parametrize(
    ("data", "want"),
    [
        (b"(a(b)c) Tj", [([b"a(b)c"], b"Tj")]),  # balanced parentheses need no escape
        (b"(a\\)b) Tj (c\\\nd) Tj", [([b"a)b"], b"Tj"), ([b"cd"], b"Tj")]),
        (b"<41 4> Tj <> Tj", [([b"A@"], b"Tj"), ([b""], b"Tj")]),  # an odd digit count ends in 0
        (b"1 % a comment ) ( [\n2 w", [([1, 2], b"w")]),
        (b"/A#20B BMC", [(["/A B"], b"BMC")]),
        (
            b"BI /W 2 /H 1 /BPC 8 ID \x00EI\xff EI Q",
            [([{"/W": 2, "/H": 1, "/BPC": 8}, b"\x00EI\xff"], b"INLINE IMAGE"), ([], b"Q")],
        ),
        (b"BI /W 1 ID abc", [([{"/W": 1}, b"abc"], b"INLINE IMAGE")]),  # no EI: the data runs to the end
        (b"[1 (a) [true null] << /K 3 /L [2] 4 5 >>] TJ", [([[1, b"a", [True, None], {"/K": 3, "/L": [2]}]], b"TJ")]),
        (b"BT [ (a) << /x ( ", [([], b"BT")]),  # what is left open at the end is dropped
        (b"1 2 ] >> } { Td", [([1, 2], b"Td")]),  # closers with nothing open are skipped
        (b"[1 2 Td 3 w", [([], b"Td"), ([3], b"w")]),  # an operator ends an array left open
        (b"1.5.2 Tz -.5 +3 1. Tc", [([], b"1.5.2"), ([], b"Tz"), ([-0.5, 3, 1.0], b"Tc")]),
        (b"9" * 5000 + b" w", [([math.inf], b"w")]),
    ],
)
def test_the_tokenizer_reads_what_the_specification_says(data: bytes, want: list[tuple[list[Any], bytes]]) -> None:
    got = [(plain(args), op) for args, op in operations(data)]
    assert got == [(plain(args), op) for args, op in want]


@pytest.mark.parametrize(
    ("data", "error", "says"),
    [
        (b"BT 0 0 R Tj ET", ContentError, "indirect reference"),
        (b"[" * (MAX_DEPTH + 1), ContentError, f"nested more than {MAX_DEPTH} deep"),
        (b"<<" * (MAX_DEPTH + 1), ContentError, f"nested more than {MAX_DEPTH} deep"),
        (b"1 w\n" * 60_000, ContentLimit, "tokens"),
    ],
)
def test_what_no_viewer_can_draw_is_our_own_error(data: bytes, error: type[Exception], says: str) -> None:
    with pytest.raises(error, match=says):
        operations(data)
    assert operations(b"[" * MAX_DEPTH) == []  # as deep as allowed reads


def test_a_page_our_walk_gives_up_on_is_scanned_by_pypdf() -> None:
    """A code our font's ToUnicode lacks: pypdf guesses at it, and the scan is pypdf's, not a mix."""
    from leaflet.theme import Variant

    reader = PdfReader(io.BytesIO(lay_out(LDN, Variant()).rendered.pdf))
    fonts = own_fonts(ForeignDocument(reader).pages[0])
    assert fonts is not None
    name, font = next(iter(fonts.items()))
    mapped, unmapped = min(font.text), next(code for code in range(256) if code not in font.text)
    content = b"BT %s 12 Tf 10 10 Td <%02x> Tj 0 -20 Td <%02x> Tj ET" % (name.encode(), mapped, unmapped)
    with pytest.raises(Unsupported, match="ToUnicode"):
        walk(operations(content), fonts, {}, lambda *_: None)
    stream = DecodedStreamObject()
    stream.set_data(content)
    reader.pages[0][NameObject("/Contents")] = stream
    page = ForeignDocument(reader).pages[0]
    same_scan(scan(page), scan(page, own=False))
    assert len(scan(page).fragments) == 2


def test_a_page_in_the_standard_fonts_is_left_to_pypdf() -> None:
    reader = PdfReader(io.BytesIO(lay_out(LDN, __import__("leaflet.theme").theme.Variant()).rendered.pdf))
    page = reader.pages[0]
    fonts = page["/Resources"]["/Font"]
    first = next(iter(fonts))
    fonts[NameObject(first)] = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    ours = ForeignDocument(reader).pages[0]
    assert own_fonts(ours) is None
    same_scan(scan(ours), scan(ours, own=False))
