"""Checks against the content: text fidelity, references, links, readability."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import wording
from ..blocks import BY_MODEL
from ..content import block_texts
from ..errors import Where
from ..markup import SCHEMES
from ..model import Clinic, Leaflet, Section
from ..pdfmodel import dict_of, list_of
from ..readability import measure_texts, total
from ..record import record
from ..textmatch import find, find_normal, normalise
from .core import Finding, Pdf, check

# Between units the PDF may show list bullets and list or reference numbers, nothing else.
_LABELS = re.compile(r"(?:[\u2022\u25cf\u25aa\u2013-]|\d{1,3}\.)")
_CITES = re.compile(r"\[(\d+(?:,\s\d+)*)\]")
CLOSEST_WITHIN = 20_000  # characters of page text searched for the text nearest a missing unit


@record
class Unit:
    """A piece of text the reader must find in the PDF, and where it came from."""

    text: str
    where: Where
    label: str


def units(leaflet: Leaflet, theme_clinic: bool = False, fitted_pt: float = 0) -> list[Unit]:
    """Every text unit of the content, in reading order, as it should read in the PDF
    (`fitted_pt`: the body size copyfitting chose, which the about block states)."""
    m, n = leaflet.meta, leaflet.numbers
    out = [Unit(m.title, m.where, "the title")]
    out += [Unit(line, m.where, "the subtitle or audience") for line in wording.band_lines(leaflet)]
    for section, block, text in block_texts(leaflet.sections):
        label = "the heading" if block is None else f"the {block.label}"
        out.append(Unit(text.plain(n), text.where, f"{label} in '{section.name(n)}'"))
    if theme_clinic:
        out.append(Unit(wording.YOUR_CLINIC, m.where, "the clinic box heading"))
    out.append(Unit(wording.ABOUT, m.where, "the about heading"))
    out += [Unit(line, m.where, "the about block") for line in wording.about_lines(leaflet, fitted_pt)]
    contact = wording.contact_of(leaflet).lines()
    out += [Unit(f"{label}: {shown}", m.where, "the contact details") for label, shown, _ in contact]
    out.append(Unit(wording.other_formats(leaflet), m.where, "the other-formats line"))
    if m.url:
        out.append(Unit(wording.online(leaflet), m.where, "the online-version line"))
    if leaflet.references:
        out.append(Unit(wording.REFERENCES, m.where, "the references heading"))
        out += [Unit(reference_line(leaflet, r.key), r.where, f"reference {n[r.key]}") for r in leaflet.references]
    return out


@record
class Wanted:
    """A unit as the checks look for it: `text` normalised, and `key` that again, as `find` takes it."""

    unit: Unit
    text: str
    key: str


def wanted(pdf: Pdf) -> list[Wanted]:
    """The units of the PDF's content (`units`), each normalised once for the checks that look for them."""
    assert pdf.leaflet is not None
    if pdf.units is None:
        every = units(pdf.leaflet, *unit_options(pdf))
        pdf.units = [Wanted(unit, text, normalise(text)) for unit in every for text in (normalise(unit.text),)]
    return pdf.units


def continued_titles(leaflet: Leaflet) -> set[str]:
    """What layout may add at the top of a page: a box's title, '(continued)', where the box goes on."""
    titles = (BY_MODEL[type(b)].title(b) for s in leaflet.sections for b in s.blocks)
    return {normalise(wording.continued(t.plain(leaflet.numbers))) for t in titles if t is not None}


def without_continued(pdf: Pdf) -> str:
    """The PDF's text with each page's leading continued box title taken out (only there, only those)."""
    assert pdf.leaflet is not None
    titles, pages = continued_titles(pdf.leaflet), list(pdf.page_texts)
    for index, page in enumerate(pages[1:], 1):
        for title in titles:
            span = find(page, title)
            if span and not page[: span[0]].strip():
                pages[index] = page[span[1] :]
                break
    return "\n".join(pages)


def reference_line(leaflet: Leaflet, key: str) -> str:
    ref = next(r for r in leaflet.references if r.key == key)
    return f"{leaflet.numbers[key]}. {ref.citation()} {ref.link}".strip()


