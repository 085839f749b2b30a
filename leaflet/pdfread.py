"""A PDF path or bytes -> a bounded PdfReader: the one door through which checks read a PDF.

`leaflet check` reads PDFs it did not make, so everything here assumes the worst: only a
regular file is read, and at most MAX_MIB of it; an encrypted PDF is refused, never decrypted;
pypdf runs with tighter limits than its own (a leaflet is small); and `guard` turns what a
hostile structure makes pypdf or a check raise into one PdfError naming the file and the part.
`dict_of`, `list_of` and `stream_of` read an object as the type a check needs, or as empty.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pypdf import PdfReader, apply_configuration, get_configuration
from pypdf.errors import DependencyError, LimitReachedError, PdfReadError, PyPdfError
from pypdf.generic import DictionaryObject, StreamObject

from .errors import PdfError, Where
from .inputs import MIB, read_capped
from .model import MAX_PAGES

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

# What a hostile structure makes pypdf (or a check reading it) raise: wrong types where a
# dictionary, stream or number should be, missing objects, limits reached, deep nesting.
HOSTILE = (
    PyPdfError,
    DependencyError,
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


class LockedReader(PdfReader):
    """A reader that never tries a password, so an encrypted PDF is refused rather than
    decrypted (pypdf needs `cryptography` to even open an AES one; a leaflet is never encrypted)."""

    def _handle_encryption(self, password: str | bytes | None) -> None:
        return None


@contextmanager
def limits() -> Iterator[None]:
    """pypdf's resource limits, tightened to what a leaflet needs, while a PDF is read."""
    with apply_configuration(get_configuration().with_overwrites(**LIMITS)):
        yield


@contextmanager
def guard(name: str, part: str) -> Iterator[None]:
    """Turn what a hostile PDF makes the reading code raise into one located PdfError."""
    try:
        yield
    except Exception as e:
        if not hostile(e):
            raise
        if isinstance(e, LimitReachedError):
            raise PdfError(f"cannot read {part}: over a size limit ({e})", Where.file(name), hint=DAMAGED) from None
        detail = str(e) if isinstance(e, PyPdfError) else f"{type(e).__name__}: {e}"
        if isinstance(e, AssertionError):
            detail = "pypdf found a structure no well-formed PDF has"
        raise PdfError(f"cannot read {part}: {detail}", Where.file(name), hint=DAMAGED) from None


def hostile(e: Exception) -> bool:
    """An error a malformed PDF can cause: one of HOSTILE, or an assertion inside pypdf
    (it asserts what a well-formed file guarantees, such as no references in a content stream)."""
    if isinstance(e, HOSTILE):
        return True
    tb = e.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return isinstance(e, AssertionError) and tb is not None and "pypdf" in Path(tb.tb_frame.f_code.co_filename).parts


def resolve(value: Any) -> Any:
    """The object an indirect reference points to; None when it points nowhere."""
    try:
        return value.get_object() if value is not None and hasattr(value, "get_object") else value
    except PdfReadError:  # a reference to an object the file lacks
        return None


def dict_of(value: Any) -> DictionaryObject:
    """Resolve an indirect object; anything that is not a dictionary reads as an empty one."""
    value = resolve(value)
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def list_of(value: Any) -> list[Any]:
    """Resolve an indirect array; anything else reads as empty."""
    value = resolve(value)
    return list(value) if isinstance(value, list) else []


def stream_of(value: Any) -> StreamObject | None:
    """Resolve an indirect stream; anything else (a number, a dictionary, nothing) reads as None."""
    value = resolve(value)
    return value if isinstance(value, StreamObject) else None


def open_pdf(data: bytes, name: str) -> PdfReader:
    """A reader over `data` (call within `limits()`), refusing an encrypted or unreadable PDF."""
    with guard(name, "the PDF"):
        reader = LockedReader(io.BytesIO(data), strict=True)
    if reader.is_encrypted:
        hint = "save it without a password or other security: a leaflet is never encrypted"
        raise PdfError("the PDF is encrypted", Where.file(name), hint=hint)
    with guard(name, "the page tree"):
        count = len(reader.pages)
    if count > MAX_PAGES:
        hint = f"a leaflet has at most {MAX_PAGES} pages; is this the right file?"
        raise PdfError(f"{count} pages", Where.file(name), hint=hint)
    if count == 0:
        raise PdfError("the PDF has no pages", Where.file(name), hint=DAMAGED)
    total = 0
    for i, page in enumerate(reader.pages):
        with guard(name, f"page {i + 1}"):
            contents = page.get_contents()
            total += len(contents.get_data()) if contents is not None else 0
        if total > CONTENT_MIB << 20:
            problem = f"the drawing instructions up to page {i + 1} are over {CONTENT_MIB} MiB"
            raise PdfError(problem, Where.file(name), hint=f"a leaflet's are well under 1 MiB; {DAMAGED}")
    return reader
