"""build(): run the stages in order: load -> fonts -> layout -> render -> tags -> check -> publish.

Every PDF is tagged (tags.py) before it is checked. Variants reuse the same stages:
a page size or large print is a different Theme;
the print-shop variant adds bleed and crop marks; the booklet imposes the checked
A5 PDF; clinic PDFs stamp one checked clinic layout; text is written from the model.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path

from pypdf import PdfReader

from . import booklet, stamp, tags
from .checks import Report, read_pdf, run_checks
from .checks.stamped import check_stamped
from .clinics import load_clinics, pick
from .content import load_leaflet, located_texts
from .errors import CheckFailed, Where
from .fonts import Fonts, load_fonts
from .layout import build_story
from .model import Clinic, Leaflet
from .publish import publish, publish_all
from .render import Rendered, render_pdf
from .textout import leaflet_text
from .theme import Theme, Variant, make_theme


@dataclass(frozen=True)
class Built:
    """One file written, with what the summary line reports."""

    path: Path
    leaflet: Leaflet
    pages: int
    size: str  # page size as the summary shows it
    bytes: int
    report: Report | None
    fills: tuple[float, ...] = ()  # per page, the share of the text frame used (none for sheets or text)


@dataclass(frozen=True)
class Laid:
    """A leaflet laid out, rendered and checked, not yet written."""

    leaflet: Leaflet
    fonts: Fonts
    theme: Theme
    rendered: Rendered
    report: Report


def lay_out(content: str | Path, variant: Variant, reserve: str = "", more: Iterable[tuple[str, Where]] = ()) -> Laid:
    """Load, lay out, render and check one variant; raise on any problem.

    `reserve` holds characters to keep in the font subsets for stamping; `more` is other located
    text the fonts must cover (a clinic's details), checked with the leaflet's before layout.
    """
    leaflet = load_leaflet(content)
    fonts = load_fonts(leaflet.brand)
    fonts.check(chain(located_texts(leaflet), more))
    theme = make_theme(leaflet.brand, fonts, variant, leaflet.meta.title)
    rendered = render_pdf(lambda: build_story(leaflet, theme, fonts, reserve), leaflet, variant.key)
    rendered = replace(rendered, pdf=tags.tag_pdf(rendered.pdf, rendered.marks, leaflet))
    report = run_checks(rendered.pdf, leaflet, theme)
    report.raise_if_failed()
    return Laid(leaflet, fonts, theme, rendered, report)


def build(content: str | Path, out_dir: str | Path = "output", variant: Variant | None = None) -> Built:
    """Build one leaflet into out_dir/NAME[-variant].pdf; a failed build leaves any old PDF untouched."""
    variant = variant or Variant()
    laid = lay_out(content, variant)
    target = Path(out_dir) / f"{laid.leaflet.name}{variant.suffix}.pdf"
    publish(target, laid.rendered.pdf)
    label = variant.size + (" large print" if variant.large else "") + (" +bleed" if variant.bleed else "")
    rendered = laid.rendered
    return Built(target, laid.leaflet, rendered.pages, label, len(rendered.pdf), laid.report, rendered.fills)


def build_booklet(content: str | Path, out_dir: str | Path = "output") -> Built:
    """The checked A5 leaflet imposed two-up on A4 landscape in saddle-stitch order."""
    laid = lay_out(content, Variant(size="A5"))
    imposed = booklet.impose(laid.rendered.pdf, laid.leaflet.name)
    target = Path(out_dir) / f"{laid.leaflet.name}-booklet.pdf"
    if problem := booklet.check_order(imposed, laid.rendered.pdf):
        raise CheckFailed(f"booklet check failed: {problem}", Where.file(target), hint="this is a bug in leaflet")
    # Sheets: fonts, print, contrast, metadata. No tags (a content check): two pages share a sheet,
    # in folding order, for a printer; the A5 leaflet they are made from passed the tags check.
    run_checks(imposed, None, None, str(target)).raise_if_failed()
    publish(target, imposed)
    sides = len(PdfReader(io.BytesIO(imposed)).pages)
    return Built(target, laid.leaflet, sides, "A5 booklet on A4", len(imposed), laid.report)


def build_text(content: str | Path, out_dir: str | Path = "output") -> Built:
    """The leaflet as plain UTF-8 text, for an email body or a screen reader."""
    leaflet = load_leaflet(content)
    data = leaflet_text(leaflet).encode("utf-8")
    target = Path(out_dir) / f"{leaflet.name}.txt"
    publish(target, data)
    return Built(target, leaflet, 0, "text", len(data), None)


def build_clinics(
    content: str | Path, clinics_file: str | Path, ids: list[str] | None = None, out_dir: str | Path = "output"
) -> list[Built]:
    """One PDF per clinic from one checked layout: out_dir/clinics/ID/NAME.pdf."""
    clinics = load_clinics(clinics_file)
    chosen = [pick(clinics, i, Path(clinics_file)) for i in ids] if ids else list(clinics.values())
    details = [(text, c.field_where.get(key, c.where)) for c in chosen for key, (_, text, _) in c.fields()]
    laid = lay_out(content, Variant(clinic=True), stamp.reserve(chosen), details)
    assert laid.rendered.slot is not None
    master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
    made = []
    for clinic in chosen:  # every clinic is stamped and checked before any file is written
        pdf = stamp.stamp(master, clinic)
        check_stamped(pdf, master, clinic)
        made.append((clinic, pdf))
    targets = [(Path(out_dir) / "clinics" / clinic.id / f"{laid.leaflet.name}.pdf", pdf) for clinic, pdf in made]
    publish_all(targets)  # every file is written before any replaces its target
    r = laid.rendered
    return [
        Built(target, laid.leaflet, r.pages, f"A4 for {clinic.id}", len(pdf), laid.report, r.fills)
        for (target, pdf), (clinic, _) in zip(targets, made, strict=True)
    ]


def check(
    pdf: str | Path, content: str | Path | None = None, variant: Variant | None = None, clinic: Clinic | None = None
) -> Report:
    """Check a PDF on disk; with the content file, against it too (and a stamped clinic's details)."""
    data = read_pdf(pdf)
    if content is None:
        return run_checks(data, None, None, str(pdf))
    leaflet = load_leaflet(content)
    fonts = load_fonts(leaflet.brand)
    return run_checks(data, leaflet, make_theme(leaflet.brand, fonts, variant, leaflet.meta.title), str(pdf), clinic)
