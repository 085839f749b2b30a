"""Objects written out -> the bytes of one incremental update after a PDF (stage: stamp).

Input: the base PDF's bytes, its trailer, and the update's objects (number -> bytes as written:
pdfwrite.py), plus the two kinds of object a stamp makes from scratch, content streams and link
annotations. Output: the base untouched, then the objects, a cross-reference section for them
and a trailer pointing back at the base's (/Prev), as PDF readers follow an update.
"""

from __future__ import annotations

import re

from .errors import LayoutError
from .pdfmodel import Dictionary, Name
from .pdfwrite import serialise, text

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def stream(data: bytes) -> bytes:
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def link_annotation(uri: str, rect: tuple[float, ...], extra: bytes = b"") -> bytes:
    """A link annotation to `uri`; an address with a character beyond ASCII (a macron in a web
    address) is written as a text string, as the layout writes the leaflet's own links."""
    box = " ".join(f"{v:.2f}" for v in rect)
    if uri.isascii():
        target = b"(" + uri.encode().replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    else:
        target = serialise(text(uri))
    return (
        b"<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect ["
        + box.encode()
        + b"] /A << /S /URI /URI "
        + target
        + b" >>"
        + extra
        + b" >>"
    )


def append_update(base: bytes, objects: dict[int, bytes], size: int, trailer: Dictionary) -> bytes:
    """`base` untouched, then the objects, an xref section for them and a trailer pointing back."""
    found = _STARTXREF.search(base[-64:])
    if not found:
        raise LayoutError("the clinic layout PDF has no startxref", hint="a bug in leaflet")
    parts = [base if base.endswith(b"\n") else base + b"\n"]
    at = len(parts[0])
    rows = [b"xref\n0 1\n0000000000 65535 f \n"]  # the free-list head, as readers expect a section to start
    for num in sorted(objects):
        rows.append(b"%d 1\n%010d 00000 n \n" % (num, at))
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (num, objects[num]))
        at += len(parts[-1])
    tail = Dictionary({Name("/Size"): size, Name("/Prev"): int(found.group(1))})
    for key in ("/Root", "/Info", "/ID"):
        if key in trailer:
            tail[Name(key)] = trailer.raw_get(key)
    rows.append(b"trailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (serialise(tail), at))
    return b"".join(parts + rows)
