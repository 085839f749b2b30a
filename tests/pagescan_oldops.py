"""The content-stream tokenizer as it was before the pagescan speed-up (leaflet/contentops.py at
commit ac964ec), kept as the oracle the new one is held to (tests/test_pagescan_oracle.py)."""

from __future__ import annotations

import codecs
import re
from typing import Any

from leaflet.contentops import MAX_DEPTH, MAX_TOKENS, ContentError, ContentLimit
from leaflet.pdfmodel import Bool, Null

Operation = tuple[list[Any], bytes]


_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_TOKEN = re.compile(
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"  # white space and comments between tokens
    rb"(?:(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?!" + _REGULAR + rb")"
    rb"|(?P<word>" + _REGULAR + rb"+)"
    rb"|/(?P<name>" + _REGULAR + rb"*)"
    rb"|\((?P<str>[^()\\]*(?:\\[\s\S][^()\\]*)*)\)"
    rb"|(?P<open>\()"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<punct><<|>>|\[|\])"
    rb"|(?P<junk>[\s\S]))?"  # a stray delimiter or brace: skipped
)
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|(\r\n|[\s\S]))")
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"\r\n": b"", b"\r": b"", b"\n": b""}
_AWKWARD = re.compile(rb"\\(?:[^0-7nrtbf()'\"\n]|[4-7][0-7][0-7]|\Z)")  # read otherwise by Python than by PDF
_PARENS = re.compile(rb"\\[\s\S]|[()]")
_NAME_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_NOT_HEX = re.compile(rb"[^0-9A-Fa-f]")
_END_IMAGE = re.compile(rb"[\x00\t\n\x0c\r ]EI(?=[\x00\t\n\x0c\r ]|\Z)")
_CONSTANTS = {b"true": Bool(True), b"false": Bool(False), b"null": Null()}


def _unescape(match: re.Match[bytes]) -> bytes:
    octal, other = match.groups()
    return bytes([int(octal, 8) & 0xFF]) if octal else _ESCAPED.get(other, other)


def unescape(body: bytes) -> bytes:
    """The bytes of a literal string from what stands between its parentheses (ISO 32000 7.3.4.2:
    the named escapes, up to three octal digits, a backslash before a line end joins the lines).

    Python's own escape decoder reads the escapes the two languages share, in C; ReportLab's
    strings hold little else (a code below 32 written in octal, a parenthesis), so most take it."""
    if b"\\" not in body:
        return body
    if b"\\\\" in body or _AWKWARD.search(body):
        return _ESCAPE.sub(_unescape, body)
    return codecs.escape_decode(body.replace(b"\\(", b"(").replace(b"\\)", b")"))[0]


def _literal(token: bytes) -> bytes:
    """The bytes of a PDF literal string token `( ... )`."""
    return unescape(token[1:-1])


def closing(data: bytes, at: int) -> re.Match[bytes] | None:
    """The ")" that closes a literal string opened just before `at` (balanced pairs and escaped
    parentheses inside it passed over); None when it is never closed."""
    depth = 1
    for m in _PARENS.finditer(data, at):
        if m.group() == b"(":
            depth += 1
        elif m.group() == b")":
            depth -= 1
            if not depth:
                return m
    return None


def _nested(data: bytes, at: int) -> tuple[bytes, int]:
    """A literal string holding balanced parentheses, from just after its "(" at `at`: its bytes and
    where it ends. One left open runs to the end of the stream."""
    end = closing(data, at)
    return (unescape(data[at : end.start()]), end.end()) if end else (unescape(data[at:]), len(data))


def _number(token: bytes) -> int | float:
    return float(token) if b"." in token else _integer(token)


def _integer(token: bytes) -> int | float:
    try:
        return int(token)
    except ValueError:  # more digits than Python converts: as large as it is
        return float(token)


def _name(raw: bytes) -> str:
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return "/" + raw.decode("utf-8", "replace")


def _dictionary(items: list[Any]) -> dict[str, Any]:
    """Pairs of (name, value); a key that is no name is left out, with its value."""
    return {key: value for key, value in zip(items[::2], items[1::2], strict=False) if isinstance(key, str)}


