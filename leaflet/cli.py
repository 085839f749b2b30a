"""Command line: a thin layer over the library; translates LeafletError into exit codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .build import Built, build
from .errors import LeafletError


def summary(built: Built) -> str:
    r = built.rendered
    return (
        f"{built.path.name}  {r.pages} pages  {built.report.get('pages').figure.split()[-1]}  "
        f"{len(r.pdf) / 1024:.0f} KB  {built.report.get('links').figure}  checks {'ok' if built.report.ok else 'FAILED'}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="leaflet", description=__doc__)
    parser.add_argument("--version", action="version", version=f"leaflet {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build leaflets into PDFs")
    b.add_argument("files", nargs="*", type=Path)
    b.add_argument("-o", "--output", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    files = args.files or sorted(Path("content").glob("*.yaml"))
    status = 0
    for file in files:
        try:
            built = build(file, args.output)
        except LeafletError as e:
            print(str(e), file=sys.stderr)
            status = max(status, e.exit_code)
            continue
        print(summary(built))
    return status
