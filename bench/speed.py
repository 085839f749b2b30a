"""Benchmark for issue 11: `leaflet` against hand-written ReportLab (bench/handmade.py), paired.

Usage: .venv/bin/python bench/speed.py [--runs N] [--big N ...]   (default: 7 runs; 1000 10000)

Prints one table: the LDN leaflet's cold build (whole process, every check included) against the
hand-written baseline (no checks, same fonts, same content), run alternately so both see the same
machine (--force: each run a real build, not answered from the manifest); the warm build in one
process, split into build and checks; 100 clinic PDFs, whole process, against the baseline laying
out each clinic's copy; bigger clinic batches with wall time and the peak RSS of the process; a
no-op `leaflet build --all` (the second of two: unchanged, so answered from the manifest); and
`leaflet --version`. Medians throughout, with the fastest run; beside them the CPU time (user +
system, children included) of the cold builds and the 100 clinics, and the least CPU time of the
warm builds, which moves less than wall time on a shared machine. No test asserts any of these:
they are figures to read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content" / "ldn-ms.yaml"
LEAFLET = [sys.executable, "-m", "leaflet"]
HANDMADE = [sys.executable, str(ROOT / "bench" / "handmade.py")]
TIMES = "\u00d7"  # the multiplication sign of "2.0x by hand"
sys.path.insert(0, str(ROOT / "bench"))

from clinics import clinics_yaml  # noqa: E402  (bench/clinics.py, beside this file)


def run(argv: Sequence[str | Path]) -> tuple[float, float, int, str, float]:
    """Wall seconds, peak RSS in MB, exit status, last line of stderr and CPU seconds (user + system,
    its own and its children's) of one process."""
    start = time.perf_counter()
    child = subprocess.Popen([str(a) for a in argv], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    err = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall, cpu = time.perf_counter() - start, usage.ru_utime + usage.ru_stime
    return wall, usage.ru_maxrss / 1024, child.returncode, err[-1] if err else "", cpu


def paired(runs: int, *commands: Callable[[], Sequence[str | Path]]) -> list[tuple[float, float, float, float]]:
    """The median and the fastest wall time, and the median and least CPU time, of each command, run
    in turn `runs` times after one unmeasured round (on a shared machine the fastest runs are the
    least disturbed, and CPU time moves less than wall time with what else runs)."""
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for i in range(runs + 1):
        for mine, spent, command in zip(walls, cpus, commands, strict=True):
            wall, _, status, last, cpu = run(command())
            if status:
                raise SystemExit(f"{' '.join(map(str, command()))}: exit {status}: {last}")
            if i:
                mine.append(wall)
                spent.append(cpu)
    return [(statistics.median(w), min(w), statistics.median(c), min(c)) for w, c in zip(walls, cpus, strict=True)]


def warm(runs: int, tmp: Path) -> list[tuple[float, float]]:
    """In one process, after a first build, the three in turn `runs` times: the median wall time and
    the least CPU time of build+checks, of the checks alone, and of the baseline."""
    import handmade

    from leaflet.build import build, lay_out
    from leaflet.checks import run_checks
    from leaflet.theme import Variant

    def hand() -> None:
        handmade.build(handmade.load(CONTENT.read_text(encoding="utf-8")), tmp / "hand.pdf")

    def ours() -> None:
        build(CONTENT, tmp / "warm")

    laid = lay_out(CONTENT, Variant())

    def checks() -> None:
        run_checks(laid.rendered.pdf, laid.leaflet, laid.theme)

    measures = (ours, checks, hand)
    for f in measures:
        f()
    spent: list[list[tuple[float, float]]] = [[] for _ in measures]
    for _ in range(runs):
        for f, mine in zip(measures, spent, strict=True):
            mine.append(timed(f))
    return [(statistics.median(w for w, _ in mine), min(c for _, c in mine)) for mine in spent]


def timed(f: Callable[[], None]) -> tuple[float, float]:
    """Wall and CPU seconds of one call."""
    start, cpu = time.perf_counter(), time.process_time()
    f()
    return time.perf_counter() - start, time.process_time() - cpu


def row(measure: str, ours: str, hand: str = "—", note: str = "") -> None:
    print(f"| {measure} | {ours} | {hand} | {note} |")


def main(argv: list[str]) -> None:
    args = parse(argv)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        print("| measure | leaflet | ReportLab by hand, no checks | ratio / note |\n|---|---|---|---|")
        (cold, cold_min, cold_cpu, cold_least), (hand, hand_min, hand_cpu, hand_least) = paired(
            args.runs,
            lambda: [*LEAFLET, "build", CONTENT, "-o", tmp / "cold", "--force"],
            lambda: [*HANDMADE, CONTENT, tmp / "hand.pdf"],
        )
        row(
            "cold build, whole process",
            f"{cold:.3f} s (fastest {cold_min:.3f}); CPU {cold_cpu:.3f} s (least {cold_least:.3f})",
            f"{hand:.3f} s (fastest {hand_min:.3f}); CPU {hand_cpu:.3f} s (least {hand_least:.3f})",
            f"{cold / hand:.2f}{TIMES} by hand (fastest runs: {cold_min / hand_min:.2f}{TIMES}; "
            f"CPU {cold_cpu / hand_cpu:.2f}{TIMES}, least {cold_least / hand_least:.2f}{TIMES})",
        )
        (build_s, build_cpu), (check_s, check_cpu), (hand_warm, hand_warm_cpu) = warm(args.runs, tmp)
        row(
            "warm build in process",
            f"{1000 * build_s:.0f} ms ({1000 * (build_s - check_s):.0f} build + {1000 * check_s:.0f} checks); "
            f"least CPU {1000 * build_cpu:.1f} ms ({1000 * check_cpu:.1f} checks)",
            f"{1000 * hand_warm:.0f} ms; least CPU {1000 * hand_warm_cpu:.1f} ms",
            f"{build_s / hand_warm:.2f}{TIMES} by hand (least CPU: {build_cpu / hand_warm_cpu:.2f}{TIMES})",
        )
        clinics(args, tmp)
        run([*LEAFLET, "build", "--all", "-o", tmp / "all"])
        ((noop, _, _, _),) = paired(args.runs, lambda: [*LEAFLET, "build", "--all", "-o", tmp / "all"])
        row("no-op `leaflet build --all` (the second run)", f"{noop:.3f} s")
        ((version, version_min, _, _),) = paired(args.runs, lambda: [*LEAFLET, "--version"])
        row("`leaflet --version`", f"{version:.3f} s (fastest {version_min:.3f})")


def clinics(args: argparse.Namespace, tmp: Path) -> None:
    file = tmp / "clinics-100.yaml"
    file.write_text(clinics_yaml(100), encoding="utf-8")
    (ours, ours_min, ours_cpu, _), (hand, hand_min, _, _) = paired(
        max(3, args.runs),  # (as many as the cold builds: a batch moves more with the machine than one build)
        lambda: [*LEAFLET, "build", CONTENT, "--all-clinics", "--clinics", file, "-o", tmp / "c100", "--force"],
        lambda: [*HANDMADE, CONTENT, tmp / "ldn-ms.pdf", file, tmp / "h100"],
    )
    row(
        "100 clinic PDFs, whole process",
        f"{ours:.2f} s (fastest {ours_min:.2f}); CPU {ours_cpu:.2f} s on {os.cpu_count()} cores",
        f"{hand:.2f} s (fastest {hand_min:.2f})",
        f"{ours / hand:.2f}{TIMES} by hand",
    )
    for n in args.big:
        file = tmp / f"clinics-{n}.yaml"
        file.write_text(clinics_yaml(n), encoding="utf-8")
        wall, rss, status, last, _ = run(
            [*LEAFLET, "build", CONTENT, "--all-clinics", "--clinics", file, "-o", tmp / f"c{n}"]
        )
        outcome = f"{wall:.1f} s, {rss:.0f} MB peak" if status == 0 else f"exit {status}: {last[:80]}"
        row(f"{n:,} clinics in one file", outcome, "—", f"{1000 * wall / n:.1f} ms per clinic" if not status else "")


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7, help="paired runs per measure (default 7)")
    p.add_argument("--big", type=int, nargs="*", default=[1000, 10000], help="clinic batch sizes")
    return p.parse_args(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
