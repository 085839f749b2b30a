"""A corpus of hostile PDFs for `leaflet check`, made by code from a real built leaflet (no blobs).

Each maker takes the bytes of a good leaflet PDF and returns the bytes of a hostile one. Most
append an incremental update that replaces or adds objects by number, so the hostile part is
exactly the bytes written here and no PDF library tidies it on the way out.

Run it to write the corpus into a folder, to try the files by hand:
    python tests/hostile_pdfs.py LEAFLET.pdf OUT_DIR
"""

from __future__ import annotations

import io
import re
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import PdfObject

Maker = Callable[[bytes], bytes]


@dataclass(frozen=True)
class Hostile:
    """One hostile PDF: how to make it, the exit status `leaflet check` must give, and a word
    the one-line message must contain (so the message says what is wrong)."""

    name: str
    make: Maker
    exit: int
    says: str


def serialise(obj: PdfObject) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out)
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    """A stream object's text: the dictionary, then the (Flate-compressed) data."""
    if compress:
        data, extra = zlib.compress(data), extra + b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def update(base: bytes, objects: dict[int, bytes], trailer: bytes = b"") -> bytes:
    """`base` plus an incremental update: `objects` by number, and `trailer` entries that override."""
    prev = re.findall(rb"startxref\s+(\d+)", base)
    sizes = [int(s) for s in re.findall(rb"/Size\s+(\d+)", base)]
    size = max([*sizes, max(objects, default=0) + 1])
    body = bytearray(base if base.endswith(b"\n") else base + b"\n")
    offsets = {}
    for number, text in sorted(objects.items()):
        offsets[number] = len(body)
        body += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    xref = len(body)
    body += b"xref\n0 1\n0000000000 65535 f \n"
    for number, at in sorted(offsets.items()):
        body += b"%d 1\n%010d 00000 n \n" % (number, at)
    keys = dict(re.findall(rb"/(Root|Info)\s+(\d+\s+\d+\s+R)", base))
    inherited = b"".join(b"/%s %s " % (k, v) for k, v in keys.items() if b"/" + k + b" " not in trailer)
    tail = b"/Prev %s " % prev[-1] if prev else b""
    body += b"trailer\n<< /Size %d %s%s%s >>\nstartxref\n%d\n%%%%EOF\n" % (size, tail, inherited, trailer, xref)
    return bytes(body)


def scratch(objects: dict[int, bytes], trailer: bytes) -> bytes:
    """A PDF written from nothing: header, objects, xref, trailer."""
    return update(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", objects, trailer)


@dataclass(frozen=True)
class Parts:
    """Object numbers in a ReportLab leaflet that the makers replace."""

    page: int  # the first page
    page_text: bytes  # its dictionary as written
    contents: int  # its content stream
    pages: int  # the page tree root
    font: int  # the first font on the first page
    font_key: str  # its name in the page's resources
    font_text: bytes
    descriptor: int  # that font's descriptor
    descriptor_text: bytes
    size: int  # the next free object number


def parts(base: bytes) -> Parts:
    reader = PdfReader(io.BytesIO(base))
    page = reader.pages[0]
    font_key, font_ref = next(iter(page["/Resources"]["/Font"].items()))
    font = font_ref.get_object()
    desc_ref = font.raw_get("/FontDescriptor")
    return Parts(
        page=page.indirect_reference.idnum,
        page_text=serialise(page),
        contents=page.raw_get("/Contents").idnum,
        pages=reader.trailer["/Root"].raw_get("/Pages").idnum,
        font=font_ref.idnum,
        font_key=font_key,
        font_text=serialise(font),
        descriptor=desc_ref.idnum,
        descriptor_text=serialise(desc_ref.get_object()),
        size=int(reader.trailer["/Size"]),
    )


def with_key(text: bytes, key: bytes, value: bytes | None) -> bytes:
    """A dictionary's text with /key set to `value` (or removed when None)."""
    text = re.sub(rb"/%s\s*(\[[^\]]*\]|<<.*?>>|\([^)]*\)|\d+ \d+ R|/\w+|[-\d.]+)" % key, b"", text, flags=re.S)
    return text if value is None else text.replace(b"<<", b"<< /%s %s" % (key, value), 1)


def content_stream(base: bytes, extra: bytes) -> bytes:
    """The first page's content with `extra` operators drawn after it."""
    reader = PdfReader(io.BytesIO(base))
    return reader.pages[0].get_contents().get_data() + b"\n" + extra  # type: ignore[union-attr]


def page_key(key: bytes, value: bytes | None) -> Maker:
    def make(base: bytes) -> bytes:
        p = parts(base)
        return update(base, {p.page: with_key(p.page_text, key, value)})

    return make


def drawn(extra: bytes) -> Maker:
    """The first page draws `extra` (malformed operators) after its own content."""

    def make(base: bytes) -> bytes:
        p = parts(base)
        return update(base, {p.contents: stream(content_stream(base, extra))})

    return make


def flate_bomb(base: bytes) -> bytes:
    """The first page's content stream inflates to 256 MiB of spaces (it is 250 KB in the file)."""
    p = parts(base)
    packer = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(packer.compress(chunk) for _ in range(256)) + packer.flush()
    return update(base, {p.contents: stream(data, b" /Filter /FlateDecode", compress=False)})


def range_bomb(base: bytes) -> bytes:
    """The first font's /ToUnicode maps codes 0 to 2**32-1: four billion entries if expanded."""
    p = parts(base)
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"1 begincodespacerange <0000> <FFFFFFFF> endcodespacerange\n"
        b"1 beginbfrange\n<0000> <FFFFFFFF> <0000>\nendbfrange\nendcmap end end\n"
    )
    font = with_key(p.font_text, b"ToUnicode", b"%d 0 R" % p.size)
    return update(base, {p.font: font, p.size: stream(cmap)})


