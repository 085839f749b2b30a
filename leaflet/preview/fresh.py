"""A function and its argument -> its result, computed in a new process (stage: preview, rebuilds).

Input: a module-level function, one picklable argument, a time limit. Output: the function's
picklable return value; or a `RebuildError` when the process dies or runs out of time (it is then
killed). Each call gets a process of its own, forked from a server process that has imported
leaflet once (multiprocessing's forkserver): a rebuild starts in milliseconds, and it registers
the fonts afresh, so an edited TTF file is read again (ReportLab keeps registered fonts for the
life of a process). The server process is single-threaded, so forking from it is safe even though
the preview itself runs threads.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

from ..errors import LeafletError

A = TypeVar("A")
R = TypeVar("R")
PRELOAD = ["leaflet.preview.snapshot", "leaflet.cli"]  # imported once by the server, shared by every rebuild


class RebuildError(LeafletError):
    """A rebuild's process died or ran out of time (a bug, or a machine out of memory)."""


def run_fresh(fn: Callable[[A], R], arg: A, timeout: float) -> R:
    """fn(arg) in a new process; RebuildError if it does not answer within `timeout` seconds."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=answer, args=(fn, arg, send), daemon=True)
    process.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise RebuildError(f"the rebuild took more than {timeout:g} s and was stopped", hint="save again to retry")
        result: R = receive.recv()
        return result
    except EOFError:
        raise RebuildError(
            f"the rebuild stopped without an answer (exit status {process.exitcode})",
            hint="the machine may be out of memory; save again to retry",
        ) from None
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
        process.join()


def answer(fn: Callable[[A], R], arg: A, send: Connection) -> None:
    """In the new process: compute and send the result back."""
    send.send(fn(arg))
    send.close()
