"""PDF bytes + Leaflet -> Report: every PDF proves itself (stage 5: check).

Each check reads the PDF back with pypdf and derives its expectation from the
content, never from our own layout objects. Findings point back at the YAML.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from . import wording
from .content import block_texts
from .errors import CheckFailed, Where
from .model import Leaflet
from .pdftext import body_text, normalise
from .theme import Theme

SUBSET = re.compile(r"^/?[A-Z]{6}\+")


@dataclass(frozen=True)
class Finding:
    check: str
    ok: bool
    figure: str
    problem: str = ""
    where: Where | None = None

    def line(self) -> str:
        state = "ok  " if self.ok else "FAIL"
        text = f"{state} {self.check:<10} {self.figure}"
        if not self.ok:
            text += f"\n     {self.where}: {self.problem}" if self.where else f"\n     {self.problem}"
        return text


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def get(self, check: str) -> Finding:
        return next(f for f in self.findings if f.check == check)

    def text(self) -> str:
        return "\n".join(f.line() for f in self.findings)

    def raise_if_failed(self) -> None:
        failed = [f for f in self.findings if not f.ok]
        if failed:
            first = failed[0]
            raise CheckFailed(
                f"{first.check} check failed: {first.problem}",
                first.where,
                hint=f"{len(failed)} check(s) failed; run 'leaflet check' on the PDF for the full report",
            )


@dataclass(frozen=True)
class Unit:
    """A piece of text the reader must find in the PDF, and where it came from."""

    text: str
    where: Where
    label: str


@dataclass
class Pdf:
    """A PDF under check, read once; page texts are computed on demand."""

    reader: PdfReader
    leaflet: Leaflet
    theme: Theme
    size: int
    _texts: dict[int, str] = field(default_factory=dict)

    @property
    def floor(self) -> float:
        return self.theme.margin_y + self.theme.footer_height

    def page_text(self, index: int) -> str:
        if index not in self._texts:
            self._texts[index] = normalise(body_text(self.reader.pages[index], self.floor))
        return self._texts[index]

    @cached_property
    def all_text(self) -> str:
        return " ".join(self.page_text(i) for i in range(len(self.reader.pages)))


def units(leaflet: Leaflet) -> list[Unit]:
    """Every text unit of the content, in reading order, as it should read in the PDF."""
    m, n = leaflet.meta, leaflet.numbers
    out = [
        Unit(m.title, m.where, "the title"),
        Unit(wording.band_subtitle(leaflet), m.where, "the subtitle"),
    ]
    for section, block, text in block_texts(leaflet.sections):
        label = "the heading" if block is None else f"the {type(block).__name__.lower()}"
        out.append(Unit(text.plain(n), text.where, f"{label} in '{section.name(n)}'"))
    out.append(Unit(wording.ABOUT, m.where, "the about heading"))
    out += [Unit(line, m.where, "the about block") for line in wording.about_lines(leaflet)]
    out += [
        Unit(f"{label}: {shown}", m.where, "the contact details")
        for label, shown, _ in wording.contact_of(leaflet).lines()
    ]
    if leaflet.references:
        out.append(Unit(wording.REFERENCES, m.where, "the references heading"))
        out += [Unit(reference_line(leaflet, r.key), r.where, f"reference {n[r.key]}") for r in leaflet.references]
    return out


def reference_line(leaflet: Leaflet, key: str) -> str:
    ref = next(r for r in leaflet.references if r.key == key)
    return f"{leaflet.numbers[key]}. {ref.citation()} {ref.link}".strip()


def expected_links(leaflet: Leaflet) -> list[str]:
    links = [href for _, _, t in block_texts(leaflet.sections) for href in t.links]
    links += [target for _, _, target in wording.contact_of(leaflet).lines() if target]
    links += [r.link for r in leaflet.references if r.link]
    return links


Check = Callable[[Pdf], Finding]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


@check
def pages(pdf: Pdf) -> Finding:
    count, budget = len(pdf.reader.pages), pdf.leaflet.meta.pages
    want = tuple(round(v) for v in pdf.theme.page)
    for i, page in enumerate(pdf.reader.pages):
        got = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        if got != want:
            return Finding(
                "pages",
                False,
                f"{count} pages",
                f"page {i + 1} is {got[0]}x{got[1]} pt, not {pdf.theme.size_name}",
            )
    ok = count <= budget
    return Finding(
        "pages",
        ok,
        f"{count}/{budget} pages {pdf.theme.size_name}",
        "" if ok else f"{count} pages, budget {budget}",
        pdf.leaflet.meta.where,
    )


@check
def text(pdf: Pdf) -> Finding:
    found, at = 0, 0
    all_units = units(pdf.leaflet)
    for unit in all_units:
        want = normalise(unit.text)
        pos = pdf.all_text.find(want, at)
        if pos < 0:
            elsewhere = pdf.all_text.find(want) >= 0
            problem = f'{unit.label} is {"out of order" if elsewhere else "missing"}: "{_clip(want)}"'
            return Finding("text", False, f"{found}/{len(all_units)} units", problem, unit.where)
        found, at = found + 1, pos + len(want)
    return Finding("text", True, f"{found}/{len(all_units)} units in order")


@check
def references(pdf: Pdf) -> Finding:
    refs = pdf.leaflet.references
    if not refs:
        return Finding("references", True, "none")
    last = pdf.page_text(len(pdf.reader.pages) - 1)
    if not last.startswith(wording.REFERENCES):
        return Finding(
            "references",
            False,
            "0 listed",
            "the last page does not start with 'References'",
            pdf.leaflet.meta.where,
        )
    at = 0
    for ref in refs:
        line = normalise(reference_line(pdf.leaflet, ref.key))
        pos = last.find(line, at)
        if pos < 0:
            return Finding(
                "references",
                False,
                f"{len(refs)} expected",
                f"reference {pdf.leaflet.numbers[ref.key]} is not on the last page in order",
                ref.where,
            )
        at = pos + len(line)
    return Finding("references", True, f"{len(refs)} on the last page, numbered 1-{len(refs)}")


def link_annotations(pdf: Pdf) -> Iterator[tuple[int, DictionaryObject]]:
    for i, page in enumerate(pdf.reader.pages):
        for annot in cast(list[Any], page.get("/Annots") or []):
            yield i, cast(DictionaryObject, annot.get_object())


def link_uris(pdf: Pdf) -> Iterator[tuple[int, str]]:
    """(page index, URI) of every link annotation."""
    for i, annot in link_annotations(pdf):
        action = cast(DictionaryObject, annot.get("/A") or DictionaryObject()).get_object()
        if annot.get("/Subtype") == "/Link" and "/URI" in action:
            yield i, str(action["/URI"])


@check
def links(pdf: Pdf) -> Finding:
    want = expected_links(pdf.leaflet)
    got = [uri for _, uri in link_uris(pdf)]
    missing = [u for u in want if u not in got]
    stray = [u for u in got if u not in want]
    if missing or stray:
        problem = (
            f"no link annotation for {missing[0]}"
            if missing
            else f"a link points to {stray[0]}, which the content does not name"
        )
        return Finding(
            "links",
            False,
            f"{len(want) - len(missing)}/{len(want)}",
            problem,
            pdf.leaflet.meta.where,
        )
    return Finding("links", True, f"{len(set(got))}/{len(set(want))}")


def fonts_used(pdf: Pdf) -> dict[str, DictionaryObject]:
    found: dict[str, DictionaryObject] = {}
    for page in pdf.reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in fonts.get_object().values() if fonts else []:
            font = ref.get_object()
            found[str(font.get("/BaseFont"))] = font
    return found


def _descriptor(font: DictionaryObject) -> DictionaryObject | None:
    if "/FontDescriptor" in font:
        desc = cast(DictionaryObject, font["/FontDescriptor"].get_object())
        return desc
    for child in font.get("/DescendantFonts") or []:
        return _descriptor(child.get_object())
    return None


@check
def fonts(pdf: Pdf) -> Finding:
    found = fonts_used(pdf)
    for name, font in found.items():
        desc = _descriptor(font)
        if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            return Finding("fonts", False, f"{len(found)} fonts", f"font {name} is not embedded")
        if not SUBSET.match(name):
            return Finding(
                "fonts",
                False,
                f"{len(found)} fonts",
                f"font {name} is embedded whole, not subset",
            )
    return Finding("fonts", True, f"{len(found)} fonts, all embedded and subset")


@check
def metadata(pdf: Pdf) -> Finding:
    m = pdf.leaflet.meta
    meta: dict[str, object] = dict(pdf.reader.metadata or {})
    root = pdf.reader.root_object
    prefs = root.get("/ViewerPreferences")
    wanted = {"/Title": m.title, "/Author": m.organisation}
    for key, value in wanted.items():
        if meta.get(key) != value:
            return Finding(
                "metadata",
                False,
                "",
                f"{key[1:].lower()} is {meta.get(key)!r}, not {value!r}",
                m.where,
            )
    if not meta.get("/Subject"):
        return Finding("metadata", False, "", "no subject", m.where)
    if str(root.get("/Lang", "")) != m.language:
        return Finding(
            "metadata",
            False,
            "",
            f"language is {root.get('/Lang')!r}, not {m.language!r}",
            m.where,
        )
    if not prefs or not prefs.get_object().get("/DisplayDocTitle"):
        return Finding(
            "metadata",
            False,
            "",
            "viewers would show the file name, not the title",
            m.where,
        )
    return Finding("metadata", True, f"title, author, subject, language {m.language}, title shown")


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def run_checks(pdf: bytes, leaflet: Leaflet, theme: Theme) -> Report:
    """Run every check on the PDF and return the findings."""
    doc = Pdf(PdfReader(io.BytesIO(pdf)), leaflet, theme, len(pdf))
    return Report(tuple(fn(doc) for fn in CHECKS))
