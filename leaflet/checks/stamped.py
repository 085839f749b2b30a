"""The check run on every stamped clinic PDF: what stamping changes, read back from the PDF.

The clinic layout passed every check before stamping, and a stamp is an incremental
update: so this proves the laid-out bytes are there unchanged, then reads the update as a
PDF reader finds it (from its xref section: pdfupdate.py; the layout is not parsed again):
the page tree is the layout's, each page is redefined, still uses the laid-out fonts
(embedded, subset), and the layer it gained shows the clinic's footer line and, on the
box's page, the clinic's lines in order, at legible sizes, with their links, and nothing
else. The layer's text is decoded with the fonts' own ToUnicode maps, which keeps the check
to a millisecond.
"""

from __future__ import annotations

import re
from typing import Any

from pypdf.generic import DictionaryObject, NameObject, StreamObject

from ..errors import CheckFailed
from ..model import Clinic
from ..pagescan import quick_text
from ..pdfread import dict_of, list_of
from ..pdfupdate import Update, UpdateError, read_update
from ..pdfwrite import serialise
from ..stamp import LOGO_NAME, Master
from ..textmatch import normalise

_SIZES = re.compile(rb"\s([\d.]+)\s+Tf")


def check_stamped(data: bytes, master: Master, clinic: Clinic) -> None:
    """Raise CheckFailed, located at the clinic, if its PDF lacks or garbles its details."""

    def fail(problem: str) -> CheckFailed:
        return CheckFailed(f"clinic check failed: {problem}", clinic.where, hint="a bug in leaflet's stamping")

    try:
        problem = stamp_problem(data, master, clinic)
    except UpdateError as e:  # an object of the update, read when the check comes to it
        raise fail(f"the update cannot be read: {e}") from None
    if problem:
        raise fail(problem)


def stamp_problem(data: bytes, master: Master, clinic: Clinic) -> str:
    """What is wrong with the stamped PDF, or ''; UpdateError when its update cannot be read."""
    if not data.startswith(master.pdf):
        return "the laid-out leaflet was changed, not added to"
    update = read_update(data, len(master.pdf), master.reader, master.read_back)
    if not same_object(update.trailer.raw_get("/Root"), master.reader.trailer.raw_get("/Root")):
        return "the update has another document catalogue"
    kids = page_refs(update)
    if len(kids) != len(master.reader.pages):
        return f"{len(kids)} pages, the layout has {len(master.reader.pages)}"
    layers: dict[bytes, tuple[str, list[float]]] = {}  # the footer layer is shared by the pages without the box
    for i, ref in enumerate(kids):
        page = update.get(getattr(ref, "idnum", -1))
        if not isinstance(page, DictionaryObject):
            return f"page {i + 1} gained no clinic layer"
        if problem := page_problem(update, page, master, clinic, i, layers):
            return problem
    return ""


def page_refs(update: Update) -> list[Any]:
    """The page tree's kids as the updated file has them (a clinic layout's tree is one level)."""
    catalogue = dict_of(update.resolve(update.trailer.raw_get("/Root")))
    pages = dict_of(update.resolve(catalogue.raw_get("/Pages")))
    return list_of(update.resolve(pages.raw_get("/Kids")))


def page_problem(
    update: Update,
    page: DictionaryObject,
    master: Master,
    clinic: Clinic,
    i: int,
    layers: dict[bytes, tuple[str, list[float]]],
) -> str:
    # The page keeps the laid-out resources, so its fonts are the checked ones and their
    # ToUnicode maps, read once from those same bytes, decode the layer.
    if serialise(without_logo(page.raw_get("/Resources"))) != master.resources[i]:
        return f"page {i + 1} uses other fonts or resources than the checked layout"
    parts = update.resolve(page.raw_get("/Contents"))
    last = update.resolve(parts[-1]) if isinstance(parts, list) and parts else None
    layer = last.get_data() if isinstance(last, StreamObject) else b""  # no layer: fails on its text sizes
    text, sizes = layer_text(layer, master, layers)
    if not sizes or min(sizes) < master.theme.min_pt - 0.05:
        return f"page {i + 1}: clinic text at {min(sizes, default=0):.1f} pt"
    if normalise(clinic.footer) not in text:
        return f"the footer of page {i + 1} lacks '{clinic.footer}'"
    drawn = [f"{label}: {shown}" if label else shown for label, shown, _ in clinic.lines()]
    if i == master.slot_page:
        at = 0
        for (_, shown, _), line in zip(clinic.lines(), drawn, strict=True):
            at = text.find(normalise(line), at)
            if at < 0:
                return f"'{shown}' is not in the clinic box on page {i + 1}"
            at += len(normalise(line))
    if extra := added(text, normalise(clinic.footer + "".join(drawn if i == master.slot_page else []))):
        return f"page {i + 1}: the clinic layer shows text that is not the clinic's: '{extra}'"
    if i != master.slot_page:
        return ""
    if clinic.logo and f"{LOGO_NAME} Do".encode() not in layer:
        return f"the clinic logo is not drawn on page {i + 1}"
    annots = update.resolve(page.raw_get("/Annots"))
    stamped = [a for a in list_of(annots) if getattr(a, "idnum", None) in update.offsets]  # the layout's links aside
    uris = {str(dict_of(dict_of(update.resolve(a)).get("/A")).get("/URI", "")) for a in stamped}
    missing = [link for _, _, link in clinic.lines() if link and link not in uris]
    return f"no link to {missing[0]} in the clinic box" if missing else ""


def added(text: str, expected: str) -> str:
    """What the layer shows beyond the clinic's own lines (from the first difference), or ''."""
    if text == expected:
        return ""
    pairs = enumerate(zip(text, expected, strict=False))
    at = next((n for n, (a, b) in pairs if a != b), min(len(text), len(expected)))
    return text[at : at + 40] or f"(the end, where '{expected[at : at + 40]}' was due)"


def layer_text(layer: bytes, master: Master, seen: dict[bytes, tuple[str, list[float]]]) -> tuple[str, list[float]]:
    """A layer's text (normalised) and its text sizes, read once for every page that shows those bytes."""
    if layer not in seen:
        seen[layer] = normalise(quick_text(layer, master.decode)), [float(s) for s in _SIZES.findall(layer)]
    return seen[layer]


def same_object(a: Any, b: Any) -> bool:
    """The same value in the file: equal when written out (references compare by number)."""
    return bool(serialise(a) == serialise(b))


def without_logo(resources: Any) -> Any:
    """The resources as laid out: a stamp may add only the clinic's logo image."""
    found = dict_of(resources)
    images = dict_of(found.get("/XObject"))
    if LOGO_NAME not in images:
        return resources
    rest = DictionaryObject(found)
    others = DictionaryObject({k: v for k, v in images.items() if k != LOGO_NAME})
    if others:
        rest[NameObject("/XObject")] = others
    else:
        del rest["/XObject"]
    return rest
