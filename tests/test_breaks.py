"""Page breaks and page fill, read back from real PDFs (issue 9).

Every figure is derived from the content and the theme: where the text frame lies comes
from `make_theme`, where the text fell from the PDF (pdftext.scan), and what must follow
what from the YAML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import LDN, squash
from pypdf import PdfReader

from leaflet import cli
from leaflet.content import load_leaflet
from leaflet.fonts import load_fonts
from leaflet.pdftext import Fragment, scan
from leaflet.theme import Theme, Variant, make_theme


@dataclass(frozen=True)
class Page:
    """One page's body text runs (the footer left out), top to bottom, and its frame."""

    runs: list[Fragment]
    top: float  # the text frame's top (the trim top on page 1, where the band is)
    bottom: float  # the frame's foot

    def lines(self) -> list[str]:
        """The page's text, one entry per baseline, top to bottom."""
        rows: dict[float, list[Fragment]] = {}
        for run in self.runs:
            rows.setdefault(round(run.y, 1), []).append(run)
        return [squash(" ".join(r.text for r in sorted(rows[y], key=lambda r: r.x))) for y in sorted(rows)[::-1]]


def theme_for(content: Path, variant: Variant) -> Theme:
    leaflet = load_leaflet(content)
    return make_theme(leaflet.brand, load_fonts(leaflet.brand), variant, leaflet.meta.title)


def pages_of(pdf: Path, theme: Theme) -> list[Page]:
    """Each page's body text runs: those above the footer, top to bottom."""
    floor = theme.offset + theme.margin_y + theme.footer_height
    out = []
    for index, page in enumerate(PdfReader(pdf).pages):
        runs = sorted((f for f in scan(page).fragments if f.y >= floor), key=lambda f: (-f.y, f.x))
        top = theme.offset + theme.trim[1] - (0 if index == 0 else theme.margin_y)
        out.append(Page(runs, top, floor))
    return out


def build_json(content: Path, out: Path, *options: str) -> list[dict[str, object]]:
    """`leaflet build --json`, in process: one object per file built."""
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli.main(["build", str(content), "-o", str(out), "--json", *options]) == 0
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_the_summary_line_gives_each_pages_fill(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", str(LDN), "-o", str(tmp_path)]) == 0
    line = capsys.readouterr().out.strip()
    pages = len(PdfReader(tmp_path / "ldn-ms.pdf").pages)
    figure = next(p for p in line.split("  ") if p.startswith("fill "))
    shares = figure.removeprefix("fill ").removesuffix("%").split("/")
    assert len(shares) == pages and all(0 < int(s) <= 100 for s in shares)
    (made,) = build_json(LDN, tmp_path)
    assert [round(f * 100) for f in made["fills"]] == [int(s) for s in shares]  # type: ignore[attr-defined]


@pytest.mark.parametrize("variant", [Variant(), Variant(size="A5"), Variant(large=True)], ids=["A4", "A5", "large"])
def test_each_fill_is_where_the_last_line_of_its_page_stands(tmp_path: Path, variant: Variant) -> None:
    options = (["--size", variant.size] if variant.size != "A4" else []) + (["--large-print"] if variant.large else [])
    (made,) = build_json(LDN, tmp_path, *options)
    theme = theme_for(LDN, variant)
    leading = theme.styles["body"].leading
    pages = pages_of(Path(str(made["path"])), theme)
    fills: list[float] = made["fills"]  # type: ignore[assignment]
    assert len(fills) == len(pages) == made["pages"]
    for page, fill in zip(pages, fills, strict=True):
        foot = page.top - fill * (page.top - page.bottom)  # where the layout says the page's content ends
        lowest = page.runs[-1].y  # the baseline of the page's last line, read back
        assert foot <= lowest <= foot + 2 * leading, (fill, page.lines()[-1])
