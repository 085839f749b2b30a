"""The build side's start-up (issue 11): a build loads only what its leaflet needs, and our own
escaping writes paragraph markup exactly as the standard library's would."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import xml.sax.saxutils as saxutils
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

from conftest import LDN
from hypothesis import given
from hypothesis import strategies as st

from leaflet.content import load_leaflet
from leaflet.copyfit import leaflet_theme
from leaflet.fonts import load_fonts
from leaflet.furniture import FooterLines, draw_footer
from leaflet.linebreak import _consumed_by_character, consumed
from leaflet.marked import Marks, TaggingCanvas
from leaflet.markup import escape, quoted
from leaflet.theme import Variant

QR_LEAFLET = Path(__file__).parent / "content" / "variants" / "qr-test.yaml"
# Modules a build without a QR code never needs: the barcode package (whose __init__ imports every
# barcode widget) and urllib.request with http.client and email (which xml.sax.saxutils imports).
UNNEEDED = ["reportlab.graphics.barcode", "urllib.request", "http.client", "email.parser"]


def loaded_by_build(content: Path, out: Path) -> list[str]:
    """The UNNEEDED modules loaded by a process that builds `content` (all its checks too)."""
    probe = (
        "import sys\nfrom leaflet.build import build\n"
        f"built = build({str(content)!r}, {str(out)!r})\n"
        "assert built.report is not None and built.report.ok\n"
        f"print(sorted(set({UNNEEDED!r}) & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    names: list[str] = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    return names


def test_a_leaflet_without_a_url_loads_no_qr_encoder_and_no_urllib(tmp_path: Path) -> None:
    assert "url:" not in LDN.read_text(encoding="utf-8")  # so it has no QR code
    assert loaded_by_build(LDN, tmp_path) == []


def test_a_leaflet_with_a_url_loads_the_qr_encoder_when_it_lays_out_its_code(tmp_path: Path) -> None:
    assert "url:" in QR_LEAFLET.read_text(encoding="utf-8")
    assert loaded_by_build(QR_LEAFLET, tmp_path) == ["reportlab.graphics.barcode"]


@given(st.text(alphabet=st.sampled_from("ab &<>\"'\n\r\t;#é\u00a0"), max_size=12))
def test_escape_and_quoted_write_what_saxutils_writes(text: str) -> None:
    assert escape(text) == saxutils.escape(text)
    assert quoted(text) == saxutils.quoteattr(text)


def test_a_footer_put_in_again_from_its_operators_is_the_footer_drawn_anew() -> None:
    """The footer's paragraphs are drawn once per canvas and their operators put in on later pages
    (furniture.FooterLines): that must give what drawing them anew gives, brand line and all."""
    leaflet = load_leaflet(LDN)
    leaflet = replace(leaflet, brand=replace(leaflet.brand, footer="Registered charity 000000"))
    fonts = load_fonts(leaflet.brand)
    theme = leaflet_theme(leaflet, fonts, Variant())
    canvas = TaggingCanvas(io.BytesIO(), marks=Marks(), pagesize=theme.page)
    shared = FooterLines()
    pages = []
    for number, made in enumerate((shared, shared, FooterLines()), 1):
        start = len(canvas._code)
        draw_footer(canvas, SimpleNamespace(page=number), leaflet, theme, fonts, made)
        pages.append(canvas._code[start:])
        canvas.showPage()
    assert len(shared.drawn) == 3  # the title, the version line and the brand line: each drawn once
    assert pages[0] == pages[1] == pages[2]
    assert sum(op.count(") Tj") for op in pages[1]) == 3  # three lines of text, not an empty footer


def word_by_word(source: str, at: int, text: str) -> int:
    """linebreak.consumed as it was before its one-comparison path: word by word, each after white
    space alone, then character by character from the first word that does not stand there."""
    words = text.split()
    for index, word in enumerate(words):
        found = source.find(word, at)
        if found < 0 or (found > at and not source[at:found].isspace()):
            return _consumed_by_character(source, at, "".join(words[index:]))
        at = found + len(word)
    return at


@given(st.text(alphabet="ab.- \n", max_size=24), st.data())
def test_consumed_finds_where_the_word_by_word_search_finds(source: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(at, len(source)))
    piece = source[at:end]
    text = data.draw(st.sampled_from([piece, " ".join(piece.split()), piece + " b", "a" + piece, piece.strip()]))
    assert consumed(source, at, text) == word_by_word(source, at, text)
