"""Variants: page sizes, large print, the print-shop PDF, the booklet, the QR code and plain text.

Every expectation comes from the theme or the content; the PDFs are read back with pypdf
(text runs, stroked lines and filled rectangles, from the content stream) and, for the QR
code, rendered with pypdfium2 and decoded with zxing-cpp.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
import zxingcpp
from pypdf import PageObject, PdfReader
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.units import mm

from leaflet import booklet, wording
from leaflet.blocks import BY_MODEL
from leaflet.blocks.lists import Bullets, Numbered
from leaflet.blocks.paragraph import Paragraph
from leaflet.build import Built, build, build_booklet, build_text, check
from leaflet.content import load_leaflet
from leaflet.fonts import load_fonts
from leaflet.model import Leaflet, Text
from leaflet.theme import BLEED, LARGE_FLOOR, LARGE_PT, MIN_TEXT_PT, Theme, Variant, make_theme

ROOT = Path(__file__).resolve().parent.parent
LDN = ROOT / "content" / "ldn-ms.yaml"
QR_LEAFLET = ROOT / "tests" / "content" / "variants" / "qr-test.yaml"
QR_URL = "https://example.org/leaflets/qr-test"
SAFE = 5 * mm  # REFERENCE.md: safe margin for text inside the trim
TOL = 0.01  # points
THIN = 0.5  # a crop mark is about 0.25 pt
DPI = 200

VARIANTS = {
    "A4": Variant(),
    "A5": Variant(size="A5"),
    "Letter": Variant(size="Letter"),
    "large-print": Variant(large=True),
    "print": Variant(bleed=True),
}
TRIMS = {"A4": A4, "A5": A5, "Letter": LETTER}


# --- reading the content stream back -------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A run of text as drawn: where its baseline starts (page space) and its effective size."""

    text: str
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Segment:
    """A stroked straight line, in page space, with its stroke width."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float


@dataclass(frozen=True)
class Fill:
    """A filled rectangle's bounding box in page space, with its fill colour."""

    x0: float
    y0: float
    x1: float
    y1: float
    colour: tuple[float, ...]


@dataclass
class Scan:
    runs: list[Run] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    fills: list[Fill] = field(default_factory=list)


