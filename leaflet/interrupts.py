"""A signal held back for a few statements (used where a Ctrl-C must not fall between two steps).

Input: a signal number and a block of code. Output: the block run with the signal blocked; a signal
that came meanwhile is delivered as the block ends. Standard library only.
"""

from __future__ import annotations

import signal
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
