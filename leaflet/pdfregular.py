"""The bytes of one PDF object, as our writers write it -> that object, in a few steps: `read_object`.

Input and output as pdfobjects.read_at's (a file's bytes, where an object's value starts, the
reader that references resolve in, the `Kinds` to make). ReportLab and our stamping write each
object as a dictionary or array of plain tokens: names without `#` codes, numbers, `N G R`
references, short literal strings, hex strings, true, false and null, up to its `endobj` (or the
`stream` keyword). `regular` splits the whole object into such tokens with one pattern (in C),
makes sure they leave out nothing but white space, and builds the object from the token list in
one loop, sharing the names, numbers, references and constants a file repeats: on the LDN
leaflet's 107 objects, which the checks read once per build, a fifth of read_at's time (1.4 ms,
from 6.7) and two fifths of its instructions.

Anything else (a comment, a name with a `#` code, nested parentheses in a string, an escape pypdf
reads otherwise, a NUL or a vertical tab, a long reference, deep nesting, a key twice, anything
after the object) gives None, and `read_object` reads the object with read_at, which decides; so
the two give the same object or the same ObjectError on any bytes (tests/test_pdfregular.py holds
them together, on our PDFs and on random and damaged objects). Time is linear in the bytes,
whatever they are: no search for an object's end passes the next object's header, and the
pattern tries a run of regular bytes once, not once at each of its bytes.
"""

from __future__ import annotations

import re
from typing import Any

from .pdfobjects import MAX_DEPTH, Kinds, ObjectError, _stream, _unescaped, read_at

_SPACE = rb"[\t\n\x0c\r ]"  # PDF white space but NUL (read_at refuses a NUL, and a vertical tab, in an object)
_AFTER = rb"(?<![^\t\n\x0c\r ()<>\[\]{}/%])"  # a number or keyword starts after white space or a delimiter
_END = rb"(?=[\t\n\x0c\r ()<>\[\]{}/%]|\Z)"  # a token ends at white space, a delimiter or the object's end
# Possessive quantifiers and _AFTER keep findall linear: it tries a run of regular bytes once, not at each byte.
_ALTERNATIVES = (  # the commonest first: names, brackets, references (before the number they start with)
    rb"/[!\"$&'*+,\-.0-9:;=?@A-Z\\^_`a-z|~]*+" + _END,  # a name of printable ASCII, no # code
    rb"<<|>>|\[|\]",
    _AFTER + rb"\d++" + _SPACE + rb"++\d++" + _SPACE + rb"++R" + _END,  # a reference
    _AFTER + rb"[+-]?+(?:\d++(?:\.\d*+)?+|\.\d++)" + _END,  # a number
    rb"\([^()\\\x00\x0b]*+(?:\\[^\x00\x0b][^()\\\x00\x0b]*+)*+\)",  # a literal string, no parentheses inside
    rb"<[0-9A-Fa-f\t\n\x0c\r ]*+>",  # a hex string
    _AFTER + rb"(?:true|false|null)" + _END,
)
_TOKENS = re.compile(rb"|".join(_ALTERNATIVES))  # findall passes over white space (and what is no token)
_WHITE = b"\t\n\x0c\r "
LONGEST = 1 << 20  # bytes of an object read this way (ours are a few KB): read_at reads a longer one as ever
_LONGEST_REFERENCE = 19  # pypdf reads `N G R` only within 20 bytes (pdfobjects._as_pypdf_reads)
_BRACKETS = {b"<<": 0, b"[": 1, b">>": 2, b"]": 3}
_NUMBER_BYTES = frozenset(b"+-.0123456789")
Made = dict[bytes, Any]  # the token of a name, number, reference or constant -> the object made of it


def read_object(data: bytes, at: int, pdf: Any, kinds: Kinds, made: Made | None = None) -> Any:
    """The object whose value starts at `at` in `data`, exactly as read_at reads it (or its ObjectError).
    `made` keeps the names, numbers, references and constants made so far, to share with later objects."""
    found = regular(data, at, pdf, kinds, {} if made is None else made)
    return read_at(data, at, pdf, kinds) if found is None else found


