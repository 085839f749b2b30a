"""The bytes of one PDF object (from where it starts) -> that object, as pypdf's `read_object` gives it.

Input: a file's bytes, the offset where an object's value starts (after its `N G obj` header, or
after `trailer`), the reader that references resolve in, and the `Kinds` of object to make.
Output, with `pypdf_kinds()`: pypdf's own types (DictionaryObject, ArrayObject, NameObject,
NumberObject, FloatObject, TextStringObject or ByteStringObject, BooleanObject, NullObject,
IndirectObject, and a StreamObject whose data is its /Length bytes), equal to what `read_object`
reads from well-formed bytes (tests/test_pdfobjects.py holds the two together, on stamped updates
and on random objects pypdf writes). With `MODEL`: the same objects as pdfmodel's types (the
checks' own reader, pdfown; a stream is made by the reader, which decodes its data).

The tokens are contentops' own (its number matched in linear time), read in one loop with a stack
instead of pypdf's byte-by-byte reads, so a clinic's update (~6 KB) reads several times faster. It
is total: any bytes give an object or `ObjectError` (what a tolerant reader would guess at, a stray
token, a key twice, a stream /Length that is not a number in the bytes, nesting deeper than
MAX_DEPTH), never another exception; time is linear in the bytes read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from . import pdfmodel, pdfstring
from .contentops import _NAME_HEX, _NOT_HEX, _TOKEN, closing, unescape
from .record import record

MAX_DEPTH = 32  # arrays and dictionaries inside one another; a stamp's nest three deep
_STREAM = re.compile(rb"[\x00\t\n\x0c\r ]*stream *(?:\r\n|\r|\n)")
_END_STREAM = re.compile(rb"[\x00\t\n\x0c\r ]*endstream")
_CLOSES = {b"]": b"[", b">>": b"<<"}
# Escapes pypdf reads otherwise than the standard: it keeps the backslash of one it does not know
# and of an octal code over 255, and takes two line ends after a backslash as one.
_ESCAPE_AT = re.compile(rb"\\([\s\S])")  # left to right, so an escaped backslash is one escape
_PYPDF_ESCAPES = frozenset(b"nrtbf()\\ #$%&/<>[]_")
_OCTAL = re.compile(rb"[0-7]{1,3}")
# pypdf takes `N G R` for a reference when its 20 bytes from N hold it and the byte after the R
# (white space between being what Python's \s matches, so no NUL and no comment).
_PYPDF_REFERENCE = re.compile(rb"(?<![0-9+.\-])[+-]?\d+[ \t\n\r\x0b\x0c]+\d+[ \t\n\r\x0b\x0c]+\Z")


@record
class Kinds:
    """The types one reader's objects are made of (see the module docstring)."""

    name: type  # made from the name with its slash; a dictionary's keys must be exactly this type
    integer: type  # made from an int; a reference's numbers must be exactly this type
    real: Callable[[str], Any]
    string: Callable[[bytes], Any]
    array: Callable[[list[Any]], Any]
    dictionary: type  # made from pairs; a stream's dictionary is one
    stream: Callable[[Any, bytes], Any]  # (its dictionary, its /Length bytes) -> the stream
    reference: Callable[[int, int, Any], Any]
    constants: dict[bytes, Any]  # true, false, null
    null: Any  # an object with nothing in it
    exact: bool = False  # refuse what pypdf reads otherwise: a reference (`_as_pypdf_reads`), NUL or VT


def _model_stream(found: Any, data: bytes) -> Any:
    raise ObjectError("a stream where only its reader can make one")  # pdfown passes its own maker


MODEL = Kinds(
    name=pdfmodel.Name,
    integer=int,
    real=pdfmodel.Real,
    string=pdfstring.string,
    array=pdfmodel.Array,
    dictionary=pdfmodel.Dictionary,
    stream=_model_stream,
    reference=pdfmodel.Ref,
    constants={b"true": pdfmodel.Bool(True), b"false": pdfmodel.Bool(False), b"null": pdfmodel.Null()},
    null=pdfmodel.Null(),
    exact=True,
)


