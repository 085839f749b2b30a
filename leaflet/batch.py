"""A checked clinic layout and its clinics -> every clinic's PDF stamped, checked and in place
(stage: stamp, for batches).

Input: the master (stamp.read_master), a way to stream the clinics in file order, their count, the
target of each clinic's PDF, how many processes may share the work, and the master's checks, when
they are still to run. Output: (target, clinic id, bytes) for each clinic, in file order, once every
PDF is in place; or the master's check failure, or else the error of the first clinic (in file
order) that fails, with nothing replaced and no temporary file left.

One process checks the master, then stamps, checks and stages each clinic in turn, holding one at a
time. With `jobs` above 1 and a batch big enough to pay for the processes, forked workers (forked.py)
start stamping as soon as the master is read, while this process checks the master and then joins
them: each process takes the next clinics no process has taken yet (forked.Tickets), so all end
together however long the checks take or however busy each core is. Every process stages its PDFs;
this process then makes all of them durable and replaces the targets as one batch, as publish.py
does for one process, only once the master has passed its checks. The PDFs are the same bytes
either way: each is stamped from the same master. A process stops at its first failing clinic; as
the clinics are taken in file order, every clinic before it was taken too, so the first failure in
file order is the one raised, as with one process.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from .checks.stamped import check_stamped
from .errors import LayoutError
from .forked import Tickets, in_processes, nothing
from .interrupts import held
from .model import Clinic
from .progress import Progress
from .publish import Staged, commit, discard, stage
from .stamp import Master, stamp

MIN_PER_PROCESS = 50  # clinics: a smaller share costs more to fork and collect than it saves (100 clinics: two shares)
Made = tuple[Path, str, int]  # target, clinic id, bytes
Part = tuple[list[tuple[int, Staged, str, int]], tuple[int, BaseException] | None]  # staged; first error
Share = Callable[[int, int, Callable[[], None]], Part]  # (k, n, a step per clinic) -> that share's part
Take = Callable[[], "range | None"]  # the next run of clinics (indices in file order) to stamp; None: no more


def stamp_batch(
    master: Master,
    clinics: Callable[[], Iterable[Clinic]],
    count: int,
    target: Callable[[Clinic], Path],
    jobs: int = 1,
    first: Callable[[], object] = nothing,  # (nothing: the master was checked before the batch)
) -> list[Made]:
    """Every clinic stamped, checked and put in place; the first failure raised, nothing replaced.

    `first` (the master's checks) runs in this process, once the forked ones are stamping, before it
    takes any clinic: should it raise, the others stop, every staged file is removed and its error is raised."""
    workers = max(1, min(jobs, count // MIN_PER_PROCESS))
    progress = Progress("stamping and checking clinics", count)
    tickets = Tickets(count) if workers > 1 else None
    take = tickets.take if tickets else iter([range(0, sys.maxsize)]).__next__

    def share(k: int, n: int, step: Callable[[], None]) -> Part:
        if k == 0:
            first()
        return stamp_share(master, clinics, target, take, step)

    try:
        parts = in_parallel(share, workers, progress) if workers > 1 else [share(0, 1, progress.step)]
    finally:
        progress.end()
        if tickets:
            tickets.close()
    done = sorted((item for part, _ in parts for item in part), key=lambda item: item[0])
    errors = sorted((error for _, error in parts if error), key=lambda error: error[0])
    try:
        if errors:
            raise errors[0][1]
        commit([s for _, s, _, _ in done])
    finally:
        discard(s for _, s, _, _ in done)
    return [(s.target, ident, size) for _, s, ident, size in done]


def stamp_share(
    master: Master,
    clinics: Callable[[], Iterable[Clinic]],
    target: Callable[[Clinic], Path],
    take: Take,
    step: Callable[[], None],
) -> Part:
    """The clinics of the stream in each run `take` gives, each stamped, checked and staged, until no run
    is left or a clinic fails (each process's runs come in file order: it reads its stream forward)."""
    done: list[tuple[int, Staged, str, int]] = []
    index = -1
    digests = Digests(master.pdf)  # every PDF starts with the layout's bytes: hashed once, not once a clinic
    try:
        span = take()
        for index, clinic in enumerate(clinics()):
            while span is not None and index >= span.stop:
                span = take()
            if span is None:
                break
            if index < span.start:
                continue
            pdf = stamp(master, clinic)
            check_stamped(pdf, master, clinic)
            with held():  # a Ctrl-C (or the parent's stop) comes once the staged file is listed for removal
                done.append((index, stage(target(clinic), pdf, digests.of(pdf)), clinic.id, len(pdf)))
            step()
    except BaseException as e:  # every error, a located one or a bug, is the batch's, raised by its caller
        discard(s for _, s, _, _ in done)
        if not isinstance(e, Exception):
            raise  # Ctrl-C, a closed pipe: stop now, this share's temporary files removed
        return [], (index, e)
    return done, None


def in_parallel(share: Share, workers: int, progress: Progress) -> list[Part]:
    """The shares over processes (forked.py), the first in this one; each clinic done is an item sent
    to this process, which moves the progress counter."""

    def part(k: int, n: int, send: Callable[[object], None]) -> Part:
        return share(k, n, lambda: send(None))

    def dropped(answer: Part) -> None:  # stopped: a share that finished left its temporary files
        discard(s for _, s, _, _ in answer[0])

    return in_processes(part, workers, lost, heard=lambda _: progress.step(), here=True, dropped=dropped)


def lost(k: int) -> Part:
    """The part of a stamping process that ended without an answer: a bug, reported as the batch's error."""
    return [], (-1, LayoutError(f"stamping process {k + 1} ended without an answer", hint="a bug in leaflet"))


class Digests:
    """The SHA-256 of files that start with the same bytes (every clinic PDF of a batch starts with its
    layout's): those hashed once, each file's own bytes after them hashed for each."""

    def __init__(self, prefix: bytes) -> None:
        self.prefix = prefix
        self.hashed = hashlib.sha256(prefix)

    def of(self, data: bytes) -> bytes:
        """hashlib.sha256(data).digest(), however `data` starts."""
        if not data.startswith(self.prefix):
            return hashlib.sha256(data).digest()
        found = self.hashed.copy()
        found.update(memoryview(data)[len(self.prefix) :])
        return found.digest()
