"""The program's entry (`leaflet`, `python -m leaflet`): argv -> exit status.

`leaflet --version` is answered here, before the parser (argparse, pathlib, dataclasses)
loads, so it costs little more than starting Python; everything else goes to cli.main.
"""

from __future__ import annotations

import sys

from . import __version__


def main() -> int:
    if sys.argv[1:] == ["--version"]:
        print(f"leaflet {__version__}")  # the same line argparse's version action prints
        return 0
    try:
        from .cli import main as run  # what starts the program: a Ctrl-C here is a stop like any other
    except KeyboardInterrupt:
        from .interrupts import stopped

        return stopped()
    return run()
