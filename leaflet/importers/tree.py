"""HTML text -> a located element tree (stage: import, parse).

Input: HTML text and the name of its file. Output: the root `Element`, each element located at
its start tag (line:col), and `Note`s naming what was dropped. The standard library's parser
reads the tags (measured against lxml, html5lib, selectolax and BeautifulSoup: the same text
units on real leaflets, and the only one that gives a column); this module adds the end tags a
browser infers (a <p> closed by the next block, an <li> by the next <li>) and drops what is
code or a control, not content: script, style, iframe, form and the like, with everything inside.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from html.parser import HTMLParser

from ..errors import ContentError, Where
from ..record import record

# Elements whose content never reaches the YAML: code, embedded documents, controls.
DROPPED = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "form",
        "object",
        "embed",
        "applet",
        "noscript",
        "template",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "button",
        "input",
        "select",
        "textarea",
        "dialog",
    ]
)
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]
)
# Starting one of these closes an open <p> (as a browser does).
CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
    ]
)
# tag -> (tags it closes when still open, tags that bound the search)
IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "table"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "thead", "tbody", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "thead": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "tbody": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "tfoot": (frozenset({"thead", "tbody", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
}
P_SCOPE = frozenset({"table", "li", "td", "th", "blockquote", "aside", "div", "section", "article"})
MAX_DEPTH = 200
LINE_ATTR = "data-source-line"  # set by the Markdown reader: the element's line in the .md file


@record(frozen=False)
class Element:
    tag: str
    attrs: dict[str, str]
    where: Where
    children: list[Element | str] = field(default_factory=list)

    def nodes(self) -> Iterator[Element | str]:
        """This element and everything in it, elements and text, in document order (without
        recursion: trees can be deep)."""
        stack: list[Element | str] = [self]
        while stack:
            node = stack.pop()
            yield node
            if isinstance(node, Element):
                stack.extend(reversed(node.children))

    def elements(self) -> Iterator[Element]:
        """This element and every element in it, in document order."""
        return (node for node in self.nodes() if isinstance(node, Element))

    def text(self) -> str:
        """All the text in it, as written."""
        return "".join(node for node in self.nodes() if isinstance(node, str))

    def find(self, tag: str) -> Element | None:
        """The first element named `tag` in document order (this one included)."""
        return next((e for e in self.elements() if e.tag == tag), None)

    def all(self, tag: str) -> list[Element]:
        """Every element named `tag` inside this one, in document order."""
        return [e for e in self.elements() if e.tag == tag and e is not self]


@record
class Note:
    """Something the importer dropped, inferred or changed, said where it stands in the source."""

    where: Where
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def parse_html(text: str, name: str, source_lines: str = "") -> tuple[Element, list[Note]]:
    """The element tree of `text`; `source_lines` names the file that `data-source-line` attributes count in."""
    builder = _Builder(name, source_lines)
    builder.feed(text)
    builder.close()
    return builder.root, builder.notes


class _Builder(HTMLParser):
    def __init__(self, name: str, source_lines: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name, self.source_lines = name, source_lines
        self.root = Element("#document", {}, Where(name, 1, 1))
        self.stack = [self.root]
        self.dropping: list[str] = []  # the dropped element we are inside, and any of its name nested in it
        self.notes: list[Note] = []

    def where(self, attrs: dict[str, str]) -> Where:
        if self.source_lines:
            number = attrs.get(LINE_ATTR, "")
            if number.isdigit():
                return Where(self.source_lines, int(number), 1)
            return self.stack[-1].where
        line, column = self.getpos()
        return Where(self.name, line, column + 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self.dropping:
            if tag == self.dropping[0] and tag not in VOID:
                self.dropping.append(tag)
            return
        where = self.where(values)
        if tag in DROPPED:
            self.notes.append(Note(where, f"dropped <{tag}> and everything in it: a leaflet holds text, not code"))
            if tag not in VOID:
                self.dropping.append(tag)
            return
        self.close_implied(tag)
        element = Element(tag, values, where)
        self.stack[-1].children.append(element)
        if tag not in VOID:
            if len(self.stack) > MAX_DEPTH:
                raise ContentError(
                    f"elements nested more than {MAX_DEPTH} deep", where, hint="a leaflet needs only a few levels"
                )
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and not self.dropping and self.stack[-1].tag == tag:
            self.stack.pop()
        elif self.dropping and self.dropping[-1] == tag:
            self.dropping.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[0]:
                self.dropping.pop()
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return
        # a stray end tag (</p> with no <p> open): browsers ignore it, and so do we

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.stack[-1].children.append(data)

    def close_implied(self, tag: str) -> None:
        if tag in CLOSES_P:
            self.close_open(frozenset({"p"}), P_SCOPE)
        if tag in IMPLIED:
            self.close_open(*IMPLIED[tag])

    def close_open(self, closes: frozenset[str], bounds: frozenset[str]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            name = self.stack[i].tag
            if name in closes:
                del self.stack[i:]
                return
            if name in bounds:
                return
