"""A page's content stream (bytes) -> its operations: a list of (operands, operator bytes).

Our own tokenizer, in place of pypdf's `ContentStream` parser for the checks. Most of a page is runs
of numbers, names and operators between white space: `_DELIMITED` finds each run as one chunk, one
regex split cuts it at its operators, and each distinct operand text is read once per stream; a
chunk that could read otherwise than token by token is read by `_TOKEN`, one token at a time.
Operands are plain Python: int and float for numbers, str for names ("/F1"), bytes for strings, list
for arrays, dict for dictionaries (a BDC property list), pdfmodel's Bool and Null inside them. An
inline image (BI ... ID data EI) is one operation, b"INLINE IMAGE", with [settings, data].

It is total: any bytes give operations, or ContentError (a pdfmodel.ReadError, so `pdfread.guard`
locates it) for what no viewer can draw: an indirect reference, nesting deeper than MAX_DEPTH, or more than
MAX_TOKENS tokens (ContentLimit). Time and memory stay linear in the length of the stream.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from .pdfmodel import Bool, LimitError, Null, Page, ReadError
from .pdfread import LIMITS

MAX_TOKENS = LIMITS["stream_parsing_work_maximum_count"]  # a leaflet page has ~1,500
MAX_DEPTH = 32  # arrays and dictionaries inside one another; ours nest at most two deep
Operation = tuple[list[Any], bytes]


class ContentError(ReadError):
    """Content no viewer could draw."""


class ContentLimit(ContentError, LimitError):
    """Content over a size limit."""


_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_TOKEN = re.compile(
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"  # white space and comments between tokens
    rb"(?:(?P<num>[+-]?+(?:\d++(?:\.\d*+)?+|\.\d++))(?!" + _REGULAR + rb")"  # possessive: linear in a digit run
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
    if 92 not in body:  # a byte as an int: `bytes in bytes` costs an exception raised and caught
        return body
    if body.find(b"\\\\") >= 0 or _AWKWARD.search(body):
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


def _integer(token: bytes) -> int | float:
    try:
        return int(token)
    except ValueError:  # more digits than Python converts: as large as it is
        return float(token)


def _name(raw: bytes) -> str:
    if 35 in raw:
        raw = _NAME_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return "/" + raw.decode("utf-8", "replace")


def _dictionary(items: list[Any]) -> dict[str, Any]:
    """Pairs of (name, value); a key that is no name is left out, with its value."""
    return {key: value for key, value in zip(items[::2], items[1::2], strict=False) if isinstance(key, str)}


_DELIMITED = re.compile(  # _TOKEN's tokens, a run of plain ones (numbers, names, operators) taken as one chunk
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"
    rb"(?:(?P<chunk>[^\x00\t\n\x0c\r ()<>\[\]{}%][^()<>\[\]{}%]*)"
    rb"|\((?P<str>(?:[^()]*+(?<=\\)[()])*+[^()]*+)\)"  # a string, if not _MISREAD; else `_nested` reads it
    rb"|(?P<open>\()"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<punct><<|>>|\[|\])"
    rb"|(?P<junk>[\s\S]))?"
)
_MISREAD = re.compile(rb"(?<!\\)(?:\\\\)*(?:[()]|\\\Z)")  # a parenthesis not escaped, or the closing one escaped
_NUMBER = re.compile(rb"[+-]?+(?:\d++(?:\.\d*+)?+|\.\d++)")  # as _TOKEN's number
_OPERATOR = re.compile(rb"[\t\n\x0c\r ]+([^\t\n\x0c\r 0-9+\-./][^\t\n\x0c\r /]*)")  # in b" " + a chunk
_NUMERALS = b"0123456789+-.\t\n\x0c\r "


def _operands(text: bytes) -> tuple[Any, ...] | None:
    """The numbers and names between two operators in a chunk; None for anything else there (a word
    that is no operator, a "/" inside a token): such a chunk is read token by token."""
    if not text.translate(None, _NUMERALS):  # numbers alone, most likely: float() and int() read them as
        try:  # _NUMBER does, or refuse them (as int() does too many digits)
            return tuple([float(token) if 46 in token else int(token) for token in text.split()])  # 46: "."
        except ValueError:
            pass
    values: list[Any] = []
    for token in text.split():
        if token[0] == 47 and token.find(b"/", 1) < 0:  # 47: "/"
            values.append(_name(token[1:]))
        elif _NUMBER.fullmatch(token):
            values.append(float(token) if 46 in token else _integer(token))
        else:
            return None
    return tuple(values)


class Memo:
    """What the tokenizer read of each operand text and chunk so far, for the next stream of the same PDF
    (bytes read the same wherever they stand: a PDF's pages repeat most of theirs)."""

    __slots__ = ("chunks", "known")

    def __init__(self) -> None:
        self.known: dict[bytes, Any] = {}  # what `_operands` read of each operand text
        self.chunks: dict[bytes, tuple[list[Any], list[bytes], int]] = {}  # what `_Reader.split` read of each chunk


class _Reader:
    """The state of one pass over a stream: the operands so far, the arrays and dictionaries open."""

    def __init__(self, data: bytes, memo: Memo) -> None:
        self.data, self.at, self.tokens = data, 0, 0
        self.operands: list[Any] = []
        self.open: list[tuple[bytes, list[Any]]] = []  # (b"[" or b"<<", items)
        self.out: list[Operation] = []
        self.known, self.chunks = memo.known, memo.chunks

    def into(self) -> list[Any]:
        return self.open[-1][1] if self.open else self.operands

    def run(self) -> bool:
        """Read tokens from `at` to the end (False), or to one that moves `at` itself (True)."""
        for m in _DELIMITED.finditer(self.data, self.at):
            kind = m.lastgroup
            if kind == "chunk":
                if self.chunk(m[kind], m.start(kind), m.end()):
                    return True
                continue
            if kind is None:
                return False
            self.tokens += 1
            if self.tokens > MAX_TOKENS:
                raise ContentLimit(f"more than {MAX_TOKENS} tokens in one page's drawing instructions")
            value = m[kind]
            if kind == "str" and ((value.find(b"\\\\") < 0 and value[-1:] != b"\\") or not _MISREAD.search(value)):
                (self.open[-1][1] if self.open else self.operands).append(unescape(value))
            elif kind == "punct":
                self.punct(value)
            elif kind == "hex":
                digits = _NOT_HEX.sub(b"", value)
                self.into().append(bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode()))
            elif kind in ("open", "str"):  # a string holding parentheses, or a backslash escaped
                text, self.at = _nested(self.data, m.end() if kind == "open" else m.start(kind))
                self.into().append(text)
                return True
        return False

    def chunk(self, chunk: bytes, start: int, end: int) -> bool:
        """A run of plain tokens; True when it moved `at` (BI). Read token by token: one with a NUL or
        vertical tab (white space to PDF and not to `bytes.split`, or the other way), an inline image,
        an indirect reference, a text `_operands` refuses, operators inside an array, the limit near."""
        if self.tokens + len(chunk) > MAX_TOKENS or 0 in chunk or 11 in chunk or chunk.find(b"BI") >= 0:
            return self.tokenwise(start, end)
        read = self.chunks.get(chunk)
        if read is None:
            read = self.chunks[chunk] = self.split(chunk)
        values, ops, count = read
        if self.open and not ops and values[0] is not None:  # inside an array or dictionary
            self.tokens += len(values[0])
            self.open[-1][1].extend(values[0])
            return False
        if self.open or count < 0:
            return self.tokenwise(start, end)
        self.tokens += count
        lists = list(map(list, values))
        self.operands += lists[0]
        lists[0] = self.operands
        self.out += zip(lists, ops, strict=False)
        self.operands = lists[-1] if ops else self.operands
        return False

    def split(self, chunk: bytes) -> tuple[list[tuple[Any, ...] | None], list[bytes], int]:
        """A chunk's operands (`_operands` of each text between operators), its operators, and its
        tokens (-1 when it is to be read token by token: a text `_operands` refuses, a reference)."""
        parts = _OPERATOR.split(b" " + chunk)  # operands, operator, operands, ..., operands
        texts, ops, known = parts[::2], parts[1::2], self.known
        for text in texts:
            if text not in known:
                known[text] = _operands(text)
        values = [known[text] for text in texts]
        if None in values or b"R" in ops:
            return values, ops, -1
        return values, ops, len(ops) + sum(map(len, values))  # (no None: see above)

    def tokenwise(self, start: int, end: int) -> bool:
        """The plain tokens from `start` to `end`, one by one; True when one moved `at` (BI)."""
        for m in _TOKEN.finditer(self.data, start, end):
            kind = m.lastgroup
            if kind is None:
                return False
            self.tokens += 1
            if self.tokens > MAX_TOKENS:
                raise ContentLimit(f"more than {MAX_TOKENS} tokens in one page's drawing instructions")
            value = m[kind]
            if kind == "num":
                self.into().append(float(value) if 46 in value else _integer(value))
            elif kind == "name":
                self.into().append(_name(value))
            elif self.word(value, m.end()):
                return True
        return False

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
                settings.append(float(m["num"]) if 46 in m["num"] else _integer(m["num"]))
        start = self.at + 1  # one white-space byte follows ID
        end = _END_IMAGE.search(self.data, self.at)
        self.at = end.end() if end else len(self.data)
        return _dictionary(settings), self.data[start : end.start() if end else len(self.data)]


def operations(data: bytes, memo: Memo | None = None) -> list[Operation]:
    """The operations of a content stream, in order (see the module docstring); `memo` keeps what
    was read of the PDF's other streams."""
    reader = _Reader(data, Memo() if memo is None else memo)
    while reader.run():
        pass
    return reader.out


def page_operations(page: Page, memo: Memo | None = None) -> list[Operation]:
    """The page's operations, read once for every reader of them (the text scan, `undrawable`, the
    tags check's marked content): kept on the page when first read (`memo`: `operations`')."""
    if page.ops is None:
        data = page.contents()
        page.ops = operations(data, memo) if data is not None else []
    ops: list[Operation] = page.ops
    return ops
