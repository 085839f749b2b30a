"""Benchmark: what tagging costs per variant of the LDN leaflet (issue 8).

Usage: .venv/bin/python bench/tags.py [RUNS]   (default 9)

For each variant, lays the leaflet out and renders it once, then times the tags
stage (tags.tag_pdf) RUNS times after one warm-up run and prints the median, the
structure elements the tags check reads back, and the bytes the tags add (the
tagged PDF minus the same render untagged). The check's own time is printed too.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from leaflet import tags
from leaflet.checks import run_checks
from leaflet.content import load_leaflet
from leaflet.fonts import load_fonts
from leaflet.layout import build_story
from leaflet.render import render_pdf
from leaflet.theme import Variant, make_theme

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = {
    "A4": Variant(),
    "A5": Variant(size="A5"),
    "Letter": Variant(size="Letter"),
    "large print": Variant(large=True),
    "print shop": Variant(bleed=True),
    "clinic layout": Variant(clinic=True),
}


def median_ms(fn: object, runs: int) -> float:
    assert callable(fn)
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    leaflet = load_leaflet(ROOT / "content" / "ldn-ms.yaml")
    fonts = load_fonts(leaflet.brand)
    print(f"{'variant':<14} {'elements':>8} {'untagged':>9} {'tagged':>8} {'+KB':>6} {'tag ms':>7} {'checks ms':>9}")
    for label, variant in VARIANTS.items():
        theme = make_theme(leaflet.brand, fonts, variant, leaflet.meta.title)
        rendered = render_pdf(lambda t=theme: build_story(leaflet, t, fonts), leaflet, variant.key)
        tagged = tags.tag_pdf(rendered.pdf, rendered.marks, leaflet)
        tag_ms = median_ms(lambda r=rendered: tags.tag_pdf(r.pdf, r.marks, leaflet), runs)
        report = run_checks(tagged, leaflet, theme)
        elements = report.get("tags").figure.split()[0]
        check_ms = median_ms(lambda d=tagged, t=theme: run_checks(d, leaflet, t).get("tags"), max(3, runs // 3))
        plus = (len(tagged) - len(rendered.pdf)) / 1024
        print(
            f"{label:<14} {elements:>8} {len(rendered.pdf) / 1024:>8.1f}K {len(tagged) / 1024:>7.1f}K "
            f"{plus:>6.1f} {tag_ms:>7.1f} {check_ms:>9.1f}"
        )


if __name__ == "__main__":
    main()
