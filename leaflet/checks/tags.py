"""Tagged PDF + content -> the `tags` finding: the structure tree, read back on its own, against the content.

With the tree and the pages' marked content as structure.py reads them, it proves:
every content unit is in the tagged text, in order, under its role; no text is
untagged, and no artifact and tagged content nest; the tree keeps the structure
rules of rules.py (standard types, headings, lists, tables); every Figure has /Alt;
every link annotation is an OBJR of a Link element that holds the link's text, and
has /Contents; the bookmarks are the H1 and H2 headings, in order; the catalogue says
Marked (not Suspects), Lang, DisplayDocTitle, dc:title and PDF/UA-1; and the parent
tree and the MCIDs on the pages agree both ways.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from ..pdfmodel import Document, dict_of, list_of, resolve, stream_of
from ..textmatch import find_normal, fold_lines, fold_positions, normalise
from .content import _clip, wanted
from .core import Finding, Pdf, check
from .rules import structure_problem
from .structure import Tagged, catalogue, element_texts, number_tree, outline, page_marks, read_tree, ref, tagged_text

SHOW = "/DisplayDocTitle"
OUTLINE = {"H1": 0, "H2": 1}  # the headings the bookmarks must be, and their outline depth
HEADINGS = ("H", "H1", "H2", "H3", "H4", "H5", "H6")
# The role a unit's text must stand in, by the unit's label (units() names them; others: any role).
ROLES = {
    "the title": ("H1",),
    "the subtitle or audience": ("P",),
    "the heading": ("H2",),
    "the paragraph": ("P",),
    "the subheading": ("H3", "H2"),  # H2 in a section without a heading (no level is skipped: rules.py)
    "the minor heading": ("H4", "H3"),
    "the bullets": ("LBody",),
    "the numbered": ("LBody",),
    "the callout": ("H3", "H2", "P", "LBody"),
    "the keypoints": ("H3", "H2", "LBody"),
    "the tableblock": ("TH", "TD", "Caption"),
    "the imageblock": ("Caption",),
    "the clinic box heading": ("H2",),
    "the about heading": ("H2",),
    "the references heading": ("H2",),
}
PDFUA = re.compile(r"pdfuaid:part(?:>\s*|=[\"'])1\b")


def catalogue_problem(document: Document) -> str:
    """What the catalogue lacks of PDF/UA-1's entries, or ''."""
    cat = catalogue(document)
    meta = stream_of(cat.get("/Metadata"))
    xmp = meta.get_data().decode("utf-8", "replace") if meta is not None else ""
    missing = [
        label
        for label, ok in (
            ("/MarkInfo << /Marked true >>", _true(dict_of(cat.get("/MarkInfo")).get("/Marked"))),
            ("/Lang", bool(str(resolve(cat.get("/Lang")) or "").strip())),
            ("/ViewerPreferences /DisplayDocTitle true", _true(dict_of(cat.get("/ViewerPreferences")).get(SHOW))),
            ("XMP metadata with pdfuaid:part 1", bool(PDFUA.search(xmp))),
            ("dc:title in the XMP metadata", "<dc:title" in xmp),
            ("/MarkInfo without /Suspects true", not _true(dict_of(cat.get("/MarkInfo")).get("/Suspects"))),
        )
        if not ok
    ]
    return f"the catalogue lacks {', '.join(missing)}" if missing else ""


def _true(value: Any) -> bool:
    """A PDF boolean that is true (pdfmodel.Bool; the object itself is always true in a test)."""
    return getattr(resolve(value), "value", None) is True or resolve(value) is True


