"""A PDF's bytes -> `OwnDocument` (a pdfmodel.Document), read by us, never by pypdf: our own PDFs.

Input: a file's bytes (read by pdfread.read_pdf). Output: its pages, catalogue and trailer as
pdfmodel objects, each object parsed (pdfregular.read_object) when first asked for and its stream
data decoded when first asked for. It reads what ReportLab and our stamping write: classic
cross-reference tables (each entry 20 bytes), trailers, incremental updates along /Prev, page
trees whose /Pages nodes give their pages nothing to inherit, FlateDecode streams.

It is total, and decides from the file's structure alone: for any bytes it gives the objects
pypdf gives, or raises `Refused` (as it opens the file, or later when an object or stream it
cannot vouch for is asked for), and the caller (pdfread.read_document) reads the file with pypdf
from the start. Anything a tolerant reader would guess at is refused: an offset that does not
point at its object's header, a reference to an object the tables lack, an object our parser
cannot read, an encrypted file, a cross-reference stream, another filter, parameters to one,
data over pdfread's limits. tests/test_pdfown.py holds the two readers together.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import replace
from typing import Any

from .model import MAX_PAGES
from .pdfmodel import Array, Box, Dictionary, Document, Name, Page, PageReader, Real, Ref, Refused, Stream
from .pdfobjects import MODEL, ObjectError
from .pdfread import STREAM_MIB
from .pdfregular import Made, read_object

_END = re.compile(rb"(?:\r\n|\r|\n)startxref(?:\r\n|\r|\n)(\d{1,10})(?:\r\n|\r|\n)%%EOF(?:\r\n|\r|\n)?\Z")
_SUBSECTION = re.compile(rb"(\d{1,10}) (\d{1,10})[ ]?(?:\r\n|\r|\n)")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
_GAP = re.compile(rb"[\r\n ]*")
_TRAILER = re.compile(rb"trailer[\r\n ]*(?=<<)")
_HEADER = re.compile(rb"(\d{1,10}) (\d{1,5}) obj")
_FREE = (b"0000000000", b"65535", b"f")  # the one free entry our PDFs have: object 0
SPACES = (b" ", b"\t", b"\r", b"\n")  # what pypdf takes before the `xref` that startxref points to
MAX_FILTERS = 16  # as pypdf's limit
MAX_SECTIONS = 100  # a /Prev chain cannot loop for ever
MAX_DEPTH = 16  # page tree levels; ours have one
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
BOXES = {"/MediaBox": (), "/CropBox": ("/MediaBox",), "/TrimBox": ("/CropBox", "/MediaBox")}
BOXES["/BleedBox"] = BOXES["/TrimBox"]


class OwnDocument(Document, PageReader):
    """A PDF read by us: the newest offset of each object, and the objects read so far."""

    def __init__(self, data: bytes, offsets: dict[tuple[int, int], int], trailer: Dictionary) -> None:
        self.data, self.offsets, self.trailer = data, offsets, trailer
        self.objects: dict[tuple[int, int], Any] = {}
        self.made: Made = {}  # names, numbers and references read so far (pdfregular shares them)
        self.kinds = KINDS
        self._root: Dictionary | None = None
        self.pages = []

    def resolve(self, ref: Ref) -> Any:
        key = (ref.number, ref.generation)
        if key not in self.objects:
            at = self.offsets.get(key)
            header = _HEADER.match(self.data, at) if at is not None else None
            if header is None or (int(header[1]), int(header[2])) != key:
                raise Refused(f"object {key} is not where the cross-reference table says")
            found = parse(self.data, header.end(), self)
            if isinstance(found, Ref):  # pypdf fails to keep such an object
                raise Refused(f"object {key} is only a reference")
            self.objects[key] = found
        return self.objects[key]

    @property
    def root(self) -> Dictionary:
        if self._root is None:
            ref = self.trailer.get("/Root")
            root = ref.get_object() if isinstance(ref, Ref) else None
            if type(root) is not Dictionary or root.get("/Type") != "/Catalog":
                raise Refused("the trailer's /Root is no catalogue")
            self._root = root
        return self._root

    def box(self, page: Page, name: str) -> Box:
        for key in (name, *BOXES[name]):
            value = page.get(key)
            if value is None:
                continue
            if type(value) is not Array or len(value) != 4 or not all(type(v) in (int, Real) for v in value):
                raise Refused(f"a page's {key} that is not four numbers")
            return Box(*(float(v) for v in value))
        raise Refused(f"a page with no {name}")

    def contents(self, page: Page) -> bytes | None:
        if "/Contents" not in page:
            return None
        value = page["/Contents"]
        if type(value) is Stream:
            return value.get_data()
        if type(value) is not Array or not value:
            raise Refused("a page's /Contents that is neither a stream nor streams")
        joined = bytearray()
        for part in value:
            stream = part.get_object() if isinstance(part, Ref) else part
            if type(stream) is not Stream:
                raise Refused("a page's /Contents with something other than a stream in it")
            joined += stream.get_data()
            if joined[-1:] != b"\n":
                joined += b"\n"
            if len(joined) > STREAM_MIB << 20:
                raise Refused("a page's drawing instructions over the size limit")
        return bytes(joined)


def stream(found: Dictionary, raw: bytes) -> Stream:
    """A stream read from the file: its dictionary without /Length (as pypdf keeps it), its data `raw`."""
    return Stream({k: v for k, v in found.items() if k != "/Length"}, lambda s: decode(s, raw))


KINDS = replace(MODEL, stream=stream)  # the objects our reader makes


def parse(data: bytes, at: int, document: OwnDocument) -> Any:
    try:
        return read_object(data, at, document, document.kinds, document.made)
    except ObjectError as e:
        raise Refused(str(e)) from None


def decode(stream: Stream, raw: bytes) -> bytes:
    """A stream's data as pypdf decodes it: raw, or FlateDecode'd (no parameters); else Refused."""
    filters = stream.get("/Filter", Array())
    if "/DecodeParms" in stream or type(filters) not in (Name, Array):
        raise Refused("a stream with filter parameters, or filters given otherwise than by name")
    names = [filters] if type(filters) is Name else filters
    if any(f != "/FlateDecode" or type(f) is not Name for f in names) or len(names) > MAX_FILTERS:
        raise Refused("a stream with a filter other than FlateDecode, or too many")
    for _ in names if raw else ():
        inflate = zlib.decompressobj()
        try:
            raw = inflate.decompress(raw, STREAM_MIB << 20)
        except zlib.error:
            raise Refused("a stream that does not inflate") from None
        if inflate.unconsumed_tail:
            raise Refused("a stream over the size limit")
    return raw


def open_own(data: bytes, name: str) -> OwnDocument:
    """Our reading of `data` (see the module docstring); `name` is the file, for messages."""
    end = _END.search(data, max(0, len(data) - 64))
    if not data.startswith(b"%PDF-1.") or end is None:
        raise Refused("the file does not end as our PDFs end")
    offsets: dict[tuple[int, int], int] = {}
    trailer = Dictionary()
    document = OwnDocument(data, offsets, trailer)
    at: int | None = int(end[1])
    seen: set[int] = set()
    while at is not None:
        if at in seen or len(seen) >= MAX_SECTIONS or not 0 < at < len(data) or data[at - 1 : at] not in SPACES:
            raise Refused("a cross-reference section that is not where it is said to be")
        seen.add(at)
        section = read_section(data, at, document, offsets)
        for key, value in section.items():
            trailer.setdefault(key, value)
        prev = section.get("/Prev")
        at = prev if prev is None or type(prev) is int else -1
    if "/Encrypt" in trailer or "/XRefStm" in trailer:
        raise Refused("an encrypted file, or one with a cross-reference stream")
    document.pages = read_pages(document)
    return document


def read_section(data: bytes, at: int, document: OwnDocument, offsets: dict[tuple[int, int], int]) -> Dictionary:
    """One cross-reference table (newer entries kept over older) and the trailer after it."""
    if not data.startswith(b"xref", at):
        raise Refused("a cross-reference section that is not a table")
    at = _GAP.match(data, at + 4).end()  # type: ignore[union-attr]  # the pattern matches anywhere
    while m := _SUBSECTION.match(data, at):
        first, count = int(m[1]), int(m[2])
        at = m.end()
        entries = _ENTRY.findall(data, at, at + 20 * count)  # each entry is 20 bytes: all there, or fewer
        if len(entries) != count:
            raise Refused("a cross-reference entry that is not 20 bytes as the standard has them")
        at += 20 * count
        for number, (offset, generation, kind) in enumerate(entries, first):
            if kind == b"f":
                if (number, offset, generation, kind) != (0, *_FREE):
                    raise Refused("a free entry other than object 0's")
                continue
            offsets.setdefault((number, int(generation)), int(offset))
        at = _GAP.match(data, at).end()  # type: ignore[union-attr]
    keyword = _TRAILER.match(data, at)
    if keyword is None:
        raise Refused("a cross-reference table with no trailer after it")
    found = parse(data, keyword.end(), document)
    if type(found) is not Dictionary:
        raise Refused("a trailer that is not a dictionary")
    return found


def read_pages(document: OwnDocument) -> list[Page]:
    """The page tree's pages in order, as pypdf flattens it; Refused for a tree with anything to
    inherit, a node twice, a kid that is no reference to a page or a node, or too many pages."""
    pages: list[Page] = []
    seen: set[Ref] = set()
    top = document.root.get("/Pages")
    stack: list[tuple[Any, int]] = [(top, 0)]
    while stack:
        ref, depth = stack.pop()
        node = ref.get_object() if isinstance(ref, Ref) else None
        kind = node.get("/Type") if type(node) is Dictionary else None
        if ref in seen or kind not in ("/Page", "/Pages") or type(kind) is not Name or depth > MAX_DEPTH:
            raise Refused("a page tree other than ours")
        seen.add(ref)
        assert isinstance(node, Dictionary)
        if kind == "/Page" and ref is not top:
            pages.append(Page(node, ref, document))
            continue
        kids = node.get("/Kids")
        if kind != "/Pages" or type(kids) is not Array or any(key in node for key in INHERITED):
            raise Refused("a page tree node with pages to inherit, or no kids")
        stack += [(kid, depth + 1) for kid in reversed(kids)]
        if len(seen) + len(stack) > MAX_PAGES * 4:
            raise Refused("a page tree of more entries than a leaflet has")
    if not 0 < len(pages) <= MAX_PAGES:
        raise Refused("no pages, or more than a leaflet has")
    return pages
