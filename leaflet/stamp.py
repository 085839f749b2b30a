"""Laid-out clinic master + Clinic -> that clinic's PDF, without laying out again (stage: stamp).

The clinic layout leaves a fixed "Your clinic" box and a footer row empty, and its
font subsets already hold every glyph the batch's clinics need (the layout reserves
them). A stamp is then a PDF incremental update: the master's bytes, untouched, plus
one small content stream per page drawn with the master's own fonts, the link
annotations, and the changed page objects. Nothing is laid out or embedded again,
so a clinic costs a tenth of a millisecond or so. Details too long for their place are
a located error: never clipped, never shrunk.

What is the same for many clinics is worked out once a batch and kept in the Master: each
character's glyph, code and width (stamptext.py), the layer's frame (stampdraw.py), the page
dictionaries and the box's tags for a given count of lines and links (MEMO of each, so memory
stays flat). tests/test_stamp_memo.py: every stamp the same bytes as with a master of its own.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import field
from typing import Any

from reportlab.lib.units import mm

from .chars import drawn
from .clinics import LOGO_BOX
from .errors import LayoutError
from .fonts import Fonts
from .furniture import clinic_footer_width, footer_rows
from .model import Clinic
from .pdfmodel import Array, Dictionary, Document, Page, Ref, Refused, dict_of, list_of, stream_of
from .pdfupdate import MEMO, Reading, own_reading
from .pdfwrite import Entries, changed, entries, extended, serialise
from .record import record
from .simplefont import cmap_text
from .stampdraw import layer
from .stamplogo import image_objects, with_logo
from .stamptags import BoxTags, annotation_extra, box_objects, read_box
from .stamptext import measure
from .theme import Theme
from .updatewrite import append_update, link_annotation, stream

LOGO = LOGO_BOX  # the clinic logo's box, at the top right of the clinic box


@record
class Master:
    """The clinic layout, read once and stamped many times."""

    pdf: bytes
    reader: Document  # our own reading of the layout (pdfown), or pypdf's (pdfadapt) where ours refuses it
    slot_page: int
    slot: tuple[float, float, float, float]
    theme: Theme
    fonts: Fonts
    # (face, character) -> (font resource name, character code) in the master's subsets
    glyphs: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    # font resource name -> (code -> text), from the fonts' ToUnicode maps
    decode: dict[str, dict[int, str]] = field(default_factory=dict)
    box: BoxTags | None = None  # where the clinic lines go in the structure tree
    # the bytes of an object in a stamp's update -> what they read as (pdfupdate.py), for the next stamp's check
    read_back: dict[bytes, Any] = field(default_factory=dict)
    # bold -> character -> (font resource name, its code as written in a string), as `show` finds them
    codes: dict[bool, dict[str, tuple[str, bytes]]] = field(default_factory=lambda: {False: {}, True: {}})
    resources: tuple[bytes, ...] = ()  # each page's /Resources as written, for the check to compare a stamp's with
    pages: tuple[Entries, ...] = ()  # each page dictionary's entries as written, for stamps to change a few of
    page_resources: tuple[Dictionary, ...] = ()  # each page's /Resources, for a stamp with a logo to add it to
    annots: tuple[list[Any], ...] = ()  # each page's annotations as listed
    # written once a batch: each page's laid-out content streams (` 5 0 R 6 0 R`), the box page's annotations
    laid_contents: tuple[bytes, ...] = ()
    laid_annots: bytes = b"[ ]"
    reading: Reading | None = None  # how the check reads a stamp's update: ours, when ours read the layout
    fallback: dict[str, Reading] = field(default_factory=dict)  # pypdf's reading, made if a check needs it
    vouched: dict[tuple[Any, ...], Any] = field(default_factory=dict)  # (page, [key,] id, ...) -> what the check passed
    # what stamps write the same for many clinics, MEMO of each kept: page dictionaries, the box's tags
    written: dict[tuple[Any, ...], bytes] = field(default_factory=dict)
    tagged: dict[tuple[int, ...], dict[int, bytes]] = field(default_factory=dict)
    # font resource name -> its codes and `decode`'s map for str.translate (checks/stamplayer.py), made when first used
    tables: dict[bytes, tuple[bytes, dict[int, str]]] = field(default_factory=dict)
    # what every layer starts with (its colour line, the footer line's `BT Tm`) and where each box line starts
    frame: tuple[bytes, bytes, list[tuple[float, float, bytes]]] = field(default_factory=lambda: (b"", b"", []))
    placed: set[tuple[bytes, ...]] = field(default_factory=set)  # (head line,), (x, y) stamplayer passed (MEMO)
    # (bold, size) -> character -> advance width (Fonts.width's, one character at a time), for `measure`
    widths: dict[tuple[bool, float], dict[str, float]] = field(default_factory=dict)
    # bold -> the `codes` found so far as str.translate maps: character -> its font's mark, -> its code as written
    runs: dict[bool, tuple[dict[int, str], dict[int, str]]] = field(
        default_factory=lambda: {False: ({}, {}), True: ({}, {})}
    )
    marks: dict[str, str] = field(default_factory=dict)  # font resource name -> the one character that marks it
    shown: dict[tuple[str, float, bool], bytes] = field(default_factory=dict)  # stamptext.show's first MEMO


def read_master(
    pdf: bytes, slot_page: int, slot: tuple[float, float, float, float], theme: Theme, fonts: Fonts
) -> Master:
    """Read the laid-out master once: its pages and the code of every glyph its subsets hold.

    Our own reader (pdfown) reads it; should it refuse the layout, pypdf's does (pdfadapt), and the
    stamps are the same bytes either way."""
    from . import pdfown

    try:
        document = pdfown.open_own(pdf, "the clinic layout")
        return _read_master(document, pdf, slot_page, slot, theme, fonts, own_reading(document))
    except Refused:
        from pypdf import PdfReader

        from .pdfadapt import ForeignDocument

        return _read_master(ForeignDocument(PdfReader(io.BytesIO(pdf))), pdf, slot_page, slot, theme, fonts, None)


def _read_master(
    reader: Document,
    pdf: bytes,
    slot_page: int,
    slot: tuple[float, float, float, float],
    theme: Theme,
    fonts: Fonts,
    reading: Reading | None,
) -> Master:
    glyphs: dict[tuple[str, str], tuple[str, int]] = {}
    decode: dict[str, dict[int, str]] = {}
    for name, ref in dict_of(dict_of(reader.pages[0].get("/Resources")).get("/Font")).items():
        font = dict_of(ref)
        face = str(font.get("/BaseFont", "")).split("+", 1)[-1]
        cmap = stream_of(font.get("/ToUnicode"))
        decode[str(name)] = cmap_text(cmap.get_data()) if cmap is not None else {}
        for code, char in decode[str(name)].items():
            glyphs.setdefault((face, char), (str(name), code))
    first = serialise(dict_of(reader.pages[0].get("/Resources")).raw_get("/Font"))
    if any(serialise(dict_of(p.get("/Resources")).raw_get("/Font")) != first for p in reader.pages):
        raise LayoutError("the clinic layout's pages use different fonts", hint="a bug in leaflet: stamps need one set")
    resources = tuple(serialise(p.raw_get("/Resources")) for p in reader.pages)
    box = read_box(reader, slot_page)
    annots = tuple(list_of(p.raw_get("/Annots")) if "/Annots" in p else [] for p in reader.pages)
    return Master(
        pdf,
        reader,
        slot_page,
        slot,
        theme,
        fonts,
        glyphs,
        decode,
        box,
        resources=resources,
        pages=tuple(entries(p) for p in reader.pages),
        page_resources=tuple(dict_of(p.raw_get("/Resources")) for p in reader.pages),
        annots=annots,
        laid_contents=tuple(b"".join(b" " + serialise(part) for part in laid_parts(p)) for p in reader.pages),
        laid_annots=serialise(Array(annots[slot_page])),
        reading=reading,
        frame=frame(theme),
    )


def frame(theme: Theme) -> tuple[bytes, bytes, list[tuple[float, float, bytes]]]:
    """What every layer of the batch starts with: its colour line and the footer line's start (the box
    lines' starts are found as the stamps need them: stampdraw.line_at)."""
    r, g, b = theme.text.rgb()
    footer = theme.styles["footer"]
    x, y = theme.offset + theme.margin, footer_rows(theme)[2] + footer.leading - footer.fontSize
    return f"Q q {r:.3f} {g:.3f} {b:.3f} rg".encode(), f"/Artifact BMC BT 1 0 0 1 {x:.2f} {y:.2f} Tm ".encode(), []


