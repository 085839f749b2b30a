"""PDF bytes (+ Leaflet) -> Report: every PDF proves itself (stage 5: check).

Each check reads the PDF back (pdfread.read_document: our own reader for our own PDFs, pypdf
for any other) and takes its expectation from the
content and brand, never from our own layout objects; findings point back at
the YAML. Checks register with `@check`; the order here is the report's order.
"""

from ..pdfread import read_pdf
from . import content, output, tags
from .core import CHECKS, Finding, Pdf, Report, run_checks

__all__ = ["CHECKS", "Finding", "Pdf", "Report", "content", "output", "read_pdf", "run_checks", "tags"]
