"""PDF objects (pdfmodel's) -> their bytes as written in a PDF file (stamping writes, the clinic check compares).

Output: exactly the bytes pypdf's own `write_to_stream` gives for the same objects read by pypdf
(tests/test_pdfwrite.py holds the two together), so a stamped PDF is the same whichever writes it,
and stamping needs no pypdf. A clinic batch writes and compares a few hundred names, numbers and
references per clinic: a name of plain characters (no delimiter, `#`, white space, control or
non-ASCII character) is written as it stands, and dictionaries, arrays and references are written
directly (a reference inside an array or dictionary without a call). A string is written from its
bytes as read (`Text.raw`), every byte but a letter, digit or space as an octal escape, as pypdf
writes one; `text` makes the string a stamp adds. A stream is written only when its bytes as read
are kept (`raw`, as pdfupdate keeps them). An object of another kind (pypdf's own, in tests) is
written by its own `write_to_stream`.
"""

from __future__ import annotations

import binascii
import codecs
import io
import re
from typing import Any

from .pdfmodel import Array, Bool, Bytes, Dictionary, Name, Null, Real, Ref, Stream, Text
from .pdfstring import PDFDOC

_PLAIN_NAME = re.compile(r"/[!-~]*")  # printable ASCII after the slash; the escaped ones are ruled out below
_ESCAPED = frozenset("#()<>[]{}/%")
_NAME_ESCAPES = {chr(i): b"#%02X" % i for i in [*b"#()<>[]{}/%", *range(33)]}
_STRING_ESCAPE = re.compile(rb"[^A-Za-z0-9 ]")
# PDFDocEncoding, character -> byte, for the strings a stamp writes (pypdf's: no undefined byte)
_PDFDOC_CODES = {chr(b).translate(PDFDOC): b for b in range(256) if chr(b).translate(PDFDOC) != "\x00"}


def serialise(obj: Any) -> bytes:
    """A PDF object as it is written in a file."""
    out: list[bytes] = []
    _write(obj, out)
    return b"".join(out)


def _write(obj: Any, out: list[bytes]) -> None:
    kind = type(obj)
    if kind is Name:
        out.append(obj.encode() if _plain(obj) else _renumber(obj))
    elif kind is Ref:
        out.append(b"%d %d R" % (obj.number, obj.generation))
    elif kind is int:
        out.append(b"%d" % obj)
    elif kind is Dictionary or kind is Array:
        _container(obj, out)
    elif kind is Text:
        out.append(b"(" + b"".join(map(_STRING_BYTES.__getitem__, obj.raw)) + b")")
    elif kind is Real:
        out.append(repr(obj).encode())
    elif kind is Bytes:
        out.append(b"<" + binascii.hexlify(obj) + b">")
    elif kind is Bool:
        out.append(b"true" if obj.value else b"false")
    elif kind is Null:
        out.append(b"null")
    elif isinstance(obj, Stream):
        _stream(obj, out)
    elif hasattr(obj, "write_to_stream"):  # pypdf's own objects (tests compare the two writers)
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        out.append(buf.getvalue())
    else:
        raise ValueError(f"not a PDF object: {type(obj).__name__}")


def _container(obj: Any, out: list[bytes]) -> None:
    if type(obj) is Array:
        out.append(b"[")
        for item in obj:
            out.append(b" ")
            if type(item) is Ref:  # most items of a tag tree's arrays: written here, without a call
                out.append(b"%d %d R" % (item.number, item.generation))
            else:
                _write(item, out)
        out.append(b" ]")
        return
    out.append(b"<<\n")
    for key, value in dict.items(obj):
        if _private(key):
            continue
        _write(key, out)
        out.append(b" ")
        if type(value) is Ref:
            out.append(b"%d %d R" % (value.number, value.generation))
        else:
            _write(value, out)
        out.append(b"\n")
    out.append(b">>")