def fontfile(value: bytes) -> Maker:
    """The first font's /FontFile2 is `value` (not a font program stream)."""

    def make(base: bytes) -> bytes:
        p = parts(base)
        return update(base, {p.descriptor: with_key(p.descriptor_text, b"FontFile2", value)})

    return make


def font_entry(value: bytes) -> Maker:
    """The first font object itself is replaced by `value`."""

    def make(base: bytes) -> bytes:
        return update(base, {parts(base).font: value})

    return make


def trailer_entry(key: bytes, value: bytes, objects: dict[int, bytes] | None = None) -> Maker:
    def make(base: bytes) -> bytes:
        return update(base, objects or {}, b"/%s %s" % (key, value))

    return make


def cyclic_tree(base: bytes) -> bytes:
    """The page tree's root lists itself as a kid."""
    p = parts(base)
    n = p.pages
    return update(base, {n: b"<< /Type /Pages /Kids [ %d 0 R %d 0 R ] /Count 2 >>" % (p.page, n)})


def many_pages(base: bytes) -> bytes:
    """One page listed 100,000 times: a small file that claims a huge document."""
    p = parts(base)
    kids = b" ".join([b"%d 0 R" % p.page] * 100_000)
    return update(base, {p.pages: b"<< /Type /Pages /Kids [ %s ] /Count 100000 >>" % kids})


def deep_array(base: bytes) -> bytes:
    """A /MediaBox nested 100,000 arrays deep (a parser that recurses overflows its stack)."""
    p = parts(base)
    return update(base, {p.page: with_key(p.page_text, b"MediaBox", b"[" * 100_000 + b"]" * 100_000)})


def encrypted(algorithm: str) -> Maker:
    """The leaflet encrypted by pypdf with an empty user password (opens without asking)."""

    def make(base: bytes) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(base)))
        writer.encrypt("", "owner", algorithm=algorithm)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    return make


