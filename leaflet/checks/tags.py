"""The tags check: the PDF's structure tree, read back on its own, against the content.

This reader knows nothing of how tags.py wrote the tree. It walks /StructTreeRoot
(element dictionaries, MCIDs, MCRs, OBJRs), reads every page's content marking each
text run with the MCID it is drawn in (or as an artifact, or untagged), and proves:
every content unit is in the tagged text, in order, under its role; no text is
untagged; every Figure has /Alt; every link annotation is an OBJR of a Link element
and has /Contents; the catalogue says Marked, Lang, DisplayDocTitle and PDF/UA-1; and
the parent tree and the MCIDs on the pages agree both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pypdf import PageObject, PdfReader

from ..pdfread import dict_of, list_of, resolve, stream_of
from ..pdftext import find, fold_lines, normalise
from .content import _clip, units
from .core import Finding, Pdf, check

SHOW = "/DisplayDocTitle"
MAX_ELEMENTS = 100_000  # a hostile tree cannot make the walk run for ever
HEADINGS = ("H", "H1", "H2", "H3", "H4", "H5", "H6")
# The role a unit's text must stand in, by the unit's label (units() names them; others: any role).
ROLES = {
    "the title": ("H1",),
    "the subtitle or audience": ("P",),
    "the heading": ("H2",),
    "the paragraph": ("P",),
    "the subheading": ("H3",),
    "the bullets": ("LBody",),
    "the numbered": ("LBody",),
    "the callout": ("H3", "P", "LBody"),
    "the keypoints": ("H3", "LBody"),
    "the tableblock": ("TH", "TD", "Caption"),
    "the imageblock": ("Caption",),
    "the clinic box heading": ("H2",),
    "the about heading": ("H2",),
    "the references heading": ("H2",),
}
PDFUA = re.compile(r"pdfuaid:part(?:>\s*|=[\"'])1\b")


@dataclass
class Tagged:
    """What the structure tree says: elements in order, and each leaf mark's place."""

    roles: list[str] = field(default_factory=list)  # element index -> role
    parents: list[int] = field(default_factory=list)  # element index -> its parent's (-1: the root)
    refs: list[int] = field(default_factory=list)  # element index -> its object number
    alts: dict[int, str] = field(default_factory=dict)  # Figure element index -> /Alt
    marks: list[tuple[int, int, int]] = field(default_factory=list)  # (element, page, mcid) in tree order
    links: list[int] = field(default_factory=list)  # object numbers of annotations Link elements point to
    empty_links: int = 0  # Link elements with no OBJR
    problems: list[str] = field(default_factory=list)


def read_tree(reader: PdfReader) -> Tagged:
    """Walk the structure tree depth first, in /K order; each mark belongs to its enclosing element."""
    out = Tagged()
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages) if p.indirect_reference}
    root = catalogue(reader).get("/StructTreeRoot")
    if root is None:
        out.problems.append("the PDF has no structure tree (/StructTreeRoot)")
        return out
    role_map = dict_of(dict_of(root).get("/RoleMap"))
    seen: set[int] = set()
    stack: list[tuple[Any, int, int]] = [(k, -1, -1) for k in reversed(kids(dict_of(root)))]
    while stack and len(out.roles) < MAX_ELEMENTS:
        kid, page, owner = stack.pop()
        node = resolve(kid)
        if isinstance(node, int):
            out.marks.append((owner, page, node))
            continue
        node = dict_of(node)
        if node.get("/Type") == "/MCR":
            out.marks.append((owner, pages.get(_ref(node.get("/Pg")), page), int(node.get("/MCID", -1))))
        elif node.get("/Type") == "/OBJR":
            out.links.append(_ref(node.get("/Obj")))
        elif "/S" in node and _ref(kid) not in seen:
            seen.add(_ref(kid))
            role = str(node["/S"]).lstrip("/")
            role = str(role_map.get("/" + role, role)).lstrip("/")
            index = len(out.roles)
            out.roles.append(role)
            out.parents.append(owner)
            out.refs.append(_ref(kid))
            if role == "Figure":
                out.alts[index] = str(node.get("/Alt", "")).strip()
            children = kids(node)
            if role == "Link" and not any(dict_of(c).get("/Type") == "/OBJR" for c in children):
                out.empty_links += 1
            own = pages.get(_ref(node.get("/Pg")), page)
            stack += [(c, own, index) for c in reversed(children)]
    return out


def catalogue(reader: PdfReader) -> Any:
    """The document catalogue, found as pypdf finds it (by /Type when the trailer's /Root is no reference)."""
    return dict_of(reader.root_object)


