"""A PDF path or bytes -> a bounded `pdfmodel.Document`: the one door through which checks read a PDF.

`leaflet check` reads PDFs it did not make, so everything here assumes the worst: only a
regular file is read, and at most MAX_MIB of it; an encrypted PDF is refused, never decrypted;
the readers run with tighter limits than pypdf's own (a leaflet is small); and `guard` turns
what a hostile structure makes a reader or a check raise into one PdfError naming the file and
the part. `read_document` runs a reading function (the checks) on our own reading of the bytes
(pdfown) and, when our reader refuses them at any point, again from the start on pypdf's
(pdfadapt, the only module that imports pypdf on this path). `open_reader` gives pypdf's own
reader (the booklet check uses its outline API). Checks, stamping and the clinic check read
pdfmodel's objects, with pdfmodel's `dict_of`, `list_of` and `stream_of`.
"""

from __future__ import annotations

import struct
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from .errors import PdfError, Where
from .inputs import MIB, read_capped
from .model import MAX_PAGES
from .pdfmodel import Document, LimitError, Missing, ReadError, Refused

T = TypeVar("T")
MAX_MIB = 64  # largest file read: a leaflet is well under its email budget (1 MiB by default)
STREAM_MIB = 16  # largest decoded stream; a leaflet page's drawing is a few KB
CONTENT_MIB = 4  # all pages' drawing instructions together
LIMITS = {
    "zlib_maximum_output_length": STREAM_MIB << 20,
    "lzw_maximum_output_length": STREAM_MIB << 20,
    "run_length_maximum_output_length": STREAM_MIB << 20,
    "brotli_maximum_output_length": STREAM_MIB << 20,
    "array_based_stream_maximum_output_length": STREAM_MIB << 20,
    "stream_parsing_work_maximum_count": 100_000,  # tokens in one content stream; a leaflet page has ~1,000
    "page_tree_maximum_entries": MAX_PAGES * 4,
}
DAMAGED = "the PDF is damaged or malformed: export it again, or rebuild it with 'leaflet build'"

# What a hostile structure makes a reader (or a check reading it) raise: wrong types where a
# dictionary, stream or number should be, missing objects, limits reached, deep nesting; and
# pypdf's own errors (pypdf_error), when pypdf is the reader.
HOSTILE = (
    ReadError,
    ValueError,
    LookupError,
    TypeError,
    AttributeError,
    ArithmeticError,
    RecursionError,
    struct.error,
)


def read_pdf(path: str | Path) -> bytes:
    """A regular file's bytes, at most MAX_MIB, refusing what is not a PDF (exit 2)."""
    typical = "a leaflet PDF is well under its email budget"
    data = read_capped(path, MAX_MIB * MIB, "a .pdf file", PdfError, typical)
    where = Where.file(path)
    if not data:
        raise PdfError("the file is empty", where, hint="give the path of a .pdf file")
    if not data.startswith(b"%PDF-"):
        raise PdfError("not a PDF file", where, hint="give the path of a .pdf file")
    return data


@contextmanager
def limits() -> Iterator[None]:
    """pypdf's resource limits, tightened to what a leaflet needs, while a PDF is read with pypdf."""
    from pypdf import apply_configuration, get_configuration

    with apply_configuration(get_configuration().with_overwrites(**LIMITS)):
        yield


def pypdf_error(e: BaseException, name: str = "PyPdfError") -> bool:
    """`e` is one of pypdf's errors of that name (or a subclass); False when pypdf was never imported."""
    errors = sys.modules.get("pypdf.errors")
    return errors is not None and isinstance(e, getattr(errors, name))


@contextmanager
def guard(name: str, part: str) -> Iterator[None]:
    """Turn what a hostile PDF makes the reading code raise into one located PdfError."""
    try:
        yield
    except Exception as e:
        if not hostile(e):
            raise
        if isinstance(e, Missing) and e.__cause__ is not None:
            e = e.__cause__  # type: ignore[assignment]  # pypdf's own error, as it said it
        if isinstance(e, LimitError) or pypdf_error(e, "LimitReachedError"):
            raise PdfError(f"cannot read {part}: over a size limit ({e})", Where.file(name), hint=DAMAGED) from None
        readers = isinstance(e, ReadError) or pypdf_error(e) or pypdf_error(e, "DependencyError")
        detail = str(e) if readers else f"{type(e).__name__}: {e}"
        if isinstance(e, AssertionError):
            detail = "pypdf found a structure no well-formed PDF has"
        raise PdfError(f"cannot read {part}: {detail}", Where.file(name), hint=DAMAGED) from None


def hostile(e: Exception) -> bool:
    """An error a malformed PDF can cause: one of HOSTILE or pypdf's, or an assertion inside pypdf
    (it asserts what a well-formed file guarantees, such as no references in a content stream)."""
    if isinstance(e, HOSTILE) or pypdf_error(e) or pypdf_error(e, "DependencyError"):
        return True
    tb = e.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return isinstance(e, AssertionError) and tb is not None and "pypdf" in Path(tb.tb_frame.f_code.co_filename).parts


def read_document(data: bytes, name: str, read: Callable[[Document], T]) -> T:
    """`read(document)` on our own reading of `data`, or, when our reader refuses the bytes (as it
    opens them or at any point after), on pypdf's (within its limits). Reading is pure, so reading
    again from the start gives what pypdf alone would have."""
    from . import pdfown

    try:
        own = pdfown.open_own(data, name)
        count_contents(own, name)
        return read(own)
    except Refused:
        pass
    from . import pdfadapt

    with limits():
        foreign = pdfadapt.open_foreign(open_reader(data, name), name)
        count_contents(foreign, name)
        return read(foreign)


def open_reader(data: bytes, name: str) -> Any:
    """pypdf's reader over `data` (call within `limits()`), refusing an encrypted or unreadable PDF
    or one with too many pages or none."""
    from . import pdfadapt

    with guard(name, "the PDF"):
        reader = pdfadapt.LockedReader(data)
    if reader.is_encrypted:
        hint = "save it without a password or other security: a leaflet is never encrypted"
        raise PdfError("the PDF is encrypted", Where.file(name), hint=hint)
    with guard(name, "the page tree"):
        count = len(reader.pages)
    check_count(count, name)
    return reader


def check_count(count: int, name: str) -> None:
    if count > MAX_PAGES:
        hint = f"a leaflet has at most {MAX_PAGES} pages; is this the right file?"
        raise PdfError(f"{count} pages", Where.file(name), hint=hint)
    if count == 0:
        raise PdfError("the PDF has no pages", Where.file(name), hint=DAMAGED)


def count_contents(document: Document, name: str) -> None:
    """Refuse a PDF whose pages' drawing instructions are over CONTENT_MIB together."""
    total = 0
    for i, page in enumerate(document.pages):
        with guard(name, f"page {i + 1}"):
            contents = page.contents()
            total += len(contents) if contents is not None else 0
        if total > CONTENT_MIB << 20:
            problem = f"the drawing instructions up to page {i + 1} are over {CONTENT_MIB} MiB"
            raise PdfError(problem, Where.file(name), hint=f"a leaflet's are well under 1 MiB; {DAMAGED}")