def laid_parts(page: Page) -> list[Any]:
    """The page's content streams as laid out (a reference, or each of an array's)."""
    laid = page.raw_get("/Contents")
    return list(laid) if isinstance(laid, list) else [laid]


def reserve(clinics: list[Clinic]) -> str:
    """Every character the clinics' stamps will draw (for the layout to keep in its subsets)."""
    return "".join(sorted(set(drawn("".join(text for c in clinics for text in c.stamp_texts())))))


def fit(master: Master, clinic: Clinic) -> None:
    """Refuse details too long for the box or the footer, naming the field."""
    theme = master.theme
    body, footer = theme.styles["body"], theme.styles["footer"]
    width = master.slot[2] - master.slot[0] - 2 * theme.body_pt - (LOGO + theme.body_pt if clinic.logo else 0)
    for key, (label, text, _) in clinic.fields():
        used = measure(master, f"{label}: {text}" if label else text, body.fontSize, key == "name")
        if used > width:
            raise LayoutError(
                f"clinic {key} is too long for the clinic box ({used / mm:.0f} mm, room for {width / mm:.0f} mm)",
                clinic.field_where.get(key, clinic.where),
                hint="shorten it; the box has a fixed size so one layout serves every clinic",
            )
    room = clinic_footer_width(theme)
    if measure(master, clinic.footer, footer.fontSize) > room:
        raise LayoutError(
            f"'{clinic.footer}' is too long for the footer ({room / mm:.0f} mm)",
            clinic.field_where.get("name", clinic.where),
            hint="use a shorter clinic name",
        )