def regular(data: bytes, at: int, pdf: Any, kinds: Kinds, made: Made) -> Any:
    """The dictionary, stream or array at `at` when it is written as our writers write one; else None."""
    stop, stream = _end(data, at)
    if not 0 <= stop - at <= LONGEST:
        return None
    tokens = _TOKENS.findall(data, at, stop)
    written = data[at:stop]
    if len(written.translate(None, _WHITE)) != len(b"".join(tokens).translate(None, _WHITE)):
        return None  # findall passed over something that is no token (white space is all it may pass)
    if not tokens or tokens[0] not in (b"<<", b"[") or tokens[-1] not in (b">>", b"]"):
        return None
    try:
        value = _build(tokens, pdf, kinds, made)
    except ObjectError:
        return None  # read_at says what is wrong
    if not stream or value is None or type(value) is not kinds.dictionary:
        return value  # (before `endobj`, pdfobjects._stream finds no stream keyword and gives the value)
    try:
        return _stream(data, at + len(written.rstrip(_WHITE)), value, kinds)
    except ObjectError:
        return None


def _end(data: bytes, at: int) -> tuple[int, bool]:
    """Where the object from `at` ends, and whether a stream follows: its `stream` keyword, or its
    `endobj` when that is the next `obj` in the file (else -1). No object's search passes the next
    one's header, so reading every object of a file reads each byte once or so, whatever the bytes."""
    after = data.find(b"obj", at)
    if after < 0:
        return -1, False
    keyword = data.find(b"stream", at, after)
    if keyword >= 0:
        return keyword, True
    return (after - 3 if after - 3 >= at and data.startswith(b"end", after - 3) else -1), False


def _build(tokens: list[bytes], pdf: Any, kinds: Kinds, made: Made) -> Any:
    """The object the tokens (one whole dictionary or array) make; None when read_at must decide."""
    stack: list[tuple[bool, list[Any]]] = []
    items: list[Any] = []
    last = len(tokens) - 1
    for index, token in enumerate(tokens):
        if (value := made.get(token)) is not None:
            items.append(value)
        elif (bracket := _BRACKETS.get(token)) is None:
            if token[0] != 0x28 and token[0] != 0x3C:  # a name, reference, number or constant
                if (value := _atom(token, pdf, kinds)) is None:
                    return None
                made[token] = value
            else:
                value = _other(token, kinds)
            items.append(value)
        elif bracket < 2:  # << or [
            if len(stack) >= MAX_DEPTH:
                return None
            stack.append((bracket == 0, items))
            items = []
        else:
            if not stack:
                return None
            is_dictionary, outer = stack.pop()
            if is_dictionary != (bracket == 2):
                return None
            value = _dictionary(items, kinds) if is_dictionary else kinds.array(items)
            if value is None or (not stack and index != last):
                return None
            if not stack:
                return value
            outer.append(value)
            items = outer
    return None


def _atom(token: bytes, pdf: Any, kinds: Kinds) -> Any:
    """A name, reference, number or constant (the same for every object of the file); None when
    read_at must decide."""
    if token[0] == 0x2F:  # /
        return kinds.name(token.decode())
    if token[-1] == 0x52:  # R
        if len(token) > _LONGEST_REFERENCE:
            return None
        number, generation, _ = token.split()
        return kinds.reference(int(number), int(generation), pdf)
    if token[0] not in _NUMBER_BYTES:
        return kinds.constants[token]
    if len(token) > 64:
        return None
    return kinds.real(token.decode()) if 0x2E in token else kinds.integer(int(token))


def _other(token: bytes, kinds: Kinds) -> Any:
    """A literal or hex string (made afresh for each: `Text` keeps its bytes)."""
    if token[0] == 0x28:  # (
        return kinds.string(_unescaped(token[1:-1]))
    digits = token[1:-1].translate(None, _WHITE)
    return kinds.string(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))


def _dictionary(items: list[Any], kinds: Kinds) -> Any:
    """A dictionary of names and values, as pdfobjects._close makes one; None for anything else."""
    if len(items) % 2:
        return None
    keys = items[::2]
    if not set(map(type, keys)) <= {kinds.name}:  # first: an array or dictionary cannot be a key
        return None
    found = kinds.dictionary(zip(keys, items[1::2], strict=False))  # as many values: the count is even
    return found if len(found) == len(keys) else None  # else a key twice
