"""Word files made at test time with python-docx, laid out as a Word user lays out a leaflet (no blobs committed).

`leaflet_docx` writes the text of an HTML page (tests/sources/import/bisoprolol.html) as a Word
document with Word's own styles: the <h1> in "Title", <h2>-<h4> in "Heading 1"-"Heading 3",
paragraphs in "Normal", lists as "List Paragraph" paragraphs with real numbering definitions
(bulleted and numbered, nested ones a level down), <strong> as bold runs, links as Word
hyperlinks, <br> as line breaks. `extras` then adds what the page has not: tables with and
without a header row, a Heading 4, an in-document link to a bookmark and pictures.

`units` reads the text units and link targets back from the .docx with python-docx, as Word
shows them, independently of the importer: the expectations of the tests.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from PIL import Image

STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
SPACE = re.compile(r"[ \t\n\r\f]+")
BULLET, DECIMAL = 900, 901  # our abstract numbering definitions


@dataclass
class Run:
    text: str
    bold: bool = False
    href: str = ""


@dataclass
class Block:
    style: str  # a Word paragraph style, or "bullet"/"number" for a list item
    runs: list[Run] = field(default_factory=list)
    level: int = 0  # a list item's nesting
    list_id: int = 0  # which list (each list restarts its numbers)


class _Blocks(HTMLParser):
    """The blocks of a simple HTML page (headings, paragraphs, nested lists) with bold and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[tuple[str, int]] = []  # (ul|ol, list id) open now
        self.bold, self.href, self.lists_made = 0, "", 0
        self.current: Block | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in STYLES or tag == "p":
            self.current = Block(STYLES.get(tag, "Normal"))
            self.blocks.append(self.current)
        elif tag in ("ul", "ol"):
            self.lists_made += 1
            self.lists.append((tag, self.lists[0][1] if self.lists else self.lists_made))
        elif tag == "li":
            kind, ident = self.lists[-1]
            self.current = Block("bullet" if kind == "ul" else "number", level=len(self.lists) - 1, list_id=ident)
            self.blocks.append(self.current)
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag == "a":
            self.href = dict(attrs).get("href") or ""
        elif tag == "br" and self.current:
            self.current.runs.append(Run("\n"))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self.lists.pop()
        elif tag in ("b", "strong"):
            self.bold -= 1
        elif tag == "a":
            self.href = ""
        elif tag in STYLES or tag in ("p", "li"):
            self.current = None

    def handle_data(self, data: str) -> None:
        text = SPACE.sub(" ", data)
        if self.current is not None and text.strip(" "):
            runs = self.current.runs
            if not runs or runs[-1].text == "\n":
                text = text.lstrip(" ")
            runs.append(Run(text, self.bold > 0, self.href))
        elif self.current is not None and self.current.runs and text == " ":
            self.current.runs.append(Run(" ", self.bold > 0, self.href))


def html_blocks(path: Path) -> list[Block]:
    parser = _Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    for block in parser.blocks:
        while block.runs and not block.runs[-1].text.strip():
            block.runs.pop()
    return [b for b in parser.blocks if b.runs]


def png(colour: tuple[int, int, int], size: tuple[int, int] = (240, 160)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, format="PNG")
    return buf.getvalue()


