"""The bytes of one PDF object (from where it starts) -> that object, as pypdf's `read_object` gives it.

Input: a file's bytes, the offset where an object's value starts (after its `N G obj` header, or
after `trailer`), and the reader that references resolve in. Output: pypdf's own types
(DictionaryObject, ArrayObject, NameObject, NumberObject, FloatObject, TextStringObject or
ByteStringObject, BooleanObject, NullObject, IndirectObject, and a StreamObject whose data is its
/Length bytes), equal to what `read_object` reads from well-formed bytes (tests/test_pdfobjects.py
holds the two together, on stamped updates and on random objects pypdf writes).

The tokens are contentops' own pattern, matched in one loop with a stack instead of pypdf's
byte-by-byte reads, so a clinic's update (~6 KB) reads several times faster. It is total: any bytes
give an object or `ObjectError` (what a tolerant reader would guess at, a stray token, a key twice, a
stream /Length that is not a number in the bytes, nesting deeper than MAX_DEPTH), never another
exception; time is linear in the bytes read.
"""

from __future__ import annotations

import re
from typing import Any

from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    create_string_object,
)

from .contentops import _NAME_HEX, _NOT_HEX, _TOKEN, _nested, unescape

MAX_DEPTH = 32  # arrays and dictionaries inside one another; a stamp's nest three deep
_STREAM = re.compile(rb"[\x00\t\n\x0c\r ]*stream *(?:\r\n|\r|\n)")
_END_STREAM = re.compile(rb"[\x00\t\n\x0c\r ]*endstream")
_CONSTANTS = {b"true": BooleanObject(True), b"false": BooleanObject(False), b"null": NullObject()}
_CLOSES = {b"]": b"[", b">>": b"<<"}


class ObjectError(Exception):
    """Bytes that are no PDF object a reader would read without guessing."""


def read_at(data: bytes, at: int, pdf: Any) -> PdfObject:
    """The object whose value starts at `at` in `data` (white space before it skipped)."""
    stack: list[tuple[bytes, list[Any]]] = []
    first = True
    while True:
        m = _TOKEN.match(data, at)
        assert m is not None  # every part of the pattern is optional
        kind, at = m.lastgroup, m.end()
        if kind == "num" and stack:  # the commonest tokens first, without a call
            token = m.group(kind)
            stack[-1][1].append(_number(token))
            continue
        if kind == "name" and stack and b"#" not in (token := m.group(kind)):
            stack[-1][1].append(NameObject("/" + token.decode()) if token.isascii() else _simple(kind, token))
            continue
        if kind is None:
            raise ObjectError("the object is cut short")
        token = m.group(kind)
        if kind == "word" and token == b"endobj" and first:
            return NullObject()  # an empty object, as pypdf reads it
        first = False
        if kind == "punct" and token in (b"[", b"<<"):
            if len(stack) >= MAX_DEPTH:
                raise ObjectError(f"arrays or dictionaries nested more than {MAX_DEPTH} deep")
            stack.append((token, []))
            continue
        if kind == "word" and token == b"R":
            _reference(stack, pdf)
            continue
        if kind == "punct":
            value: PdfObject = _close(stack, token)
            if not stack and isinstance(value, DictionaryObject):
                value = _stream(data, at, value)
        elif kind == "open":
            raw, at = _nested(data, at)
            value = create_string_object(raw)
        else:
            value = _simple(kind, token)
        if stack:
            stack[-1][1].append(value)
        elif isinstance(value, NumberObject) and (ref := _reference_at(data, at, value, pdf)) is not None:
            return ref
        else:
            return value


def _simple(kind: str | None, token: bytes) -> PdfObject:
    """A number, name, string or constant."""
    if kind == "num":
        return _number(token)
    if kind == "name":
        raw = _NAME_HEX.sub(lambda h: bytes([int(h.group(1), 16)]), token) if b"#" in token else token
        try:
            return NameObject("/" + raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise ObjectError(f"a name that is not UTF-8: /{token[:40]!r}") from None
    if kind == "str":
        return create_string_object(unescape(token))
    if kind == "hex":
        digits = _NOT_HEX.sub(b"", token)
        return create_string_object(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
    if kind == "word" and token in _CONSTANTS:
        return _CONSTANTS[token]
    raise ObjectError(f"unexpected {token[:40]!r}")


def _number(token: bytes) -> NumberObject | FloatObject:
    if len(token) > 64:  # pypdf reads at most 64 characters of a number
        raise ObjectError(f"a number of {len(token)} characters")
    return FloatObject(token.decode()) if b"." in token else NumberObject(int(token))


def _reference(stack: list[tuple[bytes, list[Any]]], pdf: Any) -> None:
    """`N G R` inside an array or dictionary: the two numbers before it become a reference."""
    items = stack[-1][1] if stack else []
    if len(items) < 2 or not all(type(n) is NumberObject for n in items[-2:]) or items[-1] < 0:
        raise ObjectError("an 'R' that follows no object number and generation")
    generation, number = items.pop(), items.pop()
    items.append(IndirectObject(int(number), int(generation), pdf))


def _reference_at(data: bytes, at: int, number: NumberObject, pdf: Any) -> IndirectObject | None:
    """A reference when `G R` follows the number that is the whole object, else None."""
    gen = _TOKEN.match(data, at)
    if gen is None or gen.lastgroup != "num" or not gen.group("num").isdigit():
        return None
    r = _TOKEN.match(data, gen.end())
    if r is None or r.group("word") != b"R":
        return None
    return IndirectObject(int(number), int(gen.group("num")), pdf)


def _close(stack: list[tuple[bytes, list[Any]]], token: bytes) -> PdfObject:
    """The array or dictionary a closing bracket ends."""
    if not stack or stack[-1][0] != _CLOSES.get(token):
        raise ObjectError(f"a {token.decode()} that closes nothing open")
    opened, items = stack.pop()
    if opened == b"[":
        return ArrayObject(items)
    if len(items) % 2:
        raise ObjectError("a dictionary with a key and no value")
    keys = items[::2]
    if not all(type(k) is NameObject for k in keys):
        raise ObjectError("a dictionary key that is not a name")
    if len(set(keys)) != len(keys):
        raise ObjectError("a dictionary with a key twice")
    found = DictionaryObject()
    found.update(zip(keys, items[1::2], strict=True))
    return found


def _stream(data: bytes, at: int, found: DictionaryObject) -> PdfObject:
    """The dictionary, or the stream it starts when `stream` follows it (its data: /Length bytes)."""
    keyword = _STREAM.match(data, at)
    if keyword is None:
        return found
    length = found.get("/Length")
    start = keyword.end()
    if type(length) is not NumberObject or not 0 <= length <= len(data) - start:
        raise ObjectError(f"a stream whose /Length is not a number of bytes it has: {length!r}"[:120])
    end = start + int(length)
    if not _END_STREAM.match(data, end):
        raise ObjectError("a stream with no endstream after its /Length bytes")
    return StreamObject.initialize_from_dictionary({**found, "__streamdata__": data[start:end]})
