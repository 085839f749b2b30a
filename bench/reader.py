"""Benchmark: the checks on the LDN leaflet read by our own reader (pdfown) and by pypdf (pdfadapt).

Usage: .venv/bin/python bench/reader.py [--runs N]   (default: 21)

Prints CPU time (user + system; the minimum of N, the machine being shared): every check in one
process, on the PDF read each way; importing each reader in a fresh process (what a checked build
pays for it); and a cold checked build. No test asserts any of these: they are figures to read.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content" / "ldn-ms.yaml"


def cpu(f: Callable[[], object], runs: int) -> float:
    """The least CPU time of `runs` calls, in ms."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        f()
        best = min(best, time.process_time() - start)
    return best * 1000


def child_cpu(argv: list[str], runs: int) -> float:
    """The least CPU time (user + system) of `runs` processes, in ms."""
    best = float("inf")
    for _ in range(runs):
        child = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(ROOT)})
        _, _, usage = os.wait4(child.pid, 0)
        best = min(best, usage.ru_utime + usage.ru_stime)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT))
    from leaflet.build import lay_out
    from leaflet.checks.core import Pdf, check_document
    from leaflet.pdfadapt import open_foreign
    from leaflet.pdfown import open_own
    from leaflet.pdfread import limits, open_reader
    from leaflet.theme import Variant

    laid = lay_out(CONTENT, Variant())
    data = laid.rendered.pdf

    def own() -> None:
        check_document(Pdf(open_own(data, "ldn.pdf"), len(data), laid.leaflet, laid.theme))

    def foreign() -> None:
        with limits():
            document = open_foreign(open_reader(data, "ldn.pdf"), "ldn.pdf")
            check_document(Pdf(document, len(data), laid.leaflet, laid.theme))

    print(f"checks, warm, our reader        {cpu(own, runs):6.1f} ms")
    print(f"checks, warm, pypdf             {cpu(foreign, runs):6.1f} ms")
    for module in ("leaflet.pdfown", "leaflet.pdfadapt"):
        took = child_cpu([sys.executable, "-c", f"import {module}"], runs)
        print(f"import {module:<24} {took:6.0f} ms (a fresh process)")
    out = Path(tempfile.gettempdir()) / "bench-reader"
    build = [sys.executable, "-m", "leaflet", "build", str(CONTENT), "-o", str(out), "--force"]
    print(f"cold checked build              {child_cpu(build, max(5, runs // 2)):6.0f} ms")


if __name__ == "__main__":
    main()
