"""The PDF objects the checks read -> one model, whoever read the file (pdfown or pdfadapt).

Input: what a reader makes of a file. Output: these types, which behave as pypdf's do where a
check looks (so a check reads the same findings from either reader):
`Name` (str, "/Type"), `Text` (str, decoded as pypdf decodes it: pdfstring.string; `.raw` keeps
the bytes as written), `Bytes` (a string that is not text), int,
`Real` (float), `Bool`, `Null` (both always true in a test, as pypdf's are), `Array` (list),
`Dictionary` (dict: `.get` and iteration give entries as written, `d[key]` resolves a
reference, `raw_get` never does), `Stream` (a dictionary with lazily decoded data),
`Ref` (an indirect reference, resolved by its document; `str`, `int`, `in` and `[]` look
through it, as pypdf's do), `Page` (a page dictionary with its boxes) and `Document`
(pages, catalogue, trailer). `resolve`, `dict_of`, `list_of` and `stream_of` read a value as the
type a check needs, or as empty. `Refused` is what our own reader raises for bytes it does not
vouch for: the caller then reads the file with pypdf instead.
"""

from __future__ import annotations

from collections.abc import Callable
from math import log10
from typing import Any, NamedTuple


class Refused(Exception):
    """Bytes our own reader does not read exactly as pypdf would: read them with pypdf instead."""


class ReadError(Exception):
    """A PDF the checks cannot read (pdfread.guard turns it into a located PdfError)."""


class LimitError(ReadError):
    """A PDF over one of the readers' size limits."""


class Missing(ReadError):
    """A reference to an object the file lacks or cannot give (resolve reads it as None)."""


class Name(str):
    """A PDF name, with its slash: "/Type"."""


class Text(str):
    """A string that decodes as text; `raw` is its bytes as written."""

    raw: bytes

    def __new__(cls, value: str, raw: bytes = b"") -> Text:
        made = super().__new__(cls, value)
        made.raw = raw
        return made


class Bytes(bytes):
    """A string that does not decode as text; `str()` tries UTF-16, UTF-8, GBK, Latin-1 (as pypdf)."""

    def __str__(self) -> str:
        for encoding in ("utf-16", "utf-8", "gbk", "latin1"):
            try:
                return self.decode(encoding)
            except UnicodeDecodeError:
                pass
        return self.decode("latin1")  # pragma: no cover (Latin-1 decodes any bytes)


class Real(float):
    """A real number; it shows as pypdf writes it (eight significant digits, no trailing zeros)."""

    def __repr__(self) -> str:
        if float(self) == 0:
            return "0.0"
        digits = 8 - int(log10(abs(self)))
        return f"{self:.{max(1, digits)}f}".rstrip("0").rstrip(".")

    __str__ = __repr__


class Bool:
    """true or false; like pypdf's, the object itself is always true in a test (use `.value`)."""

    __slots__ = ("value",)

    def __init__(self, value: bool) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Bool):
            return self.value == other.value
        return isinstance(other, bool) and self.value == other

    def __hash__(self) -> int:
        return hash((Bool, self.value))

    def __repr__(self) -> str:
        return "True" if self.value else "False"


