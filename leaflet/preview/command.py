"""The `preview` command and `build --watch`: their options and handlers (for cli.py).

Input: the subparsers of cli.py's parser; later, the parsed arguments. Output: an exit status.
This module imports only the standard library: the preview's machinery (HTTP server, watchfiles,
pypdfium2) is imported when one of the two commands runs, so `leaflet --version` stays quick.
"""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_PORT = 8740
TIMEOUT = 300.0  # seconds a rebuild may take before it is stopped (a leaflet takes well under one)


def port_number(text: str) -> int:
    """A TCP port, 0 to 65535 (0: any free port)."""
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0 to 65535; 0 picks a free one)")
    return int(text)


def add_preview(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `leaflet preview FILE [--port N]` to the subcommands."""
    p = sub.add_parser(
        "preview",
        help="show the leaflet's pages and checks in a browser, rebuilt on every save",
        description="Serve a page on 127.0.0.1 showing every page of the leaflet and its check report; "
        "it rebuilds and updates itself each time the YAML, its brand, fonts or images are saved. "
        "Nothing is written to output/.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="the leaflet YAML file")
    p.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default: {DEFAULT_PORT}; 0: any free one)",
    )


def add_watch(b: argparse.ArgumentParser) -> None:
    """Add --watch to `leaflet build`."""
    b.add_argument("--watch", action="store_true", help="build, then build again after each save (Ctrl-C stops)")


def run_preview(args: argparse.Namespace) -> int:
    from .session import preview

    return preview(args.file, args.port, TIMEOUT)


def run_watch(args: argparse.Namespace) -> int:
    from .watchbuild import watch_build

    return watch_build(args, TIMEOUT)
