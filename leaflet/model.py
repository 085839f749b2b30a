"""The leaflet model: frozen dataclasses passed from content to layout and checks.

Nothing here imports ReportLab. Every block and reference carries `.where`,
its place in the YAML, so later stages can point back at the content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path

from .budget import Budget
from .errors import Where
from .record import record

MAX_PAGES = 200  # a leaflet with more pages is not a leaflet: budgets and `leaflet check` stop there


@record
class Picture:
    """An image file, checked and re-encoded at print resolution (`images.load_picture`)."""

    name: str  # the file name as written
    data: bytes  # PNG or JPEG, made by us: safe and small to embed
    format: str  # "PNG" or "JPEG"
    width: int  # pixels
    height: int
    where: Where  # the `file:` or `logo:` value that names it


@record
class Span:
    """A run of inline text: plain or bold, a link, or a citation (text empty, keys set)."""

    text: str
    bold: bool = False
    href: str = ""
    cites: tuple[str, ...] = ()
    where: Where | None = field(default=None, compare=False)  # for citations: where the [@key] stands


@record
class Text:
    """Author text after inline parsing, with where it was written."""

    spans: tuple[Span, ...]
    where: Where

    def plain(self, numbers: Mapping[str, int]) -> str:
        """The words a reader sees, citations as [n]."""
        return "".join(cite_label(s.cites, numbers) if s.cites else s.text for s in self.spans)

    @property
    def links(self) -> tuple[str, ...]:
        return tuple(s.href for s in self.spans if s.href)


def cite_label(keys: tuple[str, ...], numbers: Mapping[str, int]) -> str:
    return "[" + ", ".join(str(numbers[k]) for k in keys) + "]"


@record
class Block:
    """Base of every block type; each type lives in `leaflet/blocks/`."""

    where: Where

    @property
    def label(self) -> str:
        """What checks call this block: 'paragraph', 'subheading', 'minor heading', ..."""
        return type(self).__name__.lower()


@record
class Section:
    heading: Text | None
    blocks: tuple[Block, ...]
    where: Where

    def name(self, numbers: Mapping[str, int]) -> str:
        return self.heading.plain(numbers) if self.heading else "the opening section"


@record
class Reference:
    key: str
    authors: tuple[str, ...]
    title: str
    source: str  # journal, publisher or institution
    year: str
    volume: str
    issue: str
    pages: str
    doi: str
    url: str
    where: Where

    @property
    def link(self) -> str:
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url

    def citation(self) -> str:
        """Vancouver style, built only from the fields given."""
        parts = []
        if self.authors:
            parts.append(_stop(", ".join(self.authors)))
        parts.append(_stop(self.title))
        where = self.source
        if self.year:
            where = f"{where} {self.year}".strip()
            if self.volume:
                where += f";{self.volume}"
                if self.issue:
                    where += f"({self.issue})"
            if self.pages:
                where += f":{self.pages}"
        if where:
            parts.append(_stop(where))
        return " ".join(parts)


def _stop(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


@record
class Placeholder:
    """Text that marks a leaflet as a draft (drafts.py): its field, the text, what it is, where it stands."""

    field: str  # e.g. 'leaflet.contact.phone', 'brand.contact.web', 'sections[2].blocks[0].paragraph'
    text: str
    kind: str  # 'a placeholder', 'an example domain', ...
    where: Where

    def line(self) -> str:
        return f"{self.where}: {self.field} has {self.kind}: '{self.text}'"


@record
class Contact:
    phone: str = ""
    email: str = ""
    web: str = ""
    address: str = ""

    def lines(self) -> list[tuple[str, str, str]]:
        """(label, shown text, link target) for each detail given."""
        out = []
        if self.phone:
            out.append(
                (
                    "Phone",
                    self.phone,
                    "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+"),
                )
            )
        if self.email:
            out.append(("Email", self.email, "mailto:" + self.email))
        if self.web:
            out.append(("Web", self.web, self.web))
        if self.address:
            out.append(("Address", self.address, ""))
        return out


@record
class Clinic:
    """A clinic that hands the leaflet out: its details are stamped into a fixed slot."""

    id: str
    name: str
    address: str
    phone: str
    email: str
    web: str
    hours: str
    logo: Picture | None
    where: Where
    field_where: Mapping[str, Where] = field(default_factory=dict)

    def lines(self) -> list[tuple[str, str, str]]:
        """(label, text, link) for each line of the clinic box, in order."""
        return [line for _, line in self.fields()]

    def fields(self) -> list[tuple[str, tuple[str, str, str]]]:
        """(YAML key, (label, text, link)) for each line of the clinic box, in order."""
        tel = "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")
        rows = [
            ("name", ("", self.name, "")),
            ("address", ("", self.address, "")),
            ("phone", ("Phone", self.phone, tel)),
        ]
        rows += [("email", ("Email", self.email, "mailto:" + self.email))] if self.email else []
        rows += [("web", ("Web", self.web, self.web))] if self.web else []
        rows += [("hours", ("Open", self.hours, ""))] if self.hours else []
        return rows

    @property
    def footer(self) -> str:
        return f"Your clinic: {self.name} · {self.phone}"

    def stamp_texts(self) -> list[str]:
        """Every text a stamp draws for this clinic: each box line, label and all, and the footer."""
        return [f"{label}: {text}" for label, text, _ in self.lines()] + [self.footer]


@record
class Brand:
    name: str
    primary: str  # title band and headings, hex
    accent: str  # call-out and key-point boxes, hex
    text: str  # body text, hex
    tint: str  # box background, hex
    logo: Picture | None
    body_font: str
    fallback_fonts: tuple[str, ...]  # tried in order for characters the body font lacks
    footer: str
    contact: Contact
    minsize: float  # smallest text allowed, pt (12 at least)
    where: Where
    footer_where: Where | None = None  # the `footer:` value
    cmyk: tuple[tuple[str, tuple[float, float, float, float]], ...] = ()  # print-shop values (0-1) by colour name
    placeholders: tuple[Placeholder, ...] = ()  # draft marks in the brand file (drafts.py)


@record
class Meta:
    title: str
    subtitle: str
    audience: str  # '' when not given: the band then shows no audience line
    language: str
    organisation: str
    version: str
    published: dt.date
    review: dt.date
    authors: tuple[str, ...]
    contact: Contact
    url: str
    pages: Budget  # page budget by variant key: 'A4', 'A5', 'large-print A4', ... (given or derived)
    keywords: tuple[str, ...]
    feedback: str
    maxkb: int  # email size budget
    readingage: int  # 0: report only
    brand: str  # name of content/brands/NAME.yaml
    where: Where
    title_where: Where | None = None  # the `title:` value
    review_where: Where | None = None  # the `review:` value
    fit: bool = False  # `fit: true`: step the type down to fit the page budget (copyfit.py)


@record
class Leaflet:
    meta: Meta
    sections: tuple[Section, ...]
    references: tuple[Reference, ...]  # in citation order, uncited last
    brand: Brand
    path: Path
    numbers: Mapping[str, int] = field(default_factory=dict)
    draft: tuple[Placeholder, ...] = ()  # what makes it a draft, in its file and its brand's: () when final

    @property
    def name(self) -> str:
        return self.path.stem
