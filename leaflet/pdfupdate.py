"""A PDF's incremental updates -> their objects, read as a PDF reader finds them (reading back).

Input: the bytes of a PDF made by appending updates to a base PDF (a stamped clinic PDF and its
clinic layout), and a `Reading` of the base: ours (`own`: the base read by pdfown, the updates'
objects by our parser, pdfobjects.MODEL) or pypdf's (`foreign`, for what ours refuses: both read by
pypdf, then given in pdfmodel's types by pdfadapt). Output: an `Update`: the last trailer and where
every object the updates' cross-reference sections list stands (tables or streams, newest first
along /Prev, back to the base's own section; each header checked), parsed when asked for, as
pdfmodel objects either way. So the check of a stamped PDF reads only what stamping added (a few KB)
instead of parsing the whole file again. References resolve to the updates' objects first, then to
the base's: what a reader of the whole file sees. Anything malformed raises `UpdateError` saying what
is wrong; our own reading raises `pdfmodel.Refused` instead for anything it does not read exactly as
pypdf would (an object our parser refuses, a stream filter other than FlateDecode, an object the base
lacks), and the caller reads the file again with `foreign`.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Callable
from dataclasses import field, replace
from typing import Any

from .pdflinks import read_link
from .pdfmodel import Dictionary, Document, Missing, Ref, Refused, Stream
from .pdfobjects import MODEL, Kinds, ObjectError, pypdf_kinds
from .pdfown import decode
from .pdfregular import read_object
from .record import record

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s*\r?\n")
_HEADER = re.compile(rb"(\d+) (\d+) obj\s*")
_ONE = rb"(?>(\d+) 1\s*\n)(?>(\d{10}) \d{5} ([nf])\s*\r?\n)"  # a subsection of one entry
_SINGLE = re.compile(_ONE)
_SINGLES = re.compile(rb"(?:%s)*" % _ONE)
MAX_UPDATES = 100  # a chain of /Prev links cannot loop for ever
MEMO = 64  # objects read kept by their bytes, for the next stamp of a batch
MADE = 4096  # names, numbers and references kept, for the next object read


class UpdateError(Exception):
    """The update is not what a reader could follow."""


class KeptStream(Stream):
    """A stream of an update, with its bytes as read (`raw`), which pdfwrite writes out."""

    def __init__(self, entries: dict[Any, Any], decode: Callable[[Stream], bytes], raw: bytes) -> None:
        super().__init__(entries, decode)
        self.raw = raw


@record
class Reading:
    """How an update's objects are read: the base they refer to, the parser's kinds, and what makes
    its objects pdfmodel's (`convert`); `own` when a refusal means reading again with pypdf."""

    base: Document
    kinds: Kinds
    convert: Callable[[Any], Any]
    own: bool
    refers: Any  # what the references in the update's objects name (the base, or pypdf's reader of it)
    # the names, numbers, references and constants read so far (pdfregular shares them among a batch's objects)
    made: dict[bytes, Any] = field(default_factory=dict, compare=False, repr=False)


def own_reading(base: Document) -> Reading:
    """Our reading: the base read by pdfown, the update's streams decoded as pdfown decodes them."""

    def stream(found: Dictionary, raw: bytes) -> KeptStream:
        return KeptStream({k: v for k, v in found.items() if k != "/Length"}, lambda s: decode(s, raw), raw)

    return Reading(base, replace(MODEL, stream=stream), lambda found: found, True, base)


def foreign_reading(pdf: bytes) -> Reading:
    """pypdf's reading of the base `pdf` (as a stamp's check read it before ours), in pdfmodel's types."""
    from pypdf import PdfReader
    from pypdf.generic import StreamObject

    from .pdfadapt import ForeignDocument

    reader = PdfReader(io.BytesIO(pdf))
    base = ForeignDocument(reader)

    def convert(found: Any) -> Any:
        made = base.convert(found)
        if isinstance(found, StreamObject):  # a stream is only ever an object of its own
            return KeptStream(dict(made.items()), lambda _: found.get_data(), found._data)
        return made

    return Reading(base, pypdf_kinds(), convert, False, reader)


