"""Mutation testing of the checks: `make mutate` (cosmic-ray, one worker per core, at most two).

Every mutant is one small change to leaflet/checks/ or one of the PDF readers and text matchers they
use (MODULES). Each is applied in a worker's own copy of the tree (under .mutate/, so the work tree
is never touched) and tests are run with -x; a mutant no test notices "survives". The end prints
every survivor's diff and the kill rate, `killed/tested`.

Tests, in two rounds to keep the run short: every mutant first meets the check tests (FAST); only
those that survive meet the rest of the suite, less SKIP: test_source and test_readability never
reach the checks, pdftext or textmatch, and the property and concurrency tests (test_fuzz,
test_concurrency) take minutes a run while the check tests already fail on anything they would catch in the checks.
A mutant counts as killed if either round kills it.

Operators kept: every number +-1, added/removed `not`, True/False swapped, and/or swapped,
loops run zero times, break/continue swapped, exceptions replaced, decorators removed, and for each
arithmetic or comparison operator its nearest neighbours (+ -, * /, | &, < <=, > >=, < >, == !=,
is / is not). cosmic-ray's other swaps (+ to ** or >>, == to <=, ...) are left out: they rarely
survive where these die, and would treble the run.

    python tests/mutate.py [--resume] [--fast] [MODULE ...]   # default: MODULES below

--fast stops after the first round: what survives it is printed as a survivor, to be read by eye
(most are equivalent) before spending the second round's minutes a mutant on it.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / ".mutate"
MODULES = [
    "leaflet/checks",
    "leaflet/pdftext.py",
    "leaflet/textmatch.py",
    "leaflet/contentops.py",
    "leaflet/simplefont.py",
    "leaflet/textwalk.py",
    "leaflet/pagescan.py",
    "leaflet/scanlisteners.py",
]
FAST = [  # cheapest first: with -x, most mutants of pdftext die in the first two files, in seconds
    "tests/test_pdfscan.py",
    "tests/test_textmatch.py",
    "tests/test_checks.py",
    "tests/test_check_mutants.py",
    "tests/test_stamp_checks.py",
    "tests/test_stamp.py",
]
SKIP = ["tests/test_source.py", "tests/test_readability.py", "tests/test_fuzz.py", "tests/test_concurrency.py"]
TIMEOUT_S = 120
KEPT = [
    "NumberReplacer",
    "AddNot",
    "ReplaceUnaryOperator_Delete_Not",
    "ReplaceUnaryOperator_USub_UAdd",
    "ReplaceTrueWithFalse",
    "ReplaceFalseWithTrue",
    "ReplaceAndWithOr",
    "ReplaceOrWithAnd",
    "ZeroIterationForLoop",
    "ReplaceContinueWithBreak",
    "ReplaceBreakWithContinue",
    "ExceptionReplacer",
    "RemoveDecorator",
    *(f"ReplaceBinaryOperator_{pair}" for pair in ("Add Sub", "Sub Add", "Mul Div", "Div Mul")),
    *(f"ReplaceBinaryOperator_{pair}" for pair in ("BitOr BitAnd", "BitAnd BitOr", "FloorDiv Div")),
    *(f"ReplaceComparisonOperator_{pair}" for pair in ("Eq NotEq", "NotEq Eq", "Is IsNot", "IsNot Is")),
    *(f"ReplaceComparisonOperator_{pair}" for pair in ("Lt LtE", "LtE Lt", "Gt GtE", "GtE Gt")),
    *(f"ReplaceComparisonOperator_{pair}" for pair in ("Lt Gt", "Gt Lt", "LtE GtE", "GtE LtE")),
]
IGNORED = shutil.ignore_patterns(".git", ".venv", ".mutate", ".hypothesis", "output", "*.egg-info", "*cache*")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pytest_command(rest: bool) -> list[str]:
    """The check tests (FAST), or the rest of the suite (less SKIP)."""
    tests = ["tests", *(f"--ignore={t}" for t in FAST + SKIP)] if rest else FAST
    return [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]


def config(modules: list[str], ports: list[int], rest: bool) -> str:
    """The cosmic-ray session config: modules, test command, the operators left out, the workers."""
    command = " ".join(pytest_command(rest))
    kept = "|".join(name.replace(" ", "_") for name in KEPT)
    exclude = f"core/(?!(?:{kept})$)"
    urls = ", ".join(f'"http://127.0.0.1:{p}"' for p in ports)
    return (
        f"[cosmic-ray]\nmodule-path = {modules!r}\ntimeout = {TIMEOUT_S}\nexcluded-modules = []\n"
        f'test-command = "{command}"\n\n[cosmic-ray.distributor]\nname = "http"\n\n'
        f"[cosmic-ray.distributor.http]\nworker-urls = [{urls}]\n\n"
        f"[cosmic-ray.filters.operators-filter]\nexclude-operators = ['{exclude}']\n"
    ).replace("'", '"')


def run(*args: str | Path, cwd: Path = REPO) -> None:
    subprocess.run([str(a) for a in args], cwd=cwd, check=True)


def start_workers(count: int) -> tuple[list[int], list[subprocess.Popen[bytes]]]:
    """One cosmic-ray HTTP worker per copy of the tree, each checked to pass the tests unmutated."""
    ports, procs = [], []
    bin_dir = Path(sys.executable).parent
    for i in range(count):
        copy = WORK / f"w{i}"
        shutil.copytree(REPO, copy, ignore=IGNORED)
        ports.append(free_port())
        log = (WORK / f"w{i}.log").open("wb")
        worker = [bin_dir / "cosmic-ray", "http-worker", "--port", str(ports[-1])]
        procs.append(subprocess.Popen(worker, cwd=copy, stdout=log, stderr=subprocess.STDOUT))
    for port in ports:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
    return ports, procs


def forget(session: Path, job_ids: list[str]) -> None:
    """Drop these jobs' results, so that the next `exec` runs them again."""
    with sqlite3.connect(session) as db:
        db.executemany("DELETE FROM work_results WHERE job_id = ?", [(j,) for j in job_ids])


