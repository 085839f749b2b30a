"""Line breaking read back from real PDFs: URLs break only at allowed places and stay linked on
every line; numbers stay with their units; fallback glyphs keep their run's weight.

Word positions come from poppler's `pdftotext -bbox` (Debian poppler-utils, installed by .ci/run);
links from pypdf. Every expectation is derived from the content and the theme.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import leaflet_yaml, write_leaflet_dir
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle

from leaflet.build import build
from leaflet.content import block_texts, load_leaflet
from leaflet.fonts import load_fonts
from leaflet.markedpara import Para
from leaflet.model import Leaflet, Text
from leaflet.nobreak import NBSP, bind_last_words
from leaflet.theme import Variant, make_theme

ROOT = Path(__file__).resolve().parent.parent
HEALTH = ROOT / "tests" / "content" / "variants" / "print-health-links.yaml"
PDFTOTEXT = shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (Debian poppler-utils) is not installed")
AFTER = set("/-_?&=#")  # the rule, written out here on its own
VARIANTS = {"A5": Variant(size="A5"), "large print": Variant(large=True), "A4": Variant()}
TOL = 1.0  # points


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float  # PDF space: from the bottom
    x1: float
    y1: float


def words(pdf: Path) -> list[Word]:
    """Every word of the PDF with its box, in reading order, from `pdftotext -bbox`."""
    assert PDFTOTEXT is not None
    out = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", out).replace('xmlns="http://www.w3.org/1999/xhtml"', ""))
    found = []
    for index, page in enumerate(root.iter("page")):
        height = float(page.attrib["height"])
        for w in page.iter("word"):
            a = {k: float(v) for k, v in w.attrib.items()}
            found.append(Word(index, w.text or "", a["xMin"], height - a["yMax"], a["xMax"], height - a["yMin"]))
    return found


def link_rects(pdf: Path) -> list[tuple[int, str, tuple[float, ...]]]:
    out = []
    for index, page in enumerate(PdfReader(pdf).pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") == "/Link":
                out.append((index, str(annot["/A"]["/URI"]), tuple(float(v) for v in annot["/Rect"])))
    return out


def shown_urls(leaflet: Leaflet) -> list[str]:
    """Every web address the content shows as written (links whose text is their target)."""
    return [s.href for _, _, t in block_texts(leaflet.sections) for s in t.spans if s.href and s.text == s.href]


def pieces(all_words: list[Word], url: str) -> list[Word]:
    """The words (one per line) that together show `url`, trailing punctuation aside."""
    for start, first in enumerate(all_words):
        if not url.startswith(first.text) and not first.text.endswith(url[:8]):
            continue
        got, text = [], ""
        for w in all_words[start:]:
            piece = w.text if text else w.text[w.text.find(url[:8]) :] if url[:8] in w.text else w.text
            if not url.startswith(text + piece):
                piece = piece.rstrip(".,;:)")
            if not url.startswith(text + piece):
                break
            whole = w.text[w.text.find(piece) :]  # the stripped punctuation's share of the box goes too
            x1 = w.x1 - (w.x1 - w.x0) * (len(whole) - len(piece)) / len(whole)
            got.append(Word(w.page, piece, w.x0, w.y0, x1, w.y1))
            text += piece
            if text == url:
                return got
    raise AssertionError(f"{url} is not in the PDF as one run of words")


def covered(word: Word, rects: list[tuple[int, str, tuple[float, ...]]], url: str) -> bool:
    """A link annotation to `url` on the word's page holds the word's box (its middle line, at least)."""
    mid = (word.y0 + word.y1) / 2
    return any(
        page == word.page and uri == url and r[0] - TOL <= word.x0 and word.x1 <= r[2] + TOL and r[1] <= mid <= r[3]
        for page, uri, r in rects
    )


def column(leaflet: Leaflet, variant: Variant) -> float:
    return make_theme(leaflet.brand, load_fonts(leaflet.brand), variant, leaflet.meta.title).frame_width


def check_url_lines(pdf: Path, leaflet: Leaflet, width: float) -> int:
    """Assert every shown URL breaks only at allowed places and is linked on every line; count broken ones."""
    all_words, rects, broken = words(pdf), link_rects(pdf), 0
    for url in shown_urls(leaflet):
        parts = pieces(all_words, url)
        for a, b in itertools.pairwise(parts):
            assert a.text[-1] in AFTER or b.text[0] == ".", f"{url} breaks at '{a.text}|{b.text}'"
            assert not (a.text.endswith("/") and b.text.startswith("/")), f"{url} breaks inside '//'"
        assert all(len(p.text) > 1 for p in parts), f"{url} leaves a lone character: {[p.text for p in parts]}"
        for p in parts:
            assert covered(p, rects, url), f"'{p.text}' (page {p.page + 1}) of {url} is not inside its link"
        broken += len(parts) > 1
        if parts[0].x1 - parts[0].x0 + sum(p.x1 - p.x0 for p in parts[1:]) > width + TOL:
            assert len(parts) > 1, f"{url} is wider than the column but was not broken"
    return broken


@needs_poppler
@pytest.mark.parametrize("name", ["A5", "large print"])
def test_health_page_urls_break_only_at_allowed_places_and_stay_linked(name: str, tmp_path: Path) -> None:
    variant = VARIANTS[name]
    built = build(HEALTH, tmp_path, variant)
    width = column(built.leaflet, variant)
    broken = check_url_lines(built.path, built.leaflet, width)
    assert broken >= 3, "the fixture's long URLs must span lines for this test to say anything"


def generated_urls(count: int) -> list[str]:
    """Long, varied web addresses: many dots, dashes, underscores, queries and fragments."""
    hosts = ["www.lakesdhb.govt.nz", "info.health.nz", "www.healthnavigator.org.nz", "forms.example-trust.nhs.uk"]
    out = []
    for n in range(count):
        path = "/".join(f"{'section' if n % 2 else 'topic'}-{n}-{k}_part{k * 7}" for k in range(1 + n % 4))
        query = f"?leaflet=doses-for-children&page={n}&lang=en#part{n}" if n % 3 == 0 else ""
        out.append(f"https://{hosts[n % len(hosts)]}/{path}{query}")
    return out


@needs_poppler
@pytest.mark.parametrize("name", ["A5", "large print"])
def test_many_generated_urls_break_only_at_allowed_places(name: str, tmp_path: Path) -> None:
    urls = generated_urls(12)
    blocks = [{"paragraph": f"See {'the page' if n % 2 else 'more at'} <{u}> for this."} for n, u in enumerate(urls)]
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml(blocks, pages={"A4": 9, "A5": 9, "large-print A4": 9}))
    variant = VARIANTS[name]
    built = build(path, tmp_path / "out", variant)
    assert shown_urls(built.leaflet) == urls
    broken = check_url_lines(built.path, built.leaflet, column(built.leaflet, variant))
    assert broken >= len(urls) // 2


@needs_poppler
def test_a_stretch_longer_than_a_line_with_no_break_place_is_still_shown_whole(tmp_path: Path) -> None:
    """Nowhere allowed to break: cut where the line is full, never dropped (the text check still passes)."""
    url = "https://example-trust.nhs.uk/" + "abcdefghij" * 12
    body = leaflet_yaml([{"paragraph": f"Read <{url}> now."}], pages={"A4": 3, "A5": 3})
    path = write_leaflet_dir(tmp_path / "src", body)
    built = build(path, tmp_path / "out", Variant(size="A5"))
    parts = pieces(words(built.path), url)
    assert len(parts) >= 2 and parts[0].text == "https://example-trust.nhs.uk/"
    assert all(covered(p, link_rects(built.path), url) for p in parts)


def test_the_health_fixture_loads() -> None:
    assert len(shown_urls(load_leaflet(HEALTH))) >= 6


# --- numbers and their units -------------------------------------------------------------------

UNIT_WORDS = ("mg", "mL", "°C", "%", "kg", "hours", "mcg", "g")
_PAIR = re.compile(r"(\d+(?:[.,]\d+)*) (mg|mL|°C|%|kg|hours|mcg|g)\b")


def dose_sentences(count: int) -> str:
    """Sentences whose numbers and units fall at many places along a line."""
    fillers = ["Give", "Take about", "Do not take more than", "It is", "Keep it below", "Use"]
    out = []
    for n in range(count):
        number = f"{(n * 37) % 1500:,}" if n % 5 == 0 else f"{n % 9 + 1}.{n % 4}" if n % 3 == 0 else str(n % 40 + 1)
        out.append(f"{fillers[n % len(fillers)]} {number} {UNIT_WORDS[n % len(UNIT_WORDS)]}{' a day' * (n % 2)}.")
    return " ".join(out)


def lines_of(all_words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines (same page, same baseline), in reading order."""
    out: list[list[Word]] = []
    for w in all_words:
        if out and out[-1][-1].page == w.page and abs(out[-1][-1].y0 - w.y0) < TOL:
            out[-1].append(w)
        else:
            out.append([w])
    return out


