"""ReportLab's document, its fonts about to be written -> each font subset with its own tag (stage 4b: tags).

Input: the `PDFDocument` being saved (tags.py hands it a `SubsetTags` as the last of the
fonts ReportLab writes when it saves). Output: each embedded subset's `/BaseFont` and its
descriptor's `/FontName` tagged with six capital letters derived from the subset's font
program, where ReportLab writes `AAAAAA+` on every face's first subset (`AAAAAB+` on its second:
a simple font holds 256 codes). Two different subsets never share
a tag, so a viewer or a merge of PDFs cannot mistake one for the other; the same subset
always gets the same tag, so the output stays reproducible. It works on the document's
font objects, so it holds whoever registered the face with ReportLab.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

UNTAGGED = re.compile(r"[A-Z]{6}\+")  # ReportLab's prefixes: AAAAAA+ for a face's first subset, AAAAAB+ ...


class SubsetTags:
    """The last of a document's fonts to write (`doc.delayedFonts`): it adds no font, it tags the others' subsets."""

    def addObjects(self, doc: Any) -> None:
        fonts = list(doc.idToObject["BasicFonts"].dict.values())
        taken = {str(getattr(font, "BaseFont", "")).split("+")[0] for font in fonts}
        for font in fonts:
            base = str(getattr(font, "BaseFont", ""))
            descriptor = getattr(font, "FontDescriptor", None)
            if not UNTAGGED.match(base) or descriptor is None:
                continue  # a standard font, or one not a subset
            described = doc.idToObject[descriptor.name]
            program = doc.idToObject[described["FontFile2"].name].content
            tag = subset_tag(b"/" + base.encode() + program, taken)
            taken.add(tag)
            font.BaseFont = f"{tag}+{base.split('+', 1)[1]}"
            described["FontName"] = "/" + font.BaseFont


def subset_tag(data: bytes, taken: set[str]) -> str:
    """Six capital letters from a hash of `data`, none of `taken`."""
    salt = 0
    while True:
        digest = hashlib.sha256(data + bytes([salt])).digest()
        tag = "".join(chr(65 + b % 26) for b in digest[:6])
        if tag not in taken:
            return tag
        salt += 1