def pypdf_kinds() -> Kinds:
    """pypdf's own types (imported here: the checks' path never needs them)."""
    from pypdf import generic as g

    return Kinds(
        name=g.NameObject,
        integer=g.NumberObject,
        real=g.FloatObject,
        string=g.create_string_object,
        array=g.ArrayObject,
        dictionary=g.DictionaryObject,
        stream=lambda found, data: g.StreamObject.initialize_from_dictionary({**found, "__streamdata__": data}),
        reference=g.IndirectObject,
        constants={b"true": g.BooleanObject(True), b"false": g.BooleanObject(False), b"null": g.NullObject()},
        null=g.NullObject(),
    )


class ObjectError(Exception):
    """Bytes that are no PDF object a reader would read without guessing."""


def read_at(data: bytes, at: int, pdf: Any, kinds: Kinds) -> Any:
    """The object whose value starts at `at` in `data` (white space before it skipped)."""
    stack: list[tuple[bytes, list[Any]]] = []
    first, begin = True, at
    while True:
        m = _TOKEN.match(data, at)
        assert m is not None  # every part of the pattern is optional
        kind, at = m.lastgroup, m.end()
        if kind == "num" and stack:  # the commonest tokens first, without a call
            token = m.group(kind)
            stack[-1][1].append(_number(token, kinds))
            continue
        if kind == "name" and stack and b"#" not in (token := m.group(kind)):
            stack[-1][1].append(kinds.name("/" + token.decode()) if token.isascii() else _simple(kind, token, kinds))
            continue
        if kind is None:
            raise ObjectError("the object is cut short")
        token = m.group(kind)
        if kind == "word" and token == b"endobj" and first:
            return kinds.null  # an empty object, as pypdf reads it
        first = False
        if kind == "punct" and token in (b"[", b"<<"):
            if len(stack) >= MAX_DEPTH:
                raise ObjectError(f"arrays or dictionaries nested more than {MAX_DEPTH} deep")
            stack.append((token, []))
            continue
        if kind == "word" and token == b"R":
            if kinds.exact and not _as_pypdf_reads(data, m.start(kind)):
                raise ObjectError("a reference written otherwise than pypdf reads one")
            _reference(stack, pdf, kinds)
            continue
        if kind == "punct":
            value = _close(stack, token, kinds)
            if not stack and isinstance(value, kinds.dictionary):
                value = _stream(data, at, value, kinds)
        elif kind == "open":
            raw, at = _literal_at(data, at)
            value = kinds.string(raw)
        else:
            value = _simple(kind, token, kinds)
        if stack:
            stack[-1][1].append(value)
        elif type(value) is kinds.integer and (ref := _reference_at(data, at, value, pdf, kinds)) is not None:
            return ref
        elif kinds.exact and (b"\x00" in data[begin:at] or b"\x0b" in data[begin:at]):
            raise ObjectError("a NUL or vertical tab, which pypdf does not take for white space in a name")
        else:
            return value