@needs_poppler
@pytest.mark.parametrize("name", ["A5", "large print", "A4"])
def test_a_number_never_ends_a_line_its_unit_starts(name: str, tmp_path: Path) -> None:
    text = dose_sentences(90)
    blocks = [{"paragraph": text}, {"paragraph": text[3:]}]
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml(blocks, pages={name_key(name): 9}))
    built = build(path, tmp_path / "out", VARIANTS[name])  # the text check passed: it reads what the author wrote
    lines = lines_of(words(built.path))
    for line, after in itertools.pairwise(lines):
        if re.fullmatch(r"\d+(?:[.,]\d+)*", line[-1].text) and after[0].text.rstrip(".") in UNIT_WORDS:
            raise AssertionError(f"'{line[-1].text}' ends a line and '{after[0].text}' starts the next")
    flat = [w.text for w in words(built.path)]
    together = sum(a.isdigit() or bool(re.fullmatch(r"[\d.,]+", a)) for a in flat)
    assert together >= len(_PAIR.findall(text)), "every number of the content is in the PDF"


def name_key(name: str) -> str:
    return VARIANTS[name].key


def test_bound_units_read_back_as_the_author_typed_them(tmp_path: Path) -> None:
    """The no-break space binds at layout only: the subset draws it with the space's glyph, read as ' '."""
    text = "Take 1,200 mg, keep below 5 °C, use 20 % less and 1 mL."
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": text}]))
    built = build(path, tmp_path / "out")
    page = PdfReader(built.path).pages[0].extract_text()
    for number, unit in _PAIR.findall(text):
        assert f"{number} {unit}" in page, f"{number} {unit} does not read as typed"
    assert built.report is not None and built.report.get("text").ok