class Null:
    """null; like pypdf's, it is true in a test and is not None."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Null)

    def __hash__(self) -> int:
        return hash(Null)

    def __repr__(self) -> str:
        return "NullObject"


class Array(list[Any]):
    """A PDF array; its items as written (references stay references)."""


class Dictionary(dict[Any, Any]):
    """A PDF dictionary: `.get` gives an entry as written, `d[key]` resolves a reference."""

    def __getitem__(self, key: Any) -> Any:
        value = dict.__getitem__(self, key)
        return value.get_object() if isinstance(value, Ref) else value

    def raw_get(self, key: Any) -> Any:
        return dict.__getitem__(self, key)


class Stream(Dictionary):
    """A stream: its dictionary, and its data decoded when first asked for (by `decode`)."""

    def __init__(self, entries: dict[Any, Any], decode: Callable[[Stream], bytes]) -> None:
        super().__init__(entries)
        self._decode = decode
        self._data: bytes | None = None

    def get_data(self) -> bytes:
        if self._data is None:
            self._data = self._decode(self)
        return self._data


class Ref:
    """An indirect reference `number generation R`; `get_object()` asks its document."""

    __slots__ = ("document", "generation", "number")

    def __init__(self, number: int, generation: int, document: Any) -> None:
        self.number, self.generation, self.document = number, generation, document

    def get_object(self) -> Any:
        return self.document.resolve(self)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Ref)
            and (self.number, self.generation) == (other.number, other.generation)
            and self.document is other.document
        )

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash((self.number, self.generation, id(self.document)))

    def __repr__(self) -> str:
        return f"Ref({self.number}, {self.generation})"

    def __str__(self) -> str:
        return str(self.get_object())

    def __int__(self) -> int:
        return int(self.get_object())

    def __float__(self) -> float:
        return float(self.get_object())

    def __getitem__(self, key: Any) -> Any:
        return self.get_object()[key]

    def __contains__(self, key: Any) -> bool:
        return key in self.get_object()

    def __iter__(self) -> Any:
        return iter(self.get_object())


class Box(NamedTuple):
    """A page box: left, bottom, right, top, in points."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


class Page(Dictionary):
    """A page's dictionary (with what it inherits, as pypdf's page tree gives it), its reference
    (None for a page written inline), and what its reader says of its boxes and contents."""

    def __init__(self, entries: dict[Any, Any], ref: Ref | None, reader: PageReader) -> None:
        super().__init__(entries)
        self.ref = ref
        self.reader = reader
        self.ops: Any = None  # the content's operations, once contentops has read them

    @property
    def mediabox(self) -> Box:
        return self.reader.box(self, "/MediaBox")

    @property
    def trimbox(self) -> Box:
        return self.reader.box(self, "/TrimBox")

    @property
    def bleedbox(self) -> Box:
        return self.reader.box(self, "/BleedBox")

    def contents(self) -> bytes | None:
        """The drawing instructions (its streams joined, as pypdf joins them), or None when it has none."""
        return self.reader.contents(self)

    def extract_text(self, before: Any, text: Any) -> None:
        """pypdf's text extraction, calling `before` and `text` (only a page pypdf read can)."""
        self.reader.extract_text(self, before, text)


class PageReader:
    """What only the page's reader can say: boxes, contents, pypdf's text extraction."""

    def box(self, page: Page, name: str) -> Box:
        raise NotImplementedError

    def contents(self, page: Page) -> bytes | None:
        raise NotImplementedError

    def extract_text(self, page: Page, before: Any, text: Any) -> None:
        raise Refused("our own reader leaves this page's text to pypdf's extraction")


class Document:
    """A PDF as the checks read it: its pages, catalogue (`root`) and trailer."""

    pages: list[Page]
    trailer: Dictionary

    @property
    def root(self) -> Dictionary:
        raise NotImplementedError

    def resolve(self, ref: Ref) -> Any:
        raise NotImplementedError


def resolve(value: Any) -> Any:
    """The object a reference points to (None when it points nowhere); anything else as it is."""
    if isinstance(value, Ref):
        try:
            return value.get_object()
        except Missing:
            return None
    return value


def dict_of(value: Any) -> Dictionary:
    """Resolve a reference; anything that is not a dictionary reads as an empty one."""
    value = resolve(value)
    return value if isinstance(value, Dictionary) else Dictionary()


def list_of(value: Any) -> list[Any]:
    """Resolve a reference to an array; anything else reads as empty."""
    value = resolve(value)
    return list(value) if isinstance(value, list) else []


def stream_of(value: Any) -> Stream | None:
    """Resolve a reference to a stream; anything else (a number, a dictionary, nothing) reads as None."""
    value = resolve(value)
    return value if isinstance(value, Stream) else None