def tally(session: Path) -> tuple[int, int, dict[str, str], int]:
    """(killed, tested, job id -> diff of each survivor, runs that failed to test); skipped operators not counted."""
    killed, tested, survivors, broken = 0, 0, {}, 0
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome in (WorkerOutcome.SKIPPED, WorkerOutcome.NO_TEST):
                continue
            if result.worker_outcome != WorkerOutcome.NORMAL:
                broken += 1
                continue
            tested += 1
            if result.test_outcome == TestOutcome.SURVIVED:
                spec = item.mutations[0]
                where = f"{spec.module_path}:{spec.start_pos[0]} {spec.operator_name}"
                survivors[item.job_id] = f"--- {where} #{spec.occurrence}\n{result.diff}"
            else:
                killed += 1
    return killed, tested, survivors, broken


def fresh_work_folder(resume: bool) -> None:
    """Empty .mutate/, keeping the session (its results so far) when resuming one."""
    kept = (WORK / "session.sqlite").read_bytes() if resume else None
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir()
    if kept is not None:
        (WORK / "session.sqlite").write_bytes(kept)


def main(argv: list[str]) -> int:
    resume = "--resume" in argv  # go on with .mutate/session.sqlite (same modules): after a stop, or with new tests
    fast_only = "--fast" in argv
    modules = [a for a in argv if a not in ("--resume", "--fast")] or MODULES
    fresh_work_folder(resume)
    ports, workers = start_workers(max(1, min(2, os.cpu_count() or 1)))
    session, bin_dir = WORK / "session.sqlite", Path(sys.executable).parent
    fast, rest = WORK / "fast.toml", WORK / "rest.toml"
    try:
        fast.write_text(config(modules, ports, rest=False), encoding="utf-8")
        rest.write_text(config(modules, ports, rest=True), encoding="utf-8")
        for tests in (False, True)[: 1 if fast_only else 2]:  # the unmutated copy must pass, or all look killed
            run(*pytest_command(tests), cwd=WORK / "w0")
        if resume:  # the tests may have grown since: what survived them is tried again
            forget(session, list(tally(session)[2]))
        else:
            run(bin_dir / "cosmic-ray", "init", fast, session)
            run(bin_dir / "cr-filter-operators", session, fast)
        run(bin_dir / "cosmic-ray", "exec", fast, session)
        first = tally(session)[2]
        if fast_only:
            return report(session)
        print(f"{len(first)} mutants survived the check tests; running the rest of the suite on them", flush=True)
        forget(session, list(first))
        run(bin_dir / "cosmic-ray", "exec", rest, session)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
    return report(session)


def report(session: Path) -> int:
    """Print every survivor's diff and the kill rate."""
    killed, tested, survivors, broken = tally(session)
    print("\n\n".join(survivors.values()))
    rate = 100 * killed / tested if tested else 0.0
    print(f"\nmutation: {killed}/{tested} mutants killed ({rate:.1f}%), {len(survivors)} survived", end="")
    print(f", {broken} could not be run (see {session.relative_to(REPO)})" if broken else "")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
