"""The program's entry (`leaflet`, `python -m leaflet`): argv -> exit status.

`leaflet --version` is answered here, before the parser (argparse, pathlib, dataclasses)
loads, so it costs little more than starting Python; everything else goes to cli.main, with
garbage collection off until the pipeline has loaded (about 75 collections, 15-20 ms of a cold
build, that find next to nothing). `program` is `main` as a process: its status, with no teardown.
"""

from __future__ import annotations

import gc
import os
import sys

from . import __version__

TYPE_CHECKING = False  # (typing itself is not loaded for --version; type checkers read this as true)
if TYPE_CHECKING:
    from typing import NoReturn


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        print(f"leaflet {__version__}")  # the same line argparse's version action prints
        return 0
    gc.disable()  # while the modules load (cli.run turns it on again): their objects are not garbage
    import signal

    # A Ctrl-C while the parser loads waits until it has loaded, then is a stop like any other. One
    # that lands inside the import machinery (a module lock's weakref callback) is printed as
    # "Exception ignored" and lost. (One before this line, while Python itself starts, is Python's.)
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        try:
            from .cli import main as run
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
    except KeyboardInterrupt:
        from .interrupts import stopped

        return stopped()
    return run()


def program() -> NoReturn:
    """`leaflet` and `python -m leaflet`: main()'s status, once stdout and stderr are flushed.

    The process ends by os._exit, without Python's teardown, which frees every module and object
    one by one for memory the OS takes back at once (about 2 ms of a cold build by instruction
    count). Nothing of ours waits for it: every file is written, synced and closed by then, and
    no command of ours leaves work to an atexit hook. Output that cannot be flushed (a full disk
    behind a redirect) ends with status 120, as Python's own exit would."""
    status = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 120
    os._exit(status)
