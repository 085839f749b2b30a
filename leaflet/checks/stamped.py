"""The check run on every stamped clinic PDF: what stamping changes, read back from the PDF.

The clinic layout passed every check before stamping, and a stamp is an incremental
update: so this proves the laid-out bytes are there unchanged, then reads the update as a
PDF reader finds it (from its xref section: pdfupdate.py; the layout is not parsed again):
the page tree is the layout's, each page is redefined, still uses the laid-out fonts
(embedded, subset), and the layer it gained shows the clinic's footer line and, on the
box's page, the clinic's lines in order, at legible sizes, with their links, and nothing
else: the page draws the layout's own content streams and that one layer, its other annotations
are the layout's, each stamped one is a link to a clinic address, and no other laid-out object is
defined again. The layer's text is decoded with the fonts' own ToUnicode maps, which keeps the check
to a millisecond: a layer written exactly as a stamp writes it is read by stamplayer alone, any other
by stampdrawn and pagescan.quick_text, whose texts must agree.

The update is read by our own reader (pdfupdate.own_reading, no pypdf); where it refuses any part of
the file, the check runs again from the start on pypdf's reading (pdfupdate.foreign_reading), so it
finds what it found when pypdf read every stamp.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import CheckFailed
from ..model import Clinic
from ..pagescan import quick_text
from ..pdfmodel import Array, Dictionary, Name, Ref, Refused, Stream, dict_of, list_of
from ..pdfupdate import MEMO, Reading, Update, UpdateError, foreign_reading, read_update
from ..pdfwrite import serialise
from ..record import record
from ..stamp import Master
from ..stamplogo import LOGO_NAME
from ..textmatch import normalise
from .stampdrawn import drawing
from .stamplayer import stamp_read

_SIZES = re.compile(rb"\s([\d.]+)\s+Tf")


def check_stamped(data: bytes, master: Master, clinic: Clinic) -> None:
    """Raise CheckFailed, located at the clinic, if its PDF lacks or garbles its details."""

    try:
        if master.reading is None:
            raise Refused("our reader refused the clinic layout")
        problem = found(data, master, clinic, master.reading)
    except Refused:  # read it all again as pypdf reads it
        problem = found(data, master, clinic, fallback(master))
    if problem:
        raise CheckFailed(f"clinic check failed: {problem}", clinic.where, hint="a bug in leaflet's stamping")


def found(data: bytes, master: Master, clinic: Clinic, reading: Reading) -> str:
    """What the check finds wrong with the stamped PDF read with `reading`, or ''; Refused when our own
    reading does not vouch for a part of it."""
    try:
        return stamp_problem(data, master, clinic, reading)
    except UpdateError as e:  # an object of the update, read when the check comes to it
        return f"the update cannot be read: {e}"


def fallback(master: Master) -> Reading:
    """pypdf's reading of the layout, made once a batch when a check first needs it."""
    if "pypdf" not in master.fallback:
        master.fallback["pypdf"] = foreign_reading(master.pdf)
    return master.fallback["pypdf"]


def stamp_problem(data: bytes, master: Master, clinic: Clinic, reading: Reading) -> str:
    """What is wrong with the stamped PDF, or ''; UpdateError when its update cannot be read, Refused
    when our own `reading` does not vouch for a part of it."""
    if not data.startswith(master.pdf):
        return "the laid-out leaflet was changed, not added to"
    memo = master.read_back if reading.own else {}
    update = read_update(data, len(master.pdf), reading, memo)
    if not same_object(update.trailer.get("/Root"), master.reader.trailer.get("/Root")):
        return "the update has another document catalogue"
    kids = page_refs(update)
    if len(kids) != len(master.reader.pages):
        return f"{len(kids)} pages, the layout has {len(master.reader.pages)}"
    if problem := redefined(update, master):
        return problem
    layers: dict[bytes, tuple[str, list[float], str]] = {}  # the footer layer is shared by the pages without the box
    wanted = expected(clinic)
    for i, ref in enumerate(kids):
        page = update.get(ref.number if isinstance(ref, Ref) else -1)
        if not isinstance(page, Dictionary):
            return f"page {i + 1} gained no clinic layer"
        if problem := page_problem(update, page, master, wanted, i, layers):
            return problem
    return ""


@record
class Expected:
    """What a clinic's layers show, normalised once a check (textmatch.normalise), not once a page."""

    given: str  # the footer line as the clinic gives it, for the message
    footer: str  # the footer line (shown, alone, on every page)
    lines: tuple[tuple[str, str], ...]  # each line of the box: its text as given, and as drawn, normalised
    box: str  # the footer and the box's lines: all the box page shows
    links: tuple[str, ...]  # the link of each line that has one, in order
    logo: bool


