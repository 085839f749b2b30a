"""Checks that a mutation run showed no test would miss if broken (issue 7, section 6).

Each test breaks one thing a check guards, in a real build (the LDN leaflet, edited with pypdf or
with ReportLab canvas text merged onto a page), and asserts that exactly that check fails with a
message naming the problem and its place; where a limit is involved, a control on the good side
of it passes. `make mutate` (tests/mutate.py) runs the whole mutation session.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BuildText, leaflet_yaml
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from test_checks import (
    LDN,
    LDN_TEXT,
    STAMP,
    STRAY,
    edited,
    overlay,
    page_count,
    stamped,
    text_at,
    uris,
    variant,
    with_meta,
    yaml_where,
)

from leaflet.build import build, check
from leaflet.checks import Report, run_checks
from leaflet.content import block_texts, load_leaflet
from leaflet.errors import CheckFailed, PdfError
from leaflet.fonts import load_fonts
from leaflet.model import Leaflet
from leaflet.theme import Theme, Variant, make_theme

CLINICS = LDN.parent / "clinics.yaml"
SAFE = 5 * mm  # the print safe area: text starts at least 5 mm inside the trim
LONG = "Words that run on for well over forty characters, past the clip"  # the finding quotes the first 40
VARIANTS = {"A4": Variant(), "print": Variant(bleed=True), "large-print": Variant(large=True)}


class Built:
    """The LDN leaflet built in one variant: its bytes, and the content and theme to check them against."""

    def __init__(self, folder: Path, variant: Variant) -> None:
        self.data = build(LDN, folder, variant).path.read_bytes()
        self.leaflet: Leaflet = load_leaflet(LDN)
        self.theme: Theme = make_theme(self.leaflet.brand, load_fonts(self.leaflet.brand), variant)

    def check(self, data: bytes) -> Report:
        return run_checks(data, self.leaflet, self.theme)


class Builds(dict[str, Built]):
    """The LDN leaflet per variant, each built the first time a test asks for it."""

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        super().__init__()
        self.factory = factory

    def __missing__(self, name: str) -> Built:
        self[name] = Built(self.factory.mktemp(name), VARIANTS[name])
        return self[name]


@pytest.fixture(scope="module")
def ldn(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    return Builds(tmp_path_factory)


def words_at(words: str, x: float, y: float, size: float = 14, font: str = STAMP) -> Callable[[canvas.Canvas], None]:
    def draw(c: canvas.Canvas) -> None:
        c.setFont(font, size)
        c.drawString(x, y, words)

    return draw


def failed(report: Report) -> list[str]:
    return [f.check for f in report.findings if not f.ok]


# --- pages: the 5 mm safe area inside the trim -------------------------------------------------------------


def edges(theme: Theme) -> dict[str, tuple[str, float, float]]:
    """Text starting 1 pt inside the safe margin at each edge of the trim: (words, x, y)."""
    x0, y0, x1, y1 = theme.trim_box
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    return {
        "left": (LONG, x0 + SAFE - 1, mid_y),
        "right": ("x", x1 - SAFE + 1, mid_y),
        "bottom": (LONG, mid_x, y0 + SAFE - 1),
        "top": (LONG, x0 + 4 * SAFE, y1 - SAFE + 1),
    }


@pytest.mark.parametrize("edge", ["left", "right", "bottom", "top"])
@pytest.mark.parametrize("name", ["print", "A4"])
def test_pages_text_inside_the_safe_margin_is_named(name: str, edge: str, ldn: Builds) -> None:
    built = ldn[name]
    words, x, y = edges(built.theme)[edge]
    report = built.check(stamped(built.data, words_at(words, x, y), page=1))
    finding = report.get("pages")
    assert not finding.ok
    assert finding.problem == f'page 2: "{words[:40]}" is within 5 mm of the trim'


def drawn_code(page: PageObject) -> tuple[str, int]:
    """A font key of the page and a character code its subset draws (in FirstChar..LastChar, with a width)."""
    fonts = page["/Resources"]["/Font"]
    key = next(iter(fonts))
    font = fonts[key].get_object()
    first, widths = int(font["/FirstChar"]), [float(w) for w in font["/Widths"]]
    return str(key), next(first + i for i, w in enumerate(widths) if first + i > 32 and w > 0)


@pytest.mark.parametrize("name", ["print", "A4"])
def test_pages_text_exactly_5mm_inside_the_trim_passes(name: str, ldn: Builds) -> None:
    """At least 5 mm inside: a run starting exactly on the safe line, at each edge, is allowed. The content
    stream is written by hand, so the positions are the exact doubles of trim +- 5 mm."""
    built = ldn[name]
    x0, y0, x1, y1 = built.theme.trim_box
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    corners = [(x0 + SAFE, mid_y), (x1 - SAFE, mid_y), (mid_x, y0 + SAFE), (mid_x, y1 - SAFE)]

    def draw_exactly(writer: PdfWriter) -> None:
        page = writer.pages[1]
        key, code = drawn_code(page)
        runs = "".join(f"BT {key} 14 Tf {x!r} {y!r} Td <{code:02X}> Tj ET\n" for x, y in corners)
        stream = DecodedStreamObject()
        stream.set_data(b"q\n" + page.get_contents().get_data() + b"\nQ\n" + runs.encode())
        page.replace_contents(ContentStream(stream, writer))

    data = edited(built.data, draw_exactly)
    fragments = run_checks(data, built.leaflet, built.theme)
    assert fragments.get("pages").ok, fragments.get("pages").line()
    assert not fragments.get("text").ok, "the four runs are there, as stray text"


@pytest.mark.parametrize("box", ["/TrimBox", "/BleedBox"])
def test_pages_print_variant_with_a_wrong_box(box: str, ldn: Builds) -> None:
    """Page 2's trim or bleed box set to its media box: the print shop would cut or bleed in the wrong place."""
    built = ldn["print"]

    def widen(writer: PdfWriter) -> None:
        page = writer.pages[1]
        page[NameObject(box)] = ArrayObject(page.mediabox)

    data = edited(built.data, widen)
    media = tuple(round(float(v)) for v in PdfReader(io.BytesIO(data)).pages[1].mediabox)
    finding = built.check(data).get("pages")
    assert not finding.ok
    if box == "/TrimBox":
        assert finding.problem == f"page 2: trim box {media}, not the {built.theme.size_name} trim"
    else:
        assert finding.problem == f"page 2: bleed box {media}, not 3 mm beyond the trim"