def _simple(kind: str | None, token: bytes, kinds: Kinds) -> Any:
    """A number, name, string or constant."""
    if kind == "num":
        return _number(token, kinds)
    if kind == "name":
        raw = _NAME_HEX.sub(lambda h: bytes([int(h.group(1), 16)]), token) if b"#" in token else token
        try:
            return kinds.name("/" + raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ObjectError(f"a name that is not UTF-8: /{token[:40]!r}") from None
    if kind == "str":
        return kinds.string(_unescaped(token))
    if kind == "hex":
        digits = _NOT_HEX.sub(b"", token)
        return kinds.string(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
    if kind == "word" and token in kinds.constants:
        return kinds.constants[token]
    raise ObjectError(f"unexpected {token[:40]!r}")


def _unescaped(body: bytes) -> bytes:
    """A literal string's bytes (contentops.unescape), when pypdf reads them the same."""
    if b"\\" in body and any(_divergent(body, m) for m in _ESCAPE_AT.finditer(body)):
        raise ObjectError("a string escape pypdf reads otherwise than the standard")
    return unescape(body)


def _divergent(body: bytes, m: re.Match[bytes]) -> bool:
    """The escape `m` in `body` is one pypdf reads otherwise (see _ESCAPE_AT)."""
    c = m[1][0]
    if c in _PYPDF_ESCAPES:
        return False
    if 0x30 <= c <= 0x37:
        code = _OCTAL.match(body, m.start(1))
        return code is not None and int(code[0], 8) > 255
    after = body[m.end() : m.end() + 1]
    return (c == 0x0A and after in (b"\r", b"\n")) or (c == 0x0D and after == b"\r") or c not in (0x0A, 0x0D)


def _literal_at(data: bytes, at: int) -> tuple[bytes, int]:
    """A literal string holding balanced parentheses, from just after its "(": its bytes and its end."""
    end = closing(data, at)
    if end is None:
        raise ObjectError("the object is cut short: a string never closed")
    return _unescaped(data[at : end.start()]), end.end()


def _as_pypdf_reads(data: bytes, r: int) -> bool:
    """The `R` at `r` ends a reference as pypdf reads one (see _PYPDF_REFERENCE)."""
    before = _PYPDF_REFERENCE.search(data, max(0, r - 20), r)
    return before is not None and r + 2 - before.start() <= 20 and r + 1 < len(data)


def _number(token: bytes, kinds: Kinds) -> Any:
    if len(token) > 64:  # pypdf reads at most 64 characters of a number
        raise ObjectError(f"a number of {len(token)} characters")
    return kinds.real(token.decode()) if b"." in token else kinds.integer(int(token))


def _reference(stack: list[tuple[bytes, list[Any]]], pdf: Any, kinds: Kinds) -> None:
    """`N G R` inside an array or dictionary: the two numbers before it become a reference."""
    items = stack[-1][1] if stack else []
    if len(items) < 2 or not all(type(n) is kinds.integer for n in items[-2:]) or items[-1] < 0:
        raise ObjectError("an 'R' that follows no object number and generation")
    generation, number = items.pop(), items.pop()
    items.append(kinds.reference(int(number), int(generation), pdf))


def _reference_at(data: bytes, at: int, number: Any, pdf: Any, kinds: Kinds) -> Any:
    """A reference when `G R` follows the number that is the whole object, else None."""
    gen = _TOKEN.match(data, at)
    if gen is None or gen.lastgroup != "num" or not gen.group("num").isdigit():
        return None
    r = _TOKEN.match(data, gen.end())
    if r is None or r.group("word") != b"R":
        return None
    return kinds.reference(int(number), int(gen.group("num")), pdf)


def _close(stack: list[tuple[bytes, list[Any]]], token: bytes, kinds: Kinds) -> Any:
    """The array or dictionary a closing bracket ends."""
    if not stack or stack[-1][0] != _CLOSES.get(token):
        raise ObjectError(f"a {token.decode()} that closes nothing open")
    opened, items = stack.pop()
    if opened == b"[":
        return kinds.array(items)
    if len(items) % 2:
        raise ObjectError("a dictionary with a key and no value")
    keys = items[::2]
    if not all(type(k) is kinds.name for k in keys):
        raise ObjectError("a dictionary key that is not a name")
    if len(set(keys)) != len(keys):
        raise ObjectError("a dictionary with a key twice")
    found = kinds.dictionary()
    found.update(zip(keys, items[1::2], strict=True))
    return found


def _stream(data: bytes, at: int, found: Any, kinds: Kinds) -> Any:
    """The dictionary, or the stream it starts when `stream` follows it (its data: /Length bytes)."""
    keyword = _STREAM.match(data, at)
    if keyword is None:
        return found
    length: Any = found.get("/Length")
    start = keyword.end()
    if not isinstance(length, int) or type(length) is not kinds.integer or not 0 <= length <= len(data) - start:
        raise ObjectError(f"a stream whose /Length is not a number of bytes it has: {length!r}"[:120])
    end = start + int(length)
    if not _END_STREAM.match(data, end):
        raise ObjectError("a stream with no endstream after its /Length bytes")
    return kinds.stream(found, data[start:end])