def parent_tree_problem(document: Document, tree: Tagged, content: list[dict[int, str]]) -> str:
    """Where the MCIDs on the pages, the tree's marks and the parent tree disagree, or ''."""
    parents = number_tree(dict_of(catalogue(document).get("/StructTreeRoot")).get("/ParentTree"))
    owners = {(page, mcid): owner for owner, page, mcid in tree.marks}
    for index, page in enumerate(document.pages):
        on_page = set(content[index])
        in_tree = {mcid for page_index, mcid in owners if page_index == index}
        if on_page - in_tree:
            return f"page {index + 1}: MCID {min(on_page - in_tree)} is in no structure element"
        if in_tree - on_page:
            return f"page {index + 1}: the structure tree points at MCID {min(in_tree - on_page)}, which the page lacks"
        key = page.get("/StructParents")
        table = list_of(parents.get(key)) if isinstance(key, int) else []
        if on_page and not table:
            return f"page {index + 1} has no /StructParents entry in the parent tree"
        for mcid in sorted(on_page):
            listed = ref(table[mcid]) if mcid < len(table) else -1
            if listed != tree.refs[owners[(index, mcid)]]:
                return f"page {index + 1}: the parent tree gives MCID {mcid} another element than the tree does"
    return ""


def link_problem(document: Document, tree: Tagged, content: list[dict[int, str]]) -> str:
    """A link annotation outside a Link element, or whose Link holds none of its text, without
    /Contents, or on a page without /Tabs /S; or ''."""
    if tree.empty_links:
        return f"{tree.empty_links} Link element(s) hold no OBJR"
    texts = element_texts(tree, content)
    for index, page in enumerate(document.pages):
        annots = [a for a in list_of(page.get("/Annots")) if dict_of(a).get("/Subtype") == "/Link"]
        if annots and page.get("/Tabs") != "/S":
            return f"page {index + 1} has links but no /Tabs /S"
        for annot in annots:
            owner = tree.links.get(ref(annot), -1)
            target = _clip(str(dict_of(dict_of(annot).get("/A")).get("/URI", "")))
            if owner < 0 or tree.roles[owner] != "Link":
                return f"page {index + 1}: the link to {target} is in no Link element"
            if not normalise(texts.get(owner, "")):
                return f"page {index + 1}: the Link element of the link to {target} holds none of its text"
            if not str(dict_of(annot).get("/Contents", "")).strip():
                return f"page {index + 1}: a link annotation has no /Contents"
    return ""


def outline_problem(document: Document, tree: Tagged, content: list[dict[int, str]]) -> str:
    """Where the bookmarks are not the H1 (at the top) and H2 (under it) headings, in order, each to
    its heading's page; or ''."""
    texts = element_texts(tree, content)
    first_page = {}
    for owner, page, _ in reversed(tree.marks):
        first_page[owner] = page
    headings = [
        (OUTLINE[role], normalise(texts.get(index, "")), first_page.get(index, -1))
        for index, role in enumerate(tree.roles)
        if role in OUTLINE and normalise(texts.get(index, ""))
    ]
    marks = [(depth, normalise(title), page) for depth, title, page in outline(document)]
    for number, (want, got) in enumerate(zip(headings, marks, strict=False), 1):
        if want[1] != got[1]:
            return f'bookmark {number} is "{_clip(got[1])}", but heading {number} (H1/H2) is "{_clip(want[1])}"'
        if want[0] != got[0]:
            return f'bookmark {number} ("{_clip(got[1])}") is at outline level {got[0]}, not {want[0]}'
        if want[2] != got[2]:
            return f'bookmark {number} ("{_clip(got[1])}") goes to page {got[2] + 1}, not page {want[2] + 1}'
    if len(headings) != len(marks):
        more = headings[len(marks)] if len(headings) > len(marks) else marks[len(headings)]
        return f'{len(marks)} bookmarks for {len(headings)} H1/H2 headings; the first unmatched is "{_clip(more[1])}"'
    return ""


def owner_finder(starts: list[tuple[int, int]]) -> Callable[[int], int]:
    """A function from a position to the element whose text holds it (the last of the (start,
    element) pairs to start at or before it; -1 for none): a binary search over the starts, which
    are in order (else a scan)."""
    positions = [s for s, _ in starts]
    if positions != sorted(positions):
        return lambda at: next((o for s, o in reversed(starts) if s <= at), -1)
    owners = [o for _, o in starts]
    return lambda at: owners[i - 1] if (i := bisect_right(positions, at)) else -1