@pytest.mark.parametrize("name", ["print", "A4"])
def test_pages_figure_names_the_bleed_boxes_of_the_print_variant(name: str, ldn: Builds) -> None:
    built = ldn[name]
    finding = built.check(built.data).get("pages")
    budget = built.leaflet.meta.pages[built.theme.variant.key]
    want = f"{page_count(built.data)}/{budget} pages {built.theme.size_name}"
    assert finding.figure == (want + ", trim and bleed boxes" if name == "print" else want)


@pytest.mark.parametrize("name", ["print", "A4"])
def test_pages_text_just_inside_the_safe_area_passes(name: str, ldn: Builds) -> None:
    """Control: 1 pt inside the safe area at the bottom-left and top-right corners is allowed."""
    built = ldn[name]
    x0, y0, x1, y1 = built.theme.trim_box
    size, word = 14.0, "x"
    right = x1 - SAFE - 1 - pdfmetrics.stringWidth(word, STAMP, size)

    def draw(c: canvas.Canvas) -> None:
        words_at(word, x0 + SAFE + 1, y0 + SAFE + 1, size)(c)
        words_at(word, right, y1 - SAFE - 1 - size, size)(c)

    finding = built.check(stamped(built.data, draw, page=1)).get("pages")
    assert finding.ok, finding.line()


# --- clearprint: oblique fonts and the type-size floor --------------------------------------------------------


@pytest.mark.parametrize("font", ["Helvetica-Oblique", "Courier-BoldOblique"])
def test_clearprint_oblique_font_is_italic(font: str, ldn: Builds) -> None:
    built = ldn["A4"]
    finding = built.check(stamped(built.data, text_at(LONG, font=font))).get("clearprint")
    assert not finding.ok
    assert finding.problem == f'page {page_count(built.data)}: italic text "{LONG[:40]}"'


