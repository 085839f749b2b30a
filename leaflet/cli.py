"""Command line: a thin layer over the library.

Exit status: 0 success, 1 a check failed, 2 bad input (with FILE:LINE:COL and a hint).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Callable, Sequence
from functools import partial
from importlib import resources
from pathlib import Path

from . import __version__
from .build import Built, build, build_booklet, build_clinics, build_text, check
from .clinics import load_clinics, pick
from .content import CLINICS_FILE, leaflet_files
from .errors import ContentError, LeafletError, Where
from .importers import import_file
from .model import Clinic
from .publish import publish
from .theme import PAGE_SIZES, Variant

CLINICS = Path("content") / CLINICS_FILE
VARIANTS = ((False, False), (False, True), (True, False))  # (large print, print shop) made by --all

DESCRIPTION = """\
Build patient-information leaflets from YAML content into checked, printable,
email-ready PDFs. Every PDF is read back and checked (pages, text, references,
links, fonts, metadata) before it replaces the previous one."""

EPILOG = """\
examples:
  leaflet build                      build every leaflet in content/ into output/
  leaflet build content/ldn-ms.yaml  build one leaflet
  leaflet build --all                every variant of every leaflet, and one PDF per clinic
  leaflet build --booklet            an A5 booklet to print duplex, flipping on the short edge
  leaflet build --clinic example-north  the leaflet with one clinic's details
  leaflet new my-leaflet             start content/my-leaflet.yaml from a template
  leaflet import page.html           write content/page.yaml from a web page (or .md)"""


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
    v = b.add_argument_group("variants (default: the A4 leaflet, for email and office printers)")
    v.add_argument("--size", choices=sorted(PAGE_SIZES), default="A4", help="page size (default: A4)")
    v.add_argument("--large-print", action="store_true", help="18 pt body text: NAME-large-print.pdf")
    v.add_argument("--print", action="store_true", dest="bleed", help="print shop: 3 mm bleed, crop marks, trim box")
    v.add_argument("--booklet", action="store_true", help="A5 booklet imposed on A4 landscape: NAME-booklet.pdf")
    v.add_argument("--text", action="store_true", help="plain UTF-8 text for an email body: NAME.txt")
    v.add_argument("--clinic", action="append", metavar="ID", help="stamp this clinic's details (repeatable)")
    v.add_argument("--all-clinics", action="store_true", help="one PDF per clinic: output/clinics/ID/NAME.pdf")
    v.add_argument("--clinics", type=Path, default=CLINICS, metavar="FILE", help=f"clinics file (default: {CLINICS})")
    v.add_argument("--all", action="store_true", help="everything: default, print, large print, booklet, text, clinics")
    c = sub.add_parser(
        "check",
        help="check a PDF (built earlier, or edited by hand)",
        description="Read a PDF back and run every check; with --content, also check it against the YAML.",
    )
    c.add_argument("pdf", type=Path, metavar="PDF")
    c.add_argument("--content", type=Path, metavar="FILE", help="the leaflet YAML the PDF was built from")
    c.add_argument("--json", action="store_true", help="print the report as JSON for scripts")
    c.add_argument("--size", choices=sorted(PAGE_SIZES), default="A4", help="the page size it was built at")
    c.add_argument("--large-print", action="store_true", help="it is the large-print variant")
    c.add_argument("--print", action="store_true", dest="bleed", help="it is the print-shop variant")
    c.add_argument("--clinic", metavar="ID", help="it was stamped for this clinic (from --clinics)")
    c.add_argument("--clinics", type=Path, default=CLINICS, metavar="FILE", help=f"clinics file (default: {CLINICS})")
    n = sub.add_parser("new", help="start a new leaflet from a template", description="Write a starter leaflet file.")
    n.add_argument("name", help="file name without .yaml: lowercase letters, digits and dashes")
    n.add_argument("--dir", type=Path, default=Path("content"), help="where to write it (default: content/)")
    i = sub.add_parser(
        "import",
        help="write a leaflet YAML from an HTML or Markdown file",
        description="Write a leaflet YAML from an HTML or Markdown file, its text verbatim; "
        "print what was dropped or inferred.",
    )
    i.add_argument("source", type=Path, metavar="FILE", help="an HTML (.html, .htm) or Markdown (.md) file")
    i.add_argument("-o", "--output", type=Path, metavar="YAML", help="the file to write (default: content/NAME.yaml)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    # pypdf logs what it repairs in a damaged PDF to stderr; the checks report what matters, in one message.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        if args.command == "check":
            variant = Variant(args.size, args.large_print, args.bleed, clinic=bool(args.clinic))
            clinic = pick(load_clinics(args.clinics), args.clinic, args.clinics) if args.clinic else None
            return check_pdf(args.pdf, args.content, args.json, variant, clinic)
        if args.command == "import":
            return import_source(args.source, args.output)
        if args.command == "new":
            path = new_leaflet(args.name, args.dir)
            print(f"wrote {path}: edit it, then run 'leaflet build {path}'")
            return 0
        files = args.files or leaflet_files("content")
        return build_all(files, outputs(args))
    except LeafletError as e:
        print(str(e), file=sys.stderr)
        return e.exit_code


Job = Callable[[Path], list[Built]]


def outputs(args: argparse.Namespace) -> list[Job]:
    """What to make of each leaflet, from the command line."""
    out: Path = args.output
    jobs: list[Job] = []
    if args.all:
        jobs = [partial(build_one, out=out, variant=Variant(args.size, *v)) for v in VARIANTS]
        jobs += [lambda f: [build_booklet(f, out)], lambda f: [build_text(f, out)]]
        return [*jobs, lambda f: build_clinics(f, args.clinics, None, out)]
    variant = Variant(args.size, args.large_print, args.bleed)
    if args.booklet:
        jobs.append(lambda f: [build_booklet(f, out)])
    if args.text:
        jobs.append(lambda f: [build_text(f, out)])
    if args.clinic or args.all_clinics:
        jobs.append(lambda f: build_clinics(f, args.clinics, args.clinic, out))
    if not jobs or variant != Variant(args.size):
        jobs.insert(0, lambda f: [build(f, out, variant)])
    return jobs


def build_one(file: Path, out: Path, variant: Variant) -> list[Built]:
    return [build(file, out, variant)]


def build_all(files: list[Path], jobs: list[Job]) -> int:
    """Run each job on each file; report each failure and carry on, returning the worst status."""
    if not files:
        raise ContentError("no leaflets to build", Where.file("content/"), hint="add one with 'leaflet new NAME'")
    status = 0
    for file in files:
        for job in jobs:
            try:
                made = job(file)
            except LeafletError as e:
                print(str(e), file=sys.stderr)
                status = max(status, e.exit_code)
                continue
            for built in made:
                print(summary(built))
    return status


def check_pdf(pdf: Path, content: Path | None, as_json: bool, variant: Variant, clinic: Clinic | None) -> int:
    """Print the check report; 0 when every check passes, 1 when one fails."""
    report = check(pdf, content, variant, clinic)
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
    """One line per file, from measured values."""
    parts = [str(built.path), f"{built.pages} pages" if built.pages else "", built.size, kb(built.bytes)]
    if built.report:
        parts.append(f"links {built.report.get('links').figure}")
        parts.append("fonts embedded+subset" if built.report.get("fonts").ok else "fonts NOT embedded")
        parts.append(f"checks {sum(f.ok for f in built.report.findings)}/{len(built.report.findings)} ok")
    return "  ".join(p for p in parts if p)


def kb(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def import_source(source: Path, output: Path | None) -> int:
    """Write the imported YAML (never over an existing file); each note on stderr, a summary on stdout."""
    slug = re.sub(r"[^a-z0-9]+", "-", source.stem.lower()).strip("-") or "imported"
    target = output or Path("content") / f"{slug}.yaml"
    if target.exists():
        raise ContentError("already exists", Where.file(target), hint="give another name with -o, or delete it")
    imported = import_file(source, target, dt.date.today())
    for note in imported.notes:
        print(f"{note}", file=sys.stderr)
    publish(target, imported.yaml.encode("utf-8"))
    notes = len(imported.notes)
    print(
        f"wrote {target}: {imported.units} units, {notes} note{'' if notes == 1 else 's'} above; "
        f"set its placeholders, then run 'leaflet build {target}'"
    )
    return 0


def new_leaflet(name: str, folder: Path) -> Path:
    """Write a starter leaflet; never overwrite an existing file."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        raise ContentError(f"'{name}' is not a usable leaflet name", hint="use lowercase letters, digits and dashes")
    path = folder / f"{name}.yaml"
    if path.exists():
        raise ContentError("already exists", Where.file(path), hint="choose another name, or edit that file")
    template = resources.files("leaflet").joinpath("starter.yaml").read_text(encoding="utf-8")
    title = name.replace("-", " ").capitalize()
    publish(path, template.replace("TITLE", title).encode("utf-8"))
    return path