def closest(haystack: str, want: str) -> str:
    """The stretch of `haystack` most like `want`, to show next to a missing unit."""
    haystack = haystack[:CLOSEST_WITHIN]  # the search is len(haystack) x len(want): keep a hostile PDF's text short
    if not haystack:
        return ""
    import difflib  # here: only a failing text check needs it, and a passing build is spared the import

    match = difflib.SequenceMatcher(None, haystack, want, autojunk=False).find_longest_match()
    start = max(0, match.a - match.b)
    return haystack[start : start + min(len(want), 70)]


@check("text", needs_content=True)
def text(pdf: Pdf) -> Finding:
    assert pdf.leaflet is not None
    if pdf.unmarked_pages:
        problem = f"page {pdf.unmarked_pages[0]} lacks the mark '{wording.DRAFT}' (the leaflet is a draft)"
        return Finding("text", False, "draft mark missing", problem, pdf.leaflet.draft[0].where)
    every, body = wanted(pdf), without_continued(pdf)
    if pdf.clinic:
        body, missing = without_clinic(body, pdf.clinic)
        if missing:
            return Finding("text", False, "clinic details", f"'{missing}' is not in the PDF", pdf.clinic.where)
    at, leftover = 0, []
    for count, (unit, want, key) in enumerate((w.unit, w.text, w.key) for w in every):
        span = find_normal(body, key, at)
        if span is None:
            state = "out of order" if find_normal(body, key) else "missing"
            near = " ".join(closest(body[at:], want).split())
            problem = f'{unit.label} is {state}: "{_clip(want)}"; closest text in the PDF: "{near}"'
            return Finding("text", False, f"{count}/{len(every)} units in order", problem, unit.where)
        leftover.append(body[at : span[0]])
        at = span[1]
    leftover.append(body[at:])
    stray = _LABELS.sub(" ", " ".join(leftover)).split()
    if stray:
        problem = f'text that comes from no content: "{_clip(" ".join(stray))}"'
        return Finding("text", False, f"{len(every)}/{len(every)} units, stray text", problem, pdf.leaflet.meta.where)
    return Finding("text", True, f"{len(every)}/{len(every)} units in order, no stray text")


def unit_options(pdf: Pdf) -> tuple[bool, float]:
    """What the theme adds to the units: the clinic box heading; the fitted type size."""
    theme = pdf.theme
    return bool(theme and theme.variant.clinic), theme.body_pt if theme and theme.fitted else 0


@check("references", needs_content=True)
def references(pdf: Pdf) -> Finding:
    leaflet = pdf.leaflet
    assert leaflet is not None
    refs = leaflet.references
    if not refs:
        return Finding("references", True, "none in the content")
    start = references_start(pdf.page_texts)
    if start is None:
        problem = f"no '{wording.REFERENCES}' heading on the last pages"
        return Finding("references", False, "", problem, leaflet.meta.where)
    page, begin, end = start
    tail, at = "\n".join([pdf.page_texts[page][end:], *pdf.page_texts[page + 1 :]]), 0
    for ref in refs:
        line = reference_line(leaflet, ref.key)
        span = find(tail, line, at)
        again = find(tail, line, span[1]) if span else None
        if span is None or again is not None:
            number = leaflet.numbers[ref.key]
            problem = f"reference {number} is {'missing or out of order' if span is None else 'listed twice'}"
            return Finding("references", False, f"{len(refs)} expected", problem, ref.where)
        at = span[1]
    if not find(pdf.page_texts[-1], reference_line(leaflet, refs[-1].key)):
        return Finding("references", False, "", "the last reference is not on the last page", leaflet.meta.where)
    body = "\n".join([*pdf.page_texts[:page], pdf.page_texts[page][:begin]])
    cited = {int(n) for group in _CITES.findall(body) for n in re.split(r",\s", group)}
    orphans = sorted(n for n in cited if not 1 <= n <= len(refs))
    if orphans:
        problem = f"citation [{orphans[0]}] in the text has no reference"
        return Finding("references", False, f"{len(refs)} listed", problem, leaflet.meta.where)
    pages = f"page {page + 1}" if page == len(pdf.page_texts) - 1 else f"pages {page + 1}-{len(pdf.page_texts)}"
    return Finding("references", True, f"{len(refs)} on {pages}, numbered 1-{len(refs)}, {len(cited)} cited")


def references_start(pages: list[str]) -> tuple[int, int, int] | None:
    """Where the references heading stands: its first line on the last page that has one (page index, start, end)."""
    heading = re.compile(rf"(?:^|\n){re.escape(wording.REFERENCES)}(?=\n|$)")
    for index in range(len(pages) - 1, -1, -1):
        found = list(heading.finditer(pages[index]))
        if found:
            return index, found[0].start(), found[0].end()
    return None