@pytest.mark.parametrize("spacing", [0.05, 0.1, 0.2])
def test_clearprint_slightly_stretched_word_spacing_is_justified(spacing: float, ldn: Builds) -> None:
    """Justified lines stretch their spaces by a little or a lot: from a tenth of a point on, it is justified."""
    built = ldn["A4"]

    def draw(c: canvas.Canvas) -> None:
        text = c.beginText(72, 400)
        text.setFont(STAMP, 14)
        text.setWordSpace(spacing)
        text.textLine(STRAY)
        c.drawText(text)

    data = stamped(built.data, draw)
    assert f"{spacing:g} Tw".encode() in PdfReader(io.BytesIO(data)).pages[-1].get_contents().get_data()
    finding = built.check(data).get("clearprint")
    if spacing < 0.1:
        assert finding.ok, finding.line()
    else:
        assert not finding.ok
        assert finding.problem == f"page {page_count(data)}: justified text (stretched word spacing)"


def test_clearprint_pdf_without_text(ldn: Builds) -> None:
    """Every page's content emptied: nothing to measure is a failure, not a pass."""
    built = ldn["A4"]

    def blank(writer: PdfWriter) -> None:
        for page in writer.pages:
            page.replace_contents(ContentStream(None, writer))

    data = edited(built.data, blank)
    assert not "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).strip()
    finding = run_checks(data, None, None).get("clearprint")
    assert not finding.ok
    assert (finding.figure, finding.problem) == ("no text", "the PDF has no text to read")


def test_contrast_names_the_first_of_the_faintest_texts(ldn: Builds) -> None:
    built = ldn["A4"]

    def draw(c: canvas.Canvas) -> None:
        c.setFillColor(HexColor("#BBBBBB"))
        words_at(LONG, 72, 420)(c)
        words_at(STRAY, 72, 380)(c)

    data = stamped(built.data, draw)
    for report in (built.check(data), run_checks(data, None, None)):  # contrast needs no content
        finding = report.get("contrast")
        assert not finding.ok
        assert finding.problem == f'page {page_count(built.data)}: "{LONG[:40]}" is under 4.5:1'


def test_clearprint_upright_base_font_is_not_italic(ldn: Builds) -> None:
    """Control: the same stamp upright fails only the fonts check (Helvetica is not embedded)."""
    built = ldn["A4"]
    report = built.check(stamped(built.data, text_at(STRAY, font="Helvetica")))
    assert report.get("clearprint").ok, report.get("clearprint").line()
    assert "fonts" in failed(report)


@pytest.mark.parametrize("name", ["A4", "large-print"])
def test_clearprint_a_tenth_under_the_floor_fails(name: str, ldn: Builds) -> None:
    """The floor is the theme's (12 pt, 16 pt in large print); a tenth of a point under it is too small.
    Two runs share the smallest size: the finding names the first."""
    built = ldn[name]
    floor = built.theme.min_pt
    small = floor - 0.1

    def draw(c: canvas.Canvas) -> None:
        words_at(LONG, 72, 420, small)(c)
        words_at(STRAY, 72, 380, small)(c)

    data = stamped(built.data, draw)
    finding = built.check(data).get("clearprint")
    assert not finding.ok
    assert finding.problem == f'page {page_count(data)}: "{LONG[:40]}" is {small:.1f} pt, under {floor:g} pt'
    assert f"smallest text {small:.1f} pt (floor {floor:g})" in finding.figure


@pytest.mark.parametrize("name", ["A4", "large-print"])
def test_clearprint_within_rounding_of_the_floor_passes(name: str, ldn: Builds) -> None:
    """The check allows 0.05 pt for rounding: text drawn at floor - 0.05 pt passes."""
    built = ldn[name]
    data = stamped(built.data, text_at(STRAY, size=built.theme.min_pt - 0.05))
    finding = built.check(data).get("clearprint")
    assert finding.ok, finding.line()