def _stream(obj: Stream, out: list[bytes]) -> None:
    """A stream as pypdf writes one read from a file: its entries, /Length last, then its bytes as read."""
    raw = getattr(obj, "raw", None)
    if not isinstance(raw, bytes):
        raise ValueError("a stream whose bytes as read are not kept")
    _container(Dictionary({**dict(dict.items(obj)), Name("/Length"): len(raw)}), out)
    out += [b"\nstream\n", raw, b"\nendstream"]


def _octal(m: re.Match[bytes]) -> bytes:
    return b"\\%03o" % m[0][0]


_STRING_BYTES = tuple(_STRING_ESCAPE.sub(_octal, bytes([b])) for b in range(256))  # each byte as a string writes it


def _private(key: str) -> bool:
    """A key pypdf keeps for itself and never writes (`/%name%`)."""
    return len(key) > 2 and key[1] == "%" and key[-1] == "%"


def _plain(name: str) -> bool:
    return _PLAIN_NAME.fullmatch(name) is not None and not _ESCAPED.intersection(name[1:])


def _renumber(name: str) -> bytes:
    """A name with its characters escaped as pypdf escapes them (#XX for delimiters, controls and UTF-8 bytes)."""
    if not name.startswith("/"):
        raise ValueError(f"a name that does not start with '/': {name[:40]!r}")
    parts = [b"/"]
    for c in name[1:]:
        if c > "~":
            parts += [b"#%02X" % x for x in c.encode("utf-8")]
        else:
            parts.append(_NAME_ESCAPES.get(c) or c.encode("utf-8"))
    return b"".join(parts)


def text(value: str) -> Text:
    """A text string as pypdf makes one from `value`: PDFDocEncoding when every character has a code
    there, else UTF-16 (big-endian, with its byte order mark). Printable ASCII is its own code there."""
    if value.isascii() and value.isprintable():  # a stamp's link addresses and their /Contents
        return Text(value, value.encode("ascii"))
    codes = [_PDFDOC_CODES.get(c) for c in value]
    if all(code is not None for code in codes):
        return Text(value, bytes(codes))  # type: ignore[arg-type]  # none is None, as just checked
    return Text(value, codecs.BOM_UTF16_BE + value.encode("utf-16be"))


Entries = tuple[tuple[str, bytes], ...]  # a dictionary's keys, each with its whole entry as written


def entries(obj: Dictionary) -> Entries:
    """Each entry of a dictionary as `serialise` writes it (`/Key value`), to write it again changed.

    A batch stamps the same page and tag dictionaries once per clinic with a few entries changed:
    the rest is written once, here, not once a clinic."""
    written = []
    for key, value in dict.items(obj):
        if _private(key):
            continue
        entry: list[bytes] = []
        _write(key, entry)
        entry.append(b" ")
        _write(value, entry)
        written.append((str(key), b"".join(entry)))
    return tuple(written)


def changed(base: Entries, values: dict[str, bytes]) -> bytes:
    """`serialise` of the dictionary `base` with `values` (written already) set: a key it has keeps its
    place, a new one goes after the others, as assigning to a copy of the dictionary puts it."""
    out = [b"<<\n"]
    for key, entry in base:
        out.append(entry if key not in values else _key(key) + b" " + values[key])
        out.append(b"\n")
    have = {key for key, _ in base}
    for key, value in values.items():
        if key not in have:
            out += [_key(key), b" ", value, b"\n"]
    out.append(b">>")
    return b"".join(out)


def extended(base: bytes, more: list[Any]) -> bytes:
    """`serialise` of an array whose own items are written in `base` (`serialise` of them), with `more` after."""
    if not base.endswith(b" ]"):
        raise ValueError("not an array as serialise writes one")
    out = [base[:-2]]
    for item in more:
        out.append(b" ")
        _write(item, out)
    out.append(b" ]")
    return b"".join(out)


def _key(name: str) -> bytes:
    out: list[bytes] = []
    _write(Name(name), out)
    return out[0]
