"""Stage 5 (check): every check passes on the real LDN leaflet, and fails on a broken PDF naming the right place.

Broken PDFs are made two ways: by building a modified copy of the LDN content, or by editing the built PDF
with pypdf (stamping ReportLab canvas text onto a page, adding or removing annotations, metadata and pages).
Every expectation is derived from the YAML text, the PDF or leaflet.contrast, never copied from a report.
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph

from leaflet import cli
from leaflet.build import build, check
from leaflet.checks import CHECKS, Report, run_checks
from leaflet.content import block_texts, load_leaflet
from leaflet.contrast import Colour, contrast, grey
from leaflet.errors import Where
from leaflet.fonts import load_fonts
from leaflet.model import Leaflet, Section
from leaflet.readability import measure_texts
from leaflet.theme import Theme, make_theme

REPO = Path(__file__).resolve().parent.parent
LDN = REPO / "content" / "ldn-ms.yaml"
BRAND = REPO / "content" / "brands" / "default.yaml"
FONTS = REPO / "fonts"
LDN_TEXT = LDN.read_text(encoding="utf-8")
LDN_DATA = yaml.safe_load(LDN_TEXT)
NAMES = [name for name, _, _ in CHECKS]
CONTENT_CHECKS = [name for name, _, needs_content in CHECKS if needs_content]
AA = 4.5  # WCAG AA, the README's contrast threshold
WHITE: Colour = (1.0, 1.0, 1.0)
STRAY = "Zebra crossing ahead"  # words that appear nowhere in the leaflet

# Stamps use the leaflet's own body font (embedded and subset by ReportLab), so only the check under test trips.
# ReportLab hands a later registration of the same face the first font object: registered here as fonts.py
# registers it (subsets numbered from 0), or every later build in this process would make other bytes.
STAMP, STAMP_ITALIC = "ChecksStampRegular", "ChecksStampItalic"
pdfmetrics.registerFont(TTFont(STAMP, str(FONTS / "AtkinsonHyperlegible-Regular.ttf"), asciiReadable=0))
pdfmetrics.registerFont(TTFont(STAMP_ITALIC, str(FONTS / "AtkinsonHyperlegible-Italic.ttf"), asciiReadable=0))


# --- where things are in the YAML, read from its text -------------------------------------------------------


def yaml_where(path: Path, snippet: str) -> Where:
    """Where the YAML scalar holding `snippet` starts: its `>-` indicator when folded, else its first character."""
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines) if snippet in line]
    assert len(hits) == 1, f"{snippet!r} is on {len(hits)} lines of {path}"
    i = hits[0]
    if lines[i].strip().startswith(snippet) and lines[i - 1].rstrip().endswith(">-"):
        return Where(str(path), i, lines[i - 1].rindex(">-") + 1)  # the line before, 1-based
    return Where(str(path), i + 1, lines[i].index(snippet) + 1)


def meta_where(path: Path) -> Where:
    """The first key of the `leaflet:` mapping, where findings about the whole leaflet point."""
    lines = path.read_text(encoding="utf-8").splitlines()
    i = lines.index("leaflet:") + 1
    return Where(str(path), i + 1, len(lines[i]) - len(lines[i].lstrip()) + 1)


def section_where(path: Path, name: str) -> Where:
    """The `heading` key of the section item headed `name`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines) if line.strip() == f"- heading: {name}"]
    assert len(hits) == 1, f"no single section headed {name!r}"
    return Where(str(path), hits[0] + 1, lines[hits[0]].index("heading") + 1)


def indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def without_block(text: str, snippet: str) -> str:
    """The content minus the folded paragraph whose text contains `snippet`."""
    lines = text.splitlines()
    (i,) = [n for n, line in enumerate(lines) if snippet in line]
    start = i - 1
    assert lines[start].strip() == "- paragraph: >-", lines[start]
    end = next(n for n in range(i + 1, len(lines)) if lines[n].strip() and indent(lines[n]) <= indent(lines[start]))
    return "\n".join(lines[:start] + lines[end:]) + "\n"


