"""Drawn document + recorded structure (`marked.Marks`) -> the tags of a PDF/UA-1 file (stage 4b: tags).

Input: ReportLab's `PDFDocument` of the leaflet with every page drawn and not yet written
(the tagging canvas calls `tag_document` as it saves), the `Marks` the drawing recorded and
the `Leaflet`. Output: the same document, holding the objects below, which ReportLab then
writes with the rest in its one pass (no second reader or writer of the PDF).

The render stage drew every piece of content either as marked content of a structure
element (`/P <</MCID n>> BDC`) or as an artifact, and recorded per page the element of
each MCID and of each link. This stage adds what a reader of the tags needs:

- the structure tree: a `Document` root whose children are the elements in reading
  (drawing) order; a table header cell says its `/Scope`; a `Figure` has its `/Alt`;
- a `Link` element per link, inside the element whose text carries it, holding the
  link's text (marked content) and an `OBJR` to each of its annotations (one a line);
  the annotation gets `/Contents` and `/StructParent`;
- the parent tree (page `/StructParents` -> the element of each MCID; annotation keys);
- `/MarkInfo`, `/Lang`, `/ViewerPreferences /DisplayDocTitle`, XMP metadata with the
  PDF/UA identification, `/Tabs /S` on pages with annotations;
- a subset tag per font derived from the font program (ReportLab writes `AAAAAA+` on
  all), given as ReportLab writes the fonts (subsets.py).

Every role used is a standard PDF 1.7 structure type, so there is no role map.
The output is reproducible: nothing here reads the clock or a random source.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFDocument, PDFObject, PDFPage, PDFStream, PDFString

from . import __version__
from .marked import Element, Marks
from .markup import escape
from .model import Leaflet
from .record import record
from .subsets import SubsetTags

SCOPE = {"TH": "Column"}  # a header row's cells; a key/value table's first column says Row
PAGE_KEYS = ("StructParents", "Tabs")  # the page entries tagging adds to those ReportLab writes


class Direct(PDFObject):
    """A dictionary (str keys) or list of ours, written straight as ReportLab writes the document: its
    values are names ("/P"), whole numbers, ReportLab objects (text strings, references) or these nested.

    (ReportLab's own PDFDictionary writes each number through its float formatter and sorts
    each dictionary: this tree is hundreds of objects, mostly numbers, and took twice as long.)"""

    def __init__(self, value: dict[str, Any] | list[Any]) -> None:
        self.value = value

    def format(self, document: PDFDocument) -> bytes:
        return written(self.value, document)


def written(value: Any, document: PDFDocument) -> bytes:
    if isinstance(value, str):
        return value.encode("ascii")
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, dict):
        return (
            b"<< " + b" ".join(b"/%s %s" % (k.encode("ascii"), written(v, document)) for k, v in value.items()) + b" >>"
        )
    if isinstance(value, list):
        return b"[ " + b" ".join(written(v, document) for v in value) + b" ]"
    if isinstance(value, Direct):
        return written(value.value, document)
    formatted: bytes = value.format(document)
    return formatted


@record(frozen=False)
class Tree:
    """The structure tree being made: one PDF dictionary per element, in first-drawn order."""

    doc: PDFDocument
    document: Any  # the Document element's reference
    kids: dict[str, list[Any]] = field(default_factory=dict)  # an element's reference name -> its /K
    refs: dict[int, Any] = field(default_factory=dict)  # id(element) -> its reference
    pages: dict[int, str] = field(default_factory=dict)  # id(element) -> the page it was first drawn on
    nums: list[Any] = field(default_factory=list)  # the parent tree's /Nums

    def add(self, entry: dict[str, Any], parent: Any) -> Any:
        """`entry` as an object of the document, appended to its parent's kids; its reference."""
        ref = self.doc.Reference(Direct(entry))
        self.kids[ref.name] = entry["K"]
        self.kids[parent.name].append(ref)
        return ref

    def element(self, element: Element, page: Any) -> Any:
        """The reference of `element`'s dictionary, made (and put in its parent's kids) when first drawn."""
        if id(element) in self.refs:
            return self.refs[id(element)]
        parent = self.document if element.parent is None else self.element(element.parent, page)
        entry: dict[str, Any] = {"Type": "/StructElem", "S": "/" + element.role, "P": parent, "Pg": page, "K": []}
        if element.alt:
            entry["Alt"] = PDFString(element.alt)
        if element.title:
            entry["T"] = PDFString(element.title)
        if element.role in SCOPE:
            entry["A"] = {"O": "/Table", "Scope": "/" + (element.scope or SCOPE[element.role])}
        ref = self.refs[id(element)] = self.add(entry, parent)
        self.pages[id(element)] = page.name
        return ref