def test_clearprint_floor_without_content_is_12pt(ldn: Builds) -> None:
    built = ldn["A4"]
    assert built.theme.min_pt == 12
    under, at = (stamped(built.data, text_at(STRAY, size=s)) for s in (11.9, 12))
    finding = run_checks(under, None, None).get("clearprint")
    assert not finding.ok
    assert finding.problem == f'page {page_count(under)}: "{STRAY}" is 11.9 pt, under 12 pt'
    assert run_checks(at, None, None).get("clearprint").ok


# --- email: JavaScript run on opening -------------------------------------------------------------------------


def open_action(writer: PdfWriter) -> None:
    """A JavaScript action run when the PDF opens, set on the catalogue alone (no /Names entry)."""
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    writer.root_object[NameObject("/OpenAction")] = action


def test_email_javascript_in_open_action(ldn: Builds) -> None:
    built = ldn["A4"]
    data = edited(built.data, open_action)
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/Names" not in root and "/JS" in root["/OpenAction"]
    for report in (built.check(data), run_checks(data, None, None)):
        finding = report.get("email")
        assert not finding.ok
        assert finding.problem == "the PDF contains JavaScript"
        assert failed(report) == ["email"]


def script() -> DictionaryObject:
    return DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})


def indirect_open_action(writer: PdfWriter) -> None:
    """The script one step away: the catalogue's /OpenAction is a reference to a /GoTo whose /Next runs it."""
    goto = DictionaryObject({NameObject("/S"): NameObject("/GoTo"), NameObject("/Next"): writer._add_object(script())})
    writer.root_object[NameObject("/OpenAction")] = writer._add_object(goto)


def page_open_script(writer: PdfWriter) -> None:
    writer.pages[1][NameObject("/AA")] = DictionaryObject({NameObject("/O"): script()})


def annotation_script(writer: PdfWriter) -> None:
    """On the first link annotation of the leaflet (page 3 of the LDN leaflet)."""
    annot = next(p for p in writer.pages if "/Annots" in p)["/Annots"][0].get_object()
    annot[NameObject("/AA")] = DictionaryObject({NameObject("/E"): writer._add_object(script())})


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (indirect_open_action, "the PDF contains JavaScript"),
        (page_open_script, "page 2 runs a script when it opens or closes"),
        (annotation_script, "page 3 has a script or attached file"),
    ],
    ids=["indirect-open-action", "page-open", "annotation-enter"],
)
def test_email_javascript_anywhere_a_viewer_runs_it(
    edit: Callable[[PdfWriter], None], problem: str, ldn: Builds
) -> None:
    built = ldn["A4"]
    data = edited(built.data, edit)
    for report in (built.check(data), run_checks(data, None, None)):
        assert report.get("email").problem == problem
        assert failed(report) == ["email"]


def test_email_open_action_to_a_page_is_allowed(ldn: Builds) -> None:
    """Control: an /OpenAction that only opens at page 1 is no script."""
    built = ldn["A4"]

    def to_first_page(writer: PdfWriter) -> None:
        target = ArrayObject([writer.pages[0].indirect_reference, NameObject("/Fit")])
        writer.root_object[NameObject("/OpenAction")] = target

    report = built.check(edited(built.data, to_first_page))
    assert report.ok, report.text()


# --- references: one listed twice -----------------------------------------------------------------------------


def test_references_orphan_citation_on_the_page_before_the_references(ldn: Builds) -> None:
    built = ldn["A4"]
    number = len(built.leaflet.references) + 1
    finding = built.check(stamped(built.data, text_at(f"See [{number}]"), page=-2)).get("references")
    assert not finding.ok
    assert finding.problem == f"citation [{number}] in the text has no reference"


def test_references_listed_twice(ldn: Builds) -> None:
    """The references page drawn a second time over itself: every line is on it twice, the first one named."""
    built = ldn["A4"]

    def twice(writer: PdfWriter) -> None:
        last = writer.pages[-1]
        copy = PdfReader(io.BytesIO(built.data)).pages[-1]
        last.merge_page(copy)

    data = edited(built.data, twice)
    last = PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    first = built.leaflet.references[0]
    assert last.count(first.authors[0]) == 2
    finding = built.check(data).get("references")
    assert not finding.ok
    assert finding.problem == "reference 1 is listed twice"
    assert finding.where == yaml_where(LDN, f"key: {first.key}")


