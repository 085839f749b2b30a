"""Ctrl-C: a signal held back for a few statements, and the way the program ends after one.

Input: a signal number and a block of code. Output: the block run with the signal blocked; a signal
that came meanwhile is delivered as the block ends. `stopped` prints the one line a stopped build
ends with and gives its exit status. Standard library only.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def held(signum: int = signal.SIGINT) -> Iterator[None]:
    """The signal blocked for the block, then delivered if it came meanwhile.

    Two places need it: a Ctrl-C during a fork would otherwise run its handler inside Python's
    fork hooks (logging's), which print the KeyboardInterrupt and drop it (forked.py); and one
    between creating a temporary file and the `try` that removes it would leave the file behind
    (publish.stage)."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signum})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


INTERRUPTED = 130  # as a shell reports a program stopped by SIGINT (128 + 2)


def stopped() -> int:
    """After a Ctrl-C: the one line (no traceback) and the exit status 130.

    CPython remembers a KeyboardInterrupt that ended an exec() or eval() of source text (dataclasses
    create their methods so, and some modules load late) and, under `python -m`, then ends the process
    by SIGINT after all, however the program handled it (pythonrun.c, run_eval_code_obj). Every such
    exec starts by forgetting, so one that ends well, here, lets the status be the one we return."""
    print("stopped (Ctrl-C): each file is either built and checked or as it was", file=sys.stderr)
    exec("")
    return INTERRUPTED
