"""Command line: a thin layer over the library.

Exit status: 0 success, 1 a check failed, 2 bad input (with FILE:LINE:COL and a hint).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from . import __version__
from .build import Built, build, check
from .errors import ContentError, LeafletError, Where

DESCRIPTION = """\
Build patient-information leaflets from YAML content into checked, printable,
email-ready PDFs. Every PDF is read back and checked (pages, text, references,
links, fonts, metadata) before it replaces the previous one."""

EPILOG = """\
examples:
  leaflet build                      build every leaflet in content/ into output/
  leaflet build content/ldn-ms.yaml  build one leaflet
  leaflet new my-leaflet             start content/my-leaflet.yaml from a template"""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="leaflet",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"leaflet {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    b = sub.add_parser("build", help="build leaflets into PDFs", description="Build leaflets into checked PDFs.")
    b.add_argument("files", nargs="*", type=Path, metavar="FILE", help="leaflet YAML files (default: content/*.yaml)")
    b.add_argument("-o", "--output", type=Path, default=Path("output"), help="output folder (default: output/)")
    c = sub.add_parser(
        "check",
        help="check a PDF (built earlier, or edited by hand)",
        description="Read a PDF back and run every check; with --content, also check it against the YAML.",
    )
    c.add_argument("pdf", type=Path, metavar="PDF")
    c.add_argument("--content", type=Path, metavar="FILE", help="the leaflet YAML the PDF was built from")
    c.add_argument("--json", action="store_true", help="print the report as JSON for scripts")
    n = sub.add_parser("new", help="start a new leaflet from a template", description="Write a starter leaflet file.")
    n.add_argument("name", help="file name without .yaml: lowercase letters, digits and dashes")
    n.add_argument("--dir", type=Path, default=Path("content"), help="where to write it (default: content/)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "check":
            return check_pdf(args.pdf, args.content, args.json)
        if args.command == "new":
            path = new_leaflet(args.name, args.dir)
            print(f"wrote {path}: edit it, then run 'leaflet build {path}'")
            return 0
        return build_all(args.files or sorted(Path("content").glob("*.yaml")), args.output)
    except LeafletError as e:
        print(str(e), file=sys.stderr)
        return e.exit_code


def build_all(files: list[Path], output: Path) -> int:
    """Build each file; report each failure and carry on, returning the worst status."""
    if not files:
        raise ContentError("no leaflets to build", Where.file("content/"), hint="add one with 'leaflet new NAME'")
    status = 0
    for file in files:
        try:
            built = build(file, output)
        except LeafletError as e:
            print(str(e), file=sys.stderr)
            status = max(status, e.exit_code)
            continue
        print(summary(built))
    return status


def check_pdf(pdf: Path, content: Path | None, as_json: bool) -> int:
    """Print the check report; 0 when every check passes, 1 when one fails."""
    report = check(pdf, content)
    if as_json:
        print(
            json.dumps({"pdf": str(pdf), "ok": report.ok, "checks": [f.as_dict() for f in report.findings]}, indent=2)
        )
    else:
        verdict = "all checks pass" if content else "checks pass (give --content to check against the YAML too)"
        print(f"{pdf}: {verdict if report.ok else 'CHECKS FAILED'}")
        print(report.text())
    return 0 if report.ok else 1


def summary(built: Built) -> str:
    """One line per PDF, from measured values."""
    report = built.report
    return "  ".join(
        [
            built.path.name,
            f"{built.rendered.pages} pages",
            built.theme.size_name,
            f"{len(built.rendered.pdf) / 1024:.0f} KB",
            f"links {report.get('links').figure}",
            "fonts embedded+subset" if report.get("fonts").ok else "fonts NOT embedded",
            f"checks {sum(f.ok for f in report.findings)}/{len(report.findings)} ok",
        ]
    )


def new_leaflet(name: str, folder: Path) -> Path:
    """Write a starter leaflet; never overwrite an existing file."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ContentError(f"'{name}' is not a usable leaflet name", hint="use lowercase letters, digits and dashes")
    path = folder / f"{name}.yaml"
    if path.exists():
        raise ContentError("already exists", Where.file(path), hint="choose another name, or edit that file")
    template = resources.files("leaflet").joinpath("starter.yaml").read_text(encoding="utf-8")
    title = name.replace("-", " ").capitalize()
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(template.replace("TITLE", title), encoding="utf-8")
    return path