class _Reader:
    """The state of one pass over a stream: the operands so far and the arrays and dictionaries open."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at, self.tokens = data, 0, 0
        self.operands: list[Any] = []
        self.open: list[tuple[bytes, list[Any]]] = []  # (b"[" or b"<<", items)
        self.out: list[Operation] = []

    def run(self) -> bool:
        """Read tokens from `at` to the end (False), or to one that moves `at` itself (True)."""
        tokens, open_ = self.tokens, self.open  # locals: this loop runs once per token of every page
        try:
            for m in _TOKEN.finditer(self.data, self.at):
                kind = m.lastgroup
                if kind is None:
                    return False
                tokens += 1
                if tokens > MAX_TOKENS:
                    raise ContentLimit(f"more than {MAX_TOKENS} tokens in one page's drawing instructions")
                value = m[kind]
                if kind == "num":
                    (open_[-1][1] if open_ else self.operands).append(
                        float(value) if b"." in value else _integer(value)
                    )
                elif kind == "word":
                    self.tokens = tokens  # an inline image's settings count too
                    moved = self.word(value, m.end())
                    tokens = self.tokens
                    if moved:
                        return True
                elif kind == "name":
                    (open_[-1][1] if open_ else self.operands).append(_name(value))
                elif kind == "str":
                    (open_[-1][1] if open_ else self.operands).append(unescape(value))
                elif kind == "punct":
                    self.punct(value)
                elif kind == "hex":
                    digits = _NOT_HEX.sub(b"", value)
                    into = open_[-1][1] if open_ else self.operands
                    into.append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
                elif kind == "open":
                    text, self.at = _nested(self.data, m.end())
                    (open_[-1][1] if open_ else self.operands).append(text)
                    return True
            return False
        finally:
            self.tokens = tokens

    def punct(self, p: bytes) -> None:
        if p in (b"[", b"<<"):
            if len(self.open) >= MAX_DEPTH:
                raise ContentError(f"arrays or dictionaries nested more than {MAX_DEPTH} deep")
            self.open.append((p, []))
        elif self.open and self.open[-1][0] == (b"[" if p == b"]" else b"<<"):
            kind, items = self.open.pop()
            (self.open[-1][1] if self.open else self.operands).append(items if kind == b"[" else _dictionary(items))
        # a closer with nothing of its kind open is skipped

    def word(self, w: bytes, end: int) -> bool:
        """An operator (or a constant inside an array or dictionary); True when it moved `at` (BI)."""
        if self.open and w in _CONSTANTS:
            self.open[-1][1].append(_CONSTANTS[w])
            return False
        if w == b"R":
            raise ContentError("an indirect reference ('R') in the page's drawing instructions")
        self.open.clear()  # an operator ends whatever array or dictionary was left open
        if w == b"BI":
            self.at = end
            self.out.append((list(self.inline_image()), b"INLINE IMAGE"))
        else:
            self.out.append((self.operands, w))
        self.operands = []
        return w == b"BI"

    def inline_image(self) -> tuple[dict[str, Any], bytes]:
        """Skip an inline image: its settings up to ID, then its data up to EI (or the end)."""
        settings: list[Any] = []
        for m in _TOKEN.finditer(self.data, self.at):
            self.at = m.end()
            if not m.lastgroup or m.group("word") == b"ID":
                break
            self.tokens += 1
            if m.lastgroup == "name":
                settings.append(_name(m.group("name")))
            elif m.lastgroup == "num":
                settings.append(_number(m.group("num")))
        start = self.at + 1  # one white-space byte follows ID
        end = _END_IMAGE.search(self.data, self.at)
        self.at = end.end() if end else len(self.data)
        return _dictionary(settings), self.data[start : end.start() if end else len(self.data)]


def operations(data: bytes) -> list[Operation]:
    """The operations of a content stream, in order (see the module docstring)."""
    reader = _Reader(data)
    while reader.run():
        pass
    return reader.out