class Writer:
    """A python-docx document and the oxml python-docx has no API for: numbering, hyperlinks, bookmarks."""

    def __init__(self) -> None:
        self.doc: DocxDocument = Document()
        self.nums: dict[tuple[int, int], int] = {}  # (abstract definition, list id) -> numId
        numbering = self.doc.part.numbering_part.element
        first_num = numbering.find(qn("w:num"))
        for ident, formats in (
            (BULLET, [("bullet", "\u2022"), ("bullet", "o")]),
            (DECIMAL, [("decimal", "%1."), ("lowerLetter", "%2.")]),
        ):
            levels = "".join(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
                for i, (fmt, text) in enumerate(formats)
            )
            xml = f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{ident}">{levels}</w:abstractNum>'
            first_num.addprevious(parse_xml(xml))
        self.bookmarks = 0

    def num_id(self, abstract: int, list_id: int) -> int:
        key = (abstract, list_id)
        if key not in self.nums:
            num_id = 900 + len(self.nums)
            xml = f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/></w:num>'
            self.doc.part.numbering_part.element.append(parse_xml(xml))
            self.nums[key] = num_id
        return self.nums[key]

    def block(self, block: Block) -> Paragraph:
        if block.style in ("bullet", "number"):
            para = self.doc.add_paragraph(style="List Paragraph")
            num = self.num_id(BULLET if block.style == "bullet" else DECIMAL, block.list_id)
            xml = f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{block.level}"/><w:numId w:val="{num}"/></w:numPr>'
            para._p.get_or_add_pPr().append(parse_xml(xml))
        else:
            para = self.doc.add_paragraph(style=block.style)
        for run in block.runs:
            self.run(para, run)
        return para

    def run(self, para: Paragraph, run: Run) -> None:
        if run.text == "\n":
            para.add_run().add_break()
        elif run.href:
            self.link(para, run.text, run.href, run.bold)
        else:
            para.add_run(run.text).bold = run.bold or None

    def link(self, para: Paragraph, text: str, href: str, bold: bool = False) -> None:
        """A Word hyperlink: to a URL (a relationship) or, for '#name', to a bookmark in the document."""
        link = OxmlElement("w:hyperlink")
        if href.startswith("#"):
            link.set(qn("w:anchor"), href[1:])
        else:
            link.set(qn("r:id"), para.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True))
        bold_xml = "<w:b/>" if bold else ""
        xml = (
            f'<w:r {nsdecls("w")}><w:rPr>{bold_xml}<w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'
            f'<w:t xml:space="preserve"></w:t></w:r>'
        )
        element = parse_xml(xml)
        element.find(qn("w:t")).text = text
        link.append(element)
        para._p.append(link)

    def bookmark(self, para: Paragraph, name: str) -> None:
        """A bookmark around the paragraph's text, as Word makes one for a cross-reference."""
        self.bookmarks += 1
        start = parse_xml(f'<w:bookmarkStart {nsdecls("w")} w:id="{self.bookmarks}" w:name="{name}"/>')
        end = parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{self.bookmarks}"/>')
        pPr = para._p.pPr
        if pPr is not None:
            pPr.addnext(start)
        else:
            para._p.insert(0, start)
        para._p.append(end)

    def table(self, rows: list[list[str]], header: bool) -> Table:
        table = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        for number, (row, texts) in enumerate(zip(table.rows, rows, strict=True)):
            for cell, text in zip(row.cells, texts, strict=True):
                cell.paragraphs[0].add_run(text).bold = (header and number == 0) or None
        if header:
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        return table

    def picture(self, data: bytes, alt: str) -> Paragraph:
        para = self.doc.add_paragraph()
        shape = para.add_run().add_picture(io.BytesIO(data))
        if alt:
            shape._inline.docPr.set("descr", alt)
        return para


TABLET_SIZES = [["Tablet strength", "Diameter"], ["1.25 mg", "5 mm"], ["2.5 mg", "7 mm"], ["3.75 mg", "8 mm"]]
PHONES = [["Tel", "+44 (0)191 516 6517"], ["Fax", "+44 (0)191 516 6526"]]
EMAIL = "regulatoryfrm.mumbai@ipca.com"
PILL_ALT = "A round white tablet with a score line across it"
PACK_ALT = "A blister strip of 14 tablets beside its carton"
AUTHOR, LANGUAGE = "Medicines Information Team", "en-GB"  # File > Info in Word, and the language of the text


def leaflet_docx(source: Path, target: Path) -> Path:
    """The page's blocks in Word styles, and after some of them what the page lacks (see `extras`)."""
    writer = Writer()
    for block in html_blocks(source):
        text = "".join(r.text for r in block.runs)
        if text == "Possible side effects" and block.style == "number":
            block.runs = [Run(text, href="#side_effects")]  # the contents list links into the document
        if EMAIL in text:  # the address as a mailto: link
            at = next(i for i, r in enumerate(block.runs) if EMAIL in r.text)
            before, after = block.runs[at].text.split(EMAIL, 1)
            block.runs[at : at + 1] = [Run(before), Run(EMAIL, href=f"mailto:{EMAIL}"), Run(after)]
            block.runs = [r for r in block.runs if r.text]
        if block.style == "Heading 2" and text == "Reporting of side effects":
            writer.block(block)
            writer.block(Block("Heading 3", [Run("The Yellow Card Scheme")]))
            writer.block(Block("Heading 4", [Run("Online")]))
            continue
        para = writer.block(block)
        extras(writer, para, text)
    writer.doc.core_properties.title = "Bisoprolol: information for the patient"
    writer.doc.core_properties.author = AUTHOR
    writer.doc.styles.element.find(qn("w:docDefaults")).find(f".//{qn('w:lang')}").set(qn("w:val"), LANGUAGE)
    writer.doc.save(str(target))
    return target