# --- links: present, but on another page than its text --------------------------------------------------------


def test_links_on_another_page_than_their_text(ldn: Builds) -> None:
    built = ldn["A4"]
    reader = PdfReader(io.BytesIO(built.data))
    line, uri = next((n, line) for n, line in enumerate(LDN_TEXT.splitlines()) if "<https://" in line)
    uri = uri.split("<", 1)[1].split(">", 1)[0]
    (home,) = [i for i, p in enumerate(reader.pages) for a in p.get("/Annots") or [] if uri in str(a.get_object())]
    away = 0 if home else 1

    def move(writer: PdfWriter) -> None:
        source, target = writer.pages[home], writer.pages[away]
        annots = list(source["/Annots"])
        moving = [a for a in annots if a.get_object()["/A"].get("/URI") == uri]
        source[NameObject("/Annots")] = ArrayObject([a for a in annots if a not in moving])
        target[NameObject("/Annots")] = ArrayObject([*(target.get("/Annots") or []), *moving])

    data = edited(built.data, move)
    assert sorted(uris(data)) == sorted(uris(built.data)), "the link is still in the PDF"
    report = built.check(data)
    finding = report.get("links")
    assert not finding.ok
    assert finding.problem.startswith(f"no link to {uri} on the page showing")
    owner = LDN_TEXT.splitlines()[line - 1].strip()  # the link is the second line of its folded item
    assert finding.where == yaml_where(LDN, owner)
    assert failed(report) == ["links", "tags"]  # the moved annotation also leaves its Link element


# --- links: the message quotes the link's text, and names the first stray link ---------------------------------


@pytest.mark.parametrize(
    "shown", ["the adverse reaction form on the web: 40", "the national adverse reactions reporting form"]
)
def test_links_missing_link_quotes_its_text_clipped_at_40(shown: str, build_text: BuildText) -> None:
    assert len(shown) >= 40  # exactly 40 is quoted whole
    uri = "https://example.org/report"
    result = build_text(leaflet_yaml([{"paragraph": f"Use [{shown}]({uri}) to tell us."}]))
    theme = make_theme(result.leaflet.brand, load_fonts(result.leaflet.brand))
    data = result.pdf_path.read_bytes()

    def unlink(writer: PdfWriter) -> None:
        for page in writer.pages:
            if "/Annots" in page:
                del page["/Annots"]

    finding = run_checks(edited(data, unlink), result.leaflet, theme).get("links")
    assert not finding.ok
    quoted = shown if len(shown) == 40 else f"{shown[:39]}…"
    assert finding.problem == f"no link to {uri} on the page showing '{quoted}'"


def test_links_names_the_first_of_two_stray_links(ldn: Builds) -> None:
    built = ldn["A4"]
    first, second = "https://example.net/one", "https://example.net/two"

    def add(writer: PdfWriter) -> None:
        writer.add_annotation(0, Link(rect=(72, 400, 200, 420), url=first))
        writer.add_annotation(0, Link(rect=(72, 360, 200, 380), url=second))

    finding = built.check(edited(built.data, add)).get("links")
    assert not finding.ok
    assert finding.problem == f"a link points to {first}, which the content does not"


# --- email: the size limit is inclusive -------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 1])
def test_email_size_exactly_at_the_limit_passes(extra: int, ldn: Builds, tmp_path: Path) -> None:
    """The PDF padded after %%EOF to exactly N KB passes a limit of N KB; one byte more fails it."""
    built = ldn["A4"]
    limit = len(built.data) // 1024 + 1
    data = built.data + b"\n" * (limit * 1024 - len(built.data) + extra)
    assert len(data) == limit * 1024 + extra
    limited = variant(tmp_path, with_meta(r"^(  pages: .*)$", rf"\1\n  maxkb: {limit}"))
    leaflet = load_leaflet(limited)
    finding = run_checks(data, leaflet, built.theme).get("email")
    assert finding.ok == (extra == 0), finding.line()
    if extra:
        assert finding.problem == f"{limit} KB is over the {limit} KB limit"


# --- what a failed report raises, and what a missing unit's message shows ---------------------------------------


