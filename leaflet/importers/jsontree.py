"""JSON text -> values that know where they stand in it (stage: import, read JSON).

Input: the text of a JSON file and its name. Output: `Located`: the parsed value, in which every
string is a `Text` and every object and array a `Obj` / `Arr` carrying `start`, the offset of its
first character (a string's opening quote) in the file; `where` turns an offset into FILE:LINE:COL,
and a string's `StringMap` an index into its decoded value into an offset, through its escapes.

The standard library's parser checks the text first (its `JSONDecodeError` names the line and
column; bad JSON is a located `ContentError`); it gives no positions, so a second, iterative pass
over the checked text reads the tokens with their offsets. That pass nests no Python calls, so a
document nested 100,000 deep (a RecursionError in `json`) is refused at the bracket that goes
deeper than MAX_DEPTH.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import field
from typing import Any

from ..errors import ContentError, Where
from ..record import record

MAX_DEPTH = 100  # a FHIR document nests about 15 deep
TOKEN = re.compile(r'[ \t\n\r]*(?:([{}\[\],:])|("(?:[^"\\]|\\.)*")|([^ \t\n\r{}\[\],:"]+))', re.S)
# An escape in a string, one character decoded: a surrogate pair, a \\uXXXX or a one-letter escape.
ESCAPE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\.", re.S)


class Text(str):
    """A JSON string's decoded value; `start` is the offset of its opening quote."""

    start: int = 0


class Obj(dict[str, Any]):
    start: int = 0


class Arr(list[Any]):
    start: int = 0


@record(frozen=False)
class Located:
    value: Any
    text: str
    name: str
    lines: list[int] = field(default_factory=list)  # the offset at which each line starts

    def where(self, offset: int) -> Where:
        line = bisect.bisect_right(self.lines, offset)
        return Where(self.name, line, offset - self.lines[line - 1] + 1)

    def string_map(self, value: Text) -> StringMap:
        return StringMap(self.text, value.start)


class StringMap:
    """Decoded index -> offset in the file, for one JSON string (built once, looked up by bisection).

    The string is runs of plain characters (one file character each) between escapes (one decoded
    character each); a run is recorded where it starts, an escape where its backslash stands.
    """

    def __init__(self, text: str, quote: int) -> None:
        self.decoded: list[int] = [0]  # where each run or escape starts, decoded
        self.offsets: list[int] = [quote + 1]  # and in the file
        self.escape: list[bool] = [False]
        end = quote + 1 + len(_string_body(text, quote))
        count, after = 0, quote + 1  # decoded characters so far; the end of the last escape
        for escape in ESCAPE.finditer(text, quote + 1, end):
            count += escape.start() - after
            self.decoded += [count, count + 1]
            self.offsets += [escape.start(), escape.end()]
            self.escape += [True, False]
            count, after = count + 1, escape.end()

    def offset(self, index: int) -> int:
        """The offset in the file of decoded character `index` (an escape: its backslash)."""
        i = bisect.bisect_right(self.decoded, index) - 1
        return self.offsets[i] if self.escape[i] else self.offsets[i] + index - self.decoded[i]


def _string_body(text: str, quote: int) -> str:
    match = TOKEN.match(text, quote)
    assert match is not None and match.group(2) is not None
    return match.group(2)[1:-1]


def load(text: str, name: str) -> Located:
    """The value of `text`, located; a `ContentError` at the place where it is not JSON or nests too deep."""
    located = Located(None, text, name, [0] + [m.end() for m in re.finditer("\n", text)])
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        raise ContentError(
            f"not valid JSON: {e.msg}",
            Where(name, e.lineno, e.colno),
            hint="an ePI bundle is a FHIR JSON document; check the file is whole and not hand-edited",
        ) from None
    except RecursionError:
        pass  # the pass below stops at the bracket that nests too deep
    located.value = _parse(located)
    return located


def _parse(located: Located) -> Any:
    """The checked text's value; containers on an explicit stack, so depth costs no recursion."""
    text = located.text
    stack: list[tuple[Obj | Arr, str | None]] = []  # each open container, and the key awaiting its value
    at, root, have_root = 0, None, False
    while not have_root:
        match = TOKEN.match(text, at)
        assert match is not None  # the text was checked by json.loads
        at = match.end()
        punct, string, bare = match.groups()
        if punct in ("{", "["):
            if len(stack) >= MAX_DEPTH:
                raise ContentError(
                    f"JSON nested more than {MAX_DEPTH} deep",
                    located.where(match.start(1)),
                    hint="an ePI bundle nests about 15 deep; this is not one",
                )
            box: Obj | Arr = Obj() if punct == "{" else Arr()
            box.start = match.start(1)
            stack.append((box, None))
            continue
        if punct in (",", ":"):
            continue
        if punct in ("}", "]"):
            value: Any = stack.pop()[0]
        elif string is not None:
            value = Text(json.loads(string))
            value.start = match.start(2)
            if stack and isinstance(stack[-1][0], Obj) and stack[-1][1] is None:
                stack[-1] = (stack[-1][0], str(value))  # a key: its value comes next
                continue
        else:
            value = json.loads(bare)
        if not stack:
            root, have_root = value, True
            continue
        box, key = stack[-1]
        if isinstance(box, Obj):
            assert key is not None
            box[key] = value
            stack[-1] = (box, None)
        else:
            box.append(value)
    return root
