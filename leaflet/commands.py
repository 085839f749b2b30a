"""Parsed command-line arguments -> the work done, one line printed per file, an exit status.

Input: the `argparse.Namespace` cli.py's parser makes. Output: the exit status (0 success, 1 a
check failed, 2 bad input), with each file's summary line on stdout and each located error on
stderr. cli.py imports this module only when a command runs, so the parser starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import re
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .ahead import Ahead
from .build import (
    Built,
    build,
    build_booklet,
    build_clinics,
    build_text,
    check,
    check_built_booklet,
    require_final,
)
from .checks import Report
from .clinics import load_clinics, pick
from .errors import ContentError, LeafletError, Where
from .incremental import VARIANTS, job_names, variant_name
from .jobs import Job, run_jobs
from .model import Clinic
from .names import CLINICS_FILE, leaflet_files
from .preview.command import run_preview, run_watch
from .publish import publish
from .summary import summary, summary_json
from .theme import Variant

CONTENT_CLINICS = Path("content") / CLINICS_FILE  # check --clinic without --content: the content folder's


def run(args: argparse.Namespace) -> int:
    """The command `args` names; a LeafletError is printed as its one located message."""
    # pypdf logs what it repairs in a damaged PDF to stderr; the checks report what matters, in one message.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        if args.command == "check" and args.booklet:
            return print_report(args.pdf, check_built_booklet(args.pdf, args.content), args.json, bool(args.content))
        if args.command == "check":
            variant = Variant(args.size, args.large_print, args.bleed, clinic=bool(args.clinic))
            found = clinics_file(args.content, args.clinics) if args.content else args.clinics or CONTENT_CLINICS
            clinic = pick(load_clinics(found), args.clinic, found) if args.clinic else None
            return check_pdf(args.pdf, args.content, args.json, variant, clinic, args.fit)
        if args.command == "preview":
            return run_preview(args)
        if args.command == "build" and args.watch:
            return run_watch(args)
        if args.command == "import":
            return import_source(args.source, args.output)
        if args.command == "new":
            path = new_leaflet(args.name, args.dir)
            print(f"wrote {path}: edit it, then run 'leaflet build {path}'")
            return 0
        files = args.files or leaflet_files("content")
        return build_all(
            files, outputs(args), args, require_final if args.final else None, summary_json if args.json else summary
        )
    except LeafletError as e:
        print(str(e), file=sys.stderr)
        return e.exit_code


def outputs(args: argparse.Namespace) -> list[tuple[str, Job]]:
    """What to make of each leaflet, from the command line: (name, job) in order (incremental.job_names).

    A job is given the processes it may use: a clinic batch spreads its clinics over them (batch.py)."""
    out: Path = args.output
    fit: bool = args.fit
    made: dict[str, Job] = {
        variant_name(args.size, large, bleed): partial(
            build_one, out=out, variant=Variant(args.size, large, bleed), fit=fit
        )
        for large, bleed in (*VARIANTS, (args.large_print, args.bleed))
    }
    made["booklet"] = lambda f, _: [build_booklet(f, out, fit)]
    made["text"] = lambda f, _: [build_text(f, out)]
    ahead: Ahead = getattr(args, "ahead", None) or Ahead()  # (cli.run's; a test's arguments may have none)
    made["every clinic"] = lambda f, processes: every_clinic(f, args.clinics, out, fit, processes, ahead)

    def clinics(f: Path, processes: int) -> list[Built]:
        found = clinics_file(f, args.clinics)
        early = None if args.clinic else ahead.surveyed(found)
        return build_clinics(f, found, args.clinic, out, fit, processes, early)

    return [(name, clinics if name.startswith("clinics") else made[name]) for name in job_names(args)]


def clinics_file(leaflet: Path, given: Path | None) -> Path:
    """The clinics file named on the command line, else the one beside the leaflet."""
    return given if given is not None else leaflet.parent / CLINICS_FILE


def every_clinic(
    file: Path, given: Path | None, out: Path, fit: bool = False, jobs: int = 1, ahead: Ahead | None = None
) -> list[Built]:
    """--all: one PDF per clinic of the clinics file; a leaflet with none beside it has no clinic PDFs."""
    found = clinics_file(file, given)
    if given is None and not found.is_file():
        print(f"{file}: no {CLINICS_FILE} beside it, so no clinic PDFs", file=sys.stderr)
        return []
    return build_clinics(file, found, None, out, fit, jobs, ahead.surveyed(found) if ahead else None)


def build_one(file: Path, _processes: int, out: Path, variant: Variant, fit: bool = False) -> list[Built]:
    return [build(file, out, variant, fit)]


def build_all(
    files: list[Path],
    jobs: list[tuple[str, Job]],
    args: argparse.Namespace,
    gate: Callable[[Path], None] | None = None,
    say: Callable[[Built], str] | None = None,
) -> int:
    """Run each job on each file over up to -j processes (jobs.py); report each failure and carry on,
    returning the worst status.

    A file the `gate` refuses (a draft, with --final) is reported and none of its jobs run. A job
    whose inputs and outputs are as its last checked build left them is skipped (manifest.py),
    its lines printed again, unless --force; each job that passes its checks is recorded.
    """
    if not files:
        raise ContentError("no leaflets to build", Where.file("content/"), hint="add one with 'leaflet new NAME'")
    return run_jobs(files, jobs, args, gate, say or summary)


def check_pdf(
    pdf: Path, content: Path | None, as_json: bool, variant: Variant, clinic: Clinic | None, fit: bool = False
) -> int:
    """Print the check report; 0 when every check passes, 1 when one fails."""
    return print_report(pdf, check(pdf, content, variant, clinic, fit), as_json, bool(content))


def print_report(pdf: Path, report: Report, as_json: bool, with_content: bool) -> int:
    """Print a report as text or JSON; 0 when every check passes, 1 when one fails."""
    if as_json:
        print(
            json.dumps({"pdf": str(pdf), "ok": report.ok, "checks": [f.as_dict() for f in report.findings]}, indent=2)
        )
    else:
        verdict = "all checks pass" if with_content else "checks pass (give --content to check against the YAML too)"
        print(f"{pdf}: {verdict if report.ok else 'CHECKS FAILED'}")
        print(report.text())
    return 0 if report.ok else 1


def import_source(source: Path, output: Path | None) -> int:
    """Write the imported YAML (never over an existing file); each note on stderr, a summary on stdout."""
    from .importers import import_file  # markdown-it and mammoth: only `leaflet import` needs them

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
    from importlib import resources  # here: only `new` reads package data, and the import costs a build ~2 ms

    template = resources.files("leaflet").joinpath("starter.yaml").read_text(encoding="utf-8")
    title = name.replace("-", " ").capitalize()
    publish(path, template.replace("TITLE", title).encode("utf-8"))
    return path
