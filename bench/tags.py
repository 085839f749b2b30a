"""Benchmark: what tagging costs per variant of the LDN leaflet (issue 8).

Usage: .venv/bin/python bench/tags.py [RUNS]   (default 9)

For each variant, lays the leaflet out and renders it once, then times the tags
stage RUNS times after one warm-up run and prints the median (the render with its tags
minus the render without: tags.py writes them into ReportLab's document as it saves), the
structure elements the tags check reads back, and the bytes the tags add: the
structure tree and catalogue entries (the tagged PDF minus the untagged render), and the
marked-content operators in the pages (the render rewritten by pypdf, minus the same
rewritten with those operators stripped). The render time the tagging canvas adds is
not separated out. The check's own time is printed too.

The last row is one stamped clinic PDF: its structure elements, and what tagging adds to
each stamp (the stamp with the clinic box's tags minus the same stamp without them: KB
and the median ms); the master it is stamped on is the clinic layout row.
"""

from __future__ import annotations

import dataclasses
import io
import statistics
import sys
import time
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from leaflet import stamp
from leaflet.booklet import untagged as strip_marks
from leaflet.build import lay_out
from leaflet.checks import run_checks
from leaflet.checks.stamped import check_stamped
from leaflet.clinics import load_clinics
from leaflet.content import load_leaflet
from leaflet.fonts import load_fonts
from leaflet.layout import Story, build_story
from leaflet.render import render_pdf
from leaflet.theme import Theme, Variant, make_theme

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


def rewritten(pdf: bytes, strip: bool) -> int:
    """The size of `pdf` written again by pypdf (content compressed), without its marked content if `strip`."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        if strip:
            strip_marks(page, writer)
        page.compress_content_streams()
    out = io.BytesIO()
    writer.write(out)
    return len(out.getvalue())


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    leaflet = load_leaflet(ROOT / "content" / "ldn-ms.yaml")
    fonts = load_fonts(leaflet.brand)
    print(
        f"{'variant':<14} {'elements':>8} {'render':>9} {'tagged':>8} "
        f"{'+KB tree':>8} {'+KB marks':>9} {'tag ms':>7} {'check ms':>8}"
    )
    for label, variant in VARIANTS.items():
        theme = make_theme(leaflet.brand, fonts, variant, leaflet.meta.title)

        def story(t: Theme = theme) -> Story:
            return build_story(leaflet, t, fonts)

        rendered = render_pdf(story, leaflet, variant.key, tagged=False)
        tagged = render_pdf(story, leaflet, variant.key).pdf
        tag_ms = median_ms(lambda s=story, k=variant.key: render_pdf(s, leaflet, k), runs) - median_ms(
            lambda s=story, k=variant.key: render_pdf(s, leaflet, k, tagged=False), runs
        )
        report = run_checks(tagged, leaflet, theme)
        elements = report.get("tags").figure.split()[0]
        check_ms = median_ms(lambda d=tagged, t=theme: run_checks(d, leaflet, t).get("tags"), max(3, runs // 3))
        plus = (len(tagged) - len(rendered.pdf)) / 1024
        marks = (rewritten(rendered.pdf, False) - rewritten(rendered.pdf, True)) / 1024
        print(
            f"{label:<14} {elements:>8} {len(rendered.pdf) / 1024:>8.1f}K {len(tagged) / 1024:>7.1f}K "
            f"{plus:>8.1f} {marks:>9.1f} {tag_ms:>7.1f} {check_ms:>8.1f}"
        )
    clinic_row(runs)


def clinic_row(runs: int) -> None:
    """A stamped clinic PDF: elements, and the KB and ms the box's tags add to a stamp."""
    clinic = next(iter(load_clinics(ROOT / "content" / "clinics.yaml").values()))
    laid = lay_out(ROOT / "content" / "ldn-ms.yaml", Variant(clinic=True), stamp.reserve([clinic]))
    assert laid.rendered.slot is not None
    master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
    untagged = dataclasses.replace(master, box=None)
    pdf, plain = stamp.stamp(master, clinic), stamp.stamp(untagged, clinic)
    check_stamped(pdf, master, clinic)
    elements = run_checks(pdf, laid.leaflet, laid.theme, clinic=clinic).get("tags").figure.split()[0]
    tag_ms = median_ms(lambda: stamp.stamp(master, clinic), runs) - median_ms(
        lambda: stamp.stamp(untagged, clinic), runs
    )
    check_ms = median_ms(
        lambda: run_checks(pdf, laid.leaflet, laid.theme, clinic=clinic).get("tags"), max(3, runs // 3)
    )
    print(
        f"{'clinic PDF':<14} {elements:>8} {len(plain) / 1024:>8.1f}K {len(pdf) / 1024:>7.1f}K "
        f"{(len(pdf) - len(plain)) / 1024:>8.1f} {'':>9} {tag_ms:>7.2f} {check_ms:>8.1f}"
    )


if __name__ == "__main__":
    main()
