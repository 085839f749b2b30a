"""What an imported document is made of, before it is mapped to leaflet YAML (stage: import).

Frozen dataclasses, each located in the source: `structure` makes them from the element tree,
`mapping` turns them into YAML data. Every text is kept as the source wrote it, white space
folded as a browser folds it.
"""

from __future__ import annotations

from dataclasses import field

from ..errors import Where
from ..record import record
from .tree import Note


@record
class Run:
    """A run of inline text: plain or bold, and a link target (http, https, mailto, tel) or none."""

    text: str
    bold: bool = False
    href: str = ""


Inline = tuple[Run, ...]


def plain(text: Inline) -> str:
    return "".join(r.text for r in text)


@record
class Heading:
    level: int  # 1..6, as in <h1>..<h6>
    text: Inline
    where: Where


@record
class Para:
    text: Inline
    where: Where

    @property
    def all_bold(self) -> bool:
        return all(r.bold for r in self.text if r.text.strip())


@record
class Items:
    ordered: bool
    items: tuple[Inline, ...]
    where: Where
    item_where: tuple[Where, ...] = ()  # each item's <li>


@record
class Grid:
    caption: Inline
    header: tuple[Inline, ...]  # () when the table has no header row
    rows: tuple[tuple[Inline, ...], ...]
    where: Where


@record
class Figure:
    src: str  # as written in the source
    alt: str
    where: Where


@record
class Quote:
    """A <blockquote> or <aside>: the parts inside it."""

    tag: str
    parts: tuple[Part, ...]
    where: Where


Part = Heading | Para | Items | Grid | Figure | Quote


@record(frozen=False)
class Document:
    """An imported source: its parts in order, what its head says, and what the import noticed."""

    name: str  # the source file, as given
    parts: list[Part]
    title: str = ""  # <title>
    language: str = ""  # <html lang>
    meta: dict[str, str] = field(default_factory=dict)  # <meta name=... content=...>
    notes: list[Note] = field(default_factory=list)
