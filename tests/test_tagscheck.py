"""The tags check's readers, made cheaper, against the implementations they replaced (kept here as oracles).

structure.read_tree must read the structure trees of our PDFs and random ones (elements direct
and by reference, repeated, MCIDs, MCRs, OBJRs, the role map) as the walk it replaced did.
tags.owner_finder (the element whose text holds a position) must give what the scan it replaced
gave, for starts in order, with ties, and out of order. structure.read_marks (a page's text by
MCID, untagged runs, how artifacts and tags nest) must give what the first page_marks gave, on
the pages of the PDFs we make and on random operator sequences: marked-content operators with and
without MCIDs, artifacts inside tags and tags inside artifacts, unbalanced EMCs, fonts set,
unknown and never set, every show operator and line move.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_pdfown import made

from leaflet.checks.structure import (
    MAX_ELEMENTS,
    NO_FONT,
    SHOWS,
    Tagged,
    _table,
    catalogue,
    element,
    font_table,
    kids,
    read_marks,
    read_tree,
    ref,
    shown,
)
from leaflet.checks.tags import owner_finder
from leaflet.contentops import page_operations
from leaflet.pdfmodel import Array, Bool, Dictionary, Document, Name, Null, Page, Ref, dict_of, resolve
from leaflet.pdfown import open_own

# --- the first implementation of page_marks, as it was -------------------------------------------------


class OldMarks:
    def __init__(self) -> None:
        self.by_mcid: dict[int, str] = {}
        self.untagged: list[str] = []
        self.nesting = ""
        self.stack: list[tuple[str, int | None]] = []
        self.hidden = False
        self.mcid: int | None = None

    def operator(self, op: bytes, args: list[Any]) -> None:
        if op == b"EMC":
            if self.stack:
                self.stack.pop()
                self.settle()
            return
        props = args[1] if op == b"BDC" and len(args) > 1 and isinstance(args[1], dict) else {}
        mcid = props.get("/MCID") if isinstance(props.get("/MCID"), int) else None
        tag = str(args[0]) if args else ""
        outer = next((m for _, m in self.stack if m is not None), None)
        if self.nesting:
            pass
        elif tag == "/Artifact" and outer is not None:
            self.nesting = f"an artifact inside tagged content (MCID {outer})"
        elif mcid is not None and any(t == "/Artifact" for t, _ in self.stack):
            self.nesting = f"tagged content (MCID {mcid}) inside an artifact"
        self.stack.append((tag, mcid))
        self.settle()
        if mcid is not None:
            self.by_mcid.setdefault(mcid, "")

    def settle(self) -> None:
        self.hidden = any(tag == "/Artifact" for tag, _ in self.stack)
        self.mcid = next((m for _, m in reversed(self.stack) if m is not None), None)

    def text(self, t: str) -> None:
        if not t or self.hidden:
            return
        mcid = self.mcid
        if mcid is None:
            if t.strip():
                self.untagged.append(t)
            return
        self.by_mcid[mcid] += t


def old_marks(operations: list[Any], fonts: dict[str, dict[int, str]]) -> tuple[dict[int, str], list[str], str]:
    marks = OldMarks()
    current = dict.fromkeys(range(256), "")
    for operands, op in operations:
        if op == b"Tf" and operands:
            current = fonts.get(str(operands[0])) or dict.fromkeys(range(256), "")
        elif op in (b"BDC", b"BMC", b"EMC"):
            marks.operator(op, operands)
        elif op in SHOWS:
            marks.text(("\n" if op in (b"'", b'"') else "") + shown(operands, current))
        elif op in (b"T*", b"Td", b"TD", b"Tm"):
            marks.text("\n")
    return marks.by_mcid, marks.untagged, marks.nesting


# --- the cases -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["A4", "large", "stamped"])
def test_our_pages_marks_read_as_before(kind: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    document = open_own(made(kind, tmp_path_factory).data, "case.pdf")
    for page in document.pages:
        fonts = {str(k): font_table(v, {}) for k, v in dict_of(dict_of(page.get("/Resources")).get("/Font")).items()}
        new = read_marks(page_operations(page), fonts)
        assert new == old_marks(page_operations(page), fonts)
        assert new[0] and not new[1] and not new[2]


FONTS = {"/F1": {**NO_FONT, 0x41: "A", 0x42: "B", 0x20: " "}, "/F2": {**NO_FONT, 0x41: "é", 0x0A: "\n"}, "/F3": {}}
MCID = st.one_of(st.integers(-1, 4), st.just(Bool(True)), st.just("/x"))
OPERATIONS = st.one_of(
    st.tuples(st.sampled_from([["/F1", 12], ["/F2", 9], ["/F3", 9], ["/F9", 9], []]), st.just(b"Tf")),
    st.tuples(
        st.builds(lambda tag, m: [tag, {"/MCID": m}], st.sampled_from(["/P", "/Artifact", "/Span"]), MCID),
        st.just(b"BDC"),
    ),
    st.tuples(
        st.sampled_from([["/Artifact"], ["/P"], [], ["/Artifact", {}], ["/P", "/Props"]]),
        st.sampled_from([b"BMC", b"BDC"]),
    ),
    st.tuples(st.just([]), st.just(b"EMC")),
    st.tuples(
        st.sampled_from([[b"AB"], [b" "], [b""], [], [[b"A", -20, b"B"]], [0, 0, b"A\n"], [5]]), st.sampled_from(SHOWS)
    ),
    st.tuples(st.sampled_from([[], [1, 2]]), st.sampled_from([b"T*", b"Td", b"TD", b"Tm", b"re", b"Tc"])),
)


@settings(max_examples=1500, deadline=None, database=None, derandomize=True)
@given(st.lists(OPERATIONS, max_size=30))
def test_any_operations_mark_as_before(operations: list[Any]) -> None:
    assert read_marks(operations, FONTS) == old_marks(operations, FONTS)


def old_owner(starts: list[tuple[int, int]], at: int) -> int:
    return next((o for s, o in reversed(starts) if s <= at), -1)


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 9)), max_size=12), st.booleans())
def test_the_owner_of_a_position_is_found_as_before(starts: list[tuple[int, int]], in_order: bool) -> None:
    starts = sorted(starts) if in_order else starts
    owner = owner_finder(starts)
    assert [owner(at) for at in range(-1, 33)] == [old_owner(starts, at) for at in range(-1, 33)]


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.dictionaries(st.integers(-5, 600), st.text(max_size=2), max_size=40))
def test_a_fonts_table_is_made_as_before(codes: dict[int, str]) -> None:
    table = _table(codes)
    assert table == {code: codes.get(code, "") for code in range(256)}
    assert list(table) == list(range(256))


# --- read_tree, against the walk it replaced -----------------------------------------------------------


def old_read_tree(document: Document) -> Tagged:
    out = Tagged()
    pages = {p.ref.number: i for i, p in enumerate(document.pages) if p.ref}
    root = catalogue(document).get("/StructTreeRoot")
    if root is None:
        out.problems.append("the PDF has no structure tree (/StructTreeRoot)")
        return out
    role_map = dict_of(dict_of(root).get("/RoleMap"))
    out.remapped = [str(key).lstrip("/") for key in role_map]
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
            out.marks.append((owner, pages.get(ref(node.get("/Pg")), page), int(node.get("/MCID", -1))))
        elif node.get("/Type") == "/OBJR":
            out.links[ref(node.get("/Obj"))] = owner
        elif "/S" in node and ref(kid) not in seen:
            seen.add(ref(kid))
            index = element(out, node, ref(kid), owner, role_map)
            own = pages.get(ref(node.get("/Pg")), page)
            stack += [(c, own, index) for c in reversed(kids(node))]
    return out


@pytest.mark.parametrize("kind", ["A4", "large", "stamped", "imported"])
def test_our_structure_trees_read_as_before(kind: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    document = open_own(made(kind, tmp_path_factory).data, "case.pdf")
    tree = read_tree(document)
    assert tree == old_read_tree(document) and len(tree.roles) > 10


class Objects(Document):
    """A document of numbered objects, for trees made at random."""

    def __init__(self) -> None:
        self.objects: dict[int, Any] = {}
        self.pages = [Page(Dictionary(), Ref(90 + i, 0, self), self) for i in range(3)]  # type: ignore[arg-type]
        self.catalogue = Dictionary()

    @property
    def root(self) -> Dictionary:
        return self.catalogue

    def resolve(self, ref: Ref) -> Any:
        return self.objects.get(ref.number, Null())


ROLES = st.sampled_from(["P", "H1", "Link", "TH", "Figure", "Span", "X"])


def nodes(document: Objects) -> st.SearchStrategy[Any]:
    """Kids of a structure element: MCIDs, MCRs, OBJRs, elements direct or by reference (repeated too)."""
    page = st.builds(lambda i: Ref(90 + i, 0, document), st.integers(0, 3))
    leaf = st.one_of(
        st.integers(-1, 5),
        st.builds(lambda pg, m: Dictionary({"/Type": Name("/MCR"), "/Pg": pg, "/MCID": m}), page, st.integers(0, 5)),
        st.builds(lambda o: Dictionary({"/Type": Name("/OBJR"), "/Obj": Ref(o, 0, document)}), st.integers(1, 4)),
        st.builds(lambda n: Ref(n, 0, document), st.integers(1, 12)),
        st.just(Null()),
    )

    def structure_element(kids: Any, role: str, pg: Any, number: int, direct: bool) -> Any:
        node = Dictionary({"/S": Name("/" + role), "/Pg": pg, "/K": kids, "/A": Dictionary({"/Scope": Name("/Row")})})
        if direct:
            return node
        document.objects[number] = node
        return Ref(number, 0, document)

    return st.recursive(
        leaf,
        lambda inner: st.builds(
            structure_element,
            st.one_of(inner, st.lists(inner, max_size=4).map(Array)),
            ROLES,
            page,
            st.integers(1, 12),
            st.booleans(),
        ),
        max_leaves=20,
    )


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.data())
def test_any_structure_tree_reads_as_before(data: st.DataObject) -> None:
    document = Objects()
    kids = data.draw(st.lists(nodes(document), max_size=5).map(Array))
    role_map = Dictionary({Name("/X"): Name("/P")})
    document.catalogue["/StructTreeRoot"] = Dictionary({"/K": kids, "/RoleMap": role_map})
    assert read_tree(document) == old_read_tree(document)
