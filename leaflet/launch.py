"""The program's entry (`leaflet`, `python -m leaflet`): argv -> exit status.

`leaflet --version` is answered here, before the parser (argparse, pathlib, dataclasses)
loads, so it costs little more than starting Python; everything else goes to cli.main, with
garbage collection off until the pipeline has loaded (about 75 collections, 15-20 ms of a cold
build, that find next to nothing).
"""

from __future__ import annotations

import gc
import sys

from . import __version__


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        print(f"leaflet {__version__}")  # the same line argparse's version action prints
        return 0
    gc.disable()  # while the modules load (cli.run turns it on again): their objects are not garbage
    try:
        from .cli import main as run  # what starts the program: a Ctrl-C here is a stop like any other
    except KeyboardInterrupt:
        from .interrupts import stopped

        return stopped()
    return run()
