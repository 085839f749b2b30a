"""Tagged print-variant PDF bytes -> the same PDF declaring what it is printed on (stage 4c: output intent).

A print shop's preflight asks what press condition the CMYK values are meant for. This
stage writes a PDF/X-style output intent naming the ICC-registered characterisation the
CMYK values aim at, FOGRA39 (ISO 12647-2:2004, coated paper, the common sheet-fed offset
condition in Europe and Australasia), and `/Trapped /False` in the document info.

It does not claim PDF/X (no `GTS_PDFXVersion`): PDF/X-4 wants the condition's ICC profile
embedded as `/DestOutputProfile`, and no CMYK output profile with a free licence is packaged
for Debian or PyPI (Debian's icc-profiles-free and colord-data hold RGB, grey and Lab
profiles, and FOGRA measurement data that is not itself a profile). A preflight would
flag that, and what README's print section lists besides.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

CONDITION = "FOGRA39"
CONDITION_NAME = "Coated FOGRA39 (ISO 12647-2:2004)"
REGISTRY = "http://www.color.org"


def declare_intent(pdf: bytes) -> bytes:
    """The PDF with an /OutputIntents entry for FOGRA39 and /Trapped /False."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    intent = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(CONDITION),
            NameObject("/OutputCondition"): TextStringObject(CONDITION_NAME),
            NameObject("/RegistryName"): TextStringObject(REGISTRY),
            NameObject("/Info"): TextStringObject(CONDITION_NAME),
        }
    )
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    writer.add_metadata({"/Trapped": NameObject("/False")})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
