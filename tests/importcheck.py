"""What `leaflet import`'s tests share: a source's units, read independently of the importer, and
the checks that they reach the YAML and the built text once each, in order.

The expected units are read with the standard library's HTML parser (markdown-it first for
Markdown): every heading, paragraph (a <br> ends one), list item, table cell and caption, and
every http/https/mailto/tel link, in source order.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from conftest import DEFAULT_BRAND
from markdown_it import MarkdownIt

from leaflet import cli
from leaflet.content import block_texts, load_leaflet

SOURCES = Path(__file__).parent / "sources" / "import"
# a div: the bare text in it reads as a paragraph
UNIT_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "caption", "div"}
SKIP = {"script", "style", "head", "title"}
SPACE = re.compile(r"[ \t\n\r\f]+")


class Units(HTMLParser):
    """Text units and link targets of an HTML page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[str] = []
        self.links: list[str] = []
        self.open: list[list[str]] = []  # the text of each unit element open now
        self.tags: list[str] = []  # and its tag
        self.skipping = 0

    def flush(self) -> None:
        if self.open:
            text = SPACE.sub(" ", "".join(self.open[-1])).strip(" ")
            if text:
                self.units.append(text)
            self.open[-1] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIP:
            self.skipping += 1
        elif tag in UNIT_TAGS:
            if tag == "p" and self.tags[-1:] == ["p"]:
                self.flush()
                self.open.pop()  # an unclosed <p> ends where the next block starts
                self.tags.pop()
            self.flush()
            self.open.append([])
            self.tags.append(tag)
        elif tag == "br" and self.open:
            self.open[-1].append(" ")
        href = dict(attrs).get("href") or ""
        if tag == "a" and re.match(r"(https?|mailto|tel):", href):
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP:
            self.skipping -= 1
        elif tag in self.tags:
            while self.tags:  # close it, and any unit left open inside it
                self.flush()
                self.open.pop()
                if self.tags.pop() == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.open and not self.skipping:
            self.open[-1].append(data)


def source_units(path: Path) -> tuple[list[str], list[str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = MarkdownIt("commonmark").enable("table").render(text)
    return html_units(text)


def html_units(text: str) -> tuple[list[str], list[str]]:
    """The text units and link targets of an HTML text, in order."""
    # a <br> ends a paragraph but is a space in a heading, item or cell: split paragraphs first
    pieces: list[str] = []
    for chunk in re.split(r"(<p[ >].*?</p>)", text, flags=re.S):
        pieces.append(re.sub(r"<br\s*/?>", "</p><p>", chunk) if chunk.startswith("<p") else chunk)
    units = Units()
    units.feed("".join(pieces))
    units.close()
    return units.units, units.links


def imported(source: Path, folder: Path) -> Path:
    (folder / "brands").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEFAULT_BRAND, folder / "brands" / "default.yaml")
    target = folder / f"{source.stem}.yaml"
    assert cli.main(["import", str(source), "-o", str(target)]) == 0
    return target


def model_stream(yaml_path: Path) -> tuple[list[str], list[str]]:
    leaflet = load_leaflet(yaml_path)
    texts = [leaflet.meta.title] + [t.plain(leaflet.numbers) for _, _, t in block_texts(leaflet.sections)]
    links = [href for _, _, t in block_texts(leaflet.sections) for href in t.links]
    return texts, links


def consume(units: list[str], texts: list[str]) -> None:
    """Each unit found after the last, in order; nothing but white space left over (so none twice, none invented)."""
    stream = "\n".join(t for t in texts if not re.fullmatch(r"\[Placeholder: [^]]*\]", t))  # marked, not text
    at, left = 0, []
    for unit in units:
        found = stream.find(unit, at)
        assert found >= 0, f"missing or out of order: {unit!r} (after {stream[max(0, at - 60) : at]!r})"
        left.append(stream[at:found])
        at = found + len(unit)
    left.append(stream[at:])
    extra = [piece for piece in left if piece.strip()]
    assert not extra, f"text in the YAML that is no source unit: {extra[:3]}"


def text_holds(text_file: Path, units: list[str], links: list[str]) -> None:
    """The `--text` output holds every unit in order, and each link's target after its text."""
    text = SPACE.sub(" ", text_file.read_text(encoding="utf-8"))
    for url in links:  # the text output spells each link's target after its text, unless the text is the target
        assert f" ({url})" in text or url in text, url
        text = text.replace(f" ({url})", "")
    at = 0
    for unit in units:
        found = text.find(unit, at)
        assert found >= 0, f"not in the --text output, in order: {unit!r}"
        at = found + len(unit)
