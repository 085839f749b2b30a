"""Instructions per warm build, counted by valgrind: a figure the shared machine's load does not move.

Usage: .venv/bin/python bench/instructions.py [--runs N] [--content YAML] [CHECKOUT ...]

For each checkout (default: this one), in a process of its own under `valgrind --tool=callgrind`,
builds the leaflet twice to warm up and then N more times (default 4); a second process does the
warm-up alone. The difference, divided by N, is what one warm build costs in instructions:

- build: load, lay out, render and tag (`lay_out`'s stages before the checks);
- checks: `run_checks` on that PDF;
- hand: bench/handmade.py, the hand-written ReportLab baseline (the same for every checkout).

CPU time on a machine shared by several people moves by a third from run to run; the count moves
by well under one per cent (PYTHONHASHSEED is fixed), so it shows a change of a few per cent in one
pair of runs. It is no substitute for time (a cache miss costs more than an add): bench/speed.py
says what a person waits. Needs valgrind (Debian's `valgrind` package); each process takes about
20 s under it. No test runs this.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from callgrind import collected, need_valgrind

HERE = Path(__file__).resolve().parent.parent
WHAT = ("build", "checks", "hand")

WORKER = """
import sys
from pathlib import Path
runs, what, content = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
if what == "hand":
    sys.path.insert(0, sys.argv[4])
    import handmade
    def once():
        handmade.build(handmade.load(content.read_text(encoding="utf-8")), Path(sys.argv[5]))
else:
    from leaflet.build import theme_for
    from leaflet.checks import run_checks
    from leaflet.content import load_leaflet, located_texts
    from leaflet.fonts import load_fonts
    from leaflet.layout import build_story
    from leaflet.render import render_pdf
    from leaflet.theme import Variant
    def built():
        leaflet = load_leaflet(content)
        fonts = load_fonts(leaflet.brand)
        fonts.check(located_texts(leaflet))
        theme = theme_for(leaflet, fonts, Variant())
        return leaflet, theme, render_pdf(lambda: build_story(leaflet, theme, fonts), leaflet, "A4")
    laid = built()
    def once():
        if what == "build":
            built()
        else:
            run_checks(laid[2].pdf, laid[0], laid[1])
for _ in range(2 + runs):
    once()
"""


def counted(checkout: Path, what: str, runs: int, content: Path, scratch: Path) -> int:
    """Instructions valgrind counts in one process that warms up and then does `what` `runs` times."""
    return collected(checkout, WORKER, [str(runs), what, str(content), str(HERE / "bench"), str(scratch / "hand.pdf")])


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("checkouts", nargs="*", type=Path, default=[HERE], help="checkouts to count (default: this one)")
    p.add_argument("--runs", type=int, default=4, help="measured runs per process (default 4)")
    p.add_argument("--content", type=Path, default=HERE / "content" / "ldn-ms.yaml", help="the leaflet")
    p.add_argument("--what", choices=WHAT, nargs="+", default=list(WHAT), help="what to count")
    args = p.parse_args(argv)
    need_valgrind("bench/instructions.py")
    scratch = Path(os.environ.get("TMPDIR", "/tmp"))
    print("| checkout | " + " | ".join(f"{w} (M instructions)" for w in args.what) + " |")
    print("|---|" + "---|" * len(args.what))
    for checkout in args.checkouts:
        cells = []
        for what in args.what:
            base = counted(checkout.resolve(), what, 0, args.content.resolve(), scratch)
            more = counted(checkout.resolve(), what, args.runs, args.content.resolve(), scratch)
            cells.append(f"{(more - base) / args.runs / 1e6:.1f}")
        print(f"| {checkout} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
