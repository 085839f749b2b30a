"""The check run on every stamped clinic PDF: what stamping changes, read back from the PDF.

The clinic layout passed every check before stamping, and a stamp is an incremental
update: so this reads the clinic PDF back and proves the laid-out bytes are there
unchanged, each page still uses the laid-out fonts (embedded, subset), and the layer
each page gained shows the clinic's footer line and, on the box's page, the clinic's
lines in order, at legible sizes, with their links. The layer's text is decoded with
the fonts' own ToUnicode maps, which keeps the check to a few milliseconds.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject

from ..errors import CheckFailed
from ..model import Clinic
from ..pdfread import dict_of, list_of, stream_of
from ..pdftext import normalise, quick_text
from ..stamp import LOGO_NAME, Master, serialise

_SIZES = re.compile(rb"\s([\d.]+)\s+Tf")


def check_stamped(data: bytes, master: Master, clinic: Clinic) -> None:
    """Raise CheckFailed, located at the clinic, if its PDF lacks or garbles its details."""

    def fail(problem: str) -> CheckFailed:
        return CheckFailed(f"clinic check failed: {problem}", clinic.where, hint="a bug in leaflet's stamping")

    if not data.startswith(master.pdf):
        raise fail("the laid-out leaflet was changed, not added to")
    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) != len(master.reader.pages):
        raise fail(f"{len(reader.pages)} pages, the layout has {len(master.reader.pages)}")
    for i, (page, laid) in enumerate(zip(reader.pages, master.reader.pages, strict=True)):
        # The page keeps the laid-out resources, so its fonts are the checked ones and their
        # ToUnicode maps, read once from those same bytes, decode the layer.
        resources = page.raw_get("/Resources")
        if not same_object(without_logo(resources), laid.raw_get("/Resources")):
            raise fail(f"page {i + 1} uses other fonts or resources than the checked layout")
        parts = list_of(page.raw_get("/Contents"))
        last = stream_of(parts[-1]) if parts else None
        layer = last.get_data() if last is not None else b""  # no layer: fails on its text sizes below
        text = normalise(quick_text(layer, master.decode))
        sizes = [float(s) for s in _SIZES.findall(layer)]
        if not sizes or min(sizes) < master.theme.min_pt - 0.05:
            raise fail(f"page {i + 1}: clinic text at {min(sizes, default=0):.1f} pt")
        if normalise(clinic.footer) not in text:
            raise fail(f"the footer of page {i + 1} lacks '{clinic.footer}'")
        if i != master.slot_page:
            continue
        at = 0
        for label, shown, _ in clinic.lines():
            want = normalise(f"{label}: {shown}" if label else shown)
            at = text.find(want, at)
            if at < 0:
                raise fail(f"'{shown}' is not in the clinic box on page {i + 1}")
            at += len(want)
        if clinic.logo and f"{LOGO_NAME} Do".encode() not in layer:
            raise fail(f"the clinic logo is not drawn on page {i + 1}")
        uris = {str(dict_of(dict_of(a).get("/A")).get("/URI", "")) for a in list_of(page.get("/Annots"))}
        missing = [link for _, _, link in clinic.lines() if link and link not in uris]
        if missing:
            raise fail(f"no link to {missing[0]} in the clinic box")


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
