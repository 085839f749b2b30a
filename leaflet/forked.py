"""A share of work and a number of processes -> each process's answer, and what each sent on the way
(stage: processes, for the work batch.py and jobs.py spread: clinic batches, a build's jobs).

Input: `share(k, n, send)`, the work of process k of n, which may `send` items to this process as it
goes (a finished job's lines, to print in order) and returns its answer; the number of processes; what
stands for the answer of a process that ended without one (a crash: a bug); and what to do with each
item heard and every fifth of a second while waiting (move a progress counter). Output: the answers in
process order, once every process has answered. With `here`, this process does share 0 itself once it
has forked the others, hearing their items between its own (a clinic batch on two cores: one fork).
Work the processes share as each is free (a clinic batch's clinics) is handed out by `Tickets`, made
before the fork: runs of numbers, each taken by whichever process asks first.

The processes are forked with os.fork, each with a pipe back that carries pickled items and its
answer, each framed by its length (multiprocessing, with its sockets, ctypes and subprocess, took
16 ms to import: a tenth of a 100-clinic batch). Each starts with everything this one has loaded
and made; nothing but the items and answers goes back. What they inherit is frozen for the garbage
collector (`gc.freeze`, until they are done), so a collection in a child does not copy every page it
shares with this process: 9% fewer page faults over a `build --all -j 2` (28,300 against 31,200,
getrusage, 3 runs each). Only the standard library (and interrupts.py) is imported here: a build
that never forks loads no more for it. A child stopped by Ctrl-C ends quietly, leaving the stop to
the parent; the parent, stopped, passes the Ctrl-C on and waits for each child to clean up and end,
so none is killed halfway through writing a temporary file (one still running after STOPPING
seconds is killed, as multiprocessing ends its daemons at exit).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from .interrupts import INTERRUPTED, held
from .record import record

T = TypeVar("T")
Send = Callable[[Any], None]
ITEM, ANSWER = "item", "answer"
STOPPING = 30  # seconds to wait for a child to end (after its answer, or a Ctrl-C) before killing it
HEAD = 4  # bytes of a frame's length, big-endian, before its pickle


def nothing(*_: Any) -> None:
    """The default for `heard` and `idle`: no item is expected, nothing to do while waiting."""


@record(frozen=False)
class Child:
    """A forked process: its id, the pipe it writes to us, and what has come through it so far."""

    pid: int
    pipe: int
    k: int
    buffer: bytearray
    answered: bool = False
    ended: bool = False  # its pipe reached its end


class Tickets:
    """Runs of the numbers 0 to count-1, in order, each taken by whichever process asks first: work
    shared as each process is free (a clinic batch whose building process checks the master first, or
    runs on a core another program shares), not in shares fixed in advance. The runs are frames of
    HEAD bytes in a pipe, written before the fork: a read of a pipe is whole, so no run is taken
    twice. The last run is open-ended (a stream that grew since it was counted is still done)."""

    def __init__(self, count: int) -> None:
        self.pipe, write = os.pipe()
        try:
            room = fcntl.fcntl(write, fcntl.F_GETPIPE_SZ) if hasattr(fcntl, "F_GETPIPE_SZ") else 4096
            self.size = max(1, -(-count * HEAD // room))  # numbers a run: every run fits in the pipe
            starts = range(0, max(count, 1), self.size)
            self.last = starts[-1]
            write_all(write, b"".join(start.to_bytes(HEAD, "big") for start in starts))
        finally:
            os.close(write)

    def take(self) -> range | None:
        """The next run not yet taken by any process; None once all are."""
        frame = os.read(self.pipe, HEAD)
        if not frame:
            return None
        start = int.from_bytes(frame, "big")
        return range(start, sys.maxsize if start == self.last else start + self.size)

    def close(self) -> None:
        os.close(self.pipe)


def in_processes(
    share: Callable[[int, int, Send], T],
    workers: int,
    lost: Callable[[int], T],
    heard: Callable[[Any], None] = nothing,
    idle: Callable[[], None] = nothing,
    here: bool = False,
    dropped: Callable[[T], None] = nothing,
) -> list[T]:
    """Run `share` in `workers` processes (forked, but for share 0 `here`); their answers in order,
    each item `heard` as it comes. Stopped (Ctrl-C, an error here), each answer a child gave or gives
    as it ends is `dropped` (a share that finished may have left files for the answers' taker)."""
    thawed = not gc.get_freeze_count()  # (cli.run freezes what the imports made, for good)
    gc.freeze()  # until the children are done: unfreezing touches every page, copying those still shared
    children: list[Child] = []
    answers: dict[int, Any] = {}
    try:
        for k in range(1 if here else 0, workers):
            fork(share, k, workers, children)
        if here:

            def send(item: Any) -> None:  # share 0's items, heard as they come, and the others' meanwhile
                heard(item)
                listen(children, answers, lost, heard, 0)

            answers[0] = share(0, workers, send)
        while any(c.k not in answers for c in children):
            listen(children, answers, lost, heard, 200)
            idle()
        return [answers[k] for k in range(workers)]
    except BaseException:
        for c in children:  # Ctrl-C here (or any error): each child stops as after Ctrl-C, cleaning up
            if not c.ended:
                kill(c.pid, signal.SIGINT)
        with held():  # a second Ctrl-C waits: the answers still coming are dropped first
            for answer in drained(children, answers):
                dropped(answer)
        raise
    finally:
        reap(children)
        if thawed:
            gc.unfreeze()


def fork(share: Callable[[int, int, Send], Any], k: int, n: int, children: list[Child]) -> None:
    """Fork process k of n, listed in `children` before a Ctrl-C held over the fork can stop this one."""
    for stream in (sys.stdout, sys.stderr):  # what is buffered is printed once, not again by the child
        stream.flush()
    receive, write = os.pipe()
    with held():  # a Ctrl-C as it forks comes after the fork, not inside a fork hook
        pid = os.fork()
        if pid == 0:
            os.close(receive)
            child(write, share, k, n)  # never returns
        os.close(write)
        children.append(Child(pid, receive, k, bytearray()))


def listen(children: list[Child], answers: dict[int, Any], lost: Callable[[int], Any], heard: Send, ms: int) -> None:
    """Read what the children have written (waiting up to `ms` for something): items heard, answers kept;
    a child whose pipe ends without its answer answered by `lost`."""
    waiting = {c.pipe: c for c in children if not c.ended}
    if not waiting:
        return
    poller = select.poll()
    for pipe in waiting:
        poller.register(pipe, select.POLLIN)
    for pipe, _ in poller.poll(ms):
        c = waiting[pipe]
        chunk = os.read(pipe, 1 << 16)
        if not chunk:
            c.ended = True
            if c.k not in answers:
                answers[c.k] = lost(c.k)
            continue
        c.buffer += chunk
        for kind, value in frames(c.buffer):
            if kind == ITEM:
                heard(value)
            elif c.k not in answers:
                answers[c.k] = value


def drained(children: list[Child], answers: dict[int, Any]) -> list[Any]:
    """Every answer given (here or by a child), once each child has ended (STOPPING seconds at most)."""
    gone: set[int] = set()  # the children that ended without an answer

    def none(k: int) -> None:
        gone.add(k)

    deadline = time.monotonic() + STOPPING
    while any(not c.ended for c in children) and time.monotonic() < deadline:
        listen(children, answers, none, nothing, 200)
    return [answers[k] for k in sorted(answers) if k not in gone]


def frames(buffer: bytearray) -> list[tuple[str, Any]]:
    """The whole frames at the start of `buffer`, taken out of it."""
    out, at = [], 0
    while len(buffer) - at >= HEAD:
        size = int.from_bytes(buffer[at : at + HEAD], "big")
        if len(buffer) - at - HEAD < size:
            break
        out.append(pickle.loads(buffer[at + HEAD : at + HEAD + size]))
        at += HEAD + size
    del buffer[:at]
    return out


def child(pipe: int, share: Callable[[int, int, Send], Any], k: int, n: int) -> NoReturn:
    """One forked process: its share's items and answer written back; after Ctrl-C, no traceback.
    It ends here, by os._exit: nothing of the parent's (atexit, buffers) runs twice."""
    status, answer, sent = 1, None, False
    done = False  # the share has returned its answer
    try:
        signal.signal(signal.SIGINT, interrupt_once)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held by the parent as it forked

        def send(item: Any) -> None:
            write_frame(pipe, (ITEM, item))

        answer = share(k, n, send)
        done = True
        with held():  # the answer whole: a Ctrl-C now would cut off what the parent must clean up
            write_frame(pipe, (ANSWER, answer))
            sent = True
        status = 0
    except KeyboardInterrupt:
        status = INTERRUPTED
        if done and not sent:  # stopped as the share returned: its answer still goes back, for the
            with held():  # parent to drop (a clinic share's temporary files are removed there)
                write_frame(pipe, (ANSWER, answer))
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


def write_frame(pipe: int, value: Any) -> None:
    data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
    write_all(pipe, len(data).to_bytes(HEAD, "big") + data)


def write_all(pipe: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(pipe, view) :]


def reap(children: list[Child]) -> None:
    """Wait for each child to end (STOPPING seconds at most, then kill it) and close its pipe."""
    deadline = time.monotonic() + STOPPING
    for c in children:
        while True:
            try:
                done, _ = os.waitpid(c.pid, os.WNOHANG)
            except ChildProcessError:
                break
            if done:
                break
            if time.monotonic() > deadline:  # (for one child after another: the time is up for each)
                kill(c.pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(c.pid, 0)  # a killed process ends at once
                break
            time.sleep(0.001)
        os.close(c.pipe)


def kill(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has ended already
        os.kill(pid, signum)


def interrupt_once(signum: int, frame: Any) -> None:
    """A child's Ctrl-C: raised once; a second (the terminal's and the parent's) cannot cut its cleanup short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt
