"""A Word file (.docx) -> its located HTML element tree (stage: import, read), through mammoth.

Input: the path of a .docx. Output: the root `Element` of the HTML that mammoth makes of the
document body (Word's styles and numbering read as headings, lists, tables, bold and links),
headed by what Word's properties say (title, author, keywords, language), and `Note`s of what
mammoth could not map. Each paragraph is located by its number: the Nth paragraph of the body,
counting empty ones and those in table cells and text boxes, from 1, is "line" N (column 1);
its HTML carries that number as `data-source-line`.

Word's "Title" is the leaflet's title (h1) and, when a document has one, "Heading 1"-"Heading 5"
are h2-h6 (sections, subheadings, minor headings); without it "Heading N" is hN. "Quote" and
"Intense Quote" paragraphs are a blockquote (a call-out). Pictures become data: URIs.

A .docx is a zip, and hostile: it is read whole only up to `MAX_DOCX`; each member's declared
inflated size is checked before anything is inflated (zipfile then stops at that size); each
member is then read with a cap and refused if it declares XML entities (no billion laughs, no
external entities: Word never writes one) or is XML in an encoding that could hide one; pictures
are read with a cap again as mammoth hands them over. Anything else that breaks the reading is
one located `ContentError`.
"""

from __future__ import annotations

import base64
import io
import re
import zipfile
import zlib
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers.expat import ExpatError

import mammoth
from mammoth import documents

from .. import inputs
from ..errors import ContentError, Where
from .tree import LINE_ATTR, Element, Note, parse_html

MIB = inputs.MIB
MAX_DOCX = 64 * MIB  # a Word leaflet is well under 10 MB, pictures and all
MAX_XML = 16 * MIB  # one XML part inflated: a 300-page document's text is a few MB
MAX_PART = 32 * MIB  # any other member (a picture) inflated
MAX_INFLATED = 128 * MIB  # all the members together
DOCUMENT, CORE, STYLES = "word/document.xml", "docProps/core.xml", "word/styles.xml"
NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
}
HEAD = {"title": "dc:title", "author": "dc:creator", "keywords": "cp:keywords"}  # Word's File > Info
ENTITIES = tuple("<!ENTITY".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
ENCODING = re.compile(rb"\A(?:\xef\xbb\xbf|\xff\xfe|\xfe\xff)?<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)")
MARK = re.compile("((?:<[a-z][a-z0-9]*(?: [^<>]*)?>)*)\x01([0-9]+)\x02")
OPEN_TAG = re.compile("<([a-z][a-z0-9]*)")
BACK_LINK = re.compile('<a href="#(?:footnote|endnote)-ref-[0-9]+">\u2191</a>')  # mammoth's, not the author's
STYLE_MAP = "\n".join(
    [f"p[style-name='leaflet h{n}'] => h{n}:fresh" for n in range(1, 7)]
    + ["p[style-name='Quote'] => blockquote > p:fresh", "p[style-name='Intense Quote'] => blockquote > p:fresh"]
)
HINT = "save it again from Word as a .docx (Word Document), or export it as HTML and import that"


def read_docx(path: Path) -> tuple[Element, list[Note]]:
    """The located element tree of the document body, and notes of what mammoth could not map."""
    data = inputs.read_capped(path, MAX_DOCX, "a Word (.docx) file", typical="a Word leaflet is well under 10 MB")
    where = Where(str(path), 1, 1)
    parts = check_zip(data, where)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            include_embedded_style_map=False,  # the document does not configure its own reading
            external_file_access=False,  # a linked picture or file is never fetched
            transform_document=numbered,
            convert_image=mammoth.images.img_element(lambda image: picture(image, where)),
        )
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ExpatError, ValueError, RecursionError) as e:
        raise ContentError(f"cannot read this Word file: {reason(e)}", where, hint=HINT) from None
    notes = [Note(Where.file(path), f"Word: {m}") for m in dict.fromkeys(str(m.message) for m in result.messages)]
    html = head(parts) + located(str(result.value))
    root, dropped = parse_html(html, str(path), source_lines=str(path))
    return root, notes + dropped


def reason(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "it is nested too deep"
    return str(error).strip() or type(error).__name__


def check_zip(data: bytes, where: Where) -> dict[str, bytes]:
    """Refuse what is not a .docx, or would inflate past the caps, before mammoth inflates any of it;
    the XML of the parts `head` reads, checked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if DOCUMENT not in archive.namelist():
                raise ContentError(f"a zip without {DOCUMENT}: not a Word document", where, hint=HINT)
            for member in members:  # every declared size first: nothing is inflated before all are known
                check_size(member, where)
            total = sum(m.file_size for m in members)
            if total > MAX_INFLATED:
                raise ContentError(
                    f"would inflate to {total // MIB} MiB (at most {MAX_INFLATED // MIB} MiB)", where, hint=HINT
                )
            kept = {}
            for member in members:
                data = check_part(archive, member, where)
                if member.filename in (CORE, STYLES):
                    kept[member.filename] = data
            return kept
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as e:
        raise ContentError(f"not a Word (.docx) file: {reason(e)}", where, hint=HINT) from None


def is_xml(member: zipfile.ZipInfo) -> bool:
    return member.filename.lower().endswith((".xml", ".rels"))


def check_size(member: zipfile.ZipInfo, where: Where) -> None:
    cap = MAX_XML if is_xml(member) else MAX_PART
    if member.file_size > cap:
        raise ContentError(
            f"'{member.filename}' would inflate to {member.file_size // MIB} MiB (at most {cap // MIB} MiB)",
            where,
            hint=HINT,
        )


def check_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: Where) -> bytes:
    """Read the member with a cap (zipfile also stops at its declared size); refuse XML entities, and
    XML in an encoding other than UTF-8 or UTF-16 (which could hide them from this search). Every
    member is searched, whatever its name: mammoth parses what the relationships point at."""
    cap = MAX_XML if is_xml(member) else MAX_PART
    with archive.open(member) as part:
        data = part.read(cap + 1)
    if len(data) > cap:
        raise ContentError(f"'{member.filename}' inflates past {cap // MIB} MiB", where, hint=HINT)
    if any(entity in data for entity in ENTITIES):
        raise ContentError(
            f"'{member.filename}' declares XML entities: Word never writes them, and they are not expanded",
            where,
            hint=HINT,
        )
    declared = ENCODING.search(data[:400].replace(b"\0", b""))
    encoding = declared.group(1).decode("ascii", "replace") if declared else "utf-8"
    if encoding.lower().replace("-", "") not in ("utf8", "utf16"):
        raise ContentError(
            f"'{member.filename}' is XML in {encoding}: a .docx holds UTF-8 or UTF-16 XML only",
            where,
            hint=HINT,
        )
    return data


def head(parts: dict[str, bytes]) -> str:
    """The HTML head of what Word's properties say: title, author, keywords, and the language of the
    text (the document's, else the default of its styles). Read with no entities (`check_part` refused them)."""
    core, styles = (xml_of(parts.get(name, b"")) for name in (CORE, STYLES))
    said = {key: core.findtext(name, "", NS).strip() if core is not None else "" for key, name in HEAD.items()}
    language = core.findtext("dc:language", "", NS).strip() if core is not None else ""
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS) if styles is not None else None
    language = language or (default.get(f"{{{NS['w']}}}val", "") if default is not None else "")
    meta = "".join(
        f'<meta name="{key}" content="{escape(value)}">' for key, value in said.items() if value and key != "title"
    )
    return f'<html lang="{escape(language)}"><head><title>{escape(said["title"])}</title>{meta}</head>'


def xml_of(data: bytes) -> ElementTree.Element | None:
    try:
        return ElementTree.fromstring(data) if data else None
    except ElementTree.ParseError:
        return None  # properties are a help, not the text: a damaged part is read as none


def numbered(document: Any) -> Any:
    """The document with each paragraph's number as a mark at its start, and heading styles as h1-h6."""
    shift = int(any(_style(p) == "title" for p in _paragraphs(document)))
    count = [0]

    def visit(element: Any) -> Any:
        if isinstance(element, documents.Paragraph):
            count[0] += 1  # before its children: a text box's paragraphs come after the one holding it
            mark = documents.run([documents.text(f"\x01{count[0]}\x02")])
            level = heading_level(_style(element), shift)
            style = {"style_name": f"leaflet h{level}", "style_id": None} if level else {}
            return element.copy(children=[mark, *map(visit, element.children)], **style)
        children = getattr(element, "children", None)
        return element.copy(children=list(map(visit, children))) if isinstance(children, list) else element

    return visit(document)


def heading_level(style: str, shift: int) -> int:
    """1 for Word's Title; N + shift for "Heading N" (at most 6); 0 for any other style."""
    if style == "title":
        return 1
    found = re.fullmatch(r"heading ([1-9])", style)
    return min(int(found.group(1)) + shift, 6) if found else 0


def _style(paragraph: Any) -> str:
    return str(paragraph.style_name or "").strip().lower()


def _paragraphs(element: Any) -> list[Any]:
    out, stack = [], [element]
    while stack:
        node = stack.pop()
        if isinstance(node, documents.Paragraph):
            out.append(node)
        stack.extend(reversed(getattr(node, "children", None) or []))
    return out


def picture(image: Any, where: Where) -> dict[str, str]:
    """A picture's bytes as a data: URI (read with a cap), for `embedded` to write beside the YAML."""
    with image.open() as part:
        data = part.read(MAX_PART + 1)
    if len(data) > MAX_PART:
        raise ContentError(f"a picture inflates past {MAX_PART // MIB} MiB", where, hint=HINT)
    kind = str(image.content_type or "application/octet-stream")
    return {"src": f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"}


def located(html: str) -> str:
    """The HTML with each paragraph's mark moved onto the tags that open it, as `data-source-line`;
    without the arrow mammoth adds after a footnote (the author never typed it)."""

    def attach(found: re.Match[str]) -> str:
        return OPEN_TAG.sub(lambda tag: f'{tag.group(0)} {LINE_ATTR}="{found.group(2)}"', found.group(1))

    return MARK.sub(attach, BACK_LINK.sub("", html))