def without_clinic(body: str, clinic: Clinic) -> tuple[str, str]:
    """The page text with the stamped clinic lines taken out (they are drawn last on their page),
    or the first line that is missing."""
    at = 0
    for label, shown, _ in clinic.lines():
        span = find(body, f"{label}: {shown}" if label else shown, at)
        if span is None:
            return body, shown
        body = body[: span[0]] + " " * (span[1] - span[0]) + body[span[1] :]
        at = span[1]
    return body, ""


def expected_links(leaflet: Leaflet, clinic: Clinic | None = None) -> list[tuple[str, str, Where]]:
    """(URI, the text it stands on, where) for every link the content asks for."""
    out = [(link, shown, clinic.where) for _, shown, link in clinic.lines() if link] if clinic else []
    out += [(s.href, s.text, t.where) for _, _, t in block_texts(leaflet.sections) for s in t.spans if s.href]
    out += [(target, shown, leaflet.meta.where) for _, shown, target in wording.contact_of(leaflet).lines() if target]
    if leaflet.meta.url:
        out.append((leaflet.meta.url, leaflet.meta.url, leaflet.meta.where))
    out += [(r.link, r.link, r.where) for r in leaflet.references if r.link]
    return out


def link_uris(pdf: Pdf) -> Iterator[tuple[int, str]]:
    """(page index, URI) of every link annotation; a link with no URI gives ''."""
    for i, page in enumerate(pdf.document.pages):
        for ref in list_of(page.get("/Annots")):
            annot = dict_of(ref)
            if annot.get("/Subtype") == "/Link":
                yield i, str(dict_of(annot.get("/A")).get("/URI", ""))


@check("links", needs_content=False)
def links(pdf: Pdf) -> Finding:
    got = list(link_uris(pdf))
    for page, uri in got:
        if uri.split(":", 1)[0].lower() not in SCHEMES:
            return Finding("links", False, f"{len(got)} links", f"page {page + 1} has a link to '{uri}'")
    if pdf.leaflet is None:
        return Finding("links", True, f"{len(got)} links, all http/https/mailto/tel")
    want = expected_links(pdf.leaflet, pdf.clinic)
    for uri, shown, where in want:
        pages = {i for i, text in enumerate(pdf.page_texts) if find(text, shown)}
        if not any(page in pages and u == uri for page, u in got):
            problem = f"no link to {uri} on the page showing '{_clip(shown, 40)}'"
            return Finding("links", False, f"{len(want)} expected", problem, where)
    stray = [u for _, u in got if u not in {w[0] for w in want}]
    if stray:
        return Finding("links", False, f"{len(got)} links", f"a link points to {stray[0]}, which the content does not")
    return Finding("links", True, f"{len(want)}/{len(want)}")


@check("readability", needs_content=True)
def readability(pdf: Pdf) -> Finding:
    leaflet = pdf.leaflet
    assert leaflet is not None
    known: dict[str, int] = {}  # each word's syllables, counted once for the whole leaflet
    measured = [(measure_texts(prose(leaflet, (s,)), known), s) for s in leaflet.sections]
    whole = total(m for m, _ in measured)  # the sections' texts are the leaflet's: each measured once
    figure = f"Flesch {whole.ease:.0f}, reading age {whole.age:.0f}"
    worst = max((pair for pair in measured if pair[0].words), key=lambda pair: pair[0].age, default=measured[0])
    hardest = worst[1].name(leaflet.numbers)
    figure += f" (hardest section: '{hardest}', age {worst[0].age:.0f})"
    limit = leaflet.meta.readingage
    if limit and worst[0].age > limit:
        problem = f"'{hardest}' has reading age {worst[0].age:.0f}, above the leaflet's limit {limit}"
        return Finding("readability", False, figure, problem, worst[1].where)
    return Finding("readability", True, figure + ("" if limit else "; no limit set"))


def prose(leaflet: Leaflet, sections: tuple[Section, ...]) -> list[str]:
    """The running text of `sections`, one string per paragraph, list item or box line: not headings
    (labels, not sentences) and not table cells (data such as '10 mg')."""
    return [
        t.plain(leaflet.numbers)
        for _, block, t in block_texts(sections)
        if block is not None and BY_MODEL[type(block)].kind != "table"
    ]


def _clip(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