def test_a_failed_report_raises_naming_its_first_failure(ldn: Builds) -> None:
    built = ldn["A4"]
    report = built.check(stamped(built.data, text_at(STRAY, size=built.theme.min_pt - 1)))
    assert failed(report) == ["text", "clearprint", "tags"]  # stray text is untagged text too
    with pytest.raises(CheckFailed) as caught:
        report.raise_if_failed()
    first = report.get("text")
    assert caught.value.message == f"text check failed: {first.problem}"
    assert caught.value.where == first.where
    assert caught.value.hint == f"{len(failed(report))} check(s) failed; the previous PDF was left in place"


def test_report_lines_name_the_place_when_there_is_one(ldn: Builds) -> None:
    built = ldn["A4"]
    report = built.check(stamped(built.data, text_at(STRAY, size=built.theme.min_pt - 1)))
    text, clear = report.get("text"), report.get("clearprint")
    assert text.where is not None and clear.where is None
    assert text.line() == f"FAIL {'text':<12} {text.figure}\n     {text.where}: {text.problem}"
    assert clear.line() == f"FAIL {'clearprint':<12} {clear.figure}\n     {clear.problem}"
    assert report.get("fonts").line() == f"ok   {'fonts':<12} {report.get('fonts').figure}"


def test_pages_with_no_budget_for_the_size_are_over_the_default(ldn: Builds, tmp_path: Path) -> None:
    """A leaflet that sets budgets for other sizes only gets the default A4 budget, less than LDN needs."""
    built = ldn["A4"]
    others = variant(tmp_path, with_meta(r"^  pages: .*$", "  pages: {A5: 8}"))
    leaflet = load_leaflet(others)
    assert leaflet.meta.pages["A4"] < page_count(built.data)
    finding = run_checks(built.data, leaflet, built.theme).get("pages")
    assert not finding.ok
    assert finding.problem == f"{page_count(built.data)} pages, over the A4 budget of {leaflet.meta.pages['A4']}"


def test_text_missing_unit_shows_the_closest_text(tmp_path: Path) -> None:
    """A one-character change in a long paragraph: the message quotes the content (clipped to 70) and the PDF's
    nearest stretch of the same length, which starts where the paragraph does."""
    snippet, wrong = "published in September 2008", "published in September 2009"
    typo = build(variant(tmp_path, LDN_TEXT.replace(snippet, wrong)), tmp_path / "out").path
    leaflet = load_leaflet(LDN)
    plain = next(
        t.plain(leaflet.numbers) for _, _, t in block_texts(leaflet.sections) if snippet in t.plain(leaflet.numbers)
    )
    want = " ".join(plain.split())
    assert len(want) > 70
    near = want.replace(snippet, wrong)[:70]
    finding = check(typo, LDN).get("text")
    assert not finding.ok
    section = "Research into LDN and MS"
    expected = f'the paragraph in \'{section}\' is missing: "{want[:69]}\u2026"; closest text in the PDF: "{near}"'
    assert finding.problem == expected


def test_text_stray_text_before_the_title(ldn: Builds) -> None:
    """Text drawn under page 1's own content (first in reading order, before the title) is stray too."""
    built = ldn["A4"]

    def underneath(writer: PdfWriter) -> None:
        page = writer.pages[0]
        size = (float(page.mediabox.width), float(page.mediabox.height))
        page.merge_page(overlay(size, text_at(STRAY)), over=False)

    data = edited(built.data, underneath)
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().lstrip().startswith(STRAY)
    finding = built.check(data).get("text")
    assert not finding.ok
    assert finding.problem == f'text that comes from no content: "{STRAY}"'


def test_metadata_runs_without_content(ldn: Builds) -> None:
    """Without the YAML the metadata check still asks for a title, author, subject and language."""
    built = ldn["A4"]

    def drop_lang(writer: PdfWriter) -> None:
        del writer.root_object[NameObject("/Lang")]

    finding = run_checks(edited(built.data, drop_lang), None, None).get("metadata")
    assert not finding.ok
    assert (finding.problem, finding.where) == ("no language", None)


