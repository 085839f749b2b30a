"""Rendered PDF + recorded structure (`marked.Marks`) -> tagged PDF bytes, PDF/UA-1 (stage 4b: tags).

The render stage drew every piece of content either as marked content of a structure
element (`/P <</MCID n>> BDC`) or as an artifact, and recorded per page the element of
each MCID and of each link. This stage writes what a reader of the tags needs:

- the structure tree: a `Document` root whose children are the elements in reading
  (drawing) order; a table header cell says its `/Scope`; a `Figure` has its `/Alt`;
- a `Link` element per link, inside the element whose text carries it, holding the
  link's text (marked content) and an `OBJR` to each of its annotations (one a line);
  the annotation gets `/Contents` and `/StructParent`;
- the parent tree (page `/StructParents` -> the element of each MCID; annotation keys);
- `/MarkInfo`, `/Lang`, `/ViewerPreferences /DisplayDocTitle`, XMP metadata with the
  PDF/UA identification, `/Tabs /S` on pages with annotations;
- a subset tag per font derived from the font program (ReportLab writes `AAAAAA+` on all).

Every role used is a standard PDF 1.7 structure type, so there is no role map.
The output is reproducible: nothing here reads the clock or a random source.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import cast
from xml.sax.saxutils import escape

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from . import __version__
from .marked import Element, Marks
from .model import Leaflet

SCOPE = {"TH": "Column"}  # a header row's cells; a key/value table's first column says Row


def name(value: str) -> NameObject:
    return NameObject(value if value.startswith("/") else "/" + value)


def kids_of(ref: IndirectObject) -> DictionaryObject:
    """The dictionary an indirect reference of ours points to."""
    return cast(DictionaryObject, ref.get_object())


@dataclass
class Tree:
    """The structure tree being written: one PDF dictionary per element, in first-drawn order."""

    writer: PdfWriter
    root: DictionaryObject
    document: IndirectObject
    refs: dict[int, IndirectObject] = field(default_factory=dict)  # id(element) -> its dictionary
    nums: ArrayObject = field(default_factory=ArrayObject)  # the parent tree's /Nums

    def element(self, element: Element, page: IndirectObject) -> DictionaryObject:
        """The dictionary for `element`, made (and put in its parent's kids) when first drawn."""
        if id(element) in self.refs:
            return kids_of(self.refs[id(element)])
        if element.parent is not None:
            self.element(element.parent, page)
        parent_ref = self.document if element.parent is None else self.refs[id(element.parent)]
        entry = DictionaryObject(
            {
                name("Type"): name("StructElem"),
                name("S"): name(element.role),
                name("P"): parent_ref,
                name("Pg"): page,
                name("K"): ArrayObject(),
            }
        )
        if element.alt:
            entry[name("Alt")] = TextStringObject(element.alt)
        if element.title:
            entry[name("T")] = TextStringObject(element.title)
        if element.role in SCOPE:
            scope = name(element.scope or SCOPE[element.role])
            entry[name("A")] = DictionaryObject({name("O"): name("Table"), name("Scope"): scope})
        ref = self.writer._add_object(entry)
        self.refs[id(element)] = ref
        cast(ArrayObject, kids_of(parent_ref)[name("K")]).append(ref)
        return entry

    def ref(self, element: Element) -> IndirectObject:
        return self.refs[id(element)]


def tag_pdf(pdf: bytes, marks: Marks, leaflet: Leaflet) -> bytes:
    """The PDF with its structure tree, parent tree and the catalogue entries PDF/UA-1 asks for."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    assert len(writer.pages) == len(marks.pages), "a page was drawn without its marks recorded"
    tree = new_tree(writer, leaflet.meta.language)
    for index, page in enumerate(writer.pages):
        assert page.indirect_reference is not None
        page_ref = page.indirect_reference
        parents = ArrayObject()
        for mcid, element in enumerate(marks.pages[index]):
            entry = tree.element(element, page_ref)
            mcr = {name("Type"): name("MCR"), name("Pg"): page_ref, name("MCID"): NumberObject(mcid)}
            on_own_page = entry.raw_get(name("Pg")) == page_ref  # a bare MCID is on the element's /Pg
            cast(ArrayObject, entry[name("K")]).append(NumberObject(mcid) if on_own_page else DictionaryObject(mcr))
            parents.append(tree.ref(element))
        page[name("StructParents")] = NumberObject(index)
        tree.nums += [NumberObject(index), writer._add_object(parents)]
    for index, page in enumerate(writer.pages):
        link_elements(tree, page, marks.links[index], len(tree.nums) // 2)
    finish(writer, tree, leaflet)
    unique_subset_tags(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def new_tree(writer: PdfWriter, language: str) -> Tree:
    """A StructTreeRoot holding one Document element."""
    struct_root = DictionaryObject({name("Type"): name("StructTreeRoot"), name("K"): ArrayObject()})
    struct_ref = writer._add_object(struct_root)
    document = DictionaryObject(
        {
            name("Type"): name("StructElem"),
            name("S"): name("Document"),
            name("P"): struct_ref,
            name("Lang"): TextStringObject(language),
            name("K"): ArrayObject(),
        }
    )
    document_ref = writer._add_object(document)
    cast(ArrayObject, struct_root[name("K")]).append(document_ref)
    return Tree(writer, struct_root, document_ref)


def link_elements(tree: Tree, page: PageObject, links: list[tuple[Element | None, str]], key: int) -> None:
    """An OBJR for each link annotation, in the Link element whose text it covers (drawn with it),
    or else in a new Link element in the element that shows it; its /Contents and /StructParent."""
    annots = [a.get_object() for a in page.get("/Annots", ArrayObject()) if a.get_object().get("/Subtype") == "/Link"]
    assert len(annots) == len(links), "a link annotation was made outside the tagging canvas"
    assert page.indirect_reference is not None
    page_ref = page.indirect_reference
    if annots:
        page[name("Tabs")] = name("S")
    for offset, (annot, (owner, uri)) in enumerate(zip(annots, links, strict=True)):
        objr = {name("Type"): name("OBJR"), name("Obj"): annot.indirect_reference, name("Pg"): page_ref}
        if owner is not None and owner.role == "Link":
            tree.element(owner, page_ref)
            link_ref = tree.ref(owner)
        else:
            parent = tree.document if owner is None else tree.ref(owner)
            link = {name("Type"): name("StructElem"), name("S"): name("Link"), name("P"): parent, name("Pg"): page_ref}
            link_ref = tree.writer._add_object(DictionaryObject({**link, name("K"): ArrayObject()}))
            cast(ArrayObject, kids_of(parent)[name("K")]).append(link_ref)
        cast(ArrayObject, kids_of(link_ref)[name("K")]).append(DictionaryObject(objr))
        annot[name("StructParent")] = NumberObject(key + offset)
        annot.setdefault(name("Contents"), TextStringObject(f"Link: {uri}"))
        tree.nums += [NumberObject(key + offset), link_ref]
    tree.root[name("ParentTreeNextKey")] = NumberObject(key + len(annots))


def finish(writer: PdfWriter, tree: Tree, leaflet: Leaflet) -> None:
    """The parent tree and the catalogue entries: MarkInfo, Lang, ViewerPreferences, XMP metadata."""
    tree.root[name("ParentTree")] = writer._add_object(DictionaryObject({name("Nums"): tree.nums}))
    tree.root.setdefault(name("ParentTreeNextKey"), NumberObject(len(tree.nums) // 2))
    catalog = writer.root_object
    catalog[name("StructTreeRoot")] = tree.root.indirect_reference or writer._add_object(tree.root)
    catalog[name("MarkInfo")] = DictionaryObject({name("Marked"): BooleanObject(True)})
    catalog[name("Lang")] = TextStringObject(leaflet.meta.language)
    prefs = DictionaryObject({name("DisplayDocTitle"): BooleanObject(True)})
    catalog[name("ViewerPreferences")] = prefs
    stream = DecodedStreamObject()
    stream.set_data(xmp(leaflet).encode("utf-8"))
    stream.update({name("Type"): name("Metadata"), name("Subtype"): name("XML")})
    catalog[name("Metadata")] = writer._add_object(stream)


def xmp(leaflet: Leaflet) -> str:
    """XMP metadata: title, creators, language, producer, dates and `pdfuaid:part` 1."""
    m = leaflet.meta
    date = m.published.strftime("%Y-%m-%dT00:00:00Z")
    authors = "".join(f"<rdf:li>{escape(a)}</rdf:li>" for a in m.authors)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(m.title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq>{authors}</rdf:Seq></dc:creator>"
        f"<dc:language><rdf:Bag><rdf:li>{escape(m.language)}</rdf:li></rdf:Bag></dc:language>"
        f"<pdf:Producer>leaflet {__version__} (ReportLab)</pdf:Producer>"
        f"<xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate>"
        "<pdfuaid:part>1</pdfuaid:part>"
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    )


def unique_subset_tags(writer: PdfWriter) -> None:
    """Give each embedded subset its own six-letter tag, derived from its font program's bytes."""
    seen: set[str] = set()
    for page in writer.pages:
        fonts = page.get("/Resources", DictionaryObject()).get_object().get("/Font", DictionaryObject())
        for ref in fonts.get_object().values():
            font = ref.get_object()
            base = str(font.get("/BaseFont", ""))
            descriptor = font.get("/FontDescriptor")
            if not base.startswith("/AAAAAA+") or descriptor is None:
                continue  # already tagged (another page shares it), or not a subset of ours
            program = descriptor.get_object().get("/FontFile2")
            data = base.encode() + (program.get_object().get_data() if program else b"")
            tag = subset_tag(data, seen)
            seen.add(tag)
            new = name(f"{tag}+{base.split('+', 1)[1]}")
            font[name("BaseFont")] = new
            descriptor.get_object()[name("FontName")] = new


def subset_tag(data: bytes, taken: set[str]) -> str:
    """Six capital letters from a hash of `data`, none of `taken`."""
    salt = 0
    while True:
        digest = hashlib.sha256(data + bytes([salt])).digest()
        tag = "".join(chr(65 + b % 26) for b in digest[:6])
        if tag not in taken:
            return tag
        salt += 1
