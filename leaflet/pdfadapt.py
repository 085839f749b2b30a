"""pypdf's reader -> `ForeignDocument` (a pdfmodel.Document): any PDF our own reader refuses.

Input: a pypdf `PdfReader` opened by pdfread.open_reader (within pdfread.limits). Output: its
pages, catalogue and trailer as pdfmodel objects. Each object pypdf resolves is converted when a
check first asks for it (references stay references until then), a stream's data is pypdf's own
`get_data()` when first asked for, a page's boxes and contents are pypdf's properties, and a page
whose fonts our text scan does not read goes to pypdf's text extraction. So the checks see what
they saw when they read pypdf's objects themselves, and what pypdf raises on a damaged file comes
out where it did (a reference pypdf cannot resolve raises `pdfmodel.Missing` with pypdf's error as
its cause, and `resolve` reads it as None, as before). This module is the only door to pypdf on the
checks' path: pdfread imports it only for a PDF our own reader refuses.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PageObject, PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from .pdfmodel import (
    Array,
    Bool,
    Box,
    Bytes,
    Dictionary,
    Document,
    Missing,
    Name,
    Null,
    Page,
    PageReader,
    Real,
    Ref,
    Stream,
    Text,
)

BOXES = {"/MediaBox": "mediabox", "/TrimBox": "trimbox", "/BleedBox": "bleedbox"}


class LockedReader(PdfReader):
    """A strict reader that never tries a password, so an encrypted PDF is refused rather than
    decrypted (pypdf needs `cryptography` to even open an AES one; a leaflet is never encrypted)."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data), strict=True)

    def _handle_encryption(self, password: str | bytes | None) -> None:
        return None


class ForeignDocument(Document, PageReader):
    """A PDF as pypdf reads it, in the model's types (see the module docstring)."""

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        self._converted: dict[int, tuple[Any, Any]] = {}  # id of a pypdf object -> (it, its model)
        self._sources: dict[int, PageObject] = {}  # id of a model page -> pypdf's page
        self.trailer = self.convert(reader.trailer)
        self.pages = [self._page(p) for p in reader.pages]

    def _page(self, source: PageObject) -> Page:
        ref = source.indirect_reference
        page = Page({Name(k): self.convert(v) for k, v in source.items()}, self.convert(ref) if ref else None, self)
        self._sources[id(page)] = source
        return page

    @property
    def root(self) -> Dictionary:
        root: Dictionary = self.convert(self.reader.root_object)
        return root

    def resolve(self, ref: Ref) -> Any:
        try:
            found = IndirectObject(ref.number, ref.generation, self.reader).get_object()
        except PdfReadError as e:
            raise Missing(str(e)) from e
        return self.convert(found)

    def box(self, page: Page, name: str) -> Box:
        rect = getattr(self._sources[id(page)], BOXES[name])
        return Box(float(rect.left), float(rect.bottom), float(rect.right), float(rect.top))

    def contents(self, page: Page) -> bytes | None:
        stream = self._sources[id(page)].get_contents()
        return stream.get_data() if stream is not None else None

    def extract_text(self, page: Page, before: Any, text: Any) -> None:
        def operand(op: bytes, args: Any, cm: Any, tm: Any) -> None:
            before(op, [self.convert(a) for a in args], cm, tm)

        def shown(t: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            text(t, cm, tm, self.convert(font), size)

        self._sources[id(page)].extract_text(visitor_operand_before=operand, visitor_text=shown)

    def convert(self, value: Any) -> Any:
        """A pypdf object as the model's, made once per object (direct parts converted with it)."""
        if isinstance(value, (NameObject, NumberObject)) or value is None:
            return Name(value) if isinstance(value, NameObject) else value if value is None else int(value)
        key = id(value)
        if key not in self._converted:
            self._converted[key] = (value, self._convert(value))
        return self._converted[key][1]

    def _convert(self, value: Any) -> Any:
        if isinstance(value, IndirectObject):
            return Ref(value.idnum, value.generation, self)
        if isinstance(value, TextStringObject):
            return Text(str(value), value.original_bytes)
        if isinstance(value, ByteStringObject):
            return Bytes(value)
        if isinstance(value, FloatObject):
            return Real(value)
        if isinstance(value, BooleanObject):
            return Bool(value.value)
        if isinstance(value, NullObject):
            return Null()
        if isinstance(value, ArrayObject):
            return Array(self.convert(v) for v in value)
        if isinstance(value, StreamObject):
            entries = {self.convert(k): self.convert(v) for k, v in value.items()}
            return Stream(entries, lambda _: value.get_data())
        if isinstance(value, DictionaryObject):
            return Dictionary({self.convert(k): self.convert(v) for k, v in value.items()})
        return value  # anything else pypdf may hold (a plain str or int from a repair) as it is


def open_foreign(reader: PdfReader, name: str) -> ForeignDocument:
    """The model over a reader pdfread.open_reader opened (`name`, the file, for messages)."""
    return ForeignDocument(reader)
