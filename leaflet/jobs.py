"""A build's jobs -> each run once, here or spread over forked processes, their lines printed in
order and the manifest written once (stage: publish, for `leaflet build`).

Input: the leaflet files, the jobs to make of each (commands.outputs: a name and a function of the
leaflet and the processes it may use), the parsed `build` arguments, the --final gate and the
summary line. Output: each job's lines on stdout and its error on stderr, in file and job order,
as one process prints them; the manifest (manifest.py) records each job that passed; the worst status.

How:
- plan: each file's gate first (a refused draft runs none of its jobs), then each job either
  answered from the manifest (unchanged) or to run;
- with -j above 1 and two or more jobs worth a process, up to -j forked workers (forked.py) each
  take the next job to run (a leaflet's booklet and clinic batch first: they take longest), build
  it with its output captured, and send back what it printed and what it read and wrote. Forking
  and collecting two workers costs about 20 ms (measured with jobs that do nothing); every job but
  the text (a few ms) lays out and checks a PDF, 150 ms or more, so each of those is worth one;
- this process prints each job's output once every job before it is printed (a counter on a
  terminal meanwhile, for builds over a second), and alone records it in the manifest: workers
  never write the record, so none of its entries is lost;
- a clinic batch in a worker stamps in that worker (so never more than -j processes). A batch whose
  clinics file is big enough for batch.py to fork waits, and runs here with all -j processes once
  the workers are done;
- a failing job is reported at its place and the others run, as with one process; the status is
  the worst. Each job publishes its files only once they pass their checks (publish.py), in
  whichever process, so a failure replaces nothing. A bug in a worker is raised here, in its place,
  once the workers are done; the job of a worker that died without an answer (killed) runs here.
"""

from __future__ import annotations

import argparse
import io
import sys
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from . import readlog
from .build import Built
from .errors import LeafletError
from .fonts import FONT_DIR
from .incremental import UNCHANGED, clinics_for, job_key
from .inputfiles import inputs_of
from .manifest import Manifest
from .progress import Progress
from .record import record

Job = Callable[[Path, int], list[Built]]  # (leaflet, processes it may use) -> the files it wrote
Say = Callable[[Built], str]
# key, inputs, the digests of what was read of them (readlog.py), folders, outputs, lines
Record = tuple[str, list[Path], dict[str, str], list[Path], list[Path], list[str]]
MIN_CLINIC_BYTES = 32  # the shortest clinic a clinics file can hold: "{id: a,name: b,address: c,phone: 1},"
LIGHT = frozenset({"text"})  # jobs too quick to be worth a process of their own (see above)
FIRST = ("booklet", "every clinic", "clinics")  # a leaflet's longest jobs, started first so none is left last


class WorkerBug(Exception):
    """A bug (not a located error) in a job a worker ran: its traceback, raised where the job's output goes."""


@record
class Done:
    """What a job did: its status, and for one run in a worker what it printed, to print here."""

    status: int
    out: str = ""
    err: str = ""
    record: Record | None = None  # what a job that passed read and wrote, for the manifest
    bug: str = ""


@record
class Step:
    """One job on one leaflet, still to run, or answered (refused by --final, or unchanged)."""

    key: str
    file: Path
    name: str
    job: Job | None = None
    done: Done | None = None  # None: to run


def run_jobs(
    files: list[Path],
    jobs: list[tuple[str, Job]],
    args: argparse.Namespace,
    gate: Callable[[Path], None] | None,
    say: Say,
) -> int:
    """Every job on every file, over up to `args.jobs` processes; the worst status."""
    ahead = getattr(args, "ahead", None)  # (cli.run's: the tool's digest may be made meanwhile)
    record = Manifest.load(args.output, ahead.tool_digest if ahead else None)
    steps = plan(files, jobs, args, gate, record)
    processes: int = args.jobs
    pooled = [i for i, s in enumerate(steps) if s.done is None and not (processes > 1 and alone(s, args))]
    order = {file: n for n, file in enumerate(dict.fromkeys(s.file for s in steps))}
    pooled.sort(key=lambda i: (order[steps[i].file], not steps[i].name.startswith(FIRST), i))
    workers = min(processes, sum(steps[i].name not in LIGHT for i in pooled))
    printer = Printer(steps, record, say, processes)
    if workers > 1:
        in_pool(printer, pooled, workers)
    printer.advance(run=True)
    record.save()
    return printer.status


def plan(
    files: list[Path],
    jobs: list[tuple[str, Job]],
    args: argparse.Namespace,
    gate: Callable[[Path], None] | None,
    record: Manifest,
) -> list[Step]:
    """Each file's steps in order: its refusal by the gate, or each job, answered when unchanged."""
    steps: list[Step] = []
    for file in files:
        try:
            if gate:
                gate(file)
        except LeafletError as e:
            steps.append(Step("", file, "final", done=Done(e.exit_code, err=f"{e}\n")))
            continue
        for name, job in jobs:
            key = job_key(name, file, args)
            lines = None if args.force else record.unchanged(key)
            again = None if lines is None else Done(0, "".join(f"{line}{UNCHANGED}\n" for line in lines))
            steps.append(Step(key, file, name, job, again))
    return steps


