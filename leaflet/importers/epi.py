"""A FHIR ePI Type 1 Bundle (JSON text) -> its located element tree (stage: import, read ePI).

Input: the JSON text of the bundle and its file's name. Output: `(Element, [Note])`, the tree the
HTML importer reads (`structure`, `mapping`, `meta` then do for an ePI what they do for a page),
every element located in the JSON file: a narrative's elements at their own character inside the
escaped `text.div` string, a heading at its `title` string.

The mapping:
- The Bundle's first entry must be its Composition (FHIR document rules); else a located error.
- Composition.title -> <title> (the leaflet's title); Composition.language -> <html lang>.
- Each section, nested to any depth, in order: its `title` (or, when it has none, its code's
  display) -> <h2>, <h3>, <h4> by depth; then its `text.div` XHTML narrative, read by `tree`.
  Headings inside a narrative are moved below the section's heading, keeping their order of rank.
- A narrative that opens with a heading or paragraph reading exactly the section's title (white
  space folded; no image in it) repeats it: that element becomes the section's heading, and the
  title is not written again. Nothing is dropped: the two are the same text. Any other opening
  ("What is in this leaflet:" under "What is in this leaflet") is kept as is, after the title.
- The Composition's own `text` (a generated summary) and the other resources are not content.
- <meta>: `organisation` from the Organization the Composition's author names (the marketing-
  authorisation holder), `published` from Composition.date, `version` from Composition.version,
  `identifier` from the Bundle's (else the Composition's) identifier; `meta` says what maps where.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..errors import ContentError, Where
from .jsontree import Arr, Located, Obj, StringMap, Text, load
from .structure import fold
from .tree import Element, Note, parse_html

HINT = 'give an ePI document Bundle in FHIR JSON: {"resourceType": "Bundle", "entry": [Composition, ...]}'
HEADING = re.compile(r"h[1-6]")
FROM = {
    "organisation": "the Organization the Composition's author names (the marketing-authorisation holder)",
    "published": "the Composition's date",
    "version": "the Composition's version",
    "identifier": "the bundle's (else the Composition's) identifier, in a comment: a leaflet has no field for it",
}


def epi_tree(text: str, name: str) -> tuple[Element, list[Note]]:
    """The element tree of the bundle's Composition, and the notes of what was dropped or inferred."""
    located = load(text, name)
    bundle = located.value
    composition = _composition(bundle, located)
    notes: list[Note] = []
    here = located.where(composition.start)
    metadata = _metadata(bundle, composition)
    head = Element("head", {}, here, [_meta(k, v, located) for k, v in metadata.items()])
    for key, value in metadata.items():
        notes.append(Note(located.where(value.start + 1), f"leaflet {key} '{fold(value)}': {FROM[key]}"))
    if title := _text(composition, "title", located):
        head.children.append(Element("title", {}, located.where(title.start + 1), [str(title)]))
    body = Element("body", {}, here)
    for section, depth in _sections(composition, located):
        body.children += _section(section, depth, located, notes)
    language = _text(composition, "language", located)
    html = Element("html", {"lang": str(language or "")}, here, [head, body])
    return Element("#document", {}, Where(name, 1, 1), [html]), notes


def _fail(message: str, where: Where) -> ContentError:
    return ContentError(message, where, hint=HINT)


def _composition(bundle: Any, located: Located) -> Obj:
    if not isinstance(bundle, Obj):
        raise _fail("not a FHIR Bundle: the JSON is not an object", located.where(0))
    kind = bundle.get("resourceType")
    if kind != "Bundle":
        at = kind.start if isinstance(kind, Text) else bundle.start
        raise _fail(f"not a FHIR Bundle (resourceType: {kind!r})", located.where(at))
    entries = bundle.get("entry")
    first = entries[0] if isinstance(entries, Arr) and entries else None
    resource = first.get("resource") if isinstance(first, Obj) else None
    if not isinstance(resource, Obj) or resource.get("resourceType") != "Composition":
        near = resource if isinstance(resource, Obj) else first if isinstance(first, Obj) else entries
        raise ContentError(
            "the Bundle's first entry is not a Composition",
            located.where(near.start if isinstance(near, (Obj, Arr)) else bundle.start),
            hint="an ePI is a FHIR document Bundle: its first entry is the Composition holding the leaflet's text",
        )
    return resource


def _text(obj: Obj, key: str, located: Located) -> Text | None:
    """obj[key] when it is text; None when absent; a located error when it is something else."""
    value = obj.get(key)
    if value is None or isinstance(value, Text):
        return value
    at = value.start if isinstance(value, (Obj, Arr)) else obj.start
    raise _fail(f"'{key}' is not text", located.where(at))


def _sections(composition: Obj, located: Located) -> list[tuple[Obj, int]]:
    """Every section, depth first in document order, with its depth (0 for the Composition's own)."""
    out: list[tuple[Obj, int]] = []
    stack = [(s, 0) for s in reversed(_children(composition, located))]
    while stack:  # no recursion: sections nest as deep as the JSON does
        section, depth = stack.pop()
        out.append((section, depth))
        stack += [(s, depth + 1) for s in reversed(_children(section, located))]
    return out


def _children(obj: Obj, located: Located) -> list[Obj]:
    sections = obj.get("section")
    if sections is None:
        return []
    if not isinstance(sections, Arr) or not all(isinstance(s, Obj) for s in sections):
        at = sections.start if isinstance(sections, (Obj, Arr)) else obj.start
        raise _fail("'section' is not a list of sections", located.where(at))
    return list(sections)


