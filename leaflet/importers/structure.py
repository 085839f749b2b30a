"""Element tree -> Document of located parts (stage: import, structure).

Input: the root `Element` from `tree.parse_html`. Output: a `parts.Document`: headings,
paragraphs, lists, tables, images and quotes in source order, with the head's title, language
and meta. Containers (div, section, main...) are read through; a <br> ends a paragraph (and is
a space in a heading, list item or cell); nested lists are flattened into their parent, said in
a note; links keep their text, and their target only when it is http, https, mailto or tel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import markup
from ..errors import ContentError, Where
from .embedded import shown
from .parts import Document, Figure, Grid, Heading, Inline, Items, Para, Part, Quote, Run
from .tree import Element, Note

INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "big",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "font",
        "i",
        "img",
        "ins",
        "kbd",
        "label",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strike",
        "strong",
        "sub",
        "sup",
        "time",
        "tt",
        "u",
        "var",
        "wbr",
    ]
)
BOLD = frozenset({"b", "strong"})
HEADINGS = {f"h{n}": n for n in range(1, 7)}
SKIPPED = frozenset({"head", "title", "meta", "link", "base", "hr"})
SPACES = re.compile(r"[ \t\n\r\f]+")
BREAK = "\n"  # a <br> inside collected runs, before paragraphs are split at it


def read_document(root: Element, name: str, notes: list[Note]) -> Document:
    """The parts of the page, and what its head says."""
    doc = Document(name, [], notes=notes)
    html = root.find("html")
    doc.language = html.attrs.get("lang", "").strip() if html else ""
    title = root.find("title")
    doc.title = fold(title.text()) if title else ""
    for meta in root.all("meta"):
        key = meta.attrs.get("name", "").strip().lower()
        if key and meta.attrs.get("content", "").strip():
            doc.meta[key] = fold(meta.attrs["content"])
    doc.parts = _Walker(doc.notes).blocks(root)
    return doc


def fold(text: str) -> str:
    return SPACES.sub(" ", text).strip(" ")


def normalise(runs: list[Run]) -> Inline:
    """Join runs as a browser shows them: white space folded, none at either end, like runs merged."""
    out: list[Run] = []
    for run in runs:
        text = SPACES.sub(" ", run.text)
        if out and out[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not out and text.startswith(" "):
            text = text[1:]
        if not text:
            continue
        if out and (out[-1].bold, out[-1].href) == (run.bold, run.href):
            out[-1] = Run(out[-1].text + text, run.bold, run.href)
        else:
            out.append(Run(text, run.bold, run.href))
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip(" "):
            out.append(Run(last.text.rstrip(" "), last.bold, last.href))
            break
    return tuple(out)


class _Walker:
    def __init__(self, notes: list[Note]) -> None:
        self.notes = notes

    def note(self, where: Where, message: str) -> None:
        self.notes.append(Note(where, message))

    def blocks(self, element: Element) -> list[Part]:
        """The parts inside a container, inline runs between blocks read as paragraphs."""
        parts: list[Part] = []
        pending: list[Element | str] = []
        for child in element.children:
            if isinstance(child, str) or child.tag in INLINE:
                pending.append(child)
                continue
            parts += self.paragraphs(pending, element.where)
            pending = []
            parts += self.block(child)
        return parts + self.paragraphs(pending, element.where)

    def block(self, el: Element) -> list[Part]:
        if el.tag in SKIPPED:
            return []
        if el.tag in HEADINGS:
            return [Heading(HEADINGS[el.tag], self.inline([el]), el.where)]
        if el.tag in ("ul", "ol"):
            return [self.items(el)]
        if el.tag == "table":
            return [self.grid(el)]
        if el.tag in ("blockquote", "aside"):
            return [Quote(el.tag, tuple(self.blocks(el)), el.where)]
        if el.tag in ("p", "li", "td", "th", "dt", "dd", "pre", "caption", "figcaption", "summary"):
            return self.paragraphs(el.children, el.where)
        return self.blocks(el)  # a container: div, section, main, header, footer, nav, dl...

    def paragraphs(self, nodes: list[Element | str], where: Where) -> list[Part]:
        """Inline content as paragraphs: a <br> ends one, an image stands between two."""
        out: list[Part] = []
        line: list[Run] = []
        for item in self.runs(nodes, False, "", where):
            if isinstance(item, Figure):
                out += self.para(line, where)
                out.append(item)
                line = []
            elif item.text == BREAK:
                out += self.para(line, where)
                line = []
            else:
                line.append(item)
        return out + self.para(line, where)

    def para(self, runs: list[Run], where: Where) -> list[Part]:
        text = normalise(runs)
        return [Para(text, where)] if text else []

    def inline(self, nodes: list[Element | str], where: Where | None = None) -> Inline:
        """Inline content as one text: a <br> or a nested block reads as a space; images are noted."""
        runs: list[Run] = []
        for item in self.runs(nodes, False, "", where or Where("", 0, 0)):
            if isinstance(item, Figure):
                self.note(
                    item.where,
                    f"image '{shown(item.src)}' inside a heading, list item or cell left out (alt: {item.alt})",
                )
            else:
                runs.append(Run(" ", item.bold, item.href) if item.text == BREAK else item)
        return normalise(runs)

    def runs(self, nodes: list[Element | str], bold: bool, href: str, where: Where) -> Iterator[Run | Figure]:
        for node in nodes:
            if isinstance(node, str):
                yield Run(node, bold, href)
            elif node.tag == "br":
                yield Run(BREAK)
            elif node.tag == "img":
                yield self.figure(node)
            elif node.tag in SKIPPED:
                continue
            else:
                inner = self.target(node) if node.tag == "a" else href
                if node.tag not in INLINE:
                    yield Run(" ", bold, href)
                yield from self.runs(node.children, bold or node.tag in BOLD, inner, node.where)
                if node.tag not in INLINE:
                    yield Run(" ", bold, href)

    def figure(self, img: Element) -> Figure:
        src, alt = img.attrs.get("src", "").strip(), fold(img.attrs.get("alt", ""))
        if not alt:
            raise ContentError(
                f"image '{shown(src)}' has no alt text",
                img.where,
                hint='add alt="what the picture shows" to it (in Word: right-click it, View Alt Text); '
                "a leaflet image must say what it shows",
            )
        return Figure(src, alt, img.where)

    def target(self, a: Element) -> str:
        """The link target to keep: http, https, mailto or tel, well formed; else none, said in a note."""
        href = a.attrs.get("href", "").strip()
        if not href:
            return ""
        if href.startswith("#"):
            self.note(a.where, f"in-page link '{href}': kept its text, dropped the target")
            return ""
        scheme = href.split(":", 1)[0].lower() if ":" in href else ""
        if scheme not in markup.SCHEMES:
            self.note(a.where, f"link '{href}' is not http, https, mailto or tel: kept its text, dropped the target")
            return ""
        try:
            return markup.check_link(href, a.where)
        except ContentError as e:
            self.note(a.where, f"{e.message}: kept its text, dropped the target")
            return ""

    def items(self, el: Element) -> Items:
        items: list[Inline] = []
        wheres: list[Where] = []
        for li in el.children:
            if not isinstance(li, Element):
                continue
            nested = [c for c in li.children if isinstance(c, Element) and c.tag in ("ul", "ol")]
            text = self.inline([c for c in li.children if c not in nested], li.where)
            if text:
                items.append(text)
                wheres.append(li.where)
            for sub in nested:
                self.note(sub.where, "a list inside a list item: its items follow their parent's, in one list")
                inner = self.items(sub)
                items += inner.items
                wheres += inner.item_where
        return Items(el.tag == "ol", tuple(items), el.where, tuple(wheres))

    def grid(self, table: Element) -> Grid:
        caption = table.find("caption")
        rows = [tr for tr in table.all("tr")]
        cells = [[c for c in tr.children if isinstance(c, Element) and c.tag in ("td", "th")] for tr in rows]
        cells = [row for row in cells if row]
        headed = bool(cells) and (
            (table.find("thead") is not None and cells[0][0] in text_cells(table.find("thead")))
            or all(c.tag == "th" for c in cells[0])
        )
        texts = [tuple(self.inline([c], c.where) for c in row) for row in cells]
        header, body = (texts[0], texts[1:]) if headed else ((), texts)
        return Grid(self.inline([caption], caption.where) if caption else (), header, tuple(body), table.where)


def text_cells(element: Element | None) -> list[Element]:
    return [] if element is None else element.all("td") + element.all("th")
