"""The PDF readers the checks use (pdftext, contentops, simplefont, textwalk, pagescan), one by one,
on PDFs, fonts and streams written here byte by byte.

The check tests meet these readers through whole leaflets, where ReportLab writes only a few of the
operators and font tables they handle; these tests give each reader input whose right answer
follows from the PDF specification, so a reader that drifts from it fails here. `make mutate`
showed why: one change in three to pdftext.py went unnoticed by the check tests alone.
"""

from __future__ import annotations

import dataclasses
import io
import math
import struct
import sys

import pytest
from conftest import model
from hostile_pdfs import scratch, stream
from pypdf import PdfReader
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

from leaflet import contentops, scanlisteners, simplefont, textwalk
from leaflet.pagescan import quick_text, scan, undrawable
from leaflet.pdfmodel import Dictionary, Name, Page, Stream
from leaflet.pdftext import Fragment, PageScan, Rect, text_runs
from leaflet.scanlisteners import numbers, operand_problem
from leaflet.simplefont import code_to_glyph

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
COURIER = b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"


def page_of(content: bytes, fonts: dict[bytes, bytes] | None = None) -> Page:
    """The page of `reader_of(content, fonts)`, as the checks' readers take it."""
    return model(reader_of(content, fonts)).pages[0]


def reader_of(content: bytes, fonts: dict[bytes, bytes] | None = None) -> PdfReader:
    """A one-page PDF (200 x 200 pt) showing `content`, with /F1 Helvetica and /F2 Courier unless told."""
    fonts = fonts if fonts is not None else {b"F1": HELVETICA, b"F2": COURIER}
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}
    refs = b""
    for number, (name, font) in enumerate(fonts.items(), start=5):
        objects[number] = font
        refs += b"/%s %d 0 R " % (name, number)
    objects[3] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R"
    objects[3] += b" /Resources << /Font << %s>> >> >>" % refs
    objects[4] = stream(content)
    return PdfReader(io.BytesIO(scratch(objects, b"/Root 1 0 R")))


def compose(first: list[float], then: list[float]) -> list[float]:
    """`first` followed by `then`, both PDF matrices [a b c d e f], by 3 x 3 row-vector products."""
    a = [[first[0], first[1], 0.0], [first[2], first[3], 0.0], [first[4], first[5], 1.0]]
    b = [[then[0], then[1], 0.0], [then[2], then[3], 0.0], [then[4], then[5], 1.0]]
    m = [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
    return [m[0][0], m[0][1], m[1][0], m[1][1], m[2][0], m[2][1]]


# operands


PDF_OPERANDS = {  # from PDF 32000-1, the operators the checks read
    b"re": 4, b"cm": 6, b"Tm": 6, b"Td": 2, b"TD": 2, b"Tw": 1, b"Tc": 1, b"Tz": 1, b"TL": 1,
    b"rg": 3, b"RG": 3, b"g": 1, b"G": 1, b"k": 4, b"K": 4, b"m": 2, b"l": 2, b"c": 6, b"w": 1, b"Tr": 1,
}  # fmt: skip


@pytest.mark.parametrize(("op", "count"), PDF_OPERANDS.items())
def test_an_operator_is_malformed_with_one_operand_too_few_or_too_many(op: bytes, count: int) -> None:
    assert operand_problem(op, [1] * count) == ""
    assert operand_problem(op, [1] * (count - 1)) == " ".join(["1"] * (count - 1) + [op.decode()])
    assert operand_problem(op, [1] * (count + 1)) != ""
    assert operand_problem(op, [NameObject("/x")] + [1] * (count - 1)) != ""


def test_tf_takes_a_font_name_and_a_size() -> None:
    assert operand_problem(b"Tf", [NameObject("/F1"), 12]) == ""
    assert operand_problem(b"Tf", [12, 12]) == "12 12 Tf"
    assert operand_problem(b"Tf", [NameObject("/F1")]) == "/F1 Tf"
    assert operand_problem(b"Tf", [NameObject("/F1"), NameObject("/F2")]) == "/F1 /F2 Tf"
    assert operand_problem(b"Tj", []) == ""  # not one the checks read


def test_a_malformed_operator_is_shown_short() -> None:
    shown = operand_problem(b"cm", ["x" * 30] * 7)
    assert shown == " ".join(["x" * 20] * 6 + ["cm"])


def test_numbers() -> None:
    assert numbers([1, 2.5], 2) == [1.0, 2.5]
    assert numbers([1, 2.5], 3) is None
    assert numbers([1, NameObject("/x")], 2) is None


@pytest.mark.parametrize(
    ("op", "args", "want"),
    [
        (b"rg", [0.1, 0.2, 0.3], (0.1, 0.2, 0.3)),
        (b"g", [0.25], (0.25, 0.25, 0.25)),
        (b"k", [0.1, 0.2, 0.3, 0.5], (0.45, 0.4, 0.35)),
        (b"sc", [0.5], (0.5, 0.5, 0.5)),
        (b"scn", [0.1, 0.2, 0.3], (0.1, 0.2, 0.3)),
        (b"rg", [0.1, 0.2], None),
        (b"g", [0.1, 0.2], None),
        (b"k", [0.1, 0.2, 0.3], None),
        (b"sc", [0.1, 0.2, 0.3, 0.4], None),
        (b"RG", [0.1, 0.2, 0.3], None),  # a stroke colour does not fill
    ],
)
def test_fill_colours_as_rgb(op: bytes, args: list[float], want: tuple[float, float, float] | None) -> None:
    got = scanlisteners._colour(op, list(args))
    assert got == want or (got is not None and want is not None and all(map(math.isclose, got, want)))


def test_matrices_compose_as_the_specification_says() -> None:
    a, b = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0.5, -1.0, 2.0, 0.25, 7.0, -3.0]
    assert textwalk.mult(a, b) == pytest.approx(compose(a, b))
    assert scanlisteners._point(b, 3.0, 4.0) == pytest.approx((3 * 0.5 + 4 * 2 + 7, 3 * -1 + 4 * 0.25 - 3))