def _section(section: Obj, depth: int, located: Located, notes: list[Note]) -> list[Element | str]:
    """A section's heading and narrative, the narrative's opening taking the heading's place when it repeats it."""
    level = min(2 + depth, 6)
    title = _title(section, located, notes)
    narrative = _narrative(section, level, located, notes)
    heading = Element(f"h{level}", {}, located.where(title.start + 1), [str(title)]) if title else None
    if narrative is None:
        return [heading] if heading else []
    opening = _opening(narrative)
    repeats = opening is not None and opening.find("img") is None and fold(opening.text()) == fold(title or "")
    if heading and opening is not None and repeats:
        opening.tag = heading.tag
        notes.append(
            Note(opening.where, f"the narrative opens with its section's title '{fold(title or '')}': written once")
        )
        return [narrative]
    return [heading, narrative] if heading else [narrative]


def _title(section: Obj, located: Located, notes: list[Note]) -> Text | None:
    """The section's title; else its code's display (said in a note); else none."""
    title = _text(section, "title", located)
    if title and title.strip():
        return title
    code = section.get("code")
    if not isinstance(code, Obj):
        return None
    codings = code.get("coding")
    displays = [c.get("display") for c in codings if isinstance(c, Obj)] if isinstance(codings, Arr) else []
    for display in [*displays, code.get("text")]:
        if isinstance(display, Text) and display.strip():
            where = located.where(display.start + 1)
            notes.append(Note(where, f"a section with no title: its code's '{fold(display)}' heads it"))
            return display
    return None


def _narrative(section: Obj, level: int, located: Located, notes: list[Note]) -> Element | None:
    """The section's text.div read as HTML, each element located in the JSON file; headings below `level`."""
    text = section.get("text")
    if text is None:
        return None
    if not isinstance(text, Obj):
        raise _fail("a section's 'text' is not a narrative (an object with 'div')", located.where(section.start))
    div = _text(text, "div", located)
    if div is None:
        return None
    place = _placer(div, located)
    try:
        root, dropped = parse_html(str(div), located.name)
    except ContentError as e:
        raise ContentError(e.message, place(e.where or Where(located.name, 1, 1)), hint=e.hint) from None
    for element in root.elements():
        element.where = place(element.where)
    notes += [Note(place(n.where), n.message) for n in dropped]
    wrapper = Element("div", {}, located.where(div.start), root.children)
    _lower_headings(wrapper, level, notes)
    return wrapper


def _placer(div: Text, located: Located) -> Callable[[Where], Where]:
    """A place in the decoded narrative (line:col as the HTML parser counts) -> its place in the JSON file."""
    strings = StringMap(located.text, div.start)
    starts = [0] + [m.end() for m in re.finditer("\n", div)]

    def place(where: Where) -> Where:
        line = min(max(where.line, 1), len(starts))
        return located.where(strings.offset(starts[line - 1] + max(where.column, 1) - 1))

    return place


def _lower_headings(narrative: Element, level: int, notes: list[Note]) -> None:
    """Headings in a narrative go below its section's: each moved down alike, so their order of rank stays."""
    headings = [e for e in narrative.elements() if e is not narrative and HEADING.fullmatch(e.tag)]
    if not headings:
        return
    shift = level + 1 - min(int(h.tag[1]) for h in headings)
    if shift <= 0:
        return
    for h in headings:
        h.tag = f"h{min(6, int(h.tag[1]) + shift)}"
    notes.append(Note(headings[0].where, f"headings in the narrative moved down {shift} level(s), below its section's"))


def _opening(narrative: Element) -> Element | None:
    """The narrative's first block when it is a heading or a paragraph (looking into wrapping divs)."""
    node = narrative
    while True:
        first = next((c for c in node.children if not (isinstance(c, str) and not c.strip())), None)
        if not isinstance(first, Element):
            return None
        if first.tag == "div":
            node = first
            continue
        return first if first.tag == "p" or HEADING.fullmatch(first.tag) else None


def _meta(name: str, value: Text, located: Located) -> Element:
    return Element("meta", {"name": name, "content": str(value)}, located.where(value.start + 1))


def _metadata(bundle: Obj, composition: Obj) -> dict[str, Text]:
    """What the bundle says of the leaflet: the holder's name, the date, version and identifier."""
    found: dict[str, Text | None] = {
        "organisation": _holder(bundle, composition),
        "published": _date(composition.get("date")),
        "version": _plain(composition.get("version")),
        "identifier": _identifier(bundle.get("identifier")) or _identifier(composition.get("identifier")),
    }
    return {k: v for k, v in found.items() if v is not None and v.strip()}


def _plain(value: Any) -> Text | None:
    return value if isinstance(value, Text) else None


def _date(value: Any) -> Text | None:
    if not isinstance(value, Text) or not re.match(r"\d{4}-\d{2}-\d{2}", value):
        return None
    day = Text(value[:10])
    day.start = value.start
    return day


def _identifier(value: Any) -> Text | None:
    first = value[0] if isinstance(value, Arr) and value else value
    return _plain(first.get("value")) if isinstance(first, Obj) else None


def _holder(bundle: Obj, composition: Obj) -> Text | None:
    """The name of the Organization the Composition's author references (else the author's display)."""
    authors = composition.get("author")
    for author in authors if isinstance(authors, Arr) else []:
        if not isinstance(author, Obj):
            continue
        reference = _plain(author.get("reference"))
        for entry in bundle.get("entry") or []:
            resource = entry.get("resource") if isinstance(entry, Obj) else None
            if not isinstance(resource, Obj) or resource.get("resourceType") != "Organization" or not reference:
                continue
            if reference in (entry.get("fullUrl"), f"Organization/{resource.get('id')}"):
                return _plain(resource.get("name"))
        if display := _plain(author.get("display")):
            return display
    return None