def swap_sections(text: str, first: str, second: str) -> str:
    """The content with section `first` and the section right after it, `second`, swapped."""
    lines = text.splitlines()
    starts = [n for n, line in enumerate(lines) if re.match(r"  - (heading|blocks):", line)]
    starts.append(lines.index("references:"))
    a = lines.index(f"  - heading: {first}")
    b = lines.index(f"  - heading: {second}")
    assert starts[starts.index(a) + 1] == b, "the two sections must be neighbours"
    c = starts[starts.index(b) + 1]
    return "\n".join(lines[:a] + lines[b:c] + lines[a:b] + lines[c:]) + "\n"


def variant(folder: Path, text: str, name: str = "ldn-variant") -> Path:
    """Write modified LDN content next to a copy of the default brand (brands resolve beside the file)."""
    assert text != LDN_TEXT, "the variant must differ from the LDN content"
    (folder / "brands").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BRAND, folder / "brands" / "default.yaml")
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def with_meta(line_re: str, replacement: str) -> str:
    """LDN content with one line of the `leaflet:` mapping replaced (or extended)."""
    text, count = re.subn(line_re, replacement, LDN_TEXT, count=1, flags=re.M)
    assert count == 1, line_re
    return text


# --- editing a built PDF ---------------------------------------------------------------------------------------


