"""A `leaflet build` command line -> its jobs, and which are unchanged since their checked build
(stage: publish, for incremental builds).

Input: the parsed `build` arguments and the leaflet files. Output: each job's name (one variant,
the booklet, the text or a clinic batch, in the order they run) and key, and, when every job is
unchanged (manifest.py), the lines to print, so a no-op `make` is answered without loading the
pipeline. This module imports only the standard library and manifest.py.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .manifest import Manifest
from .names import CLINICS_FILE

UNCHANGED = "  (unchanged since its checked build: not rebuilt; --force rebuilds)"
VARIANTS = ((False, False), (False, True), (True, False))  # (large print, print shop) made by --all


def variant_name(size: str, large: bool, bleed: bool) -> str:
    return size + (" large print" if large else "") + (" print" if bleed else "")


def job_names(args: argparse.Namespace) -> list[str]:
    """The jobs `leaflet build` runs on each leaflet, in order (commands.outputs makes them)."""
    if args.all:
        return [variant_name(args.size, *v) for v in VARIANTS] + ["booklet", "text", "every clinic"]
    names = [variant_name(args.size, args.large_print, args.bleed)]
    extra = ["booklet"] * args.booklet + ["text"] * args.text
    if args.clinic or args.all_clinics:
        extra.append("clinics " + ",".join(args.clinic) if args.clinic else "clinics")
    plain = not args.large_print and not args.bleed
    return extra if extra and plain else names + extra


def clinics_for(file: Path, args: argparse.Namespace) -> Path:
    """The clinics file named on the command line, else the one beside the leaflet."""
    given: Path | None = args.clinics
    return given if given is not None else file.parent / CLINICS_FILE


def job_key(name: str, file: Path, args: argparse.Namespace) -> str:
    """What makes one job's outputs: the job, the leaflet, the clinics file, and the options."""
    clinics = clinics_for(file, args).resolve() if "clinic" in name else ""
    return f"{name}|{file.resolve()}|{clinics}|fit={bool(args.fit)}|json={bool(args.json)}"


def unchanged_lines(args: argparse.Namespace, files: list[Path]) -> list[str] | None:
    """Every job's lines when all are unchanged; None when any must run (or --force, --final)."""
    if getattr(args, "force", False) or args.final or not files:
        return None
    record = Manifest.load(args.output)
    lines: list[str] = []
    for file in files:
        for name in job_names(args):
            found = record.unchanged(job_key(name, file, args))
            if found is None:
                return None
            lines += [line + UNCHANGED for line in found]
    return lines