def tag_document(doc: PDFDocument, marks: Marks, leaflet: Leaflet) -> None:
    """Put the structure tree, parent tree and the catalogue entries PDF/UA-1 asks for in `doc`."""
    pages: list[PDFPage] = doc.Pages.pages
    assert len(pages) == len(marks.pages), "a page was drawn without its marks recorded"
    tree = new_tree(doc, leaflet.meta.language)
    for index, page in enumerate(pages):
        page_ref = doc.Reference(page)
        parents = []
        for mcid, element in enumerate(marks.pages[index]):
            ref = tree.element(element, page_ref)
            on_own_page = tree.pages[id(element)] == page_ref.name  # a bare MCID is on the element's /Pg
            mcr = mcid if on_own_page else {"Type": "/MCR", "Pg": page_ref, "MCID": mcid}
            tree.kids[ref.name].append(mcr)
            parents.append(ref)
        page_entry(page, "StructParents", index)
        tree.nums += [index, doc.Reference(Direct(parents))]
    for index, page in enumerate(pages):
        link_elements(tree, page, marks.links[index], len(tree.nums) // 2)
    finish(doc, tree, leaflet)
    doc.delayedFonts.append(SubsetTags())  # after the fonts the pages use, as ReportLab writes them


def page_entry(page: PDFPage, key: str, value: Any) -> None:
    """Set a page dictionary entry ReportLab has no setting for: it writes those its page lists."""
    if key not in page.__NoDefault__:
        page.__NoDefault__ = [*page.__NoDefault__, *PAGE_KEYS]
    setattr(page, key, value)


def new_tree(doc: PDFDocument, language: str) -> Tree:
    """A StructTreeRoot holding one Document element."""
    root: dict[str, Any] = {"Type": "/StructTreeRoot", "K": []}
    root_ref = doc.Reference(Direct(root), "StructTreeRoot")
    document = {"Type": "/StructElem", "S": "/Document", "P": root_ref, "Lang": PDFString(language), "K": []}
    tree = Tree(doc, None, {root_ref.name: root["K"]})
    tree.document = tree.add(document, root_ref)
    return tree


def link_elements(tree: Tree, page: PDFPage, links: list[tuple[Element | None, str]], key: int) -> None:
    """An OBJR for each link annotation, in the Link element whose text it covers (drawn with it),
    or else in a new Link element in the element that shows it; its /Contents and /StructParent."""
    doc = tree.doc
    refs = [ref for ref in page.Annots or () if doc.idToObject[ref.name]["Subtype"] == "/Link"]
    assert len(refs) == len(links), "a link annotation was made outside the tagging canvas"
    page_ref = doc.Reference(page)
    if refs:
        page_entry(page, "Tabs", "/S")
    for offset, (annot_ref, (owner, uri)) in enumerate(zip(refs, links, strict=True)):
        annot = doc.idToObject[annot_ref.name]
        if owner is not None and owner.role == "Link":
            link_ref = tree.element(owner, page_ref)
        else:
            parent = tree.document if owner is None else tree.refs[id(owner)]
            link = {"Type": "/StructElem", "S": "/Link", "P": parent, "Pg": page_ref, "K": []}
            link_ref = tree.add(link, parent)
        tree.kids[link_ref.name].append({"Type": "/OBJR", "Obj": annot_ref, "Pg": page_ref})
        annot["StructParent"] = key + offset
        if "Contents" not in annot:
            annot["Contents"] = PDFString(f"Link: {uri}")
        tree.nums += [key + offset, link_ref]


def finish(doc: PDFDocument, tree: Tree, leaflet: Leaflet) -> None:
    """The parent tree and the catalogue entries: MarkInfo, Lang, ViewerPreferences, XMP metadata."""
    root = doc.idToObject["StructTreeRoot"]
    root.value["ParentTree"] = doc.Reference(Direct({"Nums": tree.nums}))
    root.value["ParentTreeNextKey"] = len(tree.nums) // 2
    catalog = doc.Catalog
    catalog.StructTreeRoot = root
    catalog.MarkInfo = PDFDictionary({"Marked": "true"})
    catalog.Lang = PDFString(leaflet.meta.language)
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": "true"})
    metadata = PDFStream(PDFDictionary({"Type": "/Metadata", "Subtype": "/XML"}), xmp(leaflet).encode("utf-8"), [])
    catalog.Metadata = metadata


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
