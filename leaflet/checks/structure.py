"""Tagged PDF -> what its structure tree and its pages' marked content say (the tags check's reader).

This reader knows nothing of how tags.py wrote the tree. `read_tree` walks
/StructTreeRoot (element dictionaries, MCIDs, MCRs, OBJRs) depth first in /K order;
`page_marks` reads a page's content, giving each text run to the MCID it is drawn in
(or to an artifact, or to nothing: untagged). `tagged_text` joins the two into the
text a screen reader is given, in the tree's order.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from ..contentops import page_operations
from ..pdfmodel import Document, Page, Ref, dict_of, list_of, resolve
from ..pdftext import SIMPLE_CODES
from ..record import record
from ..simplefont import unicode_map

MAX_ELEMENTS = 100_000  # a hostile tree cannot make the walk run for ever


@record(frozen=False)
class Tagged:
    """What the structure tree says: elements in order, and each leaf mark's place."""

    roles: list[str] = field(default_factory=list)  # element index -> role
    parents: list[int] = field(default_factory=list)  # element index -> its parent's (-1: the root)
    refs: list[int] = field(default_factory=list)  # element index -> its object number
    alts: dict[int, str] = field(default_factory=dict)  # Figure element index -> /Alt
    scopes: dict[int, str] = field(default_factory=dict)  # TH element index -> its /Scope attribute ('' if none)
    remapped: list[str] = field(default_factory=list)  # the role map's keys
    marks: list[tuple[int, int, int]] = field(default_factory=list)  # (element, page, mcid) in tree order
    links: dict[int, int] = field(default_factory=dict)  # annotation object number -> the element of its OBJR
    empty_links: int = 0  # Link elements with no OBJR
    problems: list[str] = field(default_factory=list)

    def children(self, index: int) -> list[int]:
        """The element indices whose parent is `index`, in tree order."""
        return [i for i, parent in enumerate(self.parents) if parent == index]

    def ancestry(self, index: int) -> list[str]:
        """The roles of element `index` and of its ancestors, innermost first."""
        roles: list[str] = []
        while 0 <= index < len(self.roles) and len(roles) < 64:
            roles.append(self.roles[index])
            index = self.parents[index]
        return roles


def read_tree(document: Document) -> Tagged:
    """Walk the structure tree depth first, in /K order; each mark belongs to its enclosing element."""
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
        kind = node.get("/Type")
        if kind == "/MCR":
            out.marks.append((owner, pages.get(ref(node.get("/Pg")), page), int(node.get("/MCID", -1))))
        elif kind == "/OBJR":
            out.links[ref(node.get("/Obj"))] = owner
        elif "/S" in node and (number := ref(kid)) not in seen:
            seen.add(number)
            index = element(out, node, number, owner, role_map)
            own = pages.get(ref(node.get("/Pg")), page)
            stack += [(c, own, index) for c in reversed(kids(node))]
    return out


def element(out: Tagged, node: Any, number: int, owner: int, role_map: Any) -> int:
    """Record one structure element (its role through the role map); its index."""
    role = str(node["/S"]).lstrip("/")
    role = str(role_map.get("/" + role, role)).lstrip("/")
    index = len(out.roles)
    out.roles.append(role)
    out.parents.append(owner)
    out.refs.append(number)
    if role == "Figure":
        out.alts[index] = str(node.get("/Alt", "")).strip()
    if role == "TH":
        attributes = [dict_of(a) for a in (list_of(node.get("/A")) or [node.get("/A")])]
        out.scopes[index] = next((str(a["/Scope"]) for a in attributes if "/Scope" in a), "")
    if role == "Link" and not any(dict_of(c).get("/Type") == "/OBJR" for c in kids(node)):
        out.empty_links += 1
    return index


def catalogue(document: Document) -> Any:
    """The document catalogue, found as pypdf finds it (by /Type when the trailer's /Root is no reference)."""
    return dict_of(document.root)


