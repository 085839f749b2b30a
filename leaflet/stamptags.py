"""Tagged clinic master + one clinic's stamped lines -> the tag objects of its stamp (stage: stamp).

The clinic layout's box is a `Div` element titled 'Your clinic' (`/T`), holding the
box's H2 and an empty mark of its own. A stamp puts each clinic line it draws in
marked content (`/P <</MCID n>> BDC`, n continuing the page's MCIDs) and, in the same
incremental update, adds a `P` element per line to that Div; a line that is a link (the
whole line is its annotation's text) is a `Link` in its `P`, holding the line's marked
content and an `OBJR` to the annotation (which gets `/StructParent`); and new versions of the objects
this changes: the Div, the page's parent-tree array, the parent tree and its root.
The footer line and the logo are artifacts, as the laid-out footer is.
"""

from __future__ import annotations

from . import wording
from .pdfmodel import Array, Document, Ref, dict_of, list_of
from .pdfwrite import Entries, changed, entries, extended, serialise, text
from .record import record


@record
class BoxTags:
    """Where a stamp's tags go in the master's structure tree, read once per batch."""

    page: Ref  # the slot page
    div: Ref  # the clinic box's Div
    parents: Ref  # the slot page's array in the parent tree
    tree: Ref  # the parent tree
    root: Ref  # the StructTreeRoot
    first_mcid: int  # the first MCID a stamp may use on the slot page
    next_key: int  # the first parent-tree key a stamp may use
    # the master's versions of the objects a stamp changes, as written (pdfwrite.entries), once a batch
    div_entries: Entries = ()
    div_kids: bytes = b"[ ]"
    parents_items: bytes = b"[ ]"
    tree_entries: Entries = ()
    nums: bytes = b"[ ]"
    root_entries: Entries = ()


def read_box(reader: Document, slot_page: int) -> BoxTags | None:
    """The clinic box's place in the tagged master; None if the master has no such box."""
    root = dict_of(reader.trailer.get("/Root")).get("/StructTreeRoot")
    page = reader.pages[slot_page]
    key = page.get("/StructParents")
    if root is None or page.ref is None or not isinstance(key, int):
        return None
    tree = dict_of(root).raw_get("/ParentTree")
    nums = list(dict_of(tree).get("/Nums", []))
    arrays = {k: v for k, v in zip(nums[::2], nums[1::2], strict=False)}
    parents = arrays.get(key)
    div = next((p for p in list_of(parents) if dict_of(p).get("/T") == wording.YOUR_CLINIC), None)
    if (
        not isinstance(parents, Ref)
        or not isinstance(div, Ref)
        or not isinstance(tree, Ref)
        or not isinstance(root, Ref)
    ):
        return None
    next_key = int(dict_of(root).get("/ParentTreeNextKey", len(arrays)))
    return BoxTags(
        page.ref,
        div,
        parents,
        tree,
        root,
        len(list_of(parents)),
        next_key,
        entries(dict_of(div)),
        serialise(Array(list_of(dict_of(div).raw_get("/K")))),
        serialise(Array(list_of(parents))),
        entries(dict_of(tree)),
        serialise(Array(nums)),
        entries(dict_of(root)),
    )


def box_objects(box: BoxTags, lines: int, links: list[int], first: int, annots: list[Ref]) -> dict[int, bytes]:
    """The objects a stamp adds or changes so each of its `lines` is a P and each link a Link, as written.

    `links[j]` is the line the j-th annotation in `annots` belongs to; annotation j has the
    parent-tree key `box.next_key + j`. The new objects are numbered from `first`: a P for each
    line, then a Link for each line with a link.
    """
    out: dict[int, bytes] = {}
    numbers = iter(range(first, first + lines + len(dict.fromkeys(links))))
    paras = [Ref(next(numbers), 0, None) for _ in range(lines)]
    linked = {line: Ref(next(numbers), 0, None) for line in dict.fromkeys(links)}  # its text is the Link's
    link_kids: dict[int, list[bytes]] = {}
    owners: list[Ref] = []  # the element of each line's MCID
    page = _ref(box.page)
    for n, ref in enumerate(paras):
        mcr = b"<<\n/Type /MCR\n/Pg %s\n/MCID %d\n>>" % (page, box.first_mcid + n)
        if n in linked:
            link_kids[n] = [mcr]
            out[ref.number] = element(b"/P", box.div, page, [_ref(linked[n])])
        else:
            out[ref.number] = element(b"/P", box.div, page, [mcr])
        owners.append(linked.get(n, ref))
    pairs: list[int | Ref] = []
    for j, (line, annot) in enumerate(zip(links, annots, strict=True)):
        link_kids[line].append(b"<<\n/Type /OBJR\n/Obj %s\n/Pg %s\n>>" % (_ref(annot), page))
        pairs += [box.next_key + j, linked[line]]
    for n, kids in link_kids.items():
        out[linked[n].number] = element(b"/Link", paras[n], page, kids)
    out[box.div.number] = changed(box.div_entries, {"/K": extended(box.div_kids, paras)})
    out[box.parents.number] = extended(box.parents_items, owners)
    out[box.tree.number] = changed(box.tree_entries, {"/Nums": extended(box.nums, pairs)})
    out[box.root.number] = changed(box.root_entries, {"/ParentTreeNextKey": b"%d" % (box.next_key + len(annots))})
    return out


def _ref(ref: Ref) -> bytes:
    return b"%d %d R" % (ref.number, ref.generation)


def element(role: bytes, parent: Ref, page: bytes, kids: list[bytes]) -> bytes:
    """A structure element as pdfwrite writes its dictionary (/Type, /S, /P, /Pg, /K), its kids written."""
    written = b"".join(b" " + kid for kid in kids)
    return b"<<\n/Type /StructElem\n/S %s\n/P %s\n/Pg %s\n/K [%s ]\n>>" % (role, _ref(parent), page, written)


def annotation_extra(key: int, uri: str) -> bytes:
    """What a stamped link annotation adds for its Link element: its key and /Contents."""
    return f" /StructParent {key} /Contents ".encode() + serialise(text(f"Link: {uri}"))
