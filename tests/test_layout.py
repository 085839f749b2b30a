"""Layout holds what is too big for a page: tall cells and boxes split, long titles fit, long text scales.

Each good case is built for real and read back: `build` runs every check (the text check
finds every unit of the content, in order, with no stray text), and the test then looks
at where the text fell, derived from the content.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import capped
import pytest
from conftest import BuildText, Result, build_leaflet, leaflet_yaml, page_body, squash, write_leaflet_dir
from pypdf import PdfReader
from reportlab.lib.styles import ParagraphStyle

from leaflet import longtext
from leaflet.fonts import load_fonts
from leaflet.markedpara import Para
from leaflet.theme import Variant, make_theme
from leaflet.typeset import tag

SENTENCE = "Take the tablets with water and food at the same time each day. "
TALL = SENTENCE * 120  # about 7,700 characters: taller than a page in any box or cell


def body_pages(result: Result, text: str) -> list[int]:
    """The pages (0-based) whose text holds a word-run of `text`'s first or last sentence."""
    first, last = squash(text)[:40], squash(text)[-40:]
    pages = [squash(t) for t in result.page_texts()]
    return [i for i, t in enumerate(pages) if first in t or last in t]


def test_a_one_column_table_cell_taller_than_a_page_splits_across_pages(build_text: BuildText) -> None:
    # (With more columns the parts of a split row would interleave: that is a located error, layout-table-cell.yaml.)
    table = {"header": ["Notes"], "rows": [[TALL]]}
    result = build_text(leaflet_yaml([{"table": table}], pages=20))
    assert result.built.report is not None and result.built.report.ok
    start, end = body_pages(result, TALL)[0], body_pages(result, TALL)[-1]
    assert end > start  # the cell's first words and its last stand on different pages


def test_a_long_table_crosses_pages_without_repeating_its_header(build_text: BuildText) -> None:
    rows = [[f"Week {n}", f"{n * 5} mg each morning"] for n in range(1, 81)]
    result = build_text(leaflet_yaml([{"table": {"header": ["When", "How much"], "rows": rows}}], pages=20))
    assert len(result.reader.pages) > 2
    text = squash(" ".join(result.page_texts()))
    assert text.count("When How much") == 1  # the text check would see a repeat as stray text
    assert all(f"{w} {m}" in text for w, m in rows)


@pytest.mark.parametrize(
    "block",
    [
        {"callout": {"title": "Before you start", "body": [TALL]}},
        {"keypoints": [TALL]},
        {"callout": {"title": "Many paragraphs", "body": [SENTENCE * 6] * 30}},
    ],
    ids=["callout-tall-paragraph", "keypoints-tall-item", "callout-many-paragraphs"],
)
def test_a_box_taller_than_a_page_continues_on_the_next(block: dict[str, object], tmp_path: Path) -> None:
    # In a subprocess with a timeout: ReportLab's split of a box once looped for ever (a hang guard, not a timing).
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml([block], pages=20))
    done = run_leaflet(["build", str(path), "-o", str(tmp_path / "out")])
    assert done.returncode == 0, done.stderr
    pages = [squash(p.extract_text()) for p in PdfReader(tmp_path / "out" / f"{path.stem}.pdf").pages]
    boxed = [i for i, t in enumerate(pages) if squash(SENTENCE) in t]
    assert len(boxed) >= 2 and boxed == list(range(boxed[0], boxed[-1] + 1))


def test_a_long_title_wraps_in_the_band_and_the_footer(build_text: BuildText) -> None:
    title = "What to expect when you start " + "a long course of treatment " * 4 + "at home"
    assert len(title) > 130
    result = build_text(leaflet_yaml([{"paragraph": "Some text."}], title=title, pages=20))
    theme = make_theme(result.leaflet.brand, load_fonts(result.leaflet.brand), Variant(), title)
    assert theme.footer_lines > 1
    for page in result.page_texts():  # every page's footer holds the whole title (as does the band, on page 1)
        assert squash(title) in squash(page)


def test_a_brand_minsize_above_the_body_size_raises_the_body(tmp_path: Path) -> None:
    src = write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": SENTENCE}], brand="big"))
    (src.parent / "brands" / "big.yaml").write_text("brand:\n  name: Big type\n  minsize: 20\n", encoding="utf-8")
    result = build_leaflet(src, tmp_path / "out")
    assert result.built.report is not None and result.built.report.ok  # clearprint: nothing under minsize
    brand = result.leaflet.brand
    assert make_theme(brand, load_fonts(brand)).body_pt == brand.minsize > Variant().body_pt


def test_a_long_paragraph_is_laid_out_in_pieces_holding_every_word(build_text: BuildText) -> None:
    words = [f"word{n}" for n in range(3000)]  # over longtext.LONG characters, one sentence end each 50 words
    text = " ".join(w + ("." if n % 50 == 49 else "") for n, w in enumerate(words))
    assert len(text) > longtext.LONG
    result = build_text(leaflet_yaml([{"paragraph": text}], pages=40))
    assert result.built.report is not None and result.built.report.ok  # every word, in order, no stray text
    body = " ".join(page_body(result, i) for i in range(len(result.reader.pages)))
    assert squash(text) in squash(body)


def test_a_long_tagged_paragraph_is_cut_into_pieces_of_its_one_element() -> None:
    """Every paragraph the layout makes is tagged (a Para): it too is cut, and each piece draws
    the same P. (Only a plain Paragraph was cut once tagging came, and a megabyte took a minute.)"""
    text = SENTENCE * (3 * longtext.LONG // len(SENTENCE))
    whole = tag(Para(text, ParagraphStyle("body")), "P")
    pieces = longtext.page_sized([whole])
    assert len(pieces) >= len(text) // longtext.RUN
    assert all(type(p) is Para and p.node is whole.node for p in pieces)
    assert "".join(p.source for p in pieces) == whole.source == text.strip()


def test_a_megabyte_paragraph_stops_at_the_page_budget(tmp_path: Path) -> None:
    # A hang guard, not a timing: layout stops at the budget instead of laying out 450 pages twice.
    text = SENTENCE * (1_000_000 // len(SENTENCE))
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": text}], pages=12))
    done = run_leaflet(["build", str(path), "-o", str(tmp_path / "out")])
    assert done.returncode == 2, done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"{path}:"), first
    assert "needs more than 13 pages but its budget is 12" in first
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def run_leaflet(argv: list[str]) -> subprocess.CompletedProcess[str]:
    """`python -m leaflet ARGV` with 2 GB of memory and 120 s at most."""
    return capped.run(["-m", "leaflet", *argv], memory=2 << 30, timeout=120, cwd=Path.cwd())