def test_email_limit_without_content_is_the_readme_1024_kb(ldn: Builds) -> None:
    readme = (LDN.parent.parent / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `email` |"))
    match = re.search(r"(\d+) KB", row)
    assert match, row
    limit = int(match.group(1))
    data = ldn["A4"].data
    finding = run_checks(data, None, None).get("email")
    assert finding.ok
    assert finding.figure.startswith(f"{len(data) / 1024:.0f} KB (limit {limit} KB)")


def test_references_orphan_citations_name_the_lowest(ldn: Builds) -> None:
    """[0] and [N+1] both cite nothing: the finding names the lowest."""
    built = ldn["A4"]
    number = len(built.leaflet.references) + 1
    finding = built.check(stamped(built.data, text_at(f"See [0] and [{number}]"), page=0)).get("references")
    assert not finding.ok
    assert finding.problem == "citation [0] in the text has no reference"


def test_text_missing_title_hint_starts_at_the_pdf_text(tmp_path: Path) -> None:
    """The PDF's title lacks its first letter: the hint quotes the PDF from its start, not an empty stretch."""
    title = load_leaflet(LDN).meta.title
    cut = variant(tmp_path, LDN_TEXT.replace(f"title: {title}", f"title: {title[1:]}", 1))
    finding = check(build(cut, tmp_path / "out").path, LDN).get("text")
    assert not finding.ok
    assert finding.problem.startswith(f'the title is missing: "{title}"; closest text in the PDF: "{title[1:]}')


@pytest.mark.parametrize("below", [0, 1])
def test_text_run_exactly_on_the_footer_line_is_body_text(below: int, ldn: Builds) -> None:
    """Text whose baseline is exactly at the top of the footer area belongs to the page body (and is stray
    here); 1 pt lower it is footer furniture, which the text check leaves out."""
    built = ldn["A4"]
    theme = built.theme
    floor = theme.offset + theme.margin_y + theme.footer_height

    def draw_on_the_line(writer: PdfWriter) -> None:
        page = writer.pages[-1]
        key, code = drawn_code(page)
        stream = DecodedStreamObject()
        run = f"BT {key} 14 Tf 100 {floor - below!r} Td <{code:02X}> Tj ET\n"
        stream.set_data(b"q\n" + page.get_contents().get_data() + b"\nQ\n" + run.encode())
        page.replace_contents(ContentStream(stream, writer))

    finding = built.check(edited(built.data, draw_on_the_line)).get("text")
    if below:
        assert finding.ok, finding.line()
    else:
        assert not finding.ok
        assert finding.problem.startswith("text that comes from no content")


def test_fonts_names_the_first_code_without_a_glyph(ldn: Builds) -> None:
    built = ldn["A4"]
    page = PdfReader(io.BytesIO(built.data)).pages[0]
    key = next(k for k, f in page["/Resources"]["/Font"].items() if f.get_object()["/Subtype"] == "/TrueType")
    last = int(page["/Resources"]["/Font"][key].get_object()["/LastChar"])
    assert last + 2 <= 255

    def draw_codes(writer: PdfWriter) -> None:
        target = writer.pages[0]
        stream = DecodedStreamObject()
        extra = f"\nq 0 g BT {key} 14 Tf 72 420 Td <{last + 1:02X}{last + 2:02X}> Tj ET Q\n".encode()
        stream.set_data(target.get_contents().get_data() + extra)
        target.replace_contents(ContentStream(stream, writer))

    finding = built.check(edited(built.data, draw_codes)).get("fonts")
    assert not finding.ok
    assert finding.problem.startswith(f"page 1: code {last + 1} in font {key} has no glyph")


def test_a_pdf_whose_xref_is_off_is_refused_not_repaired(ldn: Builds) -> None:
    """pypdf can rebuild a broken cross-reference table; the checks read PDFs strictly and refuse it (exit 2)."""
    data = ldn["A4"].data
    bad = re.sub(rb"startxref\s+(\d+)", lambda m: b"startxref\n" + str(int(m.group(1)) + 7).encode(), data)
    assert bad != data
    with pytest.raises(PdfError) as caught:
        run_checks(bad, None, None, "damaged.pdf")
    assert caught.value.message.startswith("cannot read the PDF: ")
    assert str(caught.value.where) == "damaged.pdf"