def mul(a: list[float], b: list[float]) -> list[float]:
    """a x b for PDF matrices [a b c d e f] (row-vector convention)."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


def scan_page(page: PageObject) -> Scan:
    """Text runs (visitor_text), stroked segments (m/l/S) and filled rectangles (re/f), all through the cm matrix."""
    out = Scan()
    state: list[dict[str, Any]] = [{"w": 1.0, "fill": (0.0, 0.0, 0.0)}]
    paths: list[list[tuple[float, float]]] = []
    rects: list[tuple[float, float, float, float]] = []

    def before(op: bytes, args: list[Any], cm: list[float], tm: list[float]) -> None:
        nums = [float(a) for a in args if isinstance(a, int | float)]
        if op == b"q":
            state.append(dict(state[-1]))
        elif op == b"Q":
            if len(state) > 1:
                state.pop()
        elif op == b"w" and nums:
            state[-1]["w"] = nums[0] * math.hypot(cm[0], cm[1])
        elif op == b"rg" and len(nums) == 3:
            state[-1]["fill"] = tuple(nums)
        elif op == b"g" and len(nums) == 1:
            state[-1]["fill"] = (nums[0],) * 3
        elif op == b"k" and len(nums) == 4:  # as a viewer without colour management shows CMYK
            c, m, y, k = nums
            state[-1]["fill"] = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        elif op == b"m" and len(nums) == 2:
            paths.append([apply(cm, *nums)])
        elif op == b"l" and len(nums) == 2 and paths:
            paths[-1].append(apply(cm, *nums))
        elif op in (b"c", b"v", b"y") and len(nums) >= 2:
            paths.append([apply(cm, *nums[-2:])])  # a curve is no straight segment: start afresh at its end
        elif op == b"re" and len(nums) == 4:
            x, y, w, h = nums
            corners = [apply(cm, x, y), apply(cm, x + w, y), apply(cm, x, y + h), apply(cm, x + w, y + h)]
            xs, ys = [c[0] for c in corners], [c[1] for c in corners]
            rects.append((min(xs), min(ys), max(xs), max(ys)))
        elif op in (b"S", b"s"):
            for path in paths:
                for (x0, y0), (x1, y1) in itertools.pairwise(path):
                    out.segments.append(Segment(x0, y0, x1, y1, state[-1]["w"]))
            paths.clear()
            rects.clear()
        elif op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
            out.fills += [Fill(*r, state[-1]["fill"]) for r in rects]
            paths.clear()
            rects.clear()
        elif op == b"n":
            paths.clear()
            rects.clear()

    def text(words: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if words.strip():
            m = mul(tm, cm)
            out.runs.append(Run(words.strip(), m[4], m[5], size * math.hypot(m[2], m[3])))

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return out


def flat(text: str) -> str:
    """Whitespace collapsed, and a line break after a hyphen joined."""
    return " ".join(re.sub(r"-\s*\n\s*", "-", text).split())


def box(rect: Any) -> tuple[float, ...]:
    return tuple(float(v) for v in rect)


def close(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= TOL for x, y in zip(a, b, strict=True))


# --- builds, once per module ----------------------------------------------------------------------


@dataclass
class Made:
    variant: Variant
    built: Built
    reader: PdfReader
    theme: Theme
    scans: list[Scan]

    @property
    def leaflet(self) -> Leaflet:
        return self.built.leaflet


def theme_of(leaflet: Leaflet, variant: Variant) -> Theme:
    return make_theme(leaflet.brand, load_fonts(leaflet.brand), variant)


def made(content: Path, out: Path, variant: Variant) -> Made:
    built = build(content, out, variant)
    assert built.path.is_file()
    reader = PdfReader(built.path)
    return Made(variant, built, reader, theme_of(built.leaflet, variant), [scan_page(p) for p in reader.pages])


@pytest.fixture(scope="module")
def ldn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Made]:
    """The LDN leaflet in every variant, built once for this module."""
    out = tmp_path_factory.mktemp("variants")
    return {name: made(LDN, out, variant) for name, variant in VARIANTS.items()}


@pytest.fixture(scope="module")
def ldn_booklet(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_booklet(LDN, tmp_path_factory.mktemp("booklet"))


@pytest.fixture(scope="module")
def qr(tmp_path_factory: pytest.TempPathFactory) -> Made:
    return made(QR_LEAFLET, tmp_path_factory.mktemp("qr"), Variant())


# --- 1. page and box sizes, crop marks, bleed, safe margin ---------------------------------------


@pytest.mark.parametrize("name", VARIANTS)
def test_media_box_is_the_theme_page_and_trim_box_the_theme_trim(ldn: dict[str, Made], name: str) -> None:
    m = ldn[name]
    for n, page in enumerate(m.reader.pages, 1):
        assert close(box(page.mediabox), (0.0, 0.0, *m.theme.page)), f"page {n} MediaBox"
        assert close(box(page.trimbox), m.theme.trim_box), f"page {n} TrimBox"


@pytest.mark.parametrize("name", [n for n, v in VARIANTS.items() if not v.bleed])
def test_without_bleed_media_and_trim_are_the_paper_size(ldn: dict[str, Made], name: str) -> None:
    m = ldn[name]
    paper = (0.0, 0.0, *(float(v) for v in TRIMS[m.variant.size]))
    for page in m.reader.pages:
        assert close(box(page.mediabox), paper)
        assert close(box(page.trimbox), paper)


def test_print_variant_has_bleed_box_3mm_round_the_trim_and_a_larger_media_box(ldn: dict[str, Made]) -> None:
    m = ldn["print"]
    assert math.isclose(m.theme.bleed, 3 * mm) and m.theme.bleed == BLEED
    paper = TRIMS[m.variant.size]
    for page in m.reader.pages:
        tx0, ty0, tx1, ty1 = box(page.trimbox)
        assert close((tx1 - tx0, ty1 - ty0), tuple(float(v) for v in paper))
        b = m.theme.bleed
        assert close(box(page.bleedbox), (tx0 - b, ty0 - b, tx1 + b, ty1 + b))
        mx0, my0, mx1, my1 = box(page.mediabox)
        bx0, by0, bx1, by1 = box(page.bleedbox)
        assert mx0 < bx0 and my0 < by0 and mx1 > bx1 and my1 > by1


def outside(seg: Segment, rect: tuple[float, ...]) -> bool:
    """The segment lies wholly outside the rectangle (touching its edge counts as outside)."""
    x0, y0, x1, y1 = rect
    return (
        max(seg.x0, seg.x1) <= x0 + TOL
        or min(seg.x0, seg.x1) >= x1 - TOL
        or max(seg.y0, seg.y1) <= y0 + TOL
        or min(seg.y0, seg.y1) >= y1 - TOL
    )


def corner_marks(scan: Scan, trim: tuple[float, ...], bleed: tuple[float, ...], reach: float) -> dict[str, list[str]]:
    """Per trim corner, the thin marks outside the bleed: 'h' on the trim's horizontal edge, 'v' on its vertical."""
    x0, y0, x1, y1 = trim
    found: dict[str, list[str]] = {}
    for cx, cy, name in (
        (x0, y0, "bottom left"),
        (x1, y0, "bottom right"),
        (x0, y1, "top left"),
        (x1, y1, "top right"),
    ):
        kinds = []
        for s in scan.segments:
            if s.width > THIN or not outside(s, bleed):
                continue
            ends = ((s.x0, s.y0), (s.x1, s.y1))
            if any(abs(x - cx) > reach or abs(y - cy) > reach for x, y in ends):
                continue
            if abs(s.y0 - cy) <= TOL and abs(s.y1 - cy) <= TOL:
                kinds.append("h")
            elif abs(s.x0 - cx) <= TOL and abs(s.x1 - cx) <= TOL:
                kinds.append("v")
        found[name] = kinds
    return found