def alone(step: Step, args: argparse.Namespace) -> bool:
    """A clinic batch that may be big enough for batch.py to fork: it runs here, with every process."""
    if not step.name.startswith(("clinics", "every clinic")):
        return False
    from .batch import MIN_PER_PROCESS  # (loads the stamping: only clinic builds need it)

    if args.clinic:
        return len(args.clinic) >= 2 * MIN_PER_PROCESS
    try:
        size = clinics_for(step.file, args).stat().st_size
    except OSError:
        return False  # no clinics file: the job says so, quickly
    return size >= 2 * MIN_PER_PROCESS * MIN_CLINIC_BYTES


@record(frozen=False)
class Printer:
    """Prints the steps' output in order as their jobs finish, records each that passed."""

    steps: list[Step]
    record: Manifest
    say: Say
    processes: int
    results: dict[int, Done] = field(default_factory=dict)
    next: int = 0
    status: int = 0

    def advance(self, run: bool) -> None:
        """Print every step whose turn has come and whose job is done; with `run`, run the rest here."""
        while self.next < len(self.steps):
            step = self.steps[self.next]
            done = step.done or self.results.get(self.next)
            if not run and (done is None or done.bug):
                return  # (a bug is raised once the workers are done, so none is stopped mid-write)
            if done is None:
                done = perform(step, self.processes, self.say)
            self.show(done)
            self.next += 1

    def show(self, done: Done) -> None:
        if done.bug:
            raise WorkerBug(done.bug)
        sys.stdout.write(done.out)
        sys.stderr.write(done.err)
        if done.record:
            self.record.record(*done.record)
        self.status = max(self.status, done.status)


def perform(step: Step, processes: int, say: Say) -> Done:
    """Run one job, printing its lines (or its one located error); what it read and wrote."""
    assert step.job is not None
    with readlog.collecting() as reads:
        try:
            made = step.job(step.file, processes)
        except LeafletError as e:
            print(str(e), file=sys.stderr)
            return Done(e.exit_code)
        inputs = read_by(made, step.file, reads)  # (inside: a cached font family tells what it was read from)
    lines = [say(built) for built in made]
    for line in lines:
        print(line)
    outputs = [built.path for built in made]
    return Done(0, record=(step.key, inputs, reads, [FONT_DIR, step.file.parent], outputs, lines))


def read_by(made: list[Built], file: Path, reads: dict[str, str]) -> list[Path]:
    """Every file the job read: the leaflet's inputs, and those its build reports beside them (clinics).

    A font counts only if its family was read (`reads`, readlog.py): a fallback family no character
    needed was never opened, so its bytes cannot have shaped the PDF; the fonts folder's listing is
    recorded besides, so a font added or removed still rebuilds. (Not hashing the 2 MB of fallbacks
    the LDN leaflet never uses saves 3-5 ms a build.)"""
    if not made:
        return [file.resolve()]
    found = {i.path for i in inputs_of(made[0].leaflet) if i.kind != "font" or str(i.path) in reads}
    return sorted(found | set(made[0].reads))


def captured(step: Step, say: Say) -> Done:
    """A job run in a worker with one process: what it printed kept to print in order; a bug's traceback."""
    out, err = io.StringIO(), io.StringIO()
    try:
        with redirect_stdout(out), redirect_stderr(err):
            done = perform(step, 1, say)
    except Exception:
        return Done(1, bug=traceback.format_exc())
    return replace(done, out=out.getvalue(), err=err.getvalue())


def in_pool(printer: Printer, pooled: list[int], workers: int) -> None:
    """The pooled steps over `workers` forked processes, each taking the next unclaimed one."""
    import multiprocessing

    from .forked import Send, in_processes

    claimed = multiprocessing.get_context("fork").Value("i", 0)
    progress = Progress("building", len(pooled), in_logs=False)

    def share(k: int, n: int, send: Send) -> None:
        while True:
            with claimed.get_lock():
                at, claimed.value = claimed.value, claimed.value + 1
            if at >= len(pooled):
                return
            send((pooled[at], captured(printer.steps[pooled[at]], printer.say)))

    def heard(item: Any) -> None:
        index, done = item
        printer.results[index] = done
        if index == printer.next:  # its lines can be printed now: the counter steps aside for them
            progress.pause()
            printer.advance(run=False)
        progress.step()

    try:
        in_processes(share, workers, lambda k: None, heard)
    finally:
        progress.end()