def truncated(base: bytes) -> bytes:
    return base[: len(base) // 2]


def no_trailer(base: bytes) -> bytes:
    """Objects but no xref, trailer or startxref (pypdf would have to rebuild them)."""
    return base[: base.rindex(b"xref")]


def scratch_page(page: bytes) -> Maker:
    """A one-page PDF from nothing whose page dictionary is `page` (object 3)."""

    def make(_base: bytes) -> bytes:
        objects = {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
            3: page,
            4: stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"),
        }
        return scratch(objects, b"/Root 1 0 R")

    return make


BAD_OPERANDS = b"q /a /b re f (abc) Tw (x) (y) Td /F1 Tf () 12 Tf 1 rg /n /n /n rg (z) cm BT 5 Tj 6 TJ [1 (a)] Tz ET Q"

MALFORMED = "pages: page 1: malformed drawing instruction"
CORPUS = [
    Hostile("encrypted-rc4-40", encrypted("RC4-40"), 2, "the PDF is encrypted"),
    Hostile("encrypted-rc4-128", encrypted("RC4-128"), 2, "the PDF is encrypted"),
    Hostile("encrypted-aes-128", encrypted("AES-128"), 2, "the PDF is encrypted"),
    Hostile("encrypted-aes-256", encrypted("AES-256"), 2, "the PDF is encrypted"),
    Hostile("encrypt-not-a-dict", trailer_entry(b"Encrypt", b"5"), 2, "the PDF is encrypted"),
    Hostile("truncated", truncated, 2, "cannot read the PDF"),
    Hostile("no-trailer", no_trailer, 2, "cannot read the PDF"),
    Hostile("flate-bomb", flate_bomb, 2, "cannot read page 1: over a size limit"),
    Hostile("drawing-bomb", drawn(b"0 0 m " * 1_000_000), 2, "drawing instructions up to page 1 are over 4 MiB"),
    Hostile("operator-bomb", drawn(b"1 w\n" * 200_000), 2, "cannot read page 1: over a size limit"),
    Hostile("content-deep", drawn(b"[" * 100_000), 2, "cannot read page 1"),
    Hostile("content-reference", drawn(b"BT 0 0 R Tj ET"), 2, "cannot read page 1"),  # pypdf asserts there are none
    Hostile(
        "content-bad-re", drawn(b"/a /b 0 0 re f"), 1, "pages: page 1: malformed drawing instruction '/a /b 0 0 re'"
    ),
    Hostile("content-bad-tw", drawn(b"BT (abc) Tw ET"), 1, "pages: page 1: malformed drawing instruction 'abc Tw'"),
    Hostile("content-bad-operands", drawn(BAD_OPERANDS), 1, "pages: page 1: malformed drawing instruction"),
    # The page's own drawing is complete; the unclosed tail after it draws nothing.
    Hostile("content-unclosed", drawn(b"BT [ (a) << /x ( "), 0, ""),
    # Our own tokenizer (contentops): a string of nested parentheses never closed, an inline image
    # with no EI, run to the end in linear time; nesting past its depth limit is refused.
    Hostile("content-nested-string", drawn(b"(" + b"a(" * 500_000), 0, ""),
    Hostile("content-inline-image-open", drawn(b"BI /W 9 /H 9 ID " + bytes(range(256)) * 100), 0, ""),
    Hostile("content-deep-dict", drawn(b"<<" * 100), 2, "cannot read page 1: arrays or dictionaries nested more"),
    # What our text interpreter leaves to pypdf (text in no font of the page's, a code with no
    # ToUnicode entry): the page is read as pypdf reads it, and the checks fail it.
    Hostile("content-unknown-font", drawn(b"BT /Nope 12 Tf 10 10 Td (abc) Tj ET"), 1, 'pages: page 1: "'),
    Hostile("content-unmapped-code", drawn(b"BT /F1+0 12 Tf 10 10 Td <ff> Tj ET"), 1, 'pages: page 1: "'),
    Hostile("no-mediabox", page_key(b"MediaBox", None), 1, "pages: page 1 has no usable /MediaBox"),
    Hostile("mediabox-names", page_key(b"MediaBox", b"[ /a /b /c /d ]"), 1, "pages: page 1 is 0x0 pt"),
    Hostile("mediabox-short", page_key(b"MediaBox", b"[ 0 0 ]"), 1, "pages: page 1 has no usable /MediaBox"),
    Hostile("mediabox-deep", deep_array, 2, "cannot read the page tree"),
    Hostile("contents-not-stream", page_key(b"Contents", b"<< /a 1 >>"), 1, "pages: page 1: its /Contents is not a"),
    Hostile("resources-string", page_key(b"Resources", b"(none)"), 1, "pages: page 1: its /Resources is not a"),
    Hostile("font-resource-number", page_key(b"Resources", b"<< /Font << /F1+0 7 /F2+0 (x) >> >>"), 1, "text: "),
    Hostile("font-not-dict", font_entry(b"[ /Type /Font ]"), 1, "text: "),
    Hostile("font-odd-subtype", font_entry(b"<< /Type /Font /Subtype 5 /BaseFont [ ] /Encoding 3 >>"), 1, "text: "),
    Hostile("fontfile2-dict", fontfile(b"<< /Length 5 >>"), 1, "fonts: font /"),
    Hostile("fontfile2-number", fontfile(b"42"), 1, "fonts: font /"),
    Hostile("fontfile2-missing-object", fontfile(b"999 0 R"), 1, "fonts: font /"),
    Hostile("tounicode-range-bomb", range_bomb, 2, "cannot read page 1: over a size limit"),
    Hostile("info-number", trailer_entry(b"Info", b"7"), 1, "metadata: no title, author, subject"),
    Hostile("info-array", trailer_entry(b"Info", b"[ /Title (x) ]"), 1, "metadata: no title, author, subject"),
    # pypdf finds the catalog by its /Type when the trailer's /Root is not a reference to it, as viewers do.
    Hostile("root-number", trailer_entry(b"Root", b"3"), 0, ""),
    Hostile("annots-not-dicts", page_key(b"Annots", b"[ 1 (x) /y [ ] ]"), 0, ""),
    Hostile("annots-number", page_key(b"Annots", b"17"), 0, ""),
    Hostile("annot-action-number", page_key(b"Annots", b"[ << /Subtype /Link /A 5 >> ]"), 1, "links: page 1"),
    Hostile("annot-action-string", page_key(b"Annots", b"[ << /Subtype /Link /A (x) /Rect 3 >> ]"), 1, "links: page 1"),
    Hostile("cyclic-page-tree", cyclic_tree, 2, "cannot read the page tree: Detected cyclic page references"),
    Hostile("many-pages", many_pages, 2, "cannot read the page tree: over a size limit"),
    Hostile("scratch-no-resources", scratch_page(b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>"), 1, "pages: "),
    Hostile("scratch-page-not-dict", scratch_page(b"[ /Type /Page ]"), 2, "the PDF has no pages"),
]


def main(argv: list[str]) -> int:
    base, out = Path(argv[0]).read_bytes(), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for case in CORPUS:
        (out / f"{case.name}.pdf").write_bytes(case.make(base))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