def test_print_variant_has_thin_crop_marks_outside_the_bleed_at_every_corner(ldn: dict[str, Made]) -> None:
    m = ldn["print"]
    reach = m.theme.offset  # the marks stand in the slug, between the bleed and the media edge
    for n, (page, scan) in enumerate(zip(m.reader.pages, m.scans, strict=True), 1):
        marks = corner_marks(scan, box(page.trimbox), box(page.bleedbox), reach)
        for corner, kinds in marks.items():
            assert "h" in kinds and "v" in kinds, f"page {n}, {corner} corner: crop marks {kinds}"
        media = box(page.mediabox)
        for s in scan.segments:
            if s.width <= THIN and outside(s, box(page.bleedbox)):
                assert all(media[0] <= v <= media[2] for v in (s.x0, s.x1)), "a crop mark off the page"
                assert all(media[1] <= v <= media[3] for v in (s.y0, s.y1)), "a crop mark off the page"


@pytest.mark.parametrize("name", [n for n, v in VARIANTS.items() if not v.bleed])
def test_no_crop_marks_without_bleed(ldn: dict[str, Made], name: str) -> None:
    m = ldn[name]
    for n, (page, scan) in enumerate(zip(m.reader.pages, m.scans, strict=True), 1):
        trim = box(page.trimbox)
        strays = [s for s in scan.segments if outside(s, trim)]
        assert not strays, f"page {n}: lines outside the trim {strays}"
        assert all(not any(kinds) for kinds in corner_marks(scan, trim, trim, BLEED + 10 * mm).values())


def title_band(m: Made) -> Fill:
    """Page 1's widest rectangle in the brand's primary colour."""
    primary = tuple(int(m.built.leaflet.brand.primary[i : i + 2], 16) / 255 for i in (1, 3, 5))
    bands = [f for f in m.scans[0].fills if all(abs(a - b) < 0.005 for a, b in zip(f.colour, primary, strict=True))]
    assert bands, "no filled rectangle in the primary colour on page 1"
    return max(bands, key=lambda f: f.x1 - f.x0)


def test_title_band_runs_into_the_bleed_in_the_print_variant(ldn: dict[str, Made]) -> None:
    m = ldn["print"]
    band = title_band(m)
    page = m.reader.pages[0]
    tx0, _, tx1, ty1 = box(page.trimbox)
    bx0, _, bx1, by1 = box(page.bleedbox)
    assert band.x0 < tx0 and band.x1 > tx1 and band.y1 > ty1, "the band stops at the trim"
    assert close((band.x0, band.x1, band.y1), (bx0, bx1, by1)), "the band does not reach the bleed edge"


@pytest.mark.parametrize("name", [n for n, v in VARIANTS.items() if not v.bleed])
def test_title_band_stops_at_the_page_edge_without_bleed(ldn: dict[str, Made], name: str) -> None:
    m = ldn[name]
    band = title_band(m)
    w, h = m.theme.page
    assert close((band.x0, band.x1, band.y1), (0.0, w, h))