@record(frozen=False)
class Update:
    trailer: Dictionary
    offsets: dict[int, int]  # object number -> where the newest update defines it (header checked)
    data: bytes
    reading: Reading
    parsed: dict[int, Any] = field(default_factory=dict)
    marks: list[int] = field(default_factory=list)  # where each object and section starts, in order
    memo: dict[bytes, Any] = field(default_factory=dict)  # an object's bytes -> what they read as

    def get(self, number: int) -> Any:
        """The object the updates define as `number` (parsed when first asked for), or None.

        An object is read from its own bytes: from its header to where the next object or
        cross-reference section starts. The same bytes read the same, so a batch passes one
        `memo` for all its stamps, and a page that is the same in every clinic's update is
        parsed once (at most MEMO objects are kept, so memory stays flat in the batch)."""
        if number not in self.offsets:
            return None
        if number not in self.parsed:
            at = self.offsets[number]
            after = bisect.bisect_right(self.marks, at)
            stop = self.marks[after] if after < len(self.marks) else len(self.data)
            span = self.data[at:stop]
            if (found := self.memo.get(span)) is None:
                header = _HEADER.match(span)
                assert header is not None  # read_update checked every header
                found = read_link(span, header.end(), self.reading.kinds) if self.reading.own else None
                if found is None:  # (a stamp's link annotations are read by pdflinks.py, each with one match)
                    found = _read(span, header.end(), self.reading, at)
                if len(self.memo) < MEMO:
                    self.memo[span] = found
            self.parsed[number] = found
        return self.parsed[number]

    def resolve(self, value: Any) -> Any:
        """A reference followed, to the updates' object or, failing that, to the base's (None if it has none)."""
        if not isinstance(value, Ref):
            return value
        if value.number in self.offsets:
            return self.get(value.number)
        base = self.reading.base
        try:
            return base.resolve(Ref(value.number, 0, base))
        except Missing:
            return None


def startxref(data: bytes, end: int | None = None) -> int:
    """Where the last cross-reference section starts, as the file's end says (the end of `data`, or of
    its first `end` bytes: read where they are, not copied); -1 if it does not."""
    end = len(data) if end is None else min(end, len(data))
    found = _STARTXREF.search(data, max(0, end - 64), end)
    return int(found.group(1)) if found else -1


def read_update(data: bytes, base_size: int, reading: Reading, memo: dict[bytes, Any] | None = None) -> Update:
    """The updates after the first `base_size` bytes of `data`: the last trailer and their objects
    (read from their bytes when asked for; `memo`, kept from one stamp of a batch to the next,
    holds what the same bytes read as)."""
    xref, stop = startxref(data), startxref(data, base_size)
    if xref < 0 or stop < 0:
        raise UpdateError("no startxref at the end")
    memo = {} if memo is None else memo
    trailer: Dictionary | None = None
    objects: dict[int, int] = {}
    sections: list[int] = []
    for _ in range(MAX_UPDATES):
        if xref == stop:
            break
        if not base_size <= xref < len(data):
            raise UpdateError(f"a cross-reference section at {xref} is not after the laid-out bytes")
        offsets, section = _section(data, xref, reading, memo)
        sections.append(xref)
        trailer = trailer or section
        for number, offset in offsets.items():
            if number not in objects:  # a newer update's object wins
                objects[number] = _checked_offset(data, number, offset, base_size)
        prev = section.get("/Prev")
        xref = prev if isinstance(prev, int) else -1
    else:
        raise UpdateError(f"more than {MAX_UPDATES} updates")
    if trailer is None:
        raise UpdateError("nothing was added")
    marks = sorted({*objects.values(), *sections})
    return Update(trailer, objects, data, reading, marks=marks, memo=memo)


def _section(data: bytes, at: int, reading: Reading, memo: dict[bytes, Any]) -> tuple[dict[int, int], Dictionary]:
    """The in-use entries of the cross-reference section at `at` and its trailer dictionary."""
    if data.startswith(b"xref", at):
        offsets, end = _entries(data, at + 4)
        if not data.startswith(b"trailer", end):
            raise UpdateError("no trailer after the xref section")
        trailer = _trailer(data, end, reading, memo)
        if not isinstance(trailer, Dictionary):
            raise UpdateError("the trailer is not a dictionary")
        return offsets, trailer
    header = _HEADER.match(data, at)
    stream = _read(data, header.end(), reading) if header else None
    if not isinstance(stream, Stream) or stream.get("/Type") != "/XRef":
        raise UpdateError(f"startxref {at} points at no cross-reference section")
    return _stream_entries(stream), stream


