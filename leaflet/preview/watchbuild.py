"""`leaflet build --watch`: the usual build, again after each save (stage: preview, for the terminal).

Input: the parsed `leaflet build` arguments (with --watch) and a rebuild time limit. Output: the
build's usual lines (one per file written, or each located error) after the first build and after
every save of a file those builds read; exit status 0 on Ctrl-C, with no traceback.

Each round is the normal `leaflet build` (cli.run), so it writes through the atomic publish: a
failed round leaves every good PDF in output/ as it was. It runs in a fresh process (fresh.py) so
an edited font is read again; its output is printed when it ends. When no files are named, any
change in the watched folders rebuilds, so a new leaflet in content/ is built when it is saved.
"""

from __future__ import annotations

import argparse
import io
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from ..clinics import load_clinics
from ..content import load_leaflet
from ..errors import ContentError, LeafletError, Where
from ..inputfiles import inputs_of
from ..names import CLINICS_FILE, leaflet_files
from ..record import record
from .fresh import RebuildError, run_fresh
from .watcher import Round, rebuild_on_save


@record
class Done:
    """One round of building, as the fresh process reports it."""

    status: int
    out: str
    err: str
    inputs: frozenset[Path]


def watch_build(args: argparse.Namespace, timeout: float) -> int:
    """Build as `leaflet build` would, then again after each save, until Ctrl-C."""
    once = argparse.Namespace(**{**vars(args), "watch": False})
    if not named(once):  # nothing to build is nothing to watch: say so, as `leaflet build` does
        raise ContentError("no leaflets to build", Where.file("content/"), hint="add one with 'leaflet new NAME'")
    stop = threading.Event()
    try:
        rebuild_on_save(lambda changed: build_round(once, changed, timeout), stop)
    except KeyboardInterrupt:
        print("stopped watching", file=sys.stderr)
    return 0


def build_round(args: argparse.Namespace, changed: set[Path], timeout: float) -> Round:
    """One build in a fresh process; print what it printed; the files it read."""
    if changed:
        names = ", ".join(sorted(p.name for p in changed))
        print(f"-- saved {names}: building again", flush=True)
    try:
        done = run_fresh(build_in_child, args, timeout)
    except RebuildError as e:
        print(str(e), file=sys.stderr, flush=True)
        return Round(frozenset(Path(f).resolve() for f in named(args)), False)
    sys.stdout.write(done.out)
    sys.stderr.write(done.err)
    sys.stdout.flush()
    sys.stderr.flush()
    if done.status == 0 and not changed:
        print(f"-- watching {len(done.inputs)} files; Ctrl-C to stop", flush=True)
    return Round(done.inputs, done.status == 0 and bool(args.files))


def named(args: argparse.Namespace) -> list[Path]:
    return list(args.files or leaflet_files("content"))


def build_in_child(args: argparse.Namespace) -> Done:
    """In the fresh process: run the build as `leaflet build` does, then list the files it read."""
    from ..cli import run

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = run(args)
    return Done(status, out.getvalue(), err.getvalue(), frozenset(files_read(args)))


def files_read(args: argparse.Namespace) -> set[Path]:
    """Each leaflet's inputs (its clinics file too when the build stamps clinics); for a leaflet that
    cannot be loaded, its YAML and the file its error names."""
    found: set[Path] = set()
    for file in named(args):
        found.add(Path(file).resolve())
        try:
            leaflet = load_leaflet(file)
            clinics_file = args.clinics or Path(file).parent / CLINICS_FILE
            stamps = bool(args.clinic or args.all_clinics or args.all) and clinics_file.is_file()
            clinics = load_clinics(clinics_file) if stamps else None
            found |= {i.path for i in inputs_of(leaflet, clinics_file if stamps else None, clinics)}
        except LeafletError as e:
            if e.where and e.where.path:
                found.add(Path(e.where.path).resolve())
    return found
