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

import io
from collections.abc import Callable
from typing import cast

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, TextStringObject

from . import wording
from .pdfread import dict_of, list_of
from .pdfwrite import Entries, changed, entries, extended, serialise
from .record import record


@record
class BoxTags:
    """Where a stamp's tags go in the master's structure tree, read once per batch."""

    page: IndirectObject  # the slot page
    div: IndirectObject  # the clinic box's Div
    parents: IndirectObject  # the slot page's array in the parent tree
    tree: IndirectObject  # the parent tree
    root: IndirectObject  # the StructTreeRoot
    first_mcid: int  # the first MCID a stamp may use on the slot page
    next_key: int  # the first parent-tree key a stamp may use
    # the master's versions of the objects a stamp changes, as written (pdfwrite.entries), once a batch
    div_entries: Entries = ()
    div_kids: bytes = b"[ ]"
    parents_items: bytes = b"[ ]"
    tree_entries: Entries = ()
    nums: bytes = b"[ ]"
    root_entries: Entries = ()


def read_box(reader: PdfReader, slot_page: int) -> BoxTags | None:
    """The clinic box's place in the tagged master; None if the master has no such box."""
    root = dict_of(reader.trailer["/Root"]).raw_get("/StructTreeRoot")
    page = reader.pages[slot_page]
    key = page.get("/StructParents")
    if root is None or page.indirect_reference is None or not isinstance(key, int):
        return None
    tree = dict_of(root).raw_get("/ParentTree")
    nums = list(dict_of(tree).get("/Nums", []))
    arrays = {k: v for k, v in zip(nums[::2], nums[1::2], strict=False)}
    parents = arrays.get(key)
    div = next((p for p in list_of(parents) if dict_of(p).get("/T") == wording.YOUR_CLINIC), None)
    if not isinstance(parents, IndirectObject) or not isinstance(div, IndirectObject):
        return None
    next_key = int(dict_of(root).get("/ParentTreeNextKey", len(arrays)))
    return BoxTags(
        page.indirect_reference,
        div,
        parents,
        tree,
        root,
        len(list_of(parents)),
        next_key,
        entries(dict_of(div)),
        serialise(ArrayObject(list_of(dict_of(div).raw_get("/K")))),
        serialise(ArrayObject(list_of(parents))),
        entries(dict_of(tree)),
        serialise(ArrayObject(nums)),
        entries(dict_of(root)),
    )


def box_objects(
    box: BoxTags, lines: int, links: list[int], add: Callable[[bytes], IndirectObject], annots: list[IndirectObject]
) -> dict[int, bytes]:
    """The objects a stamp adds or changes so each of its `lines` is a P and each link a Link, as written.

    `links[j]` is the line the j-th annotation in `annots` belongs to; annotation j has the
    parent-tree key `box.next_key + j`.
    """
    elements: dict[int, DictionaryObject] = {}
    paras = [add(b"") for _ in range(lines)]
    linked = {line: add(b"") for line in dict.fromkeys(links)}  # a line with a link: its text is the Link's
    owners: list[IndirectObject] = []  # the element of each line's MCID
    for n, ref in enumerate(paras):
        mcr = {
            NameObject("/Type"): NameObject("/MCR"),
            NameObject("/Pg"): box.page,
            NameObject("/MCID"): NumberObject(box.first_mcid + n),
        }
        if n in linked:
            elements[linked[n].idnum] = element("/Link", ref, box.page, [DictionaryObject(mcr)])
            elements[ref.idnum] = element("/P", box.div, box.page, [linked[n]])
        else:
            elements[ref.idnum] = element("/P", box.div, box.page, [DictionaryObject(mcr)])
        owners.append(linked.get(n, ref))
    pairs: list[NumberObject | IndirectObject] = []
    for j, (line, annot) in enumerate(zip(links, annots, strict=True)):
        objr = {NameObject("/Type"): NameObject("/OBJR"), NameObject("/Obj"): annot, NameObject("/Pg"): box.page}
        cast(ArrayObject, elements[linked[line].idnum][NameObject("/K")]).append(DictionaryObject(objr))
        pairs += [NumberObject(box.next_key + j), linked[line]]
    out = {num: serialise(obj) for num, obj in elements.items()}
    out[box.div.idnum] = changed(box.div_entries, {"/K": extended(box.div_kids, paras)})
    out[box.parents.idnum] = extended(box.parents_items, owners)
    out[box.tree.idnum] = changed(box.tree_entries, {"/Nums": extended(box.nums, pairs)})
    out[box.root.idnum] = changed(box.root_entries, {"/ParentTreeNextKey": b"%d" % (box.next_key + len(annots))})
    return out


def element(
    role: str, parent: IndirectObject, page: IndirectObject, kids: list[DictionaryObject] | list[IndirectObject]
) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/StructElem"),
            NameObject("/S"): NameObject(role),
            NameObject("/P"): parent,
            NameObject("/Pg"): page,
            NameObject("/K"): ArrayObject(kids),
        }
    )


def annotation_extra(key: int, uri: str) -> bytes:
    """What a stamped link annotation adds for its Link element: its key and /Contents."""
    buf = io.BytesIO()
    TextStringObject(f"Link: {uri}").write_to_stream(buf)
    return f" /StructParent {key} /Contents ".encode() + buf.getvalue()