def expected(clinic: Clinic) -> Expected:
    lines = clinic.lines()
    drawn = [f"{label}: {shown}" if label else shown for label, shown, _ in lines]
    return Expected(
        clinic.footer,
        normalise(clinic.footer),
        tuple((shown, normalise(line)) for (_, shown, _), line in zip(lines, drawn, strict=True)),
        normalise(clinic.footer + "".join(drawn)),
        tuple(link for _, _, link in lines if link),
        clinic.logo is not None,
    )


def page_refs(update: Update) -> list[Any]:
    """The page tree's kids as the updated file has them (a clinic layout's tree is one level)."""
    catalogue = dict_of(update.resolve(update.trailer.get("/Root")))
    pages = dict_of(update.resolve(catalogue.get("/Pages")))
    return list_of(update.resolve(pages.get("/Kids")))


def page_problem(
    update: Update,
    page: Dictionary,
    master: Master,
    wanted: Expected,
    i: int,
    layers: dict[bytes, tuple[str, list[float], str]],
) -> str:
    # The page keeps the laid-out resources, so its fonts are the checked ones and their
    # ToUnicode maps, read once from those same bytes, decode the layer.
    if not laid_resources(page.get("/Resources"), master, i):
        return f"page {i + 1} uses other fonts or resources than the checked layout"
    if problem := logo_problem(update, page, i):
        return problem
    parts = update.resolve(page.get("/Contents"))
    if problem := contents_problem(update, parts, master, i):
        return problem
    last = update.resolve(parts[-1])
    layer = last.get_data() if isinstance(last, Stream) else b""  # no layer: fails on its text sizes
    text, sizes, drawn = layer_text(layer, master, wanted, layers)
    if drawn:
        return f"page {i + 1}: the clinic layer {drawn}"
    if not sizes or min(sizes) < master.theme.min_pt - 0.05:
        return f"page {i + 1}: clinic text at {min(sizes, default=0):.1f} pt"
    if wanted.footer not in text:
        return f"the footer of page {i + 1} lacks '{wanted.given}'"
    if i == master.slot_page:
        at = 0
        for shown, line in wanted.lines:
            at = text.find(line, at)
            if at < 0:
                return f"'{shown}' is not in the clinic box on page {i + 1}"
            at += len(line)
    if extra := added(text, wanted.box if i == master.slot_page else wanted.footer):
        return f"page {i + 1}: the clinic layer shows text that is not the clinic's: '{extra}'"
    uris, problem = stamped_links(update, page, master, wanted, i)
    if problem or i != master.slot_page:
        return problem
    if wanted.logo and f"{LOGO_NAME} Do".encode() not in layer:
        return f"the clinic logo is not drawn on page {i + 1}"
    missing = [link for link in wanted.links if link not in uris]
    return f"no link to {missing[0]} in the clinic box" if missing else ""


def laid_resources(found: Any, master: Master, i: int) -> bool:
    """The page's resources are the layout's page i's (but for a logo), as written. A page read from the
    same bytes as a stamp before is the same object (pdfupdate's memo): its resources were vouched for."""
    if found is None:
        return False
    if master.vouched.get((i, id(found))) is found:
        return True
    if serialise(without_logo(found)) != master.resources[i]:
        return False
    if len(master.vouched) < MEMO:
        master.vouched[(i, id(found))] = found  # kept, so no other object takes its id
    return True


def logo_problem(update: Update, page: Dictionary, i: int) -> str:
    """'' unless the resource a stamp may add, the logo, is not an image (a form could draw anything). It is
    looked up in each update: the same resources' bytes can name another object in another stamp."""
    logo = dict_of(dict_of(update.resolve(page.get("/Resources"))).get("/XObject")).get(LOGO_NAME)
    if logo is None:
        return ""
    found = update.resolve(logo)
    if isinstance(found, Stream) and found.get("/Subtype") == "/Image":
        return ""
    return f"page {i + 1}: the clinic logo is not an image"


def redefined(update: Update, master: Master) -> str:
    """A laid-out object the update defines again, other than the pages and the clinic box's tags, or ''.

    Such an object is read from the update, not from the checked bytes: a content stream or an
    annotation of the layout could show anything."""
    box = master.box
    changing = {p.ref.number for p in master.reader.pages if p.ref is not None}
    changing |= {box.div.number, box.parents.number, box.tree.number, box.root.number} if box else set()
    size = int(master.reader.trailer.get("/Size", 0))
    others = sorted(n for n in update.offsets if n < size and n not in changing)
    return f"the update redefines object {others[0]} of the checked layout" if others else ""


def contents_problem(update: Update, parts: Any, master: Master, i: int) -> str:
    """'' if the page draws the stamp's `q`, the layout's own content streams, then one layer."""
    if isinstance(parts, list) and len(parts) > 2:
        first = update.resolve(parts[0])
        if as_laid(master, i, "/Contents", parts, parts[1:-1]) and (
            isinstance(first, Stream) and first.get_data().strip() == b"q"
        ):
            return ""
    return f"page {i + 1} shows other content than the checked layout and one clinic layer"


