"""Benchmark for `-j N` (issue 11): what `make` runs, `leaflet build --all --force`, with one process and
with more, paired.

Usage: .venv/bin/python bench/jobs.py [--runs N] [--jobs N ...]   (default: 7 runs; -j 1 and 2)

Each round runs every -j once, in turn, so all see the same machine (it is shared: read the minimum,
the median shows the noise); --force makes each a real build, not an answer from the manifest. Prints
per -j the wall time and the CPU time of the process tree (user + system), minimum and median. No test
asserts these: they are figures to read.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(out: Path, jobs: int) -> tuple[float, float]:
    """Wall and CPU seconds (of the build and every process it forked) of one build."""
    argv = [sys.executable, "-m", "leaflet", "build", "--all", "--force", "-o", str(out), "-j", str(jobs)]
    before = os.times()
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=7)
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = p.parse_args(argv)
    times: dict[int, list[tuple[float, float]]] = {j: [] for j in args.jobs}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs + 1):  # the first round warms the disk cache and is not counted
            for j in args.jobs:
                measured = run(Path(tmp) / f"j{j}", j)
                if i:
                    times[j].append(measured)
    print(f"`leaflet build --all --force`, {args.runs} paired runs, {os.cpu_count()} cores")
    print("| -j | wall min | wall median | CPU min | CPU median |\n|---|---|---|---|---|")
    for j, measured in times.items():
        walls, cpus = [w for w, _ in measured], [c for _, c in measured]
        print(
            f"| {j} | {min(walls):.3f} s | {statistics.median(walls):.3f} s "
            f"| {min(cpus):.3f} s | {statistics.median(cpus):.3f} s |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