@pytest.mark.parametrize("name", VARIANTS)
def test_all_text_starts_at_least_5mm_inside_the_trim(ldn: dict[str, Made], name: str) -> None:
    m = ldn[name]
    for n, (page, scan) in enumerate(zip(m.reader.pages, m.scans, strict=True), 1):
        x0, y0, x1, y1 = box(page.trimbox)
        assert scan.runs, f"page {n} has no text"
        for run in scan.runs:
            inside = x0 + SAFE <= run.x <= x1 - SAFE and y0 + SAFE <= run.y and run.y + run.size <= y1 - SAFE
            assert inside, f"page {n}: {run.text!r} at ({run.x:.1f}, {run.y:.1f}) is within 5 mm of the trim"


# --- 2. type sizes ----------------------------------------------------------------------------------


def paragraph_texts(leaflet: Leaflet) -> list[str]:
    return [flat(b.text.plain(leaflet.numbers)) for s in leaflet.sections for b in s.blocks if isinstance(b, Paragraph)]


def body_runs(m: Made) -> list[Run]:
    """The first line of each paragraph of the content: the runs that open a paragraph."""
    runs = [r for scan in m.scans for r in scan.runs]
    found = []
    for para in paragraph_texts(m.leaflet):
        opening = [r for r in runs if len(r.text.split()) >= 3 and para.startswith(flat(r.text))]
        assert opening, f"no line of the paragraph {para[:40]!r} found"
        found += opening
    return found


@pytest.mark.parametrize("name", VARIANTS)
def test_body_text_is_the_theme_body_size_and_never_under_12pt(ldn: dict[str, Made], name: str) -> None:
    m = ldn[name]
    want = m.theme.styles["body"].fontSize
    assert want >= MIN_TEXT_PT
    for run in body_runs(m):
        assert math.isclose(run.size, want, abs_tol=0.05), f"{run.text!r} at {run.size} pt, body is {want}"
    smallest = min(r.size for scan in m.scans for r in scan.runs)
    assert smallest >= MIN_TEXT_PT - 0.05, f"text at {smallest} pt"


def test_large_print_body_is_18pt_and_nothing_is_under_16pt(ldn: dict[str, Made]) -> None:
    m = ldn["large-print"]
    for run in body_runs(m):
        assert math.isclose(run.size, LARGE_PT, abs_tol=0.05)
    small = [r for scan in m.scans for r in scan.runs if r.size < LARGE_FLOOR - 0.05]
    assert not small, f"text under {LARGE_FLOOR} pt in large print: {small[:3]}"


def test_standard_leaflet_carries_the_other_formats_line_at_16pt_or_more(ldn: dict[str, Made]) -> None:
    m = ldn["A4"]
    line = flat(wording.other_formats(m.leaflet))
    text = flat("\n".join(p.extract_text() for p in m.reader.pages))
    assert line in text
    runs = [r for scan in m.scans for r in scan.runs if line.startswith(flat(r.text)) and len(r.text.split()) >= 3]
    assert runs, "the other-formats line is not drawn as text"
    for run in runs:
        assert run.size >= 16 - 0.05, f"the other-formats line is set at {run.size} pt"


# --- 3. the check stage ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", VARIANTS)
def test_every_variant_passes_the_check_stage(ldn: dict[str, Made], name: str) -> None:
    m = ldn[name]
    report = check(m.built.path, LDN, m.variant)
    assert report.ok, [f for f in report.findings if not f.ok]


# --- 4. booklet --------------------------------------------------------------------------------------