def _trailer(data: bytes, at: int, reading: Reading, memo: dict[bytes, Any]) -> Any:
    """The trailer after the `trailer` keyword at `at`. The last one (only the file's end, startxref and
    its offset, after it) is kept in `memo` by its bytes: every stamp of a batch has the same."""
    tail = _STARTXREF.search(data, max(at, len(data) - 64))
    last = tail is not None and data.find(b"startxref", at) == tail.start()
    span = data[at : tail.start()] if tail is not None and last else b""
    if span and (found := memo.get(span)) is not None:
        return found
    found = _read(data, at + len(b"trailer"), reading)
    if span and len(memo) < MEMO:
        memo[span] = found
    return found


def _stream_entries(stream: Stream) -> dict[int, int]:
    """The entries of a cross-reference stream that give an offset (type 1)."""
    widths = [int(w) for w in stream.get("/W", [])]
    index = [int(i) for i in stream.get("/Index", [0, stream.get("/Size", 0)])]
    if len(widths) != 3 or len(index) % 2:
        raise UpdateError("a cross-reference stream with malformed /W or /Index")
    data, size, at = stream.get_data(), sum(widths), 0
    offsets = {}
    for first, count in zip(index[::2], index[1::2], strict=True):
        for number in range(first, first + count):
            row = data[at : at + size]
            if len(row) < size:
                raise UpdateError("a cross-reference stream is shorter than its /Index says")
            fields: list[int] = []
            pos = 0
            for w in widths:
                fields.append(int.from_bytes(row[pos : pos + w], "big") if w else (1 if not fields else 0))
                pos += w
            if fields[0] == 1:
                offsets[number] = fields[1]
            elif fields[0] == 2:
                raise UpdateError(f"object {number} is in an object stream, which stamps never write")
            at += size
    return offsets


def _checked_offset(data: bytes, number: int, offset: int, base_size: int) -> int:
    """The offset, once it is in the update and the object's header stands there."""
    if not base_size <= offset < len(data):
        raise UpdateError(f"object {number} is listed at {offset}, outside the update")
    header = _HEADER.match(data, offset)
    if not header or int(header.group(1)) != number:
        raise UpdateError(f"object {number} is not at offset {offset}")
    return offset


def _entries(data: bytes, at: int) -> tuple[dict[int, int], int]:
    """The in-use entries of an xref section (object number -> offset) and where it ends. A run of
    subsections of one entry each (a stamp writes no other) is read by two regex calls: each atomic
    group matches what `_SUBSECTION` and `_ENTRY` match where the one before ends."""
    offsets: dict[int, int] = {}
    while data[at : at + 1].isspace():
        at += 1
    while True:
        run = _SINGLES.match(data, at)
        end = run.end() if run else at
        for number, offset, kind in _SINGLE.findall(data, at, end):
            if kind == b"n":
                offsets[int(number)] = int(offset)
        if not (sub := _SUBSECTION.match(data, end)):
            return offsets, end
        first, count = int(sub.group(1)), int(sub.group(2))
        at = sub.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, at)
            if not entry:
                raise UpdateError(f"xref entry for object {number} is malformed")
            if entry.group(3) == b"n":
                offsets[number] = int(entry.group(1))
            at = entry.end()


def _read(data: bytes, at: int, reading: Reading, offset: int = 0) -> Any:
    """The object at `at` in `data` (which starts at `offset` in the file, for the message)."""
    if len(reading.made) > MADE:  # a batch's own numbers (its links' rectangles) would fill it for ever
        reading.made.clear()
    try:  # (read_at's answer, sooner)
        return reading.convert(read_object(data, at, reading.refers, reading.kinds, reading.made))
    except ObjectError as e:
        if reading.own:
            raise Refused(f"an object our parser does not read as pypdf would: {e}") from None
        raise UpdateError(f"unreadable object at offset {offset + at}: {e}") from None