def extras(writer: Writer, para: Paragraph, text: str) -> None:
    if text == "4. Possible side effects":
        writer.bookmark(para, "side_effects")
    elif text.startswith("Always take this medicine exactly"):
        writer.picture(png((250, 250, 245)), PILL_ALT)
    elif text == "10 mg once daily for maintenance":
        writer.doc.add_paragraph("The tablets differ in size:")
        writer.table(TABLET_SIZES, header=True)
    elif text.startswith("Tel: "):
        writer.table(PHONES, header=False)
    elif text == "Not all pack sizes may be marketed.":
        writer.picture(png((200, 210, 230)), PACK_ALT)


@dataclass(frozen=True)
class Units:
    texts: list[str]  # headings, paragraphs (a line break ends one), list items, table cells, in order
    links: list[str]  # http, https, mailto and tel targets, in order
    paragraphs: list[str]  # the text of every body paragraph, cells' too, in document order (numbered from 1)


def units(path: Path) -> Units:
    """What Word shows of the document, read with python-docx (not with the importer's library)."""
    doc = Document(str(path))
    texts: list[str] = []
    links: list[str] = []
    for item in doc.iter_inner_content():
        paras = [p for row in item.rows for c in row.cells for p in c.paragraphs] if isinstance(item, Table) else [item]
        for para in paras:
            style = para.style.name if para.style is not None else "Normal"
            lines = para.text.split("\n") if style == "Normal" and not isinstance(item, Table) else [para.text]
            texts += [t for line in lines if (t := SPACE.sub(" ", line).strip(" "))]
            links += [h.address for h in para.hyperlinks if re.match(r"(https?|mailto|tel):", h.address)]
    everything = [Paragraph(p, doc) for p in doc.element.body.iter(qn("w:p"))]
    return Units(texts, links, [p.text for p in everything])


def member(
    name: str, data: bytes, declared: int | None = None, deflate: bool = True
) -> tuple[str, bytes, int, int, int]:
    """A zip member as (name, stored bytes, method, declared inflated size, CRC) for `raw_zip`."""
    packed = zlib.compress(data)[2:-4] if deflate else data  # raw deflate: no zlib header or checksum
    return name, packed, 8 if deflate else 0, len(data) if declared is None else declared, zlib.crc32(data)


def zeros_deflated(size: int) -> bytes:
    """A raw deflate stream that inflates to `size` zero bytes (a multiple of 1 MiB), made without `size` bytes."""
    chunk = b"\0" * (1 << 20)
    squash = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = squash.compress(chunk) + squash.flush(zlib.Z_SYNC_FLUSH)
    again = squash.compress(chunk) + squash.flush(zlib.Z_SYNC_FLUSH)  # refers only to zeros: repeatable
    return first + again * (size // len(chunk) - 1) + squash.flush()


def raw_zip(target: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A zip written by hand, so a member can declare any inflated size (zipfile would write the true one)."""
    body, directory = b"", b""
    for name, data, method, size, crc in members:
        encoded = name.encode()
        fields = struct.pack("<HHHHHIII", 20, 0, method, 0, 0x21, crc, len(data), size)
        directory += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + fields
            + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0, len(body))
            + encoded
        )
        body += b"PK\x03\x04" + fields + struct.pack("<HH", len(encoded), 0) + encoded + data
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(members), len(members), len(directory), len(body), 0)
    target.write_bytes(body + directory + end)
    return target


def with_document(source: Path, target: Path, document: tuple[str, bytes, int, int, int] | None) -> Path:
    """The .docx at `source` with its word/document.xml replaced by `document` (or left out, for None)."""
    with zipfile.ZipFile(source) as archive:
        members = [member(i.filename, archive.read(i)) for i in archive.infolist() if i.filename != "word/document.xml"]
    return raw_zip(target, members + ([document] if document else []))


def with_footnote(source: Path, target: Path, after: str, note: str) -> Path:
    """The .docx with a footnote (Word's footnotes part, its relationship and content type) after `after`."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    reference = b'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {w}><w:footnote w:id="1">'
        f'<w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    ).encode()
    edits = {
        "word/document.xml": (f"{after}</w:t></w:r>".encode(), f"{after}</w:t></w:r>".encode() + reference),
        "word/_rels/document.xml.rels": (
            b"</Relationships>",
            b'<Relationship Id="rIdNotes" Target="footnotes.xml" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/footnotes"/></Relationships>',
        ),
        "[Content_Types].xml": (
            b"</Types>",
            b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
            b'officedocument.wordprocessingml.footnotes+xml"/></Types>',
        ),
    }
    with zipfile.ZipFile(source) as archive:
        members = []
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename in edits:
                old, new = edits[info.filename]
                assert old in data, info.filename
                data = data.replace(old, new, 1)
            members.append(member(info.filename, data))
    return raw_zip(target, [*members, member("word/footnotes.xml", notes)])
