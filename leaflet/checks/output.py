"""Checks of the PDF itself: pages, fonts and glyphs, clear print, contrast, metadata, email."""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.units import mm

from .. import wording
from ..contrast import Colour, contrast, grey
from ..pagescan import undrawable
from ..pdfmodel import Dictionary, dict_of, list_of, resolve, stream_of
from ..theme import Theme
from .core import Finding, Pdf, check
from .weights import check_weights

SAFE_MM = 5
SUBSET = re.compile(r"^/?[A-Z]{6}\+")
AA = 4.5
EMAIL_KB = 1024
JUSTIFIED_TW = 0.1  # word spacing stretched by at least this much (pt) means justified text


def page_size(page: Any) -> tuple[int, int] | None:
    """A page's size in whole points from its /MediaBox; None when it has none or a malformed one."""
    try:
        box = page.mediabox
    except ValueError:  # no /MediaBox on the page or its parents, or not four numbers
        return None
    return round(float(box.width)), round(float(box.height))


@check("pages", needs_content=False)
def pages(pdf: Pdf) -> Finding:
    count = len(pdf.document.pages)
    sizes = [page_size(p) for p in pdf.document.pages]
    if None in sizes:
        problem = f"page {sizes.index(None) + 1} has no usable /MediaBox (its size is unknown)"
        return Finding("pages", False, f"{count} pages", problem)
    for i, page in enumerate(pdf.document.pages):
        if problem := structure_problem(page) or malformed_problem(pdf, i) or invisible_problem(pdf, i):
            return Finding("pages", False, f"{count} pages", f"page {i + 1}: {problem}")
    if pdf.theme is None or pdf.leaflet is None:
        ok = len(set(sizes)) == 1
        return Finding("pages", ok, f"{count} pages", "" if ok else f"pages of {len(set(sizes))} different sizes")
    want = (round(pdf.theme.page[0]), round(pdf.theme.page[1]))
    theme, budget = pdf.theme, pdf.leaflet.meta.pages.get(pdf.theme.variant.key, 0)
    figure = f"{count}/{budget} pages {theme.size_name}" + (", trim and bleed boxes" if theme.bleed else "")
    for i, (page, got) in enumerate(zip(pdf.document.pages, sizes, strict=True)):
        assert got is not None
        if got != want:
            return Finding("pages", False, figure, f"page {i + 1} is {got[0]}x{got[1]} pt, not {theme.size_name}")
        if problem := box_problem(page, theme) or safe_area_problem(pdf, i):
            return Finding("pages", False, figure, f"page {i + 1}: {problem}")
    if count > budget:
        problem = f"{count} pages, over the {pdf.theme.variant.key} budget of {budget}"
        return Finding("pages", False, figure, problem, pdf.leaflet.meta.where)
    return Finding("pages", True, figure)


def structure_problem(page: Any) -> str:
    """What a viewer cannot draw the page from: contents that are not streams, resources not a dictionary."""
    contents = resolve(page.get("/Contents"))
    parts = contents if isinstance(contents, list) else [contents]
    if contents is not None and any(stream_of(part) is None for part in parts):
        return "its /Contents is not a content stream"
    resources = resolve(page.get("/Resources"))
    if resources is not None and not isinstance(resources, Dictionary):
        return "its /Resources is not a dictionary"
    return ""


def malformed_problem(pdf: Pdf, index: int) -> str:
    bad = pdf.scan(index).malformed
    return f"malformed drawing instruction '{bad[0]}' (a viewer may stop drawing there)" if bad else ""


def invisible_problem(pdf: Pdf, index: int) -> str:
    count = pdf.scan(index).invisible
    if not count:
        return ""
    return f"{count} text run(s) drawn in an invisible render mode (3 or 7 Tr): in the text, yet nothing shows"


def _box(box: Any) -> tuple[int, ...]:
    return tuple(round(float(v)) for v in (box.left, box.bottom, box.right, box.top))


def box_problem(page: Any, theme: Theme) -> str:
    """The trim box is the declared size; the print variant also declares its bleed."""
    if _box(page.trimbox) != tuple(round(v) for v in theme.trim_box):
        return f"trim box {_box(page.trimbox)}, not the {theme.size_name} trim"
    if theme.bleed and _box(page.bleedbox) != tuple(round(v) for v in theme.bleed_box):
        return f"bleed box {_box(page.bleedbox)}, not {theme.bleed / mm:.0f} mm beyond the trim"
    return ""


