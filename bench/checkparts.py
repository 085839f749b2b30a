"""Benchmark: where a warm `run_checks` of the LDN leaflet spends its time, check by check (issue 11).

Usage: .venv/bin/python bench/checkparts.py [--runs N]   (default: 30)

In one process, after a warm-up: CPU time (the minimum of N, the machine being shared) of the
hand-written ReportLab baseline (bench/handmade.py), a warm checked build, `run_checks` on the
built PDF, each check within it (the first check to ask for an object pays for reading it), what
`run_checks` spends outside its checks (opening the file, its pages' drawing instructions), and
opening the file and reading every object (pdfown, pdfregular). Run it in two checkouts one
after the other to compare them. No test asserts any of these: they are figures to read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content" / "ldn-ms.yaml"
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # this checkout, whatever the venv has installed


def cpu(f: Callable[[], object]) -> float:
    start = time.process_time()
    f()
    return time.process_time() - start


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=30, help="runs of each measure (default 30)")
    runs = p.parse_args(argv).runs

    import handmade
    import yaml

    from leaflet import pdfown, pdfread
    from leaflet.build import build, lay_out
    from leaflet.checks import core
    from leaflet.pdfmodel import Ref
    from leaflet.theme import Variant

    tmp = Path(tempfile.mkdtemp())
    laid = lay_out(CONTENT, Variant())
    pdf = laid.rendered.pdf

    def hand() -> None:
        handmade.build(yaml.safe_load(CONTENT.read_text(encoding="utf-8")), tmp / "hand.pdf")

    def objects() -> None:
        document = pdfown.open_own(pdf, "LDN")
        for number, generation in list(document.offsets):
            document.resolve(Ref(number, generation, document))

    def opened() -> None:
        pdfread.count_contents(pdfown.open_own(pdf, "LDN"), "LDN")

    measures: dict[str, Callable[[], object]] = {
        "hand-written ReportLab": hand,
        "warm build + checks": lambda: build(CONTENT, tmp / "warm"),
        "open the PDF, decode its pages": opened,
        "open the PDF, read every object": objects,
    }
    for f in (*measures.values(), *measures.values()):
        f()  # warm up
    best = {name: min(cpu(f) for _ in range(runs)) for name, f in measures.items()}
    spent: dict[str, list[float]] = {}
    every = list(core.CHECKS)

    def timed(name: str, check: core.Check) -> core.Check:
        def run(under: core.Pdf) -> core.Finding:
            start = time.process_time()
            try:
                return check(under)
            finally:
                spent.setdefault(name, []).append(time.process_time() - start)

        return run

    core.CHECKS[:] = [(name, timed(name, fn), needs) for name, fn, needs in every]
    totals, outside = [], []
    for i in range(runs):
        total = cpu(lambda: core.run_checks(pdf, laid.leaflet, laid.theme))
        totals.append(total)
        outside.append(total - sum(times[i] for times in spent.values()))
    core.CHECKS[:] = every
    best |= {"run_checks": min(totals), "run_checks outside its checks": min(outside)}
    best |= {f"  {name}": min(times) for name, times in spent.items()}
    print(f"| measure | CPU ms (min of {runs}) |\n|---|---|")
    for name, seconds in best.items():
        print(f"| {name} | {seconds * 1e3:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