def test_what_scan_reads_cannot_be_changed_by_a_check() -> None:
    fragment = scan(page_of(b"BT /F1 12 Tf 10 10 Td (A) Tj ET")).fragments[0]
    with pytest.raises(AttributeError):  # a named tuple's fields are read-only
        fragment.text = "B"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        Rect(0, 0, 1, 1, (0.0, 0.0, 0.0)).x0 = 2  # type: ignore[misc]


def test_a_rectangle_holds_its_edges() -> None:
    r = Rect(0, 0, 10, 10, (0.0, 0.0, 0.0))
    assert r.holds(0, 0) and r.holds(10, 10)
    assert not (r.holds(10.01, 5) or r.holds(5, -0.01) or r.holds(-0.01, 5) or r.holds(5, 10.01))


# scan


def test_scan_reads_place_size_font_colour_and_background() -> None:
    page = page_of(
        b"0.2 0.4 0.6 rg 15.5 25.5 1 1 re f 0 0 0 rg"
        b" BT /F1 12 Tf 1 0 0 1 15 25 Tm (Hi) Tj ET"
        b" BT /F2 9 Tf 1 0 0 1 100 150 Tm (Out) Tj ET"
    )
    hi, out = scan(page).fragments
    assert (hi.text, hi.x, hi.y, hi.size, hi.font) == ("Hi", 15, 25, 12, "/Helvetica")
    assert hi.colour == (0.0, 0.0, 0.0)
    assert hi.background == (0.2, 0.4, 0.6)  # the fill holds (x + 1, y + 1), not (x, y) or (x + 2, y + 2)
    assert (out.font, out.size, out.background) == ("/Courier", 9, (1.0, 1.0, 1.0))


def test_scan_puts_text_and_fills_through_the_matrices() -> None:
    cm, tm = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2.0, 0.0, 0.0, 2.0, 10.0, 20.0]
    page = page_of(b"1 2 3 4 5 6 cm 0 0 1 1 re f BT /F1 12 Tf 2 0 0 2 10 20 Tm (A) Tj ET")
    found = scan(page)
    (a,) = found.fragments
    m = compose(tm, cm)
    assert (a.x, a.y) == pytest.approx((m[4], m[5]))
    assert a.size == pytest.approx(12 * math.hypot(m[2], m[3]))
    (fill,) = found.fills
    corners = [compose([1, 0, 0, 1, x, y], cm)[4:] for x, y in ((0, 0), (1, 1))]
    xs, ys = sorted(c[0] for c in corners), sorted(c[1] for c in corners)
    assert (fill.x0, fill.y0, fill.x1, fill.y1) == pytest.approx((xs[0], ys[0], xs[1], ys[1]))


def test_scan_keeps_the_fill_colour_of_each_graphics_state() -> None:
    page = page_of(
        b"0 0 1 rg q 1 0 0 rg q 50 50 5 5 re f Q Q"  # q keeps the colour it saves, at any depth
        b" q 0 1 0 rg 0 0 5 5 re f Q 10 10 5 5 re f"
        b" Q 0 0 1 rg q Q 20 20 5 5 re f"  # a Q with nothing saved changes nothing
        b" 0.5 g 30 30 5 5 re f 0 0 0 1 k 40 40 5 5 re f"
    )
    colours = [r.colour for r in scan(page).fills]
    assert colours == [(1, 0, 0), (0, 1, 0), (0, 0, 1), (0, 0, 1), (0.5, 0.5, 0.5), (0, 0, 0)]


@pytest.mark.parametrize("paint", [b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"])
def test_every_fill_operator_fills_the_pending_rectangles(paint: bytes) -> None:
    page = page_of(b"0 0 5 5 re 10 10 5 5 re " + paint)
    assert [(r.x0, r.y1) for r in scan(page).fills] == [(0, 5), (10, 15)]


@pytest.mark.parametrize("paint", [b"S", b"n", b"s"])
def test_a_stroked_or_clipped_rectangle_is_no_background(paint: bytes) -> None:
    assert scan(page_of(b"0 0 5 5 re " + paint + b" 10 10 5 5 re f")).fills == [Rect(10, 10, 15, 15, (0, 0, 0))]


def test_the_last_fill_under_the_text_is_its_background() -> None:
    page = page_of(b"1 0 0 rg 0 0 100 100 re f 0 0 1 rg 0 0 100 100 re f 0 g BT /F1 12 Tf 10 10 Td (A) Tj ET")
    assert scan(page).fragments[0].background == (0, 0, 1)


def test_scan_notes_word_spacing_fonts_and_malformed_operators() -> None:
    page = page_of(b"BT /F1 12 Tf 0.5 Tw 1 2 Tw /F2 8 Tf (A) Tj 0 0 5 re f ET")
    found = scan(page)
    assert found.word_spacing == [0.5]
    assert found.font_names == {"/F1", "/F2"}
    assert found.malformed == ["1 2 Tw", "0 0 5 re"]
    assert found.fills == []


@pytest.mark.parametrize(
    ("content", "invisible"),
    [
        (b"BT /F1 12 Tf 3 Tr (A) Tj ET", 1),
        (b"BT /F1 12 Tf 7 Tr [(A) 10 (B)] TJ (C) ' ET", 2),
        (b"BT /F1 12 Tf 3 Tr () Tj ET", 0),  # nothing shown
        (b"BT /F1 12 Tf 0 Tr (A) Tj 4 Tr (B) Tj 2 Tr (C) Tj ET", 0),
        (b"q BT 3 Tr ET Q BT /F1 12 Tf (A) Tj ET", 0),  # the mode is kept with the graphics state
        (b"3 Tr q BT /F1 12 Tf (A) Tj ET Q", 1),  # and inherited by a new one
    ],
)
def test_scan_counts_text_shown_in_an_invisible_render_mode(content: bytes, invisible: int) -> None:
    assert scan(page_of(content)).invisible == invisible


def test_scan_keeps_blank_runs_between_words() -> None:
    page = page_of(b"BT /F1 12 Tf 10 100 Td (Hi) Tj /F2 12 Tf ( ) Tj /F1 12 Tf (yo) Tj /F2 12 Tf ( ) Tj ET")
    found = scan(page)
    assert [f.text for f in found.fragments] == ["Hi", "yo"]
    assert found.blanks == [(1, 100, " "), (2, 100, " ")]


def test_text_runs_joins_runs_and_blanks_above_the_floor() -> None:
    def run(text: str, y: float) -> Fragment:
        return Fragment(text, 0, y, 12, "/F", (0.0, 0.0, 0.0), (1.0, 1.0, 1.0))

    found = PageScan(fragments=[run("Hi", 100), run("yo", 100), run("low", 20)])
    found.blanks = [(1, 100, " "), (1, 100, "\t"), (2, 20, " "), (3, 100, "!"), (3, 10, "?")]
    assert text_runs(found, 0) == "Hi \tyo low!?"
    assert text_runs(found, 20) == "Hi \tyo low!"  # a run on the floor is above it
    assert text_runs(found, 21) == "Hi \tyo!"
    assert text_runs(found, 101) == ""


# fonts: a TrueType font written here, with only the tables code_to_glyph reads


def cmap_table(subtables: list[tuple[int, int, bytes]], declared: int | None = None) -> bytes:
    """A cmap table of these (platform, encoding, subtable) records, saying it has `declared` of them."""
    head = struct.pack(">HH", 0, len(subtables) if declared is None else declared)
    offset = 4 + 8 * len(subtables)
    records, bodies = b"", b""
    for platform, encoding, body in subtables:
        records += struct.pack(">HHL", platform, encoding, offset + len(bodies))
        bodies += body
    return head + records + bodies


def format0(glyphs: dict[int, int]) -> bytes:
    return struct.pack(">HHH", 0, 262, 0) + bytes(glyphs.get(code, 0) for code in range(256))


def format6(first: int, glyphs: list[int]) -> bytes:
    return struct.pack(f">HHHHH{len(glyphs)}H", 6, 10 + 2 * len(glyphs), 0, first, len(glyphs), *glyphs)


def truetype(tables: dict[bytes, bytes]) -> bytes:
    out = struct.pack(">LHHHH", 0x00010000, len(tables), 0, 0, 0)
    offset = 12 + 16 * len(tables)
    records, bodies = b"", b""
    for tag, body in tables.items():
        records += tag + struct.pack(">LLL", 0, offset + len(bodies), len(body))
        bodies += body
    return out + records + bodies


def test_code_to_glyph_reads_format_0_and_format_6() -> None:
    assert code_to_glyph(truetype({b"cmap": cmap_table([(1, 0, format0({65: 3, 255: 7}))])})) == {
        code: {65: 3, 255: 7}.get(code, 0) for code in range(256)
    }
    assert code_to_glyph(truetype({b"glyf": b"xx", b"cmap": cmap_table([(3, 0, format6(65, [1, 0, 2]))])})) == {
        65: 1,
        66: 0,
        67: 2,
    }


def test_a_format_0_table_maps_256_codes_and_no_more() -> None:
    font = truetype({b"cmap": cmap_table([(1, 0, format0({1: 1}))]), b"post": b"\x07\x07\x07\x07"})
    assert sorted(code_to_glyph(font)) == list(range(256))


def test_code_to_glyph_reads_only_the_symbol_and_mac_roman_tables() -> None:
    unicode_first = cmap_table([(3, 1, format6(65, [9])), (0, 3, format6(65, [8])), (1, 0, format6(70, [4]))])
    assert code_to_glyph(truetype({b"cmap": unicode_first})) == {70: 4}
    other_format = cmap_table([(3, 0, struct.pack(">HHH", 4, 6, 0)), (1, 0, format6(70, [5]))])
    assert code_to_glyph(truetype({b"cmap": other_format})) == {70: 5}
    beyond_the_count = cmap_table([(3, 1, format6(65, [9])), (1, 0, format6(70, [4]))], declared=1)
    assert code_to_glyph(truetype({b"cmap": beyond_the_count})) == {}


@pytest.mark.parametrize(
    "font",
    [
        truetype({b"glyf": b""}),  # no cmap
        truetype({b"cmap": cmap_table([(3, 1, format6(65, [1]))])}),  # no code-based table
        truetype({b"cmap": cmap_table([(3, 0, format6(65, [1, 2, 3]))])})[:-2],  # cut short
        b"\x00\x01",
    ],
)
def test_code_to_glyph_gives_nothing_for_a_font_it_cannot_read(font: bytes) -> None:
    assert code_to_glyph(font) == {}


def test_undrawable_finds_codes_the_embedded_font_has_no_glyph_for() -> None:
    font = truetype({b"cmap": cmap_table([(3, 0, format6(65, [1, 0, 2]))])})
    fonts = {  # the font with nothing to judge comes first: the others are still read
        b"F2": COURIER,
        b"T1": b"<< /Type /Font /Subtype /TrueType /BaseFont /T /FontDescriptor 8 0 R >>",
    }
    content = b"BT /T1 12 Tf (ABCD) Tj [(A) -20 (B)] TJ (C) ' 1 2 (D) \" /F2 12 Tf (BB) Tj ET"
    objects_page = page_of(content, fonts)
    assert undrawable(objects_page) == []  # the descriptor (8 0 R) is missing: nothing to judge by
    with_file = _page_with_fontfile(content, fonts, font)
    assert undrawable(with_file) == [("/T1", 66), ("/T1", 68), ("/T1", 66), ("/T1", 68)]


def _page_with_fontfile(content: bytes, fonts: dict[bytes, bytes], font: bytes) -> Page:
    reader = reader_of(content, fonts)
    page = reader.pages[0]
    descriptor = DictionaryObject({NameObject("/FontFile2"): _stream(font)})
    for ref in page["/Resources"].get_object()["/Font"].get_object().values():
        if str(ref.get_object()["/Subtype"]) == "/TrueType":
            ref.get_object()[NameObject("/FontDescriptor")] = descriptor
    return model(reader).pages[0]


def _stream(data: bytes) -> DecodedStreamObject:
    out = DecodedStreamObject()
    out.set_data(data)
    return out


# literal strings, ToUnicode maps and quick_text


@pytest.mark.parametrize(
    ("token", "want"),
    [
        (rb"(a\(b\)c)", b"a(b)c"),
        (rb"(\101\102)", b"AB"),
        (rb"(\0121)", b"\n1"),  # at most three octal digits
        (rb"(\7)", b"\x07"),
        (rb"(\777)", b"\xff"),  # high-order overflow is ignored
        (rb"(\n\r\t\b\f)", b"\n\r\t\b\f"),
        (rb"(\\)", b"\\"),
        (rb"(\q)", b"q"),  # an unknown escape is the character itself
        (b"()", b""),
    ],
)
def test_literal_strings_read_as_the_specification_says(token: bytes, want: bytes) -> None:
    assert contentops._literal(token) == want


def font_with_cmap(cmap: bytes) -> Dictionary:
    return Dictionary({Name("/ToUnicode"): Stream({}, lambda _: cmap)})


def test_unicode_map_reads_chars_and_ranges_of_single_byte_codes() -> None:
    cmap = (
        b"2 beginbfchar\n<41> <0042>\n<0A><00e9>\nendbfchar\n"
        b"1 beginbfrange\n<61> <63> <0041>\nendbfrange\n"
        b"1 beginbfrange\n<FE> <FFFF> <0100>\nendbfrange\n"
        b"1 beginbfchar\n<50> <D83DDE00>\nendbfchar\n"
    )
    want = {0x41: "B", 0x0A: "\u00e9", 0x61: "A", 0x62: "B", 0x63: "C", 0xFE: "\u0100", 0xFF: "\u0101"}
    assert simplefont.unicode_map(font_with_cmap(cmap)) == want | {0x50: "\U0001f600"}


def test_unicode_map_stops_at_the_last_code_point() -> None:
    cmap = b"beginbfrange <00> <02> <0010FFFE> endbfrange"
    assert simplefont.unicode_map(font_with_cmap(cmap)) == {
        0: "\U0010fffe",
        1: chr(sys.maxunicode),
        2: chr(sys.maxunicode),
    }


def test_unicode_map_of_a_font_without_one_is_empty() -> None:
    assert simplefont.unicode_map(Dictionary()) == {}


def test_quick_text_decodes_by_the_current_font_and_breaks_at_each_move() -> None:
    fonts = {"/F1": {65: "x", 66: "y"}, "/F2": {65: "z"}}
    content = (
        b"BT /F1 12 Tf 10 10 Td (AB) Tj T* <41 42> Tj 0 -14 TD [(A) -20 (B)] TJ"
        b" /F2 9.5 Tf (A\\102) Tj /F3 9 Tf (A) Tj ET"
    )
    assert quick_text(content, fonts) == "\nxy\nxy\nxyz"