def edited(data: bytes, edit: Callable[[PdfWriter], Any]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def overlay(size: tuple[float, float], draw: Callable[[canvas.Canvas], None]) -> PageObject:
    """A one-page PDF drawn with a plain ReportLab canvas, to merge onto a leaflet page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size, initialFontName=STAMP)
    draw(c)
    c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buf.getvalue())).pages[0]


def stamped(data: bytes, draw: Callable[[canvas.Canvas], None], page: int = -1) -> bytes:
    def edit(writer: PdfWriter) -> None:
        target = writer.pages[page]
        target.merge_page(overlay((float(target.mediabox.width), float(target.mediabox.height)), draw))

    return edited(data, edit)


def text_at(
    words: str, size: float = 14, font: str = STAMP, ink: str = "#1A1A1A", paper: str = "#FFFFFF"
) -> Callable[[canvas.Canvas], None]:
    """Draw `words` on a box of `paper` in the middle of an A4 page (well above the footer)."""

    def draw(c: canvas.Canvas) -> None:
        x, y = 72.0, 400.0
        c.setFillColor(HexColor(paper))
        c.rect(x - 6, y - 6, pdfmetrics.stringWidth(words, font, size) + 12, size + 12, fill=1, stroke=0)
        c.setFillColor(HexColor(ink))
        c.setFont(font, size)
        c.drawString(x, y, words)

    return draw


def rgb(hex_colour: str) -> Colour:
    c = HexColor(hex_colour)
    return (c.red, c.green, c.blue)


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def failed(report: Report) -> list[str]:
    return [f.check for f in report.findings if not f.ok]


# --- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ldn_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real LDN leaflet, built once for this module."""
    return build(LDN, tmp_path_factory.mktemp("ldn")).path


@pytest.fixture(scope="module")
def ldn_bytes(ldn_pdf: Path) -> bytes:
    return ldn_pdf.read_bytes()


def context(path: Path) -> tuple[Leaflet, Theme]:
    """The leaflet and theme a PDF is checked against, got the way build.check gets them."""
    leaflet = load_leaflet(path)
    return leaflet, make_theme(leaflet.brand, load_fonts(leaflet.brand))


@pytest.fixture(scope="module")
def ldn_context() -> tuple[Leaflet, Theme]:
    return context(LDN)


@pytest.fixture(scope="module")
def against_ldn(ldn_context: tuple[Leaflet, Theme]) -> Callable[[bytes], Report]:
    """Run every check on PDF bytes against the full LDN content."""
    return lambda data: run_checks(data, *ldn_context)


# --- the real leaflet passes ----------------------------------------------------------------------------------


def test_checks_are_the_readme_ten_in_order() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Checks\n", 1)[1].split("\n## ", 1)[0]
    table = re.findall(r"^\| `(\w+)` \|", section, re.M)
    assert table == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_ldn_passes(name: str, ldn_pdf: Path) -> None:
    finding = check(ldn_pdf, LDN).get(name)
    assert finding.check == name
    assert finding.ok, finding.line()
    assert finding.problem == ""
    assert finding.where is None


def test_pdf_writer_round_trip_still_passes(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    """Control for the edits below: cloning through PdfWriter alone breaks nothing."""
    report = against_ldn(edited(ldn_bytes, lambda w: None))
    assert report.ok, report.text()


def test_without_content_content_checks_do_not_run(ldn_pdf: Path) -> None:
    report = check(ldn_pdf)
    assert report.ok, report.text()
    for name in CONTENT_CHECKS:
        assert report.get(name).figure.startswith("not run")
    for name in set(NAMES) - set(CONTENT_CHECKS):
        assert not report.get(name).figure.startswith("not run")


# --- pages ---------------------------------------------------------------------------------------------------


def test_pages_over_budget_names_the_leaflet(ldn_pdf: Path, tmp_path: Path) -> None:
    count = page_count(ldn_pdf.read_bytes())
    tight = variant(tmp_path, with_meta(r"^  pages: .*$", f"  pages: {count - 1}"))
    report = check(ldn_pdf, tight)
    finding = report.get("pages")
    assert not finding.ok
    assert finding.problem == f"{count} pages, over the A4 budget of {count - 1}"
    assert finding.where == meta_where(tight)
    assert failed(report) == ["pages"]


def test_pages_of_another_size_are_named(
    ldn_bytes: bytes, against_ldn: Callable[[bytes], Report], ldn_context: tuple[Leaflet, Theme]
) -> None:
    count = page_count(ldn_bytes)
    data = edited(ldn_bytes, lambda w: w.add_blank_page(width=A5[0], height=A5[1]))
    finding = against_ldn(data).get("pages")
    assert not finding.ok
    assert f"page {count + 1} is {round(A5[0])}x{round(A5[1])} pt" in finding.problem
    assert ldn_context[1].size_name in finding.problem
    without_content = run_checks(data, None, None).get("pages")
    assert not without_content.ok
    assert without_content.problem == "pages of 2 different sizes"


# --- text ----------------------------------------------------------------------------------------------------


def test_text_names_a_dropped_paragraph(tmp_path: Path) -> None:
    snippet = "The results were published in September 2008"
    short = build(variant(tmp_path, without_block(LDN_TEXT, snippet)), tmp_path / "out").path
    finding = check(short, LDN).get("text")
    assert not finding.ok
    assert finding.where == yaml_where(LDN, snippet)
    assert "is missing" in finding.problem
    assert snippet in finding.problem
    assert "'Research into LDN and MS'" in finding.problem


def test_text_finds_swapped_sections_out_of_order(tmp_path: Path) -> None:
    first, second = LDN_DATA["sections"][1]["heading"], LDN_DATA["sections"][2]["heading"]
    source = variant(tmp_path, swap_sections(LDN_TEXT, first, second))
    swapped = build(source, tmp_path / "out").path  # build() checks it against its own (swapped) content
    finding = check(swapped, LDN).get("text")
    assert not finding.ok
    assert "out of order" in finding.problem
    assert f"the heading in '{second}'" in finding.problem
    assert finding.where == yaml_where(LDN, second)


def test_text_finds_stray_text(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    finding = against_ldn(stamped(ldn_bytes, text_at(STRAY))).get("text")
    assert not finding.ok
    assert "comes from no content" in finding.problem
    assert STRAY in finding.problem
    assert finding.where == meta_where(LDN)


# --- references ------------------------------------------------------------------------------------------------


def test_references_page_dropped(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    def drop_last(writer: PdfWriter) -> None:
        del writer.pages[-1]

    data = edited(ldn_bytes, drop_last)
    assert page_count(data) == page_count(ldn_bytes) - 1
    report = against_ldn(data)
    finding = report.get("references")
    assert not finding.ok
    lost = ("no 'References' heading on the last pages", "the last reference is not on the last page")
    assert finding.problem in lost
    assert finding.where == meta_where(LDN)
    assert report.get("pages").ok, "fewer pages than the budget is within it"
    assert not report.get("text").ok


def test_references_orphan_citation(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    number = len(LDN_DATA["references"]) + 1
    finding = against_ldn(stamped(ldn_bytes, text_at(f"See [{number}]"), page=0)).get("references")
    assert not finding.ok
    assert finding.problem == f"citation [{number}] in the text has no reference"


# --- links ---------------------------------------------------------------------------------------------------


def uris(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots") or []]


def test_links_names_a_removed_link(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    match = re.search(r"<(https?://[^>]+)>", LDN_TEXT)
    assert match
    uri = match.group(1)

    def unlink(writer: PdfWriter) -> None:
        for page in writer.pages:
            annots = [a for a in page.get("/Annots") or [] if a.get_object()["/A"].get("/URI") != uri]
            page[NameObject("/Annots")] = ArrayObject(annots)

    data = edited(ldn_bytes, unlink)
    assert uris(data) == [u for u in uris(ldn_bytes) if u != uri] != uris(ldn_bytes)
    report = against_ldn(data)
    finding = report.get("links")
    assert not finding.ok
    assert finding.problem.startswith(f"no link to {uri} on the page showing")
    line = next(n for n, text in enumerate(LDN_TEXT.splitlines()) if f"<{uri}>" in text)
    owner = LDN_TEXT.splitlines()[line - 1].strip()  # the link is the second line of its folded item
    assert finding.where == yaml_where(LDN, owner)
    assert failed(report) == ["links"]


@pytest.mark.parametrize("uri", ["javascript:alert(1)", "ftp://example.org/leaflet.pdf"])
def test_links_refuses_other_schemes(uri: str, ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    data = edited(ldn_bytes, lambda w: w.add_annotation(0, Link(rect=(72, 400, 200, 420), url=uri)))
    for report in (against_ldn(data), run_checks(data, None, None)):
        finding = report.get("links")
        assert not finding.ok
        assert finding.problem == f"page 1 has a link to '{uri}'"


def test_links_refuses_a_link_the_content_lacks(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    uri = "https://example.net/elsewhere"
    assert uri not in LDN_TEXT
    data = edited(ldn_bytes, lambda w: w.add_annotation(0, Link(rect=(72, 400, 200, 420), url=uri)))
    finding = against_ldn(data).get("links")
    assert not finding.ok
    assert finding.problem == f"a link points to {uri}, which the content does not"
    assert run_checks(data, None, None).get("links").ok, "without content, an https link is allowed"


# --- fonts ---------------------------------------------------------------------------------------------------


def test_fonts_unembedded_helvetica() -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("Helvetica", 14)
    c.drawString(72, 400, "Plain canvas text in a base-14 font")
    c.showPage()
    c.save()
    finding = run_checks(buf.getvalue(), None, None).get("fonts")
    assert not finding.ok
    assert finding.problem == "font /Helvetica is not embedded"


def first_truetype(page: PageObject) -> tuple[str, DictionaryObject]:
    fonts = page["/Resources"]["/Font"]
    key = next(k for k in fonts if fonts[k].get_object()["/Subtype"] == "/TrueType")
    return str(key), fonts[key].get_object()


def test_fonts_whole_font_without_subset_tag(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    def untag(writer: PdfWriter) -> None:
        _, font = first_truetype(writer.pages[0])
        font[NameObject("/BaseFont")] = NameObject("/" + str(font["/BaseFont"]).split("+", 1)[1])

    data = edited(ldn_bytes, untag)
    _, font = first_truetype(PdfReader(io.BytesIO(data)).pages[0])
    finding = against_ldn(data).get("fonts")
    assert not finding.ok
    assert finding.problem == f"font {font['/BaseFont']} is embedded whole, not subset"


@pytest.mark.parametrize("has_glyph", [True, False])
def test_fonts_code_without_glyph(has_glyph: bool, ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    """Draw one character code with the page's embedded subset font by editing the content stream:
    a code the subset maps passes, a code it lacks would print as .notdef (an empty box) and must fail."""
    key, font = first_truetype(PdfReader(io.BytesIO(ldn_bytes)).pages[0])
    # The font dictionary says which codes the subset covers: FirstChar..LastChar, each with a width.
    first, last = int(font["/FirstChar"]), int(font["/LastChar"])
    widths = [float(w) for w in font["/Widths"]]
    if has_glyph:
        code = next(first + i for i, w in enumerate(widths) if first + i >= 32 and w > 0)
    else:
        code = last + 1
        assert code <= 255

    def draw_code(writer: PdfWriter) -> None:
        page = writer.pages[0]
        stream = DecodedStreamObject()
        extra = f"\nq 0 g BT {key} 14 Tf 72 420 Td <{code:02X}> Tj ET Q\n".encode()
        stream.set_data(page.get_contents().get_data() + extra)
        page.replace_contents(ContentStream(stream, writer))

    finding = against_ldn(edited(ldn_bytes, draw_code)).get("fonts")
    if has_glyph:
        assert finding.ok, finding.line()
    else:
        assert not finding.ok, f"code {code} has no glyph in {key}, yet: {finding.line()}"
        assert finding.problem.startswith(f"page 1: code {code} in font {key} has no glyph")


@pytest.mark.parametrize(("mode", "shows"), [(3, False), (7, False), (0, True), (4, True)])
def test_text_drawn_invisibly_fails(
    mode: int, shows: bool, ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]
) -> None:
    """Render mode 3 or 7 shows nothing: the text is still in the page (every text check would find
    it), so the pages check must say so. Modes 0 and 4 paint the glyphs (4 also clips) and pass."""

    def set_mode_on_page_two(writer: PdfWriter) -> None:
        page = writer.pages[1]
        stream = DecodedStreamObject()
        stream.set_data(page.get_contents().get_data().replace(b"BT", f"BT {mode} Tr".encode()))
        page.replace_contents(ContentStream(stream, writer))

    finding = against_ldn(edited(ldn_bytes, set_mode_on_page_two)).get("pages")
    if shows:
        assert finding.ok, finding.line()
    else:
        assert not finding.ok
        assert finding.problem.startswith("page 2: ") and "invisible render mode" in finding.problem, finding.line()


# --- clearprint ----------------------------------------------------------------------------------------------


def test_clearprint_small_text(
    ldn_bytes: bytes, against_ldn: Callable[[bytes], Report], ldn_context: tuple[Leaflet, Theme]
) -> None:
    small = 9.0
    floor = ldn_context[1].min_pt
    assert small < floor
    finding = against_ldn(stamped(ldn_bytes, text_at(STRAY, size=small))).get("clearprint")
    assert not finding.ok
    assert finding.problem == f'page {page_count(ldn_bytes)}: "{STRAY}" is {small:.1f} pt, under {floor:g} pt'


def test_clearprint_text_at_the_floor_passes(
    ldn_bytes: bytes, against_ldn: Callable[[bytes], Report], ldn_context: tuple[Leaflet, Theme]
) -> None:
    finding = against_ldn(stamped(ldn_bytes, text_at(STRAY, size=ldn_context[1].min_pt))).get("clearprint")
    assert finding.ok, finding.line()


def test_clearprint_italic(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    finding = against_ldn(stamped(ldn_bytes, text_at(STRAY, font=STAMP_ITALIC))).get("clearprint")
    assert not finding.ok
    assert finding.problem == f'page {page_count(ldn_bytes)}: italic text "{STRAY}"'


@pytest.mark.parametrize("alignment", [TA_JUSTIFY, TA_LEFT])
def test_clearprint_justified(alignment: int, ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    style = ParagraphStyle("stamp", fontName=STAMP, fontSize=14, leading=18, alignment=alignment)
    words = " ".join(LDN_DATA["sections"][3]["blocks"][0]["paragraph"].split())  # several lines long at 300 pt

    def draw(c: canvas.Canvas) -> None:
        para = Paragraph(words, style)
        _, height = para.wrapOn(c, 300, 600)
        assert height > 3 * style.leading, "the paragraph must break into lines to be justified"
        para.drawOn(c, 72, 200)

    finding = against_ldn(stamped(ldn_bytes, draw)).get("clearprint")
    if alignment == TA_JUSTIFY:
        assert not finding.ok
        assert finding.problem == f"page {page_count(ldn_bytes)}: justified text (stretched word spacing)"
    else:
        assert finding.ok, finding.line()


# --- contrast ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ink", ["#BBBBBB", "#767676", "#595959"])
def test_contrast_grey_text_on_white(ink: str, ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    finding = against_ldn(stamped(ldn_bytes, text_at(STRAY, ink=ink))).get("contrast")
    if contrast(rgb(ink), WHITE) >= AA:
        assert finding.ok, finding.line()
    else:
        assert not finding.ok
        assert finding.problem == f'page {page_count(ldn_bytes)}: "{STRAY}" is under {AA}:1'


def test_contrast_fails_in_greyscale_only(ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    """Black on pure red: enough contrast in colour, too little once a mono printer turns it grey."""
    ink, paper = "#000000", "#FF0000"
    assert contrast(rgb(ink), rgb(paper)) >= AA
    assert contrast(grey(rgb(ink)), grey(rgb(paper))) < AA
    finding = against_ldn(stamped(ldn_bytes, text_at(STRAY, ink=ink, paper=paper))).get("contrast")
    assert not finding.ok
    assert finding.problem == f'page {page_count(ldn_bytes)}: "{STRAY}" is under {AA}:1'
    lowest = contrast(grey(rgb(ink)), grey(rgb(paper)))
    assert f"{lowest:.1f}:1 in greyscale" in finding.figure


# --- metadata ------------------------------------------------------------------------------------------------


def set_root(key: str, value: Any) -> Callable[[PdfWriter], None]:
    def edit(writer: PdfWriter) -> None:
        writer.root_object[NameObject(key)] = value

    return edit


def drop_root(key: str) -> Callable[[PdfWriter], None]:
    def edit(writer: PdfWriter) -> None:
        del writer.root_object[NameObject(key)]

    return edit


def drop_display_doc_title(writer: PdfWriter) -> None:
    del writer.root_object["/ViewerPreferences"][NameObject("/DisplayDocTitle")]


META = LDN_DATA["leaflet"]
METADATA_CASES = {
    "wrong title": (
        lambda w: w.add_metadata({"/Title": "Another leaflet"}),
        f"title is 'Another leaflet', not '{META['title']}'",
    ),
    "wrong author": (
        lambda w: w.add_metadata({"/Author": "Somebody else"}),
        f"author is 'Somebody else', not '{META['organisation']}'",
    ),
    "no subject": (lambda w: w.add_metadata({"/Subject": ""}), "no subject"),
    "no language": (drop_root("/Lang"), "no language"),
    "wrong language": (set_root("/Lang", TextStringObject("fr")), f"lang is 'fr', not '{META['language']}'"),
    "title not shown": (drop_display_doc_title, "viewers would show the file name, not the title"),
}


@pytest.mark.parametrize("case", list(METADATA_CASES))
def test_metadata(case: str, ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]) -> None:
    edit, problem = METADATA_CASES[case]
    report = against_ldn(edited(ldn_bytes, edit))
    finding = report.get("metadata")
    assert not finding.ok
    assert finding.problem == problem
    assert finding.where == meta_where(LDN)
    # The tags check proves /Lang and /DisplayDocTitle too (PDF/UA-1 asks for both).
    assert failed(report) == ["metadata", "tags"] if case in ("no language", "title not shown") else ["metadata"]


# --- email ---------------------------------------------------------------------------------------------------


def script_link(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (72, 400, 200, 420)]),
            NameObject("/A"): action,
        }
    )
    writer.add_annotation(1, annot)


EMAIL_CASES = {
    "attachment": (lambda w: w.add_attachment("notes.txt", b"private notes"), "the PDF carries embedded files"),
    "javascript": (lambda w: w.add_open_action(JavaScript("app.alert('hello');")), "the PDF contains JavaScript"),
    "script link": (script_link, "page 2 has a script or attached file"),
}


@pytest.mark.parametrize("case", list(EMAIL_CASES))
def test_email_refuses_scripts_and_attachments(
    case: str, ldn_bytes: bytes, against_ldn: Callable[[bytes], Report]
) -> None:
    edit, problem = EMAIL_CASES[case]
    data = edited(ldn_bytes, edit)
    for report in (against_ldn(data), run_checks(data, None, None)):
        finding = report.get("email")
        assert not finding.ok
        assert finding.problem == problem


def test_email_size_over_the_leaflet_limit(ldn_pdf: Path, tmp_path: Path) -> None:
    limited = variant(tmp_path, with_meta(r"^(  pages: .*)$", r"\1\n  maxkb: 1"))
    kb = ldn_pdf.stat().st_size / 1024
    assert kb > 1
    report = check(ldn_pdf, limited)
    finding = report.get("email")
    assert not finding.ok
    assert finding.problem == f"{kb:.0f} KB is over the 1 KB limit"
    assert finding.where == meta_where(limited)
    assert failed(report) == ["email"]


# --- readability ---------------------------------------------------------------------------------------------


def running_text(leaflet: Leaflet, sections: tuple[Section, ...]) -> list[str]:
    """Each paragraph, item and box line on its own: the sentences the check measures (not headings,
    not table cells)."""
    return [
        t.plain(leaflet.numbers)
        for _, block, t in block_texts(sections)
        if block is not None and type(block).__name__ != "Table"
    ]


def hardest_section(path: Path) -> tuple[str, float]:
    """(name, reading age) of the section with the highest reading age, measured section by section."""
    leaflet = load_leaflet(path)
    ages = {
        section.name(leaflet.numbers): measure_texts(running_text(leaflet, (section,))).age
        for section in leaflet.sections
    }
    name = max(ages, key=lambda n: ages[n])
    return name, ages[name]


def test_readability_reports_figures_without_a_limit(ldn_pdf: Path) -> None:
    leaflet = load_leaflet(LDN)
    whole = measure_texts(running_text(leaflet, leaflet.sections))
    name, age = hardest_section(LDN)
    finding = check(ldn_pdf, LDN).get("readability")
    assert finding.ok
    assert f"Flesch {whole.ease:.0f}, reading age {whole.age:.0f}" in finding.figure
    assert f"hardest section: '{name}', age {age:.0f}" in finding.figure
    assert finding.figure.endswith("no limit set")


def test_readability_limit_6_names_the_hardest_section(ldn_pdf: Path, tmp_path: Path) -> None:
    strict = variant(tmp_path, with_meta(r"^(  pages: .*)$", r"\1\n  readingage: 6"))
    name, age = hardest_section(strict)
    assert age > 6
    report = check(ldn_pdf, strict)
    finding = report.get("readability")
    assert not finding.ok
    assert finding.problem == f"'{name}' has reading age {age:.0f}, above the leaflet's limit 6"
    assert finding.where == section_where(strict, name)
    assert failed(report) == ["readability"]


@pytest.mark.parametrize("slack", [0, -1])
def test_readability_limit_boundary(slack: int, ldn_pdf: Path, tmp_path: Path) -> None:
    _, age = hardest_section(LDN)
    limit = math.ceil(age) + slack
    limited = variant(tmp_path, with_meta(r"^(  pages: .*)$", rf"\1\n  readingage: {limit}"))
    finding = check(ldn_pdf, limited).get("readability")
    assert finding.ok == (age <= limit), finding.line()


# --- the command line ------------------------------------------------------------------------------------------


def test_cli_check_prints_one_line_per_check(ldn_pdf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(ldn_pdf), "--content", str(LDN)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{ldn_pdf}: all checks pass"
    assert [line.split()[:2] for line in out[1:]] == [["ok", name] for name in NAMES]


def test_cli_check_json(ldn_pdf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(ldn_pdf), "--content", str(LDN), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["pdf"] == str(ldn_pdf)
    assert [c["check"] for c in report["checks"]] == NAMES
    assert all(c["ok"] and c["where"] is None for c in report["checks"])


def test_cli_check_fails_with_1_on_a_broken_pdf(
    ldn_bytes: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(stamped(ldn_bytes, text_at(STRAY)))
    assert cli.main(["check", str(broken), "--content", str(LDN)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{broken}: CHECKS FAILED"
    # Stray text drawn on top is in no structure element either: the tags check fails on it too.
    assert [line.split()[1] for line in out if line.startswith("FAIL")] == ["text", "tags"]
    assert cli.main(["check", str(broken), "--content", str(LDN), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    text = next(c for c in report["checks"] if c["check"] == "text")
    assert report["ok"] is False
    assert text["ok"] is False
    assert text["where"] == str(meta_where(LDN))


def unreadable(kind: str, ldn_bytes: bytes, folder: Path) -> Path:
    path = folder / f"{kind}.pdf"
    if kind == "not a PDF":
        path.write_text("leaflet:\n  title: this is YAML, not a PDF\n", encoding="utf-8")
    elif kind == "truncated":
        path.write_bytes(ldn_bytes[: len(ldn_bytes) // 2])
    elif kind == "encrypted":
        path.write_bytes(edited(ldn_bytes, lambda w: w.encrypt("secret", algorithm="RC4-128")))
    else:
        assert kind == "missing"
    return path


@pytest.mark.parametrize("kind", ["not a PDF", "truncated", "encrypted", "missing"])
def test_cli_check_unreadable_pdf_exits_2(
    kind: str, ldn_bytes: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = unreadable(kind, ldn_bytes, tmp_path)
    started = time.monotonic()
    status = cli.main(["check", str(path), "--content", str(LDN)])
    assert time.monotonic() - started < 5
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert "Traceback" not in captured.err
    lines = [line for line in captured.err.splitlines() if not line.startswith("  hint:")]
    assert len(lines) == 1, captured.err
    assert lines[0].startswith(f"{path}: ")
    assert len(lines[0]) > len(f"{path}: ")