def safe_area_problem(pdf: Pdf, index: int) -> str:
    """Text must start at least 5 mm inside the trim (printers and guillotines need the room)."""
    assert pdf.theme is not None
    x0, y0, x1, y1 = pdf.theme.trim_box
    safe = SAFE_MM * mm
    for f in pdf.scan(index).fragments:
        if not (x0 + safe <= f.x <= x1 - safe and y0 + safe <= f.y <= y1 - safe):
            return f'"{f.text.strip()[:40]}" is within {SAFE_MM} mm of the trim'
    return ""


def fonts_used(pdf: Pdf) -> dict[str, Dictionary]:
    found: dict[str, Dictionary] = {}
    for page in pdf.document.pages:
        for ref in dict_of(dict_of(page.get("/Resources")).get("/Font")).values():
            font = dict_of(ref)
            found[str(font.get("/BaseFont"))] = font
    return found


def _embedded(font: Dictionary) -> bool:
    """The font (or each of a composite font's descendants) carries its program as a stream."""
    if "/FontDescriptor" in font:
        desc = dict_of(font.get("/FontDescriptor"))
        return any(stream_of(desc.get(k)) is not None for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    kids = list_of(font.get("/DescendantFonts"))
    return bool(kids) and all(_embedded(dict_of(k)) for k in kids)


@check("fonts", needs_content=False)
def fonts(pdf: Pdf) -> Finding:
    found = fonts_used(pdf)
    for name, font in found.items():
        if not _embedded(font):
            return Finding("fonts", False, f"{len(found)} fonts", f"font {name} is not embedded")
        if not SUBSET.match(name):
            return Finding("fonts", False, f"{len(found)} fonts", f"font {name} is embedded whole, not subset")
    for i, page in enumerate(pdf.document.pages):
        have = dict_of(dict_of(page.get("/Resources")).get("/Font"))
        if missing := sorted(pdf.scan(i).font_names - set(have)):
            problem = f"page {i + 1} draws text in font {missing[0]}, which the page does not have"
            return Finding("fonts", False, f"{len(found)} fonts", problem)
        if bad := undrawable(pdf.page(i), pdf.glyphs):
            font_name, code = bad[0]
            problem = f"page {i + 1}: code {code} in font {font_name} has no glyph (prints as an empty box)"
            return Finding("fonts", False, f"{len(found)} fonts", problem)
    weights = check_weights(pdf)
    figure = f"{len(found)} fonts, all embedded and subset, every glyph present"
    if weights.problem:
        return Finding("fonts", False, figure, weights.problem)
    return Finding("fonts", True, f"{figure}, fallback glyphs in their run's weight{weights.note()}")


@check("clearprint", needs_content=False)
def clearprint(pdf: Pdf) -> Finding:
    """Type size floor (footer included), no justified text, no italics."""
    smallest, where = 1000.0, ""
    for i in range(len(pdf.document.pages)):
        s = pdf.scan(i)
        for f in s.fragments:
            if f.size < smallest:
                smallest, where = f.size, f'page {i + 1}: "{f.text.strip()[:40]}"'
            if "italic" in f.font.lower() or "oblique" in f.font.lower():
                return Finding("clearprint", False, "", f'page {i + 1}: italic text "{f.text.strip()[:40]}"')
        if any(tw >= JUSTIFIED_TW for tw in s.word_spacing):
            return Finding("clearprint", False, "", f"page {i + 1}: justified text (stretched word spacing)")
    if smallest == 1000.0:
        return Finding("clearprint", False, "no text", "the PDF has no text to read")
    figure = f"smallest text {smallest:.1f} pt (floor {pdf.min_pt:g}), left-aligned, no italics"
    if smallest < pdf.min_pt - 0.05:
        return Finding("clearprint", False, figure, f"{where} is {smallest:.1f} pt, under {pdf.min_pt:g} pt")
    return Finding("clearprint", True, figure)


@check("contrast", needs_content=False)
def contrast_check(pdf: Pdf) -> Finding:
    worst, worst_grey, where = 100.0, 100.0, ""
    ratios: dict[tuple[Colour, Colour], tuple[float, float]] = {}  # a page has few colour pairs: each worked out once
    for i in range(len(pdf.document.pages)):
        for f in pdf.scan(i).fragments:
            pair = (f.colour, f.background)
            if pair not in ratios:
                ratios[pair] = contrast(f.colour, f.background), contrast(grey(f.colour), grey(f.background))
            ratio, mono = ratios[pair]
            if min(ratio, mono) < min(worst, worst_grey):
                where = f'page {i + 1}: "{f.text.strip()[:40]}"'
            worst, worst_grey = min(worst, ratio), min(worst_grey, mono)
    figure = f"lowest {worst:.1f}:1 in colour, {worst_grey:.1f}:1 in greyscale (need {AA}:1)"
    if min(worst, worst_grey) < AA:
        return Finding("contrast", False, figure, f"{where} is under {AA}:1")
    return Finding("contrast", True, figure)


@check("metadata", needs_content=False)
def metadata(pdf: Pdf) -> Finding:
    info = {k: resolve(v) for k, v in dict_of(pdf.document.trailer.get("/Info")).items()}  # not a dictionary: empty
    root = pdf.document.root
    prefs = dict_of(root.get("/ViewerPreferences"))
    where = pdf.leaflet.meta.where if pdf.leaflet else None
    missing = [k[1:].lower() for k in ("/Title", "/Author", "/Subject") if not info.get(k)]
    if not root.get("/Lang"):
        missing.append("language")
    if missing:
        return Finding("metadata", False, "", f"no {', '.join(missing)}", where)
    if not prefs.get("/DisplayDocTitle"):
        return Finding("metadata", False, "", "viewers would show the file name, not the title", where)
    if pdf.leaflet:
        m = pdf.leaflet.meta
        shown = wording.info(pdf.leaflet)
        for key, want in (("/Title", shown["title"]), ("/Author", shown["author"]), ("/Lang", m.language)):
            got = root.get(key) if key == "/Lang" else info.get(key)
            if str(got) != want:
                return Finding("metadata", False, "", f"{key[1:].lower()} is '{got}', not '{want}'", where)
    return Finding("metadata", True, f"title '{info['/Title']}', language {root['/Lang']}, title shown")


def scripted(action: Any, depth: int = 0) -> bool:
    """Whether an action, a chain of them (/Next) or an additional-actions dictionary runs JavaScript."""
    found = dict_of(action)
    if not found or depth > 8:
        return depth > 8
    if found.get("/S") == "/JavaScript" or "/JS" in found:
        return True
    following = [found.get("/Next"), *list_of(found.get("/Next"))]
    following += [v for k, v in found.items() if k not in ("/Next", "/Parent", "/P")]  # /AA: trigger -> action
    return any(scripted(f, depth + 1) for f in following if isinstance(dict_of(f), dict) and dict_of(f))


@check("email", needs_content=False)
def email(pdf: Pdf) -> Finding:
    limit = pdf.leaflet.meta.maxkb if pdf.leaflet else EMAIL_KB
    kb = pdf.size / 1024
    figure = f"{kb:.0f} KB (limit {limit} KB)"
    root = pdf.document.root
    names = dict_of(root.get("/Names"))
    if "/JavaScript" in names or scripted(root.get("/OpenAction")) or scripted(root.get("/AA")):
        return Finding("email", False, figure, "the PDF contains JavaScript")
    if "/EmbeddedFiles" in names:
        return Finding("email", False, figure, "the PDF carries embedded files")
    for i, page in enumerate(pdf.document.pages):
        if scripted(page.get("/AA")):
            return Finding("email", False, figure, f"page {i + 1} runs a script when it opens or closes")
        for ref in list_of(page.get("/Annots")):
            annot = dict_of(ref)
            if scripted(annot.get("/A")) or scripted(annot.get("/AA")) or annot.get("/Subtype") == "/FileAttachment":
                return Finding("email", False, figure, f"page {i + 1} has a script or attached file")
    if kb > limit:
        where = pdf.leaflet.meta.where if pdf.leaflet else None
        return Finding("email", False, figure, f"{kb:.0f} KB is over the {limit} KB limit", where)
    return Finding("email", True, figure + ", no scripts, attachments or encryption")
