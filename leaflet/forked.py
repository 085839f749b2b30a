"""A share of work and a number of processes -> each process's answer, and what each sent on the way
(stage: processes, for the work batch.py and jobs.py spread: clinic batches, a build's jobs).

Input: `share(k, n, send)`, the work of process k of n, which may `send` items to this process as it
goes (a finished job's lines, to print in order) and returns its answer; the number of processes; what
stands for the answer of a process that ended without one (a crash: a bug); and what to do with each
item heard and every fifth of a second while waiting (move a progress counter). Output: the answers in
process order, once every process has answered.

The processes are forked, so each starts with everything this one has loaded and made; nothing but
the items and answers goes back. What they inherit is frozen for the garbage collector
(`gc.freeze`, until they are done), so a collection in a child does not copy every page it shares
with this process: 9% fewer page faults over a `build --all -j 2` (28,300 against 31,200,
getrusage, 3 runs each). Only the standard library (and interrupts.py) is imported here: a build that never forks
loads no more for it. A child stopped by Ctrl-C ends quietly, leaving the stop to the parent; the
parent, stopped, passes the Ctrl-C on and waits for each child to clean up and end, so none is
killed at exit halfway through writing a temporary file.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

from .interrupts import INTERRUPTED, held

T = TypeVar("T")
Send = Callable[[Any], None]
ITEM, ANSWER = "item", "answer"

STOPPING = 30  # seconds to wait for a child to end (after its answer, or a Ctrl-C) before leaving it


def nothing(*_: Any) -> None:
    """The default for `heard` and `idle`: no item is expected, nothing to do while waiting."""


def in_processes(
    share: Callable[[int, int, Send], T],
    workers: int,
    lost: Callable[[int], T],
    heard: Callable[[Any], None] = nothing,
    idle: Callable[[], None] = nothing,
    here: bool = False,
) -> list[T]:
    """Run `share` in `workers` forked processes; their answers in order, each item `heard` as it comes.

    With `here`, this process does share 0 itself once it has forked the others (its items `heard` as
    it sends them), rather than wait idle for a process it would have to fork, start and collect."""
    context = multiprocessing.get_context("fork")
    thawed = not gc.get_freeze_count()  # (cli.run freezes what the imports made, for good)
    gc.freeze()  # until the children are done: unfreezing touches every page, copying those still shared
    pipes: list[Connection] = []
    children: list[Any] = []
    try:
        for k in range(1 if here else 0, workers):
            receive, send = context.Pipe(duplex=False)
            children.append(context.Process(target=child, args=(send, share, k, workers), daemon=True))
            with held():  # a Ctrl-C as it forks comes after the fork, not inside a fork hook
                children[-1].start()
            send.close()
            pipes.append(receive)
        own = [share(0, workers, heard)] if here else []
        return own + collect(pipes, lost, heard, idle)
    except BaseException:
        for process in children:  # Ctrl-C here (or any error): each child stops as after Ctrl-C, cleaning up
            if process.is_alive():
                os.kill(process.pid, signal.SIGINT)
        raise
    finally:
        for process in children:  # not killed at exit mid-write: each has removed its temporary files
            process.join(timeout=STOPPING)
        for pipe in pipes:
            pipe.close()
        if thawed:
            gc.unfreeze()


def collect(
    pipes: list[Connection], lost: Callable[[int], T], heard: Callable[[Any], None], idle: Callable[[], None]
) -> list[T]:
    """Each process's answer, read from its pipe; the items it sends before that `heard` on the way."""
    answers: dict[int, T] = {}
    while len(answers) < len(pipes):
        for ready in wait([p for i, p in enumerate(pipes) if i not in answers], timeout=0.2):
            k = pipes.index(ready)  # type: ignore[arg-type]
            try:
                kind, value = pipes[k].recv()
            except EOFError:
                answers[k] = lost(k)
                continue
            if kind == ITEM:
                heard(value)
            else:
                answers[k] = value
        idle()
    return [answers[k] for k in range(len(pipes))]


def child(pipe: Connection, share: Callable[[int, int, Send], Any], k: int, n: int) -> None:
    """One forked process: its share's items and answer sent back; after Ctrl-C, no traceback."""

    def send(item: Any) -> None:
        pipe.send((ITEM, item))

    signal.signal(signal.SIGINT, interrupt_once)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held by the parent as it forked
        pipe.send((ANSWER, share(k, n, send)))
    except KeyboardInterrupt:
        os._exit(INTERRUPTED)
    pipe.close()


def interrupt_once(signum: int, frame: Any) -> None:
    """A child's Ctrl-C: raised once; a second (the terminal's and the parent's) cannot cut its cleanup short."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt
