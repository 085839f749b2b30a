"""Benchmark: lay out one very long paragraph (layout and render only, no checks).

Usage: .venv/bin/python bench/longtext.py [KB ...]   (default 160 1000)

For each size, prints the time to lay out a leaflet whose one paragraph holds KB
kilobytes of text, once with the largest page budget a leaflet may have (model.MAX_PAGES:
a 1 MB paragraph needs more, so that run too ends in the budget error, after 200 pages)
and once with a budget of 12 pages (the first pass stops at page 13). Layout is linear in
the text's length: the target is 1 MB in a few seconds, and the budget error in about one.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from leaflet.content import load_leaflet
from leaflet.errors import LayoutError
from leaflet.fonts import load_fonts
from leaflet.layout import build_story
from leaflet.model import MAX_PAGES
from leaflet.render import render_pdf
from leaflet.theme import Variant, make_theme

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "Take the tablets with water and food at the same time each day. "
LEAFLET = """\
leaflet:
  title: A long leaflet
  audience: Information for testers
  language: en-GB
  organisation: Test organisation
  version: "1.0"
  published: 2026-01-01
  review: 2028-01-01
  authors: [Test author]
  pages: {pages}
sections:
  - heading: One long paragraph
    blocks:
      - paragraph: {text}
"""


def lay_out(path: Path) -> str:
    leaflet = load_leaflet(path)
    fonts = load_fonts(leaflet.brand)
    theme = make_theme(leaflet.brand, fonts, Variant(), leaflet.meta.title)
    try:
        return f"{render_pdf(lambda: build_story(leaflet, theme, fonts), leaflet, 'A4').pages} pages"
    except LayoutError as e:
        return e.message.split(";")[0]


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [160, 1000]
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "brands").mkdir()
        (Path(tmp) / "brands" / "default.yaml").write_bytes((ROOT / "content/brands/default.yaml").read_bytes())
        for kb in sizes:
            text = SENTENCE * (kb * 1000 // len(SENTENCE))
            for pages in (min(kb, MAX_PAGES), 12):
                path = Path(tmp) / f"long-{kb}-{pages}.yaml"
                path.write_text(LEAFLET.format(pages=pages, text=text), encoding="utf-8")
                start = time.perf_counter()
                result = lay_out(path)
                print(f"{kb:5d} KB, budget {pages:4d}: {time.perf_counter() - start:6.1f} s  {result}")


if __name__ == "__main__":
    main()