def kids(node: Any) -> list[Any]:
    k = node.get("/K")
    return list_of(k) if isinstance(resolve(k), list) else ([] if k is None else [k])


def ref(value: Any) -> int:
    """The object number of an indirect reference; -1 for anything else."""
    return value.number if isinstance(value, Ref) else -1


UnicodeMaps = dict[tuple[int, int], dict[int, str]]  # fonts' code -> text tables read already, by object


def page_marks(page: Page, maps: UnicodeMaps | None = None) -> tuple[dict[int, str], list[str], str]:
    """A page's text by MCID (every MCID the content marks, with or without text), the text runs
    drawn outside any MCID or artifact, and how an artifact and tagged content first nest ('' if never).

    Read from the page's parsed operators (contentops.page_operations: the same parse the text scan uses), each
    string decoded through its font's ToUnicode map as it is shown, a new line at each move to
    another line: what pypdf's text extraction gives our PDFs, without extracting the page again.
    A font the pages share is read once when they share `maps`."""
    fonts = {str(k): font_table(v, maps) for k, v in dict_of(dict_of(page.get("/Resources")).get("/Font")).items()}
    return read_marks(page_operations(page), fonts)


def read_marks(operations: list[Any], fonts: dict[str, dict[int, str]]) -> tuple[dict[int, str], list[str], str]:
    """page_marks of the operations, with the page's fonts' tables (`font_table`) by resource name."""
    marks = _Marks()
    current = NO_FONT
    for operands, op in operations:
        act = _ACTS.get(op)
        if act is None:
            continue
        if act == _LINE:
            if marks.mcid is not None and not marks.hidden:  # as marks.text("\n")
                marks.parts[marks.mcid].append("\n")
        elif act == _FONT:
            current = (fonts.get(str(operands[0])) or NO_FONT) if operands else current
        elif act == _MARK:
            marks.operator(op, operands)
        else:
            marks.text(("\n" if act == _LINE_SHOW else "") + shown(operands, current))
    return {mcid: "".join(parts) for mcid, parts in marks.parts.items()}, marks.untagged, marks.nesting


def font_table(value: Any, maps: UnicodeMaps | None) -> dict[int, str]:
    """Code (0-255) -> text from the font's ToUnicode map ('' for a code it lacks), a table for
    str.translate; read once per font object when `maps` keeps them."""
    if maps is None or not isinstance(value, Ref):
        return _table(unicode_map(dict_of(value)))
    key = (value.number, value.generation)
    if key not in maps:
        maps[key] = _table(unicode_map(dict_of(value)))
    return maps[key]


def _table(codes: dict[int, str]) -> dict[int, str]:
    table = dict(NO_FONT)
    table.update({code: codes[code] for code in codes.keys() & NO_FONT.keys()})
    return table


SHOWS = (b"Tj", b"TJ", b"'", b'"')
NO_FONT = dict.fromkeys(range(SIMPLE_CODES), "")  # no font set: no code shows text
_FONT, _MARK, _SHOW, _LINE_SHOW, _LINE = range(5)  # what page_marks does for an operator it reads
_ACTS = {b"Tf": _FONT, b"BDC": _MARK, b"BMC": _MARK, b"EMC": _MARK, b"Tj": _SHOW, b"TJ": _SHOW}
_ACTS |= {b"'": _LINE_SHOW, b'"': _LINE_SHOW, b"T*": _LINE, b"Td": _LINE, b"TD": _LINE, b"Tm": _LINE}


def shown(operands: list[Any], table: dict[int, str]) -> str:
    """The text a show operator draws, decoded by the font's table (`font_table`; TJ's numbers skipped)."""
    last = operands[-1] if operands else b""
    if isinstance(last, bytes):  # Tj, ' and ": one string
        return last.decode("latin-1").translate(table)
    items = last if isinstance(last, list) else [last]
    return "".join(item.decode("latin-1").translate(table) for item in items if isinstance(item, bytes))


