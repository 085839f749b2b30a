"""Benchmark: instructions per clinic that stamping and the clinic check cost, counted by valgrind (issue 11).

Usage: .venv/bin/python bench/clinicparts.py [--clinics N] [CHECKOUT ...]

For each checkout (default: this one), four processes under `valgrind --tool=callgrind` lay out the
LDN leaflet's clinic layout for N bench clinics (default 100; bench/clinics.py's), stamp and check
five of them to warm up, and then do nothing more, stamp all N, stamp and check all N, or run
batch.stamp_share over all N (each stamped, checked and staged beside its target, in a folder made
in every process beforehand, as for a batch built again; the staged files then removed). The
differences, divided by N, are what one clinic's `stamp.stamp`, `check_stamped` and staging cost in
instructions, in process and warm: a figure the shared machine's load does not move (CPU time moves
by a third from run to run). Staging is counted in user space only (valgrind does not see the
kernel's part of its system calls). Needs valgrind; each process takes half a minute or so under
it. No test runs this.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from callgrind import collected, need_valgrind

HERE = Path(__file__).resolve().parent.parent
WHAT = ("warm", "stamp", "check", "share")

WORKER = """
import sys
from pathlib import Path
n, what, scratch = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
sys.path.insert(0, "bench")
from clinics import clinics_yaml
from leaflet import stamp
from leaflet.batch import stamp_share
from leaflet.build import lay_out
from leaflet.checks.stamped import check_stamped
from leaflet.clinics import iter_clinics, survey
from leaflet.publish import discard
from leaflet.theme import Variant
scratch.write_text(clinics_yaml(n), encoding="utf-8")
out = scratch.with_suffix(".out")
clinics = list(iter_clinics(str(scratch)))
found = survey(clinics)
laid = lay_out("content/ldn-ms.yaml", Variant(clinic=True), found.reserve, found.details)
master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
for clinic in clinics[:5]:
    check_stamped(stamp.stamp(master, clinic), master, clinic)
for clinic in clinics:
    (out / clinic.id).mkdir(parents=True, exist_ok=True)
if what == "share":
    runs = iter([range(0, n)])
    done, error = stamp_share(
        master, lambda: clinics, lambda c: out / c.id / "x.pdf", lambda: next(runs, None), lambda: None
    )
    assert error is None, error
    discard(s for _, s, _, _ in done)
elif what != "warm":
    stamped = [stamp.stamp(master, clinic) for clinic in clinics]
if what == "check":
    for data, clinic in zip(stamped, clinics):
        check_stamped(data, master, clinic)
"""


def counted(checkout: Path, what: str, n: int, scratch: Path) -> int:
    """Instructions valgrind counts in one process that warms up and then does `what` for n clinics."""
    try:
        return collected(checkout, WORKER, [str(n), what, str(scratch / f"clinicparts-{os.getpid()}.yaml")])
    finally:
        shutil.rmtree(scratch / f"clinicparts-{os.getpid()}.out", ignore_errors=True)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("checkouts", nargs="*", type=Path, default=[HERE], help="checkouts to count (default: this one)")
    p.add_argument("--clinics", type=int, default=100, help="clinics stamped and checked (default 100)")
    args = p.parse_args(argv)
    need_valgrind("bench/clinicparts.py")
    scratch = Path(os.environ.get("TMPDIR", "/tmp"))
    print("| checkout | stamp (k instructions / clinic) | check (k instructions / clinic) | stage (k, user space) |")
    print("|---|---|---|---|")
    for checkout in args.checkouts:
        warm, stamped, checked, shared = (counted(checkout.resolve(), w, args.clinics, scratch) for w in WHAT)
        per = args.clinics * 1000
        parts = (stamped - warm, checked - stamped, shared - checked)
        print(f"| {checkout} | " + " | ".join(f"{part / per:.0f}" for part in parts) + " |", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