def as_laid(master: Master, i: int, key: str, found: list[Any], items: list[Any], *which: Any) -> bool:
    """`items` (of the list `found`, picked by `which`) written out are the layout page's `key` (laid_array).
    A list read from the same bytes as one that passed is the same object (pdfupdate's memo), its items
    picked the same way: it passes again without being written out."""
    vouched = (i, key, id(found), *which)
    if master.vouched.get(vouched) is found:
        return True
    if serialise(Array(items)) != laid_array(master, i, key):
        return False
    if len(master.vouched) < MEMO:
        master.vouched[vouched] = found  # kept, so no other object takes its id
    return True


def laid_array(master: Master, i: int, key: str) -> bytes:
    """The layout page's `key` (a reference or an array of them) as an array written out, `[ ]` if absent."""
    for name, entry in master.pages[i]:
        if name == key:
            value = entry[len(key) + 1 :]
            return value if value.startswith(b"[") else b"[ " + value + b" ]"
    return b"[ ]"


def stamped_links(update: Update, page: Dictionary, master: Master, wanted: Expected, i: int) -> tuple[set[str], str]:
    """The URIs of the page's stamped links, and '' if the page's other annotations are the layout's and
    every stamped one is a plain link (no appearance of its own) to one of the clinic's addresses."""
    annots = list_of(update.resolve(page.get("/Annots"))) if "/Annots" in page else []
    own = [isinstance(a, Ref) and a.number in update.offsets for a in annots]  # the layout's are checked bytes
    if not as_laid(master, i, "/Annots", annots, [a for a, new in zip(annots, own, strict=True) if not new], *own):
        return set(), f"page {i + 1} has other annotations than the checked layout"
    links = set(wanted.links) if i == master.slot_page else set()
    uris = set()
    for a in (a for a, new in zip(annots, own, strict=True) if new):
        found = dict_of(update.resolve(a))
        uri = str(dict_of(found.get("/A")).get("/URI", ""))
        if found.get("/Subtype") != "/Link" or "/AP" in found or uri not in links:
            return set(), f"page {i + 1} has an annotation the clinic does not give: {found.get('/Subtype')} {uri}"
        uris.add(uri)
    return uris, ""


def added(text: str, expected: str) -> str:
    """What the layer shows beyond the clinic's own lines (from the first difference), or ''."""
    if text == expected:
        return ""
    pairs = enumerate(zip(text, expected, strict=False))
    at = next((n for n, (a, b) in pairs if a != b), min(len(text), len(expected)))
    return text[at : at + 40] or f"(the end, where '{expected[at : at + 40]}' was due)"


def layer_text(
    layer: bytes, master: Master, wanted: Expected, seen: dict[bytes, tuple[str, list[float], str]]
) -> tuple[str, list[float], str]:
    """A layer's text (normalised), its text sizes and what it draws beyond the clinic's text and logo
    (or ''), read once for every page that shows those bytes. A layer written as a stamp writes it is
    read by stamplayer alone; any other by the general readers, which say what is wrong with it."""
    if layer not in seen:
        read = stamp_read(layer, master, wanted.logo)
        if read is not None:
            text, problem = normalise(read[0]), ""
        else:
            text = normalise(quick_text(layer, master.decode))
            problem, shown = drawing(layer, master, wanted.logo)
            if not problem and normalise(shown) != text:  # (quick_text reads our own streams, not any string)
                problem = "shows text that is not read as a viewer shows it"
        seen[layer] = text, sizes(layer, read[1] if read is not None else None), problem
    return seen[layer]


def sizes(layer: bytes, shows: list[bytes] | None) -> list[float]:
    """Every text size the layer sets (`N Tf`, as _SIZES finds them). Where each `Tf` in it is one of the
    shows stamplayer read, those are its sizes, without a search of the layer."""
    if shows is not None and layer.count(b"Tf") == len(shows):
        return [float(s) for s in shows]
    return [float(s) for s in _SIZES.findall(layer)]


def same_object(a: Any, b: Any) -> bool:
    """The same value in the file: equal when written out (references compare by number)."""
    return a is not None and b is not None and serialise(a) == serialise(b)


def without_logo(resources: Any) -> Any:
    """The resources as laid out: a stamp may add only the clinic's logo image."""
    found = dict_of(resources)
    images = dict_of(found.get("/XObject"))
    if LOGO_NAME not in images:
        return resources
    rest = Dictionary(found)
    others = Dictionary({k: v for k, v in images.items() if k != LOGO_NAME})
    if others:
        rest[Name("/XObject")] = others
    else:
        del rest["/XObject"]
    return rest