def kids(node: Any) -> list[Any]:
    k = node.get("/K")
    return list_of(k) if isinstance(resolve(k), list) else ([] if k is None else [k])


def _ref(value: Any) -> int:
    return int(getattr(value, "idnum", -1))


def page_marks(page: PageObject) -> tuple[dict[int, str], list[str]]:
    """A page's text by MCID (every MCID the content marks, with or without text), and the
    text runs drawn outside any MCID or artifact."""
    by_mcid: dict[int, str] = {}
    untagged: list[str] = []
    stack: list[tuple[str, int | None]] = []

    def before(op: bytes, args: list[Any], cm: Any, tm: Any) -> None:
        if op in (b"BDC", b"BMC"):
            props = dict_of(args[1]) if op == b"BDC" and len(args) > 1 else {}
            mcid = props.get("/MCID") if isinstance(props.get("/MCID"), int) else None
            stack.append((str(args[0]) if args else "", mcid))
            if mcid is not None:
                by_mcid.setdefault(mcid, "")
        elif op == b"EMC" and stack:
            stack.pop()

    def text(t: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if any(tag == "/Artifact" for tag, _ in stack):
            return
        mcid = next((m for _, m in reversed(stack) if m is not None), None)
        if mcid is None:
            if t.strip():
                untagged.append(t)
            return
        by_mcid[mcid] = by_mcid.get(mcid, "") + t

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return by_mcid, untagged


def catalogue_problem(reader: PdfReader) -> str:
    """What the catalogue lacks of PDF/UA-1's entries, or ''."""
    cat = catalogue(reader)
    meta = stream_of(cat.get("/Metadata"))
    xmp = meta.get_data().decode("utf-8", "replace") if meta is not None else ""
    missing = [
        label
        for label, ok in (
            ("/MarkInfo << /Marked true >>", _true(dict_of(cat.get("/MarkInfo")).get("/Marked"))),
            ("/Lang", bool(str(resolve(cat.get("/Lang")) or "").strip())),
            ("/ViewerPreferences /DisplayDocTitle true", _true(dict_of(cat.get("/ViewerPreferences")).get(SHOW))),
            ("XMP metadata with pdfuaid:part 1", bool(PDFUA.search(xmp))),
        )
        if not ok
    ]
    return f"the catalogue lacks {', '.join(missing)}" if missing else ""


def _true(value: Any) -> bool:
    """A PDF boolean that is true (pypdf reads one as a BooleanObject)."""
    return getattr(resolve(value), "value", None) is True or resolve(value) is True


def number_tree(node: Any, depth: int = 0) -> dict[int, Any]:
    """A number tree's keys and values (/Nums, and /Kids to a sane depth)."""
    node, out = dict_of(node), {}
    nums = list_of(node.get("/Nums"))
    out.update({int(k): v for k, v in zip(nums[::2], nums[1::2], strict=False) if isinstance(k, int)})
    for kid in list_of(node.get("/Kids")) if depth < 8 else []:
        out.update(number_tree(kid, depth + 1))
    return out


def parent_tree_problem(reader: PdfReader, tree: Tagged, content: list[dict[int, str]]) -> str:
    """Where the MCIDs on the pages, the tree's marks and the parent tree disagree, or ''."""
    parents = number_tree(dict_of(catalogue(reader).get("/StructTreeRoot")).get("/ParentTree"))
    owners = {(page, mcid): owner for owner, page, mcid in tree.marks}
    for index, page in enumerate(reader.pages):
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
            listed = _ref(table[mcid]) if mcid < len(table) else -1
            if listed != tree.refs[owners[(index, mcid)]]:
                return f"page {index + 1}: the parent tree gives MCID {mcid} another element than the tree does"
    return ""


def link_problem(reader: PdfReader, tree: Tagged) -> str:
    """A link annotation outside a Link element, without /Contents, or on a page without /Tabs /S; or ''."""
    if tree.empty_links:
        return f"{tree.empty_links} Link element(s) hold no OBJR"
    linked = set(tree.links)
    for index, page in enumerate(reader.pages):
        annots = [a for a in list_of(page.get("/Annots")) if dict_of(a).get("/Subtype") == "/Link"]
        if annots and page.get("/Tabs") != "/S":
            return f"page {index + 1} has links but no /Tabs /S"
        for annot in annots:
            if _ref(annot) not in linked:
                return f"page {index + 1}: a link annotation is in no Link element"
            if not str(dict_of(annot).get("/Contents", "")).strip():
                return f"page {index + 1}: a link annotation has no /Contents"
    return ""


def tagged_text(tree: Tagged, content: list[dict[int, str]]) -> tuple[str, list[tuple[int, int]]]:
    """The tagged text in tree order (elements a line apart), and (start, element) of each element's text."""
    parts: list[str] = []
    starts: list[tuple[int, int]] = []
    size, last = 0, -2
    for owner, page, mcid in tree.marks:
        text = content[page].get(mcid, "") if 0 <= page < len(content) else ""
        if owner != last:
            parts.append("\n")
            size += 1
            starts.append((size, owner))
            last = owner
        parts.append(text)
        size += len(text)
    return "".join(parts), starts


def role_at(tree: Tagged, starts: list[tuple[int, int]], at: int) -> list[str]:
    """The roles of the element whose text holds position `at`, and of its ancestors."""
    owner = next((o for s, o in reversed(starts) if s <= at), -1)
    roles: list[str] = []
    while 0 <= owner < len(tree.roles) and len(roles) < 64:
        roles.append(tree.roles[owner])
        owner = tree.parents[owner]
    return roles


def units_problem(pdf: Pdf, tree: Tagged, content: list[dict[int, str]]) -> tuple[int, Finding | None]:
    """Every unit of the content in the tagged text, in order, under its role."""
    assert pdf.leaflet is not None
    every = units(pdf.leaflet, bool(pdf.theme and pdf.theme.variant.clinic))
    raw, starts = tagged_text(tree, content)
    body, at = fold_lines(raw), 0
    starts = _refold(raw, starts)
    for count, unit in enumerate(every):
        if not normalise(unit.text):
            continue  # nothing drawn (white space only), so no role to prove
        span = find(body, normalise(unit.text), at)
        span = later_in_role(tree, starts, body, unit, span)
        if span is None:
            problem = f'{unit.label} is not in the tagged text, in order: "{_clip(normalise(unit.text))}"'
            return count, Finding("tags", False, f"{count}/{len(every)} units in order", problem, unit.where)
        want = ROLES.get(unit.label.split(" in '")[0])
        roles = role_at(tree, starts, span[0])
        if want and not set(want) & set(roles):
            problem = f"{unit.label} is tagged {roles[0] if roles else 'nothing'}, not {' or '.join(want)}"
            return count, Finding("tags", False, f"{count}/{len(every)} units in order", problem, unit.where)
        at = span[1]
    return len(every), None


def later_in_role(
    tree: Tagged, starts: list[tuple[int, int]], body: str, unit: Any, span: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The first match from `span` on whose element has the unit's role (text can repeat); else `span`."""
    want = ROLES.get(unit.label.split(" in '")[0])
    first, tries = span, 0
    while want and span and not set(want) & set(role_at(tree, starts, span[0])) and tries < 100:
        span, tries = find(body, normalise(unit.text), span[0] + 1), tries + 1
    return span or first


def _refold(raw: str, starts: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Element starts moved from `raw` to positions in fold_lines(raw)."""
    return [(len(fold_lines(raw[:s] + "x")) - 1, o) for s, o in starts]


@check("tags", needs_content=True)
def tags(pdf: Pdf) -> Finding:
    reader = pdf.reader
    where = pdf.leaflet.meta.where if pdf.leaflet else None
    tree = read_tree(reader)
    content: list[dict[int, str]] = []
    untagged: list[tuple[int, str]] = []
    for index, page in enumerate(reader.pages):
        by_mcid, loose = page_marks(page)
        content.append(by_mcid)
        untagged += [(index, t) for t in loose]
    figure = f"{len(tree.roles)} elements"
    if problem := (tree.problems[0] if tree.problems else "") or catalogue_problem(reader):
        return Finding("tags", False, figure, problem, where)
    if untagged:
        number, text = untagged[0]
        problem = f'{len(untagged)} untagged text run(s); the first on page {number + 1}: "{_clip(text.strip())}"'
        return Finding("tags", False, f"{figure}, {len(untagged)} untagged runs", problem, where)
    no_alt = [i for i, alt in tree.alts.items() if not alt]
    if no_alt:
        return Finding("tags", False, figure, f"{len(no_alt)} Figure element(s) without /Alt", where)
    if problem := parent_tree_problem(reader, tree, content) or link_problem(reader, tree):
        return Finding("tags", False, figure, problem, where)
    count, failed = units_problem(pdf, tree, content)
    return failed or Finding("tags", True, f"{figure}, {count}/{count} units in order, 0 untagged runs")
