"""Command line: a thin layer over the library (the parser here; the work in commands.py).

Only the parser loads when the program starts: `leaflet --version` and `--help` import no
ReportLab, pypdf or PIL, and `commands` (and through it the pipeline) is imported when a
command runs.

Exit status: 0 success, 1 a check failed, 2 bad input (with FILE:LINE:COL and a hint).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .budget import SIZES
from .errors import LeafletError
from .interrupts import held, stopped
from .names import CLINICS_FILE, leaflet_files, one_per_name
from .preview.command import add_preview, add_watch

CLINICS_HELP = f"clinics file (default: {CLINICS_FILE} beside the leaflet, as its brands are)"

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
  leaflet import page.html           write content/page.yaml from a web page (or .md)
  leaflet preview content/ldn-ms.yaml  pages and checks in a browser, updated on each save
  leaflet build --watch              build again after each save, in the terminal"""


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
    v.add_argument("--size", choices=SIZES, default="A4", help="page size (default: A4)")
    v.add_argument("--large-print", action="store_true", help="18 pt body text: NAME-large-print.pdf")
    v.add_argument("--print", action="store_true", dest="bleed", help="print shop: 3 mm bleed, crop marks, trim box")
    v.add_argument("--booklet", action="store_true", help="A5 booklet imposed on A4 landscape: NAME-booklet.pdf")
    v.add_argument("--text", action="store_true", help="plain UTF-8 text for an email body: NAME.txt")
    v.add_argument("--clinic", action="append", metavar="ID", help="stamp this clinic's details (repeatable)")
    v.add_argument("--all-clinics", action="store_true", help="one PDF per clinic: output/clinics/ID/NAME.pdf")
    v.add_argument("--clinics", type=Path, metavar="FILE", help=CLINICS_HELP)
    v.add_argument("--all", action="store_true", help="everything: default, print, large print, booklet, text, clinics")
    b.add_argument(
        "--fit",
        action="store_true",
        help="over the page budget: step the type down (to 12 pt; 16 pt large print) until it fits",
    )
    b.add_argument(
        "--final", action="store_true", help="refuse a draft (placeholders, a past review date): exit 1, naming each"
    )
    b.add_argument("--json", action="store_true", help="print one JSON object per file built (pages, fills, checks)")
    b.add_argument(
        "--force", action="store_true", help="rebuild even what is unchanged since its checked build (see the README)"
    )
    b.add_argument(
        "-j",
        "--jobs",
        type=jobs,
        default=os.cpu_count() or 1,
        metavar="N",
        help="processes to spread the build over: leaflets, variants and clinic PDFs (default: the cores, "
        "here %(default)s)",
    )
    add_watch(b)
    c = sub.add_parser(
        "check",
        help="check a PDF (built earlier, or edited by hand)",
        description="Read a PDF back and run every check; with --content, also check it against the YAML.",
    )
    c.add_argument("pdf", type=Path, metavar="PDF")
    c.add_argument("--content", type=Path, metavar="FILE", help="the leaflet YAML the PDF was built from")
    c.add_argument("--json", action="store_true", help="print the report as JSON for scripts")
    c.add_argument("--size", choices=SIZES, default="A4", help="the page size it was built at")
    c.add_argument("--large-print", action="store_true", help="it is the large-print variant")
    c.add_argument("--print", action="store_true", dest="bleed", help="it is the print-shop variant")
    c.add_argument("--fit", action="store_true", help="it was built with --fit")
    c.add_argument("--clinic", metavar="ID", help="it was stamped for this clinic (from --clinics)")
    c.add_argument("--booklet", action="store_true", help="it is a booklet: sheet size, page order, outline (and text)")
    c.add_argument("--clinics", type=Path, metavar="FILE", help=CLINICS_HELP)
    n = sub.add_parser("new", help="start a new leaflet from a template", description="Write a starter leaflet file.")
    n.add_argument("name", help="file name without .yaml: lowercase letters, digits and dashes")
    n.add_argument("--dir", type=Path, default=Path("content"), help="where to write it (default: content/)")
    i = sub.add_parser(
        "import",
        help="write a leaflet YAML from an HTML, Markdown, Word or FHIR ePI file",
        description="Write a leaflet YAML from an HTML, Markdown, Word (.docx) or FHIR ePI (.json) file, its text "
        "verbatim; "
        "print what was dropped or inferred.",
    )
    i.add_argument(
        "source", type=Path, metavar="FILE", help="an HTML (.html, .htm), Markdown (.md), Word (.docx) or ePI (.json)"
    )
    i.add_argument("-o", "--output", type=Path, metavar="YAML", help="the file to write (default: content/NAME.yaml)")
    add_preview(sub)
    return p


def jobs(text: str) -> int:
    """-j N: a whole number of processes, at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes (1 or more)")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        status = run(parser().parse_args(argv))
        sys.stdout.flush()  # here, not at exit: a closed pipe is then caught below
        return status
    except BrokenPipeError:
        # whoever read our output stopped reading (`leaflet check X.pdf | head -1`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return PIPE_CLOSED
    except KeyboardInterrupt:
        return stopped()  # every file is replaced whole or not at all (publish.py): a stop needs no traceback


PIPE_CLOSED = 141  # as a shell reports a program stopped by SIGPIPE (128 + 13)


def run(args: argparse.Namespace) -> int:
    """The command `args` names; a LeafletError is printed as its one located message."""
    if args.command == "build" and args.files:  # (one folder's leaflets have a name each)
        try:
            args.files = one_per_name(args.files)
        except LeafletError as e:
            print(str(e), file=sys.stderr)
            return e.exit_code
    if args.command == "build" and not args.watch and (lines := unchanged(args)) is not None:
        print("\n".join(lines))  # a no-op build: every job as its checked build left it (manifest.py)
        return 0
    from .ahead import start
    from .deferred import loading

    args.ahead = start(args)  # a clinic batch's survey, made in a forked process as the pipeline loads
    try:
        # A Ctrl-C while the pipeline loads comes once it has (launch.main says why), caught in `main`.
        with held(), loading():  # (ReportLab's and PyYAML's costliest patterns compiled when first used)
            from . import commands  # the pipeline: imported only now that a command runs

        # What the imports made lives as long as the process. Frozen, it is left out of every garbage
        # collection, the one Python runs as it exits too: ~50 ms of a cold build, on objects the OS frees.
        gc.freeze()
        gc.enable()  # (launch.main kept collection off while the modules loaded)
        # A young collection every 20,000 new objects, not 700: a cold build ran 14 (2-4 ms) finding
        # next to nothing; now it runs two. A batch's peak memory is the same (1,000 clinics: 41 MB).
        gc.set_threshold(20_000)
        return commands.run(args)
    finally:
        args.ahead.close()


def unchanged(args: argparse.Namespace) -> list[str] | None:
    from .incremental import unchanged_lines

    return unchanged_lines(args, args.files or leaflet_files("content"))
