"""build(): run the stages in order: load -> fonts -> layout -> render + tags (-> output intent) -> check -> publish.

Every PDF is tagged (tags.py, as the render stage writes it) before it is checked. Variants reuse the same stages:
a page size or large print is a different Theme;
the print-shop variant adds bleed, crop marks, CMYK colours and an output intent; the booklet imposes the checked
A5 PDF; clinic PDFs stamp one checked clinic layout; text is written from the model.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache, partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from . import wording
from .checks import Report, read_pdf, run_checks
from .clinics import Passes, Surveyed, load_clinics, pick, survey
from .content import load_leaflet, located_texts
from .copyfit import fit_theme, leaflet_theme
from .errors import CheckFailed, Where
from .fonts import Fonts, load_fonts
from .layout import build_story
from .model import Clinic, Leaflet
from .publish import publish
from .readlog import note_digest
from .record import record
from .render import Rendered, render_pdf
from .textout import leaflet_text
from .theme import Theme, Variant

if TYPE_CHECKING:
    from .stamp import Master


@record
class Built:
    """One file written, with what the summary line reports."""

    path: Path
    leaflet: Leaflet
    pages: int
    size: str  # page size as the summary shows it
    bytes: int
    report: Report | None
    fitted_pt: float = 0  # the body size copyfitting chose; 0: not fitted
    fills: tuple[float, ...] = ()  # per page, the share of the text frame used (none for sheets or text)
    reads: tuple[Path, ...] = ()  # files read beside the leaflet's own inputs: a clinics file and its logos


@record
class Drawn:
    """A leaflet laid out and rendered, not yet checked (a clinic batch stamps while its master is checked)."""

    leaflet: Leaflet
    fonts: Fonts
    theme: Theme
    rendered: Rendered


@record
class Laid:
    """A leaflet laid out, rendered and checked, not yet written."""

    leaflet: Leaflet
    fonts: Fonts
    theme: Theme
    rendered: Rendered
    report: Report


def lay_out(
    content: str | Path, variant: Variant, reserve: str = "", more: Iterable[tuple[str, Where]] = (), fit: bool = False
) -> Laid:
    """Load, lay out, render and check one variant; raise on any problem (a failed check too)."""
    return passed(draw(content, variant, reserve, more, fit))


def lay_out_checked(
    content: str | Path, variant: Variant, reserve: str = "", more: Iterable[tuple[str, Where]] = (), fit: bool = False
) -> Laid:
    """As `lay_out`, but failed checks are in the report, not raised (`leaflet preview` shows them)."""
    return checked(draw(content, variant, reserve, more, fit))


def draw(
    content: str | Path, variant: Variant, reserve: str = "", more: Iterable[tuple[str, Where]] = (), fit: bool = False
) -> Drawn:
    """Load, lay out and render one variant, unchecked.

    `reserve` holds characters to keep in the font subsets for stamping; `more` is other located
    text the fonts must cover (a clinic's details), checked with the leaflet's before layout.
    `fit` (or the leaflet's `fit: true`): the largest type size that fits the budget (copyfit.py).
    """
    leaflet = load_leaflet(content)
    fonts = load_fonts(leaflet.brand)
    fonts.check(chain(located_texts(leaflet), more))
    theme = theme_for(leaflet, fonts, variant, reserve, fit)
    rendered = render_pdf(lambda: build_story(leaflet, theme, fonts, reserve), leaflet, variant.key)
    if variant.bleed:  # the print shop's variant says which press condition its CMYK is for
        from .outputintent import declare_intent  # (modules only some builds need load when used)

        rendered = replace(rendered, pdf=declare_intent(rendered.pdf))
    return Drawn(leaflet, fonts, theme, rendered)


def checked(drawn: Drawn) -> Laid:
    """The drawn leaflet with its checks' report."""
    report = run_checks(drawn.rendered.pdf, drawn.leaflet, drawn.theme)
    return Laid(drawn.leaflet, drawn.fonts, drawn.theme, drawn.rendered, report)


def passed(drawn: Drawn) -> Laid:
    """As `checked`, a failed check raised."""
    laid = checked(drawn)
    laid.report.raise_if_failed()
    return laid


def require_final(content: str | Path) -> None:
    """Refuse a draft (`--final`): one message naming every draft mark, each at its FILE:LINE:COL."""
    leaflet = load_leaflet(content)
    if not leaflet.draft:
        return
    marks = leaflet.draft
    listing = "".join(f"\n  {mark.line()}" for mark in marks)
    raise CheckFailed(
        f"not final: {len(marks)} draft mark{'s' if len(marks) > 1 else ''} (without --final it builds "
        f"marked '{wording.DRAFT}'){listing}",
        marks[0].where,
        hint="replace each with the real text; for a past review date, review the leaflet and set the next one",
    )


def theme_for(leaflet: Leaflet, fonts: Fonts, variant: Variant, reserve: str = "", fit: bool = False) -> Theme:
    """The variant's theme, or the fitted one when the leaflet or the command asks for fitting."""
    if fit or leaflet.meta.fit:
        return fit_theme(leaflet, fonts, variant, reserve)
    return leaflet_theme(leaflet, fonts, variant)


def build(
    content: str | Path, out_dir: str | Path = "output", variant: Variant | None = None, fit: bool = False
) -> Built:
    """Build one leaflet into out_dir/NAME[-variant].pdf; a failed build leaves any old PDF untouched."""
    variant = variant or Variant()
    laid = lay_out(content, variant, fit=fit)
    target = Path(out_dir) / f"{laid.leaflet.name}{variant.suffix}.pdf"
    publish(target, laid.rendered.pdf)
    label = variant.size + (" large print" if variant.large else "") + (" +bleed" if variant.bleed else "")
    rendered = laid.rendered
    return Built(
        target, laid.leaflet, rendered.pages, label, len(rendered.pdf), laid.report, fitted(laid), rendered.fills
    )


def fitted(laid: Laid) -> float:
    return laid.theme.body_pt if laid.theme.fitted else 0


def build_booklet(content: str | Path, out_dir: str | Path = "output", fit: bool = False) -> Built:
    """The checked A5 leaflet imposed two-up on A4 landscape in saddle-stitch order."""
    from pypdf import PdfReader

    from . import booklet
    from .checks.booklet import check_booklet

    laid = lay_out(content, Variant(size="A5"), fit=fit)
    imposed = booklet.impose(laid.rendered.pdf, laid.leaflet.name)
    target = Path(out_dir) / f"{laid.leaflet.name}-booklet.pdf"
    # Sheets: size, order, outline, each half's text; fonts, print, contrast, metadata. No tags (a
    # content check): two pages share a sheet, in folding order, for a printer; the A5 leaflet they
    # are made from passed the tags check.
    check_booklet(imposed, str(target), laid.rendered.pdf).raise_if_failed()
    publish(target, imposed)
    sides = len(PdfReader(io.BytesIO(imposed)).pages)
    return Built(target, laid.leaflet, sides, "A5 booklet on A4", len(imposed), laid.report, fitted(laid))


def build_text(content: str | Path, out_dir: str | Path = "output") -> Built:
    """The leaflet as plain UTF-8 text, for an email body or a screen reader."""
    leaflet = load_leaflet(content)
    data = leaflet_text(leaflet).encode("utf-8")
    target = Path(out_dir) / f"{leaflet.name}.txt"
    publish(target, data)
    return Built(target, leaflet, 0, "text", len(data), None)


def build_clinics(
    content: str | Path,
    clinics_file: str | Path,
    ids: list[str] | None = None,
    out_dir: str | Path = "output",
    fit: bool = False,
    jobs: int = 1,
    early: Surveyed | None = None,
) -> list[Built]:
    """One PDF per clinic from one checked layout: out_dir/clinics/ID/NAME.pdf (batch.py; `jobs` processes).

    Without `ids`, the clinics file is read twice as a stream (to survey its characters, then to
    stamp), so memory stays flat however many clinics it lists; `early`, the first pass made in
    another process (ahead.py), stands for the first read. The layout's checks run while the other
    processes stamp (batch.py): no PDF is put in place unless the layout passes them."""
    from .batch import stamp_batch  # PIL and the QR encoder: only clinic builds need them

    chosen = [pick(load_clinics(clinics_file), i, Path(clinics_file)) for i in ids] if ids else None
    passes = Passes(clinics_file, early.kept if early else None)

    def each() -> Iterable[Clinic]:
        return chosen if chosen is not None else passes()

    if early and chosen is None:
        for path, digest in early.reads.items():  # what that pass read, as if read here
            note_digest(path, digest)
        found = early.found
    else:
        found = survey(each())
    drawn = draw(content, Variant(clinic=True), found.reserve, found.details, fit)
    master_passed = cache(partial(passed, drawn))  # run once, by stamp_batch as the other processes stamp
    master = master_for_stamping(drawn, master_passed)
    name = drawn.leaflet.name
    made = stamp_batch(
        master, each, found.count, lambda c: Path(out_dir) / "clinics" / c.id / f"{name}.pdf", jobs, master_passed
    )
    laid = master_passed()
    r, reads = laid.rendered, (Path(clinics_file).resolve(), *found.logos)
    return [
        Built(target, laid.leaflet, r.pages, f"A4 for {ident}", size, laid.report, fitted(laid), r.fills, reads)
        for target, ident, size in made
    ]


def master_for_stamping(drawn: Drawn, master_passed: Callable[[], Laid]) -> Master:
    """The rendered master read for stamping; should it not read, its checks' failure comes first."""
    from .stamp import read_master

    assert drawn.rendered.slot is not None
    try:
        return read_master(drawn.rendered.pdf, *drawn.rendered.slot, drawn.theme, drawn.fonts)
    except Exception:
        master_passed()
        raise


def check(
    pdf: str | Path,
    content: str | Path | None = None,
    variant: Variant | None = None,
    clinic: Clinic | None = None,
    fit: bool = False,
) -> Report:
    """Check a PDF on disk; with the content file, against it too (and a stamped clinic's details).

    A fitted leaflet (`fit: true`, or `fit` for one built with --fit) is fitted again to know its size."""
    data = read_pdf(pdf)
    if content is None:
        return run_checks(data, None, None, str(pdf))
    leaflet = load_leaflet(content)
    fonts = load_fonts(leaflet.brand)
    theme = theme_for(leaflet, fonts, variant or Variant(), fit=fit)
    return run_checks(data, leaflet, theme, str(pdf), clinic)


def check_built_booklet(pdf: str | Path, content: str | Path | None = None) -> Report:
    """Check a booklet on disk; with the content file, each half against the A5 leaflet built from it."""
    from .checks.booklet import check_booklet

    data = read_pdf(pdf)
    source = lay_out(content, Variant(size="A5")).rendered.pdf if content else None
    return check_booklet(data, str(pdf), source)
