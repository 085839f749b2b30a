"""pypdf objects -> their bytes as written in a PDF file (stamping writes, the clinic check compares).

Output: exactly the bytes pypdf's own `write_to_stream` gives, so a stamped PDF is the same
whichever writes it. A clinic batch writes and compares a few hundred names, numbers and
references per clinic; pypdf escapes each name character by character, which was a third of
a stamp's time. Here a name of plain characters (no delimiter, `#`, white space, control or
non-ASCII character) is written as it stands, and dictionaries, arrays, references and whole
numbers are written directly (a reference inside an array or dictionary without a call);
anything else (strings, reals, streams) still goes through pypdf.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

_PLAIN_NAME = re.compile(r"/[!-~]*")  # printable ASCII after the slash; the escaped ones are ruled out below
_ESCAPED = frozenset("#()<>[]{}/%")


def serialise(obj: Any) -> bytes:
    """A PDF object as it is written in a file."""
    out: list[bytes] = []
    _write(obj, out)
    return b"".join(out)


def _write(obj: Any, out: list[bytes]) -> None:
    kind = type(obj)
    if kind is NameObject:
        out.append(obj.encode() if _plain(obj) else obj.renumber())
    elif kind is IndirectObject:
        out.append(b"%d %d R" % (obj.idnum, obj.generation))
    elif kind is NumberObject:
        out.append(repr(obj).encode())
    elif kind is DictionaryObject:
        out.append(b"<<\n")
        for key, value in obj.items():
            if len(key) > 2 and key[1] == "%" and key[-1] == "%":
                continue  # pypdf's private keys, never written
            _write(key, out)
            out.append(b" ")
            if type(value) is IndirectObject:
                out.append(b"%d %d R" % (value.idnum, value.generation))
            else:
                _write(value, out)
            out.append(b"\n")
        out.append(b">>")
    elif kind is ArrayObject:
        out.append(b"[")
        for item in obj:
            out.append(b" ")
            if type(item) is IndirectObject:  # most items of a tag tree's arrays: written here, without a call
                out.append(b"%d %d R" % (item.idnum, item.generation))
            else:
                _write(item, out)
        out.append(b" ]")
    else:  # strings, reals, booleans, null, streams, subclasses: as pypdf writes them
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        out.append(buf.getvalue())


def _plain(name: str) -> bool:
    return _PLAIN_NAME.fullmatch(name) is not None and not _ESCAPED.intersection(name[1:])


Entries = tuple[tuple[str, bytes], ...]  # a dictionary's keys, each with its whole entry as written


def entries(obj: DictionaryObject) -> Entries:
    """Each entry of a dictionary as `serialise` writes it (`/Key value`), to write it again changed.

    A batch stamps the same page and tag dictionaries once per clinic with a few entries changed:
    the rest is written once, here, not once a clinic."""
    written = []
    for key, value in obj.items():
        if len(key) > 2 and key[1] == "%" and key[-1] == "%":
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
    _write(NameObject(name), out)
    return out[0]