def units_problem(pdf: Pdf, tree: Tagged, content: list[dict[int, str]]) -> tuple[int, Finding | None]:
    """Every unit of the content in the tagged text, in order, under its role."""
    assert pdf.leaflet is not None
    every = wanted(pdf)
    raw, starts = tagged_text(tree, content)
    body, at = fold_lines(raw), 0
    owner = owner_finder(_refold(raw, starts))
    for count, (unit, text, key) in enumerate((w.unit, w.text, w.key) for w in every):
        if not text:
            continue  # nothing drawn (white space only), so no role to prove
        want = ROLES.get(unit.label.split(" in '")[0])
        span = later_in_role(tree, owner, body, key, want, find_normal(body, key, at))
        if span is None:
            problem = f'{unit.label} is not in the tagged text, in order: "{_clip(text)}"'
            return count, Finding("tags", False, f"{count}/{len(every)} units in order", problem, unit.where)
        roles = tree.ancestry(owner(span[0]))
        if want and not set(want) & set(roles):
            problem = f"{unit.label} is tagged {roles[0] if roles else 'nothing'}, not {' or '.join(want)}"
            return count, Finding("tags", False, f"{count}/{len(every)} units in order", problem, unit.where)
        at = span[1]
    return len(every), None


def later_in_role(
    tree: Tagged,
    owner: Callable[[int], int],
    body: str,
    text: str,
    want: tuple[str, ...] | None,
    span: tuple[int, int] | None,
) -> tuple[int, int] | None:
    """The first match of `text` (normalised) from `span` on whose element has a role `want`s (text can
    repeat); else `span`."""
    first, tries = span, 0
    while want and span and not set(want) & set(tree.ancestry(owner(span[0]))) and tries < 100:
        span, tries = find_normal(body, text, span[0] + 1), tries + 1
    return span or first


def _refold(raw: str, starts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Element starts moved from `raw` to positions in fold_lines(raw), all in one pass."""
    return list(zip(fold_positions(raw, [s for s, _ in starts]), [o for _, o in starts], strict=True))


@check("tags", needs_content=True)
def tags(pdf: Pdf) -> Finding:
    document = pdf.document
    where = pdf.leaflet.meta.where if pdf.leaflet else None
    tree = read_tree(document)
    content: list[dict[int, str]] = []
    untagged: list[tuple[int, str]] = []
    for index in range(len(document.pages)):
        by_mcid, loose, nesting = page_marks(pdf.page(index), pdf.unicode_maps)
        if nesting:
            return Finding("tags", False, f"{len(tree.roles)} elements", f"page {index + 1}: {nesting}", where)
        content.append(by_mcid)
        untagged += [(index, t) for t in loose]
    figure = f"{len(tree.roles)} elements"
    if problem := (tree.problems[0] if tree.problems else "") or catalogue_problem(document):
        return Finding("tags", False, figure, problem, where)
    if untagged:
        number, text = untagged[0]
        problem = f'{len(untagged)} untagged text run(s); the first on page {number + 1}: "{_clip(text.strip())}"'
        return Finding("tags", False, f"{figure}, {len(untagged)} untagged runs", problem, where)
    no_alt = [i for i, alt in tree.alts.items() if not alt]
    if no_alt:
        return Finding("tags", False, figure, f"{len(no_alt)} Figure element(s) without /Alt", where)
    if (
        problem := parent_tree_problem(document, tree, content)
        or link_problem(document, tree, content)
        or structure_problem(tree, content)
    ):
        return Finding("tags", False, figure, problem, where)
    count, failed = units_problem(pdf, tree, content)
    if failed:
        return failed
    if problem := outline_problem(document, tree, content):  # after the units: a mis-tagged heading is located
        return Finding("tags", False, figure, problem, where)
    return Finding("tags", True, f"{figure}, {count}/{count} units in order, 0 untagged runs")
