"""Located YAML data -> model.Leaflet (stage 2: content).

Every validation rule for a leaflet lives here or in its block's module:
required and unknown keys, types, block kinds, citation keys and numbering
(Vancouver: in order of first citation, uncited references after them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from types import MappingProxyType

from . import budget, drafts, markup, source, wording
from .blocks import BY_MODEL, SPECS
from .blocks.spec import inline
from .brand import load_brand, parse_contact
from .budget import Budget
from .errors import ContentError, Where
from .fields import Fields, suggest
from .model import MAX_PAGES, Block, Brand, Contact, Leaflet, Meta, Placeholder, Reference, Section, Text
from .source import Node

LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
KEY = re.compile(r"[A-Za-z0-9_:.-]+")
AUDIENCE_HINT = "say who the leaflet is for, e.g. 'Information for people with MS' (it is optional)"


def load_leaflet(path: str | Path, brand_path: str | Path | None = None, today: dt.date | None = None) -> Leaflet:
    """Read and validate a leaflet file and its brand; `today` (default: the clock's) dates the review."""
    path = Path(path)
    top = Fields(source.load(path), "leaflet file")
    meta_fields = top.fields("leaflet")
    assert meta_fields is not None
    meta = parse_meta(meta_fields)
    brand_node = meta_fields.get("brand")
    brand_file = Path(brand_path) if brand_path else path.parent / "brands" / f"{meta.brand}.yaml"
    if not brand_file.is_file():
        raise ContentError(
            f"brand file '{brand_file}' not found",
            brand_node.where if brand_node else meta_fields.where,
            hint=f"brands live in the 'brands' folder beside the leaflet ({path.parent / 'brands'}); "
            "'default' is the neutral one",
        )
    brand = load_brand(brand_file)
    sections = tuple(parse_section(n) for n in top.items("sections"))
    refs = tuple(parse_reference(n) for n in top.items("references", required=False))
    top.done()
    numbers, ordered = number_citations(sections, refs)
    marks = draft_marks(top.node, meta, brand, today or dt.date.today())
    return Leaflet(meta, sections, ordered, brand, path, numbers, marks)


def draft_marks(node: Node, meta: Meta, brand: Brand, today: dt.date) -> tuple[Placeholder, ...]:
    """What makes the leaflet a draft: placeholders in its file, in what it prints of its brand
    (the footer line; the contact details when the leaflet has none of its own), a past review date."""
    printed = ("brand.footer", "brand.contact.") if not meta.contact.lines() else ("brand.footer",)
    marks = [*drafts.scan(node, ""), *(p for p in brand.placeholders if p.field.startswith(printed))]
    if passed := drafts.review_passed(meta.review, meta.review_where or meta.where, today):
        marks.append(passed)
    return tuple(marks)


def parse_meta(f: Fields) -> Meta:
    language = f.text("language")
    if not LANGUAGE.fullmatch(language):
        raise ContentError(
            f"'{language}' is not a language tag",
            f.need("language").where,
            hint="e.g. en-GB, en-NZ, mi",
        )
    published, review = f.date("published"), f.date("review")
    if review <= published:
        raise ContentError(
            "the review date must come after the published date",
            f.need("review").where,
            hint=f"published is {published}; NHS trusts commonly review every 2 years",
        )
    url = f.optional_text("url")
    if url:
        markup.check_link(url, f.need("url").where)
    contact_fields = f.fields("contact", required=False)
    meta = Meta(
        title=f.text("title"),
        subtitle=f.optional_text("subtitle"),
        audience=f.optional_text("audience", empty=AUDIENCE_HINT),
        language=language,
        organisation=f.text("organisation"),
        version=f.text("version"),
        published=published,
        review=review,
        authors=tuple(t for t, _ in f.texts("authors")),
        contact=parse_contact(contact_fields) if contact_fields else Contact(),
        url=url,
        pages=parse_budget(f),
        keywords=tuple(t for t, _ in f.texts("keywords", required=False)),
        feedback=f.optional_text("feedback"),
        maxkb=f.integer("maxkb", default=1024),
        readingage=f.integer("readingage", default=0),
        brand=f.optional_text("brand", "default"),
        where=f.where,
        title_where=f.need("title").where,
        review_where=f.need("review").where,
        fit=switch(f, "fit"),
    )
    f.done()
    return meta


def switch(f: Fields, key: str) -> bool:
    """`key: true` or `key: false` (the default when absent)."""
    value = f.optional_text(key, "false")
    if value not in ("true", "false"):
        raise ContentError(f"'{key}' must be true or false, not '{value}'", f.need(key).where, hint=f"'{key}: true'")
    return value == "true"


BUDGET_KEYS = budget.KEYS


def parse_budget(f: Fields) -> Budget:
    """`pages: 5` (the A4 budget; every other variant's is derived from it, see budget.py) or
    budgets by variant: `pages: {A4: 5, A5: 8, large-print A4: 8}` (the others derived from A4)."""
    node = f.get("pages")
    if node is None or not isinstance(node.value, dict):
        return Budget(f.integer("pages", default=4, most=MAX_PAGES))
    budgets = Fields(node, "pages")
    for key in budgets.node.value:
        if key not in BUDGET_KEYS:
            raise ContentError(f"no page size '{key}'", budgets.key_where(key), hint=suggest(key, list(BUDGET_KEYS)))
    given = {key: budgets.integer(key, default=1, most=MAX_PAGES) for key in list(budgets.node.value)}
    budgets.done()
    return Budget(given.get("A4", 4), MappingProxyType(given))


def parse_section(node: Node) -> Section:
    f = Fields(node, "section")
    heading_node = f.get("heading")
    heading = inline(heading_node, "the heading") if heading_node else None
    blocks = tuple(parse_block(n) for n in f.items("blocks"))
    f.done()
    check_heading_levels(blocks)
    return Section(heading, blocks, node.where)


def check_heading_levels(blocks: tuple[Block, ...]) -> None:
    """A minor heading (H4) must follow a subheading (H3) in its section: headings never skip a level."""
    labels = [b.label for b in blocks]
    for index, block in enumerate(blocks):
        if block.label == "minor heading" and "subheading" not in labels[:index]:
            raise ContentError(
                "a minor heading must come after a subheading in its section",
                block.where,
                hint="make it a subheading (drop 'level: minor'), or put a subheading before it",
            )


def parse_block(node: Node) -> Block:
    """A block is a one-key mapping: `- KIND: value`."""
    if not isinstance(node.value, dict) or len(node.value) != 1:
        raise ContentError(
            "a block must be one 'kind: content' pair",
            node.where,
            hint=f"e.g. '- paragraph: Some text'; kinds: {', '.join(SPECS)}",
        )
    ((kind, value),) = node.value.items()
    spec = SPECS.get(kind)
    if spec is None:
        raise ContentError(
            f"unknown block type '{kind}'",
            node.key_where[kind],
            hint=suggest(kind, list(SPECS)),
        )
    return spec.parse(value)


def parse_reference(node: Node) -> Reference:
    f = Fields(node, "reference")
    key = f.text("key")
    if not KEY.fullmatch(key):
        raise ContentError(
            f"reference key '{key}' has odd characters",
            f.need("key").where,
            hint="letters, digits, - _ : . only",
        )
    doi, url = f.optional_text("doi"), f.optional_text("url")
    if doi:
        markup.check_doi(doi, f.need("doi").where)
    if url:
        markup.check_link(url, f.need("url").where)
    ref = Reference(
        key=key,
        authors=tuple(t for t, _ in f.texts("authors", required=False)),
        title=f.text("title"),
        source=f.optional_text("journal") or f.optional_text("publisher"),
        year=f.optional_text("year"),
        volume=f.optional_text("volume"),
        issue=f.optional_text("issue"),
        pages=f.optional_text("pages"),
        doi=doi,
        url=url,
        where=node.where,
    )
    f.done()
    return ref


def block_texts(
    sections: tuple[Section, ...],
) -> Iterator[tuple[Section, Block | None, Text]]:
    """Every author text in reading order: (section, block or None for the heading, text)."""
    for section in sections:
        if section.heading:
            yield section, None, section.heading
        for block in section.blocks:
            for text in BY_MODEL[type(block)].texts(block):
                yield section, block, text


def number_citations(
    sections: tuple[Section, ...], refs: tuple[Reference, ...]
) -> tuple[dict[str, int], tuple[Reference, ...]]:
    """Number references by first citation; refuse unknown and duplicate keys."""
    by_key: dict[str, Reference] = {}
    for ref in refs:
        if ref.key in by_key:
            raise ContentError(
                f"duplicate reference key '{ref.key}'",
                ref.where,
                hint=f"first used at {by_key[ref.key].where}",
            )
        by_key[ref.key] = ref
    numbers: dict[str, int] = {}
    for _, _, text in block_texts(sections):
        for span in text.spans:
            for key in span.cites:
                if key not in by_key:
                    raise ContentError(
                        f"unknown citation key '{key}'",
                        span.where or text.where,
                        hint=suggest(key, list(by_key)) if by_key else "add a 'references:' list with this key",
                    )
                numbers.setdefault(key, len(numbers) + 1)
    for key in by_key:
        numbers.setdefault(key, len(numbers) + 1)
    ordered = tuple(sorted(refs, key=lambda r: numbers[r.key]))
    return numbers, ordered


def located_texts(leaflet: Leaflet) -> Iterator[tuple[str, Where]]:
    """Every string the PDF will show, with where it came from (for glyph checks)."""
    m = leaflet.meta
    for shown in (m.title, *wording.band_lines(leaflet), *wording.footer_left(leaflet)):
        yield shown, m.where
    for _, _, text in block_texts(leaflet.sections):
        yield text.plain(leaflet.numbers), text.where
    for line in wording.about_lines(leaflet):
        yield line, m.where
    if leaflet.draft:
        yield wording.DRAFT, leaflet.draft[0].where
    for _, shown, _ in wording.contact_of(leaflet).lines():
        yield shown, m.where
    for ref in leaflet.references:
        yield ref.citation(), ref.where
    yield leaflet.brand.footer, leaflet.brand.where
