"""Document parts -> leaflet YAML data (stage: import, map). The one place the mapping lives.

Input: a `parts.Document`. Output: `Mapped`: the leaflet as plain data (dicts, lists, text) in
the order the YAML will have it, and notes saying what was inferred or changed. h1 -> title;
h2 -> section; h3 -> subheading; h4-h6 -> minor heading; ul/ol -> bullets/numbered; table ->
table; img -> image; blockquote/aside -> callout. A call-out is inferred from a paragraph wholly
in bold that starts with one of CALLOUT_WORDS; every inference is printed.

It maps to the schema of issue 9: minor headings, tables without a header row, and call-outs
with or without a title, holding paragraphs and lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import field
from typing import Any

from ..errors import Where
from ..record import record
from .parts import Document, Figure, Grid, Heading, Inline, Items, Para, Part, Quote, Run, plain
from .text import author_text
from .tree import Note

CALLOUT_WORDS = ("Do not", "Don't", "Don\u2019t", "Stop", "Warning", "Caution", "Important", "Never", "Call 999")
_CALLOUT = re.compile("(" + "|".join(re.escape(w) for w in CALLOUT_WORDS) + r")\b")
EMPTY_CELL = "[Placeholder: empty cell]"

Data = dict[str, Any]


@record(frozen=False)
class Mapped:
    title: str  # the h1's text ("" if none)
    sections: list[Data]
    notes: list[Note] = field(default_factory=list)


Placer = Callable[[str, Where], "str | None"]  # an image's src -> the file the YAML names, or None
Checker = Callable[[str], str]  # a text -> what stops it being drawn ("" when nothing does)


def map_document(doc: Document, place: Placer = lambda src, where: src, check: Checker = lambda t: "") -> Mapped:
    """The sections of the leaflet, in source order; the first <h1> is the title."""
    return _Mapper(doc, place, check).run()


class _Mapper:
    def __init__(self, doc: Document, place: Placer, check: Checker) -> None:
        self.doc, self.place, self.check = doc, place, check
        self.out = Mapped("", [])
        self.blocks: list[Data] = []
        self.heading: str | None = None
        self.heading_where = Where(doc.name)
        self.box: Data | None = None  # a call-out inferred from the paragraph before, which a list may join
        self.after_sub = False  # a subheading came earlier in this section (a minor heading may follow)

    def note(self, where: Where, message: str) -> None:
        self.out.notes.append(Note(where, message))

    def run(self) -> Mapped:
        for part in self.doc.parts:
            self.part(part)
        self.close_section()
        return self.out

    def text(self, runs: Inline, where: Where) -> str:
        written, dropped = author_text(runs)
        for message in dropped:
            self.note(where, message)
        if problem := self.check(plain(runs)):
            self.note(where, f"{problem}: the build will stop here until it is replaced or a font has it")
        return written

    def part(self, part: Part) -> None:
        box, self.box = self.box, None
        if box is not None and isinstance(part, Items) and part.items:
            box["body"] = [{"numbered" if part.ordered else "bullets": self.items(part)}]
            return
        if isinstance(part, Heading):
            self.heading_part(part)
        elif isinstance(part, Para):
            self.blocks.append(self.para(part))
        elif isinstance(part, Items):
            if part.items:
                self.blocks.append({"numbered" if part.ordered else "bullets": self.items(part)})
        elif isinstance(part, Grid):
            self.blocks += self.grid(part)
        elif isinstance(part, Figure):
            file = self.place(part.src, part.where)
            self.blocks += [{"image": {"file": file, "alt": part.alt}}] if file else []
        else:
            self.blocks += self.quote(part)

    def items(self, part: Items) -> list[str]:
        return [self.text(t, w) for t, w in zip(part.items, part.item_where, strict=True)]

    def heading_part(self, h: Heading) -> None:
        words = self.text(h.text, h.where)
        if not words:
            return
        if h.level == 1 and not self.out.title:
            self.out.title = plain(h.text)  # the title is plain text, not inline markup: no escapes, no bold
            if any(r.href for r in h.text):
                self.note(h.where, "the <h1>'s link is not kept: the title is plain text")
            return
        if h.level <= 2:
            if h.level == 1:
                self.note(h.where, "a second <h1>: written as a section heading")
            self.close_section()
            self.heading, self.heading_where = words, h.where
            return
        if h.level == 3 or not self.after_sub:
            if h.level > 3:  # a minor heading must follow a subheading in its section
                self.note(h.where, f"<h{h.level}> written as a subheading (no h3 before it)")
            self.after_sub = True
            self.blocks.append({"subheading": words})
            return
        self.blocks.append({"subheading": {"text": words, "level": "minor"}})

    def close_section(self) -> None:
        if not self.blocks:
            if self.heading is not None:  # a heading with nothing under it before the next one
                self.note(
                    self.heading_where, f"the heading '{self.heading}' has nothing under it: written as a subheading"
                )
                self.blocks.append({"subheading": self.heading})
                self.heading = None
            else:
                return
        section: Data = {"heading": self.heading} if self.heading is not None else {}
        section["blocks"] = self.blocks
        if self.heading is None and self.out.sections:  # blocks before any heading but the first: join the last
            self.out.sections[-1]["blocks"] += self.blocks
        else:
            self.out.sections.append(section)
        self.blocks, self.heading, self.after_sub = [], None, False

    def para(self, p: Para) -> Data:
        words = self.text(p.text, p.where)
        signal = _CALLOUT.match(plain(p.text).lstrip())
        if p.all_bold and signal:
            rule = f"a paragraph wholly in bold starting '{signal.group()}'"
            self.note(p.where, f"call-out inferred ({rule}): style warning, a list right after it in its body")
            self.box = {"title": author_text(unbold(p.text))[0], "style": "warning"}
            return {"callout": self.box}
        return {"paragraph": words}

    def grid(self, g: Grid) -> list[Data]:
        def cell(c: Inline) -> str:
            if plain(c):
                return self.text(c, g.where)
            self.note(g.where, f"an empty table cell: written as '{EMPTY_CELL}' (a leaflet table cell holds text)")
            return EMPTY_CELL

        width = max(len(r) for r in (g.header, *g.rows))
        rows = [[cell(c) for c in r] + [EMPTY_CELL] * (width - len(r)) for r in g.rows]
        if any(len(r) < width for r in g.rows):
            self.note(g.where, "table rows of different lengths (colspan?): short rows padded with placeholders")
        table: Data = {"caption": self.text(g.caption, g.where)} if g.caption else {}
        if g.header:  # a header cell wholly in bold (as Word's header rows are) is bold as a header already
            header = [tuple(Run(r.text, False, r.href) for r in c) if all(r.bold for r in c) else c for c in g.header]
            table["header"] = [cell(c) for c in header] + [EMPTY_CELL] * (width - len(g.header))
        if not rows:
            return [{"bullets": table["header"]}] if "header" in table else []
        table["rows"] = rows
        return [{"table": table}]

    def quote(self, q: Quote) -> list[Data]:
        """A <blockquote> or <aside> as a call-out when the schema can hold what is in it, else its blocks."""
        inner = _Mapper(Document(self.doc.name, list(q.parts)), self.place, self.check)
        for part in q.parts:
            inner.part(part)
        self.out.notes += inner.out.notes
        blocks, box = inner.blocks, {}
        first = q.parts[0] if q.parts else None
        if blocks and "subheading" in blocks[0]:
            box["title"] = blocks[0]["subheading"]
        elif isinstance(first, Para) and first.all_bold:
            box["title"] = author_text(unbold(first.text))[0]
        rest = blocks[1:] if box else blocks
        allowed = ("paragraph", "bullets", "numbered")
        if rest:
            box["body"] = [b.get("paragraph", b) for b in rest]
        if all(next(iter(b)) in allowed for b in rest) and box:
            self.note(
                q.where, f"<{q.tag}> written as a call-out" + (f" titled '{box['title']}'" if "title" in box else "")
            )
            return [{"callout": box}]
        self.note(
            q.where,
            f"<{q.tag}> kept as ordinary blocks: it holds more than a call-out can",
        )
        return blocks


def unbold(runs: Inline) -> Inline:
    return tuple(Run(r.text, False, r.href) for r in runs)


__all__ = ["Mapped", "Run", "map_document"]