class _Marks:
    """The open marked-content sequences of a page as its operators are read, and the text of each.

    Each open sequence keeps what holds inside it: whether an artifact is open (`hidden`), the
    innermost and the outermost MCID open; so a change of the stack is worked out once."""

    __slots__ = ("hidden", "mcid", "nesting", "open", "outer", "parts", "untagged")

    def __init__(self) -> None:
        self.parts: dict[int, list[str]] = {}  # MCID -> its text, in pieces
        self.untagged: list[str] = []
        self.nesting = ""
        self.open: list[tuple[bool, int | None, int | None]] = []  # (hidden, mcid, outer) within each
        self.hidden = False  # inside an artifact
        self.mcid: int | None = None  # the innermost MCID open
        self.outer: int | None = None  # the outermost MCID open

    def operator(self, op: bytes, args: list[Any]) -> None:
        if op == b"EMC":
            if self.open:
                self.open.pop()
                self.hidden, self.mcid, self.outer = self.open[-1] if self.open else (False, None, None)
            return
        props = args[1] if op == b"BDC" and len(args) > 1 and isinstance(args[1], dict) else {}
        mcid = props.get("/MCID") if isinstance(props.get("/MCID"), int) else None
        artifact = bool(args) and str(args[0]) == "/Artifact"
        if self.nesting:
            pass
        elif artifact and self.outer is not None:
            self.nesting = f"an artifact inside tagged content (MCID {self.outer})"
        elif mcid is not None and self.hidden:
            self.nesting = f"tagged content (MCID {mcid}) inside an artifact"
        self.hidden = self.hidden or artifact
        self.mcid = self.mcid if mcid is None else mcid
        self.outer = mcid if self.outer is None else self.outer
        self.open.append((self.hidden, self.mcid, self.outer))
        if mcid is not None:
            self.parts.setdefault(mcid, [])

    def text(self, t: str) -> None:
        if not t or self.hidden:
            return
        if self.mcid is None:
            if t.strip():
                self.untagged.append(t)
            return
        self.parts[self.mcid].append(t)


def number_tree(node: Any, depth: int = 0) -> dict[int, Any]:
    """A number tree's keys and values (/Nums, and /Kids to a sane depth)."""
    node, out = dict_of(node), {}
    nums = list_of(node.get("/Nums"))
    out.update({int(k): v for k, v in zip(nums[::2], nums[1::2], strict=False) if isinstance(k, int)})
    for kid in list_of(node.get("/Kids")) if depth < 8 else []:
        out.update(number_tree(kid, depth + 1))
    return out


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


def element_texts(tree: Tagged, content: list[dict[int, str]]) -> dict[int, str]:
    """Each element's own marked text (not its descendants'), its marks joined in tree order."""
    out: dict[int, str] = {}
    for owner, page, mcid in tree.marks:
        out[owner] = out.get(owner, "") + (content[page].get(mcid, "") if 0 <= page < len(content) else "")
    return out


def outline(document: Document, most: int = 10_000) -> list[tuple[int, str, int]]:
    """The bookmarks in reading order: (depth from 0, title, the page index its /Dest shows, or -1)."""
    pages = {p.ref.number: i for i, p in enumerate(document.pages) if p.ref}
    out: list[tuple[int, str, int]] = []
    seen: set[int] = set()
    stack = [(raw(dict_of(catalogue(document).get("/Outlines")), "/First"), 0)]
    while stack and len(out) < most:
        item, depth = stack.pop()
        node = dict_of(item)
        if not node or ref(item) in seen:
            continue
        seen.add(ref(item))
        dest = list_of(node.get("/Dest") or dict_of(node.get("/A")).get("/D"))
        out.append((depth, str(resolve(node.get("/Title")) or ""), pages.get(ref(dest[0]), -1) if dest else -1))
        stack += [(raw(node, "/Next"), depth), (raw(node, "/First"), depth + 1)]
    return out


def raw(node: Any, key: str) -> Any:
    """A dictionary's entry as written (an indirect reference stays one); None when absent."""
    return node.raw_get(key) if key in node else None