# --- fallback glyphs keep their run's weight ---------------------------------------------------


def runs_with_fonts(pdf: Path) -> list[tuple[int, float, str, str]]:
    """(page, baseline y, text, font face without its subset tag) for every text run drawn."""
    out: list[tuple[int, float, str, str]] = []
    for index, page in enumerate(PdfReader(pdf).pages):

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float, i: int = index) -> None:
            if text.strip() and isinstance(font, dict):
                face = str(font.get("/BaseFont", "")).split("+", 1)[-1]
                out.append((i, round(tm[5] * cm[3] + cm[5], 1), text, face))

        page.extract_text(visitor_text=visit)
    return out


def test_fallback_glyphs_take_the_weight_of_the_text_around_them(tmp_path: Path) -> None:
    built = build(HEALTH, tmp_path)
    fonts = load_fonts(built.leaflet.brand)
    runs = runs_with_fonts(built.path)
    fallback = [n for n, r in enumerate(runs) if r[3].startswith(tuple(f.name for f in fonts.fallbacks))]
    assert fallback, "the fixture's macrons must come from the fallback font for this test to say anything"
    for n in fallback:
        page, y, text, face = runs[n]
        near = [r for r in (runs[n - 1], runs[(n + 1) % len(runs)]) if r[:2] == (page, y) and r[3] != face]
        assert near, f"'{text}' on page {page + 1} has no body-font text beside it"
        for _, _, beside, body_face in near:
            assert body_face.startswith(fonts.body.name)
            want = "Bold" if body_face.endswith("Bold") else "Regular"
            assert face.endswith(want), f"'{text}' is {face} beside '{beside}' in {body_face}"
    weights = {runs[n][3] for n in fallback}
    spans = [(s, style_bold) for style_bold, t in content_runs(built.leaflet) for s in t.spans]
    wanted = {fonts.pick(c, s.bold or sb) for s, sb in spans for c in s.text} - {None}
    assert weights == wanted, "the faces drawn are not those the content's runs need"


def content_runs(leaflet: Leaflet) -> list[tuple[bool, Text]]:
    """Each text of the sections with whether its style is bold (headings and box titles are)."""
    out = []
    for _, block, text in block_texts(leaflet.sections):
        out.append((block is None or text is getattr(block, "title", None), text))
    return out


@pytest.mark.parametrize("width", range(200, 420, 20))
def test_a_line_ended_by_a_break_is_no_cut_word(width: int) -> None:
    """Lines joined by <br/> (the band's subtitle and audience, each bound as furniture.py does):
    the break ends a line, so the word before it was not cut there and nothing is moved. Before,
    the first line's bound last words ('out for') were parted, as if 'for' ran on into the next."""
    band = ["What it is, how to take it, and what to look out for", "Information for adults and young people"]
    para = Para("<br/>".join(map(bind_last_words, band)), ParagraphStyle("t", fontSize=12, leading=14))
    para.wrap(width, 1000)
    lines = [" ".join("".join(getattr(w, "text", "") for w in line.words).split()) for line in para.blPara.lines]
    assert all(" " in line.replace(NBSP, " ") for line in lines), lines  # no line of one word
    assert " ".join(lines).replace(NBSP, " ") == " ".join(band)