def saddle_stitch(pages: int) -> list[tuple[int, int]]:
    """(left, right) for each sheet side from the rule 'the two pages on a side add to n+1'; 0 is a blank.

    Side k (from 0) carries page k+1 and its partner n-k; fronts (even k) put the higher page on the left.
    """
    n = -(-pages // 4) * 4
    sides = []
    for k in range(n // 2):
        low, high = k + 1, n - k
        sides.append((high, low) if k % 2 == 0 else (low, high))
    return [(a if a <= pages else 0, b if b <= pages else 0) for a, b in sides]


def test_saddle_stitch_helper_follows_the_reference_example() -> None:
    assert saddle_stitch(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_sheet_order_for_8_pages_is_the_reference_example() -> None:
    assert booklet.sheet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]


def test_sheet_order_for_12_pages_follows_the_n_plus_1_rule() -> None:
    order = booklet.sheet_order(12)
    assert order == saddle_stitch(12)
    assert all(a + b == 13 for a, b in order)
    assert sorted(p for side in order for p in side) == list(range(1, 13))


def test_sheet_order_pads_with_blanks() -> None:
    assert booklet.sheet_order(6) == saddle_stitch(6)
    assert sorted(p for side in booklet.sheet_order(6) for p in side) == [0, 0, 1, 2, 3, 4, 5, 6]


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_booklet_sheets_are_a4_landscape_in_saddle_stitch_order(ldn: dict[str, Made], ldn_booklet: Built) -> None:
    a5 = ldn["A5"]
    a5_w, a5_h = (float(v) for v in A5)
    assert close(box(a5.reader.pages[0].mediabox), (0.0, 0.0, a5_w, a5_h))
    sheets = PdfReader(ldn_booklet.path)
    pages = len(a5.reader.pages)
    assert len(sheets.pages) == math.ceil(pages / 4) * 2
    order = saddle_stitch(pages)
    a4_landscape = (297 * mm, 210 * mm)  # exactly, not two A5 widths
    for n, (side, (left, right)) in enumerate(zip(sheets.pages, order, strict=True), 1):
        assert close(box(side.mediabox), (0.0, 0.0, *a4_landscape)), f"sheet side {n} is not A4 landscape"
        runs = scan_page(side).runs
        fold = a4_landscape[0] / 2
        halves = {
            "left": squeeze("".join(r.text for r in runs if r.x < fold)),
            "right": squeeze("".join(r.text for r in runs if r.x >= fold)),
        }
        for where, number in (("left", left), ("right", right)):
            want = squeeze("".join(r.text for r in a5.scans[number - 1].runs)) if number else ""
            assert halves[where] == want, f"sheet side {n} {where} should be page {number or 'blank'}"


# --- 5. QR code ---------------------------------------------------------------------------------------


def decode(path: Path, index: int) -> list[Any]:
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[index]
        try:
            bitmap = page.render(scale=DPI / 72)
            image = bitmap.to_pil()
            bitmap.close()
        finally:
            page.close()
    finally:
        doc.close()
    return list(zxingcpp.read_barcodes(image))


def qr_page(m: Made) -> int:
    holding = [i for i, p in enumerate(m.reader.pages) if QR_URL in flat(p.extract_text()).replace(" ", "")]
    assert len(holding) == 1, f"the URL is printed on pages {holding}"
    return holding[0]


def test_qr_fixture_names_the_url() -> None:
    assert load_leaflet(QR_LEAFLET).meta.url == QR_URL


def test_qr_code_decodes_to_exactly_the_url(qr: Made) -> None:
    found = decode(qr.built.path, qr_page(qr))
    assert [r.text for r in found] == [QR_URL]
    assert found[0].format == zxingcpp.BarcodeFormat.QRCode


def test_url_is_printed_beside_the_qr_code_and_linked(qr: Made) -> None:
    index = qr_page(qr)
    page = qr.reader.pages[index]
    assert flat(wording.online(qr.leaflet)) in flat(page.extract_text())
    uris = [str(a.get_object()["/A"]["/URI"]) for a in page.get("/Annots", [])]
    assert QR_URL in uris
    (code,) = decode(qr.built.path, index)
    height = float(page.mediabox.height)
    corners = [code.position.top_left, code.position.top_right, code.position.bottom_left, code.position.bottom_right]
    xs = [p.x * 72 / DPI for p in corners]
    ys = [height - p.y * 72 / DPI for p in corners]
    beside = [r for r in qr.scans[index].runs if QR_URL.startswith(r.text) and len(r.text) > 8]
    assert beside, "the URL is not drawn as a run of text"
    assert any(r.x > max(xs) and min(ys) <= r.y <= max(ys) for r in beside), "the URL is not beside the QR code"


def test_leaflet_without_url_has_no_qr_code(ldn: dict[str, Made]) -> None:
    m = ldn["A4"]
    assert not m.leaflet.meta.url
    for index in range(len(m.reader.pages)):
        assert decode(m.built.path, index) == [], f"a barcode on page {index + 1}"


# --- 6. plain text -------------------------------------------------------------------------------------


def spelled(text: Text, numbers: Any) -> str:
    """What the text output should say: the words, each link's target in brackets unless the words are it."""
    out = []
    for span in text.spans:
        words = Text((span,), text.where).plain(numbers)
        out.append(f"{words} ({span.href})" if span.href and span.href != words else words)
    return "".join(out)


@pytest.fixture(scope="module", params=[LDN, QR_LEAFLET], ids=["ldn", "qr-test"])
def plain(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Leaflet, str]]:
    built = build_text(request.param, tmp_path_factory.mktemp("text"))
    data = built.path.read_bytes()
    yield load_leaflet(request.param), data.decode("utf-8")


def test_text_has_title_and_every_heading_underlined(plain: tuple[Leaflet, str]) -> None:
    leaflet, text = plain
    lines = text.splitlines()
    assert lines[0] == leaflet.meta.title
    headings = [s.heading.plain(leaflet.numbers) for s in leaflet.sections if s.heading]
    assert headings
    for heading in headings:
        assert heading in lines, f"heading {heading!r} missing"
        after = lines[lines.index(heading) + 1]
        assert len(after) == len(heading) and len(set(after)) == 1 and not after[0].isalnum()


def test_text_has_every_paragraph_and_prefixed_list_items(plain: tuple[Leaflet, str]) -> None:
    leaflet, text = plain
    lines = text.splitlines()
    n = leaflet.numbers
    checked = 0
    for section in leaflet.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                assert spelled(block.text, n) in lines
                checked += 1
            elif isinstance(block, Bullets):
                for item in block.items:
                    assert f"- {spelled(item, n)}" in lines
                    checked += 1
            elif isinstance(block, Numbered):
                for i, item in enumerate(block.items, 1):
                    assert f"{i}. {spelled(item, n)}" in lines
                    checked += 1
            else:
                for t in BY_MODEL[type(block)].texts(block):
                    assert spelled(t, n) in text
                    checked += 1
    assert checked


def test_text_paragraphs_carry_their_plain_words(plain: tuple[Leaflet, str]) -> None:
    leaflet, text = plain
    n = leaflet.numbers
    for section in leaflet.sections:
        for block in section.blocks:
            if not isinstance(block, Paragraph):
                continue
            at = 0
            for span in block.text.spans:
                words = Text((span,), block.text.where).plain(n)
                found = text.find(words, at)
                assert found >= 0, f"{words!r} missing or out of order"
                at = found + len(words)
            if not block.text.links:
                assert block.text.plain(n) in text


def test_text_references_are_numbered_1_to_n(plain: tuple[Leaflet, str]) -> None:
    leaflet, text = plain
    refs = leaflet.references
    assert refs
    lines = text.splitlines()
    numbered = [line for line in lines if re.match(r"\d+\. ", line) and any(r.title in line for r in refs)]
    assert [int(line.split(".", 1)[0]) for line in numbered] == list(range(1, len(refs) + 1))
    by_number = {leaflet.numbers[r.key]: r for r in refs}
    for i, line in enumerate(numbered, 1):
        assert by_number[i].title in line
        if by_number[i].link:
            assert by_number[i].link in line


def test_text_spells_out_every_link_target(plain: tuple[Leaflet, str]) -> None:
    leaflet, text = plain
    targets = [href for s in leaflet.sections for b in s.blocks for t in BY_MODEL[type(b)].texts(b) for href in t.links]
    targets += [r.link for r in leaflet.references if r.link]
    targets += [leaflet.meta.url] if leaflet.meta.url else []
    assert targets
    for target in targets:
        assert target in text, f"link target {target} not spelled out"


def test_text_is_free_of_markup(plain: tuple[Leaflet, str]) -> None:
    leaflet, text = plain
    authored = [
        t.plain(leaflet.numbers) for s in leaflet.sections for b in s.blocks for t in BY_MODEL[type(b)].texts(b)
    ]
    if not any("<" in a for a in authored):
        assert "<" not in text
    for tag in ("<b>", "</b>", "<a ", "</a>", "<font", "<para", "&amp;", "&lt;", "&gt;", "**bold**", "]("):
        assert tag not in text, f"markup {tag!r} in the text"
