"""Every leaflet in content/: build it for real and check the PDF, read back with pypdf, against its content."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import LEAFLETS, Result, page_body, squash
from pypdf.generic import DictionaryObject

from leaflet import wording
from leaflet.content import block_texts, load_leaflet
from leaflet.model import Leaflet
from leaflet.textmatch import normalise

NORMALISERS: dict[str, Callable[[str], str]] = {"own": squash, "textmatch": normalise}
SUBSET = re.compile(r"^/[A-Z]{6}\+")
STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-BoldOblique",
    "Courier-Oblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-BoldOblique",
    "Helvetica-Oblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


def test_there_is_content() -> None:
    assert LEAFLETS, "content/ holds no leaflets"


@pytest.fixture(params=LEAFLETS, ids=[p.stem for p in LEAFLETS])
def result(request: pytest.FixtureRequest, built_content: Callable[[Path], Result]) -> Result:
    path: Path = request.param
    return built_content(path)


def expected_units(leaflet: Leaflet) -> list[str]:
    """The title, every text of every section in reading order, then every reference line."""
    units = [leaflet.meta.title]
    units += [text.plain(leaflet.numbers) for _, _, text in block_texts(leaflet.sections)]
    units += [reference_line(leaflet, i) for i in range(len(leaflet.references))]
    return units


def reference_line(leaflet: Leaflet, index: int) -> str:
    ref = leaflet.references[index]
    return f"{index + 1}. {ref.citation()} {ref.link}".strip()


def body_text(result: Result) -> str:
    return "\n".join(page_body(result, i) for i in range(len(result.reader.pages)))


def test_the_model_is_the_file(result: Result) -> None:
    """The leaflet the build used is the one load_leaflet reads from the file."""
    assert result.leaflet == load_leaflet(result.leaflet.path)


def test_page_count_within_budget(result: Result) -> None:
    count = len(result.reader.pages)
    assert 1 <= count <= result.leaflet.meta.pages["A4"]


@pytest.mark.parametrize("norm", list(NORMALISERS), ids=list(NORMALISERS))
def test_every_text_present_in_order(result: Result, norm: str) -> None:
    fold = NORMALISERS[norm]
    text = fold(body_text(result))
    at = 0
    for unit in expected_units(result.leaflet):
        want = fold(unit)
        assert want, "an empty unit would match anywhere"
        pos = text.find(want, at)
        if pos < 0:
            where = "out of order" if want in text else "missing"
            pytest.fail(f"{where} in the PDF text: {want!r}\nsearching after: {text[at : at + 200]!r}")
        at = pos + len(want)


def test_references_last_page(result: Result) -> None:
    """The references come last, under their heading: on the last page, or from the page the end matter ends on."""
    leaflet = result.leaflet
    if not leaflet.references:
        assert wording.REFERENCES not in outline_titles(result)
        return
    pages = [squash(page_body(result, i)) for i in range(len(result.reader.pages))]
    heading = f" {wording.REFERENCES} 1. "
    start = max(i for i, page in enumerate(pages) if heading in f" {page}")
    tail = " ".join(pages[start:])
    tail = tail[tail.rindex(f"{wording.REFERENCES} 1. ") :]
    # numbered 1..N in citation order
    assert sorted(leaflet.numbers.values()) == list(range(1, len(leaflet.references) + 1))
    assert [leaflet.numbers[r.key] for r in leaflet.references] == list(range(1, len(leaflet.references) + 1))
    at = 0
    for i in range(len(leaflet.references)):
        line = squash(reference_line(leaflet, i))
        pos = tail.find(line, at)
        assert pos >= 0, f"reference {i + 1} not under the references heading in order: {line!r}"
        at = pos + len(line)
    assert tail[at:].strip() == "", f"text after the references: {tail[at : at + 80]!r}"
    assert squash(reference_line(leaflet, len(leaflet.references) - 1)) in pages[-1]  # they end the leaflet
    # and no reference is printed before the references heading
    before = " ".join(pages[:start]) + pages[start][: pages[start].rindex(f"{wording.REFERENCES} 1. ")]
    for ref in leaflet.references:
        assert squash(ref.citation()) not in before, f"reference {ref.key} printed before the references"


def expected_links(leaflet: Leaflet) -> set[str]:
    links = {href for _, _, text in block_texts(leaflet.sections) for href in text.links}
    links |= {r.link for r in leaflet.references if r.link}
    contact = leaflet.meta.contact if leaflet.meta.contact.lines() else leaflet.brand.contact
    if contact.phone:
        links.add("tel:" + "".join(c for c in contact.phone if c.isdigit() or c == "+"))
    if contact.email:
        links.add("mailto:" + contact.email)
    if contact.web:
        links.add(contact.web)
    return links


def annotations(result: Result) -> Iterator[tuple[int, DictionaryObject]]:
    for i, page in enumerate(result.reader.pages):
        for annot in page.get("/Annots") or []:
            yield i, annot.get_object()


def test_links_are_uri_annotations(result: Result) -> None:
    want = expected_links(result.leaflet)
    got: list[str] = []
    for page, annot in annotations(result):
        assert annot.get("/Subtype") == "/Link", f"page {page + 1}: a {annot.get('/Subtype')} annotation"
        action = annot["/A"].get_object()
        assert action.get("/S") == "/URI", f"page {page + 1}: a link that is not a URI action: {action}"
        assert "/Dest" not in annot
        got.append(str(action["/URI"]))
    assert set(got) == want
    # every inline link is clickable on a page that shows its text
    pages_of: dict[str, set[int]] = {}
    for page, annot in annotations(result):
        pages_of.setdefault(str(annot["/A"].get_object()["/URI"]), set()).add(page)
    for _, _, text in block_texts(result.leaflet.sections):
        for span in text.spans:
            if span.href:
                shown = [squash(result.reader.pages[p].extract_text()) for p in sorted(pages_of[span.href])]
                assert any(squash(span.text) in s for s in shown), f"{span.href}: no page shows {span.text!r}"


def font_dicts(resources: Any) -> Iterator[DictionaryObject]:
    """Every font in a resource dictionary, including inside form XObjects."""
    if resources is None:
        return
    resources = resources.get_object()
    fonts = resources.get("/Font")
    for ref in (fonts.get_object().values()) if fonts else []:
        yield ref.get_object()
    xobjects = resources.get("/XObject")
    for ref in (xobjects.get_object().values()) if xobjects else []:
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            yield from font_dicts(xobject.get("/Resources"))


def descriptors(font: DictionaryObject) -> list[DictionaryObject]:
    if "/FontDescriptor" in font:
        return [font["/FontDescriptor"].get_object()]
    return [d for child in font.get("/DescendantFonts") or [] for d in descriptors(child.get_object())]


def test_fonts_embedded_and_subset(result: Result) -> None:
    seen = 0
    for number, page in enumerate(result.reader.pages, 1):
        fonts = list(font_dicts(page.get("/Resources")))
        assert fonts, f"page {number} uses no fonts"
        for font in fonts:
            seen += 1
            name = str(font.get("/BaseFont"))
            assert name.lstrip("/") not in STANDARD_14, f"page {number}: standard font {name}"
            assert "Helvetica" not in name, f"page {number}: {name}"
            assert SUBSET.match(name), f"page {number}: font {name} is not subset"
            descs = descriptors(font)
            assert descs, f"page {number}: font {name} has no descriptor"
            assert all("/FontFile2" in d for d in descs), f"page {number}: font {name} is not embedded"
    assert seen


def test_metadata(result: Result) -> None:
    meta = result.leaflet.meta
    info = result.reader.metadata
    assert info is not None
    assert info.title == meta.title
    assert info.author == meta.organisation
    assert str(result.reader.root_object.get("/Lang")) == meta.language
    prefs = result.reader.root_object["/ViewerPreferences"].get_object()
    assert prefs.get("/DisplayDocTitle") is not None
    assert bool(prefs["/DisplayDocTitle"]) is True


def flat_outline(items: list[Any]) -> Iterator[Any]:
    for item in items:
        if isinstance(item, list):
            yield from flat_outline(item)
        else:
            yield item


def outline_titles(result: Result) -> list[str]:
    return [str(item.title) for item in flat_outline(result.reader.outline)]


def test_outline(result: Result) -> None:
    leaflet = result.leaflet
    headings = [s.heading.plain(leaflet.numbers) for s in leaflet.sections if s.heading]
    # The title band is the bookmark for the start (the opening section has no heading).
    want = [leaflet.meta.title, *headings, wording.ABOUT]
    if leaflet.references:
        want.append(wording.REFERENCES)
    assert outline_titles(result) == want
    # each bookmark goes to the page that shows its heading
    for item in flat_outline(result.reader.outline):
        page = result.reader.get_destination_page_number(item)
        assert squash(str(item.title)) in squash(page_body(result, page)), f"{item.title!r} -> page {page + 1}"


def test_builds_are_byte_identical(result: Result, build_path: Callable[[Path], Result]) -> None:
    first = build_path(result.leaflet.path).pdf_path.read_bytes()
    second = build_path(result.leaflet.path).pdf_path.read_bytes()
    assert first == second
    assert first == result.pdf_path.read_bytes()


def test_footer_page_n_of_m(result: Result) -> None:
    total = len(result.reader.pages)
    title, _ = wording.footer_left(result.leaflet)
    for i, page in enumerate(result.reader.pages):
        text = squash(page.extract_text())
        assert re.findall(r"Page (\d+) of (\d+)", text) == [(str(i + 1), str(total))]
        assert squash(title) in text