def stamp(master: Master, clinic: Clinic) -> bytes:
    """The clinic's PDF: an incremental update adding the clinic layer to every page."""
    fit(master, clinic)
    trailer = master.reader.trailer
    size = int(trailer["/Size"])
    objects: dict[int, bytes] = {}

    def add(body: bytes) -> Ref:
        nonlocal size
        objects[size] = body
        size += 1
        return Ref(size - 1, 0, None)

    save = add(stream(b"q"))
    footer_layer = add(stream(layer(master, clinic, False)[0]))
    lines = clinic.lines()
    for i, page in enumerate(master.reader.pages):
        content = layer(master, clinic, True, lines) if i == master.slot_page else None
        layer_ref = add(stream(content[0])) if content else footer_layer
        # the page's new entries: its /Contents are the stamp's `q`, the laid-out streams, then its layer
        values = {"/Contents": b"[ %d 0 R%s %d 0 R ]" % (save.number, master.laid_contents[i], layer_ref.number)}
        if content and clinic.logo:
            values["/Resources"] = serialise(with_logo(master.page_resources[i], image_objects(clinic.logo, add)))
        if content:
            values.update(box_links(master, page, content[1], len(lines), add, objects))
        if page.ref is None:
            raise LayoutError("a page of the clinic layout is no object of its own", hint="a bug in leaflet")
        objects[page.ref.number] = written_page(master, i, values)
    return append_update(master.pdf, objects, size, trailer)


def written_page(master: Master, i: int, values: dict[str, bytes]) -> bytes:
    """Page i's dictionary with `values` set, as written (pdfwrite.changed), once a batch for the same
    values: every clinic's stamp gives the same pages but for the links' count, so MEMO are kept."""
    key = (i, *values.items())
    if (found := master.written.get(key)) is None:
        found = changed(master.pages[i], values)
        if len(master.written) < MEMO:
            master.written[key] = found
    return found


def box_links(
    master: Master,
    page: Page,
    links: list[tuple[str, tuple[float, ...], int]],
    lines: int,
    add: Callable[[bytes], Ref],
    objects: dict[int, bytes],
) -> dict[str, bytes]:
    """The box page's new /Annots (and /Tabs), its link annotations and tags added to `objects`."""
    box = master.box
    added = [
        add(link_annotation(uri, rect, annotation_extra(box.next_key + j, uri) if box else b""))
        for j, (uri, rect, _) in enumerate(links)
    ]
    values = {"/Annots": extended(master.laid_annots, added)}
    if box:
        objects.update(box_tags(master, box, lines, [line for _, _, line in links], add, added))
        if added:
            values["/Tabs"] = b"/S"
    return values


def box_tags(
    master: Master, box: BoxTags, lines: int, links: list[int], add: Callable[[bytes], Ref], annots: list[Ref]
) -> dict[int, bytes]:
    """stamptags.box_objects' objects, numbered from the next free number, written once a batch for
    the same numbers, lines and links (all they depend on: the clinics with as many lines and links
    have the same tags), MEMO kept."""
    numbers = [add(b"").number for _ in range(lines + len(dict.fromkeys(links)))]  # each then written
    key = (numbers[0] if numbers else 0, lines, *links, -1, *(a.number for a in annots))
    if (found := master.tagged.get(key)) is None:
        found = box_objects(box, lines, links, numbers[0] if numbers else 0, annots)
        if len(master.tagged) < MEMO:
            master.tagged[key] = found
    return found
