"""Leaflet + Theme -> Story: flowables in reading order and page templates (stage 3: layout).

Each flowable that draws content carries its structure element (`.node`, see
marked.py): the title H1, section headings H2, sub-headings and box titles H3, P,
L > LI > LBody, Table > TR > TH/TD, Div, Figure; the band shapes and footer are page
furniture (`furniture.py`), drawn outside the story's reading order, as artifacts.
"""

from __future__ import annotations

from dataclasses import field, replace

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageTemplate, Table

from . import markup, wording
from .blocks import BY_MODEL
from .breaks import keep_headings
from .errors import Where
from .fonts import Fonts
from .furniture import TitleBand, page_templates
from .longtext import page_sized
from .marked import Element, Marked, marked
from .markedpara import Para
from .model import Leaflet
from .record import record
from .theme import Theme
from .typeset import Typesetter, heading_keeper, table_style, tag

CLINIC_LINES = 6  # the clinic slot holds this many lines of body text
QR_SIZE = 28 * mm


@record(frozen=False)
class Story:
    """What render needs: flowables in reading order, page templates, section names."""

    flowables: list[Flowable]
    templates: list[PageTemplate]
    theme: Theme
    sections: list[str] = field(default_factory=list)


def build_story(leaflet: Leaflet, theme: Theme, fonts: Fonts, reserve: str = "") -> Story:
    """Lay the leaflet out: title band, sections, (clinic slot), about block, references, one after another.

    Every flowable is marked with its section index and the YAML place it comes from.
    """
    ink = Typesetter(theme, fonts, leaflet.numbers)
    at = leaflet.meta.where
    flow: list[Flowable] = [mark(TitleBand(leaflet, ink), 0, at, "the title band")]
    names = []
    for index, section in enumerate(leaflet.sections):
        ink = replace(ink, headed=section.heading is not None)
        name = section.name(leaflet.numbers)
        names.append(name)
        if section.heading:
            heading = ink.para(section.heading, "h1", role="H2")
            flow += [mark(f, index, section.heading.where, "this heading") for f in heading_keeper(theme, heading)]
        for block in section.blocks:
            laid = page_sized(BY_MODEL[type(block)].layout(block, ink))
            kind = BY_MODEL[type(block)].kind
            flow += [mark(f, index, block.where, f"this {kind}") for f in laid]
    if theme.variant.clinic:
        names.append(wording.YOUR_CLINIC)
        clinic_box = ClinicSlot(theme, fonts, reserve)
        slot = [ink.words(wording.YOUR_CLINIC, "h1", role="H2", parent=clinic_box.element), clinic_box]
        box = KeepTogether([mark(f, len(names) - 1) for f in slot])
        flow.append(mark(box, len(names) - 1, at, "the clinic box"))
    names.append(wording.ABOUT)
    about = about_block(leaflet, ink)
    box = KeepTogether([mark(f, len(names) - 1) for f in about])
    flow.append(mark(box, len(names) - 1, at, f"the '{wording.ABOUT}' block"))
    if leaflet.references:
        names.append(wording.REFERENCES)
        # Together on the page the end matter ends on if they fit there, else on the next (no lone reference).
        refs = KeepTogether([mark(f, len(names) - 1) for f in references_page(leaflet, ink)])
        flow.append(mark(refs, len(names) - 1))
    return Story(keep_headings(flow), page_templates(leaflet, theme, fonts), theme, names)


class ClinicSlot(Flowable):
    """A tinted box of fixed size where each clinic's details are stamped after layout.

    One layout serves every clinic: the box never grows, so stamping cannot move text.
    On drawing it records its place on the page (`page_box`) for the stamp stage.
    """

    role = "Note"

    def __init__(self, theme: Theme, fonts: Fonts, reserve: str) -> None:
        super().__init__()
        self.theme, self.fonts, self.reserve = theme, fonts, reserve
        self.height = CLINIC_LINES * theme.styles["body"].leading + theme.body_pt * 1.6
        self.page_box: tuple[float, float, float, float] = (0, 0, 0, 0)
        # The box's Div: its heading, and the lines each clinic stamp adds (stamptags.py).
        self.element = Element("Div", title=wording.YOUR_CLINIC)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, self.height + self.theme.body_pt * 0.8

    def draw(self) -> None:
        c, theme, gap = self.canv, self.theme, self.theme.body_pt * 0.8
        c.saveState()
        c.setFillColor(theme.tint)
        c.rect(0, gap, theme.frame_width, self.height, stroke=0, fill=1)
        c.setStrokeColor(theme.accent)
        c.setLineWidth(4)
        c.line(0, gap, 0, gap + self.height)
        c.restoreState()
        with marked(c, self.element):  # an empty mark, so the Div is in the tree before any stamp
            pass
        x, y = c.absolutePosition(0, gap)
        self.page_box = (x, y, x + theme.frame_width, y + self.height)
        self.keep_glyphs()

    def keep_glyphs(self) -> None:
        """Put every glyph the stamps will need into the font subsets, in a form no page shows."""
        c = self.canv
        c.beginForm("clinic-glyphs")
        for ch in self.reserve:
            for face in (self.fonts.face(ch, bold=False), self.fonts.face(ch, bold=True)):
                c.setFont(face, self.theme.body_pt)
                c.drawString(0, 0, ch)
        c.endForm()


def mark(f: Flowable, section: int, where: Where | None = None, what: str = "") -> Flowable:
    """Tag a flowable with its section index (for the page budget), YAML place and name."""
    f.section = section
    if where:
        f.where, f.what = where, what or "this"
    return f


def about_block(leaflet: Leaflet, ink: Typesetter) -> list[Flowable]:
    """Publisher, dates, version, the other-formats line, contact details and the QR code."""
    parts: list[Flowable] = [ink.words(wording.ABOUT, "h1", role="H2")]
    fitted = ink.theme.body_pt if ink.theme.fitted else 0
    parts += [ink.words(line, "about") for line in wording.about_lines(leaflet, fitted)]
    for label, shown, target in wording.contact_of(leaflet).lines():
        parts.append(tag(Para(f"<b>{label}:</b> {linked(shown, target, ink)}", ink.theme.styles["about"]), "P"))
    parts.append(ink.words(wording.other_formats(leaflet), "formats"))
    if leaflet.meta.url:
        parts.append(qr_row(leaflet, ink))
    return parts


def linked(shown: str, target: str, ink: Typesetter) -> str:
    """Escaped text, as a link when there is a target."""
    text = markup.with_fallback(shown, ink.fonts.pick)
    return markup.link(text, target) if target else text


class QrCode(Marked):
    """A QR code drawn as plain squares (no fonts), with a quiet zone of four modules: a Figure."""

    role = "Figure"

    def __init__(self, data: str, size: float, dark: colors.Color, light: colors.Color) -> None:
        super().__init__()
        # Imported here, by the leaflets that have a URL: importing the encoder runs the barcode
        # package's __init__, which imports every barcode widget (about 10 ms of a build's start).
        from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

        self.dark, self.light = dark, light
        code = QRCode(None, QRErrorCorrectLevel.M)  # None: the smallest version that holds the data
        code.addData(data)
        code.make()
        self.modules: list[list[bool]] = code.modules
        self.size = size
        self.alt = f"QR code for {data}"
        self.node = Element("Figure", alt=self.alt)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        step = self.size / (count + 8)
        c = self.canv
        c.saveState()
        c.setFillColor(self.light)
        c.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        c.setFillColor(self.dark)
        for row, cells in enumerate(self.modules):
            for col, dark in enumerate(cells):
                if dark:
                    c.rect((col + 4) * step, self.size - (row + 5) * step, step, step, stroke=0, fill=1)
        c.restoreState()


def qr_row(leaflet: Leaflet, ink: Typesetter) -> Flowable:
    """A QR code of the canonical URL, with the URL printed (and linked) beside it."""
    url = leaflet.meta.url
    words = wording.online(leaflet).removesuffix(url)
    text = Para(markup.with_fallback(words, ink.fonts.pick) + linked(url, url, ink), ink.theme.styles["about"])
    widths = [QR_SIZE + 4 * mm, ink.theme.frame_width - QR_SIZE - 4 * mm]
    row = Table([[QrCode(url, QR_SIZE, ink.theme.black, ink.theme.white), tag(text, "P")]], colWidths=widths)
    row.setStyle(table_style(ink.theme, [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return row


def references_page(leaflet: Leaflet, ink: Typesetter) -> list[Flowable]:
    """The references, last: numbered, with DOI/URL links; on the page the end matter ends on, if they fit."""
    out: list[Flowable] = heading_keeper(ink.theme, ink.words(wording.REFERENCES, "h1", role="H2"))
    style = ink.theme.styles["ref"]
    pt = ink.theme.body_pt
    group = Element("L")  # the references: an L of LIs, each its number (Lbl) and citation (LBody)
    for ref in leaflet.references:
        body = markup.with_fallback(ref.citation(), ink.fonts.pick)
        if ref.link:
            body += " " + linked(ref.link, ref.link, ink)
        item = Element("LI", group)
        number = tag(Para(f"{leaflet.numbers[ref.key]}.", style), "Lbl", item)
        row = Table(
            [[number, tag(Para(body, style), "LBody", item)]],
            colWidths=[pt * 2.2, ink.theme.frame_width - pt * 2.2],
        )
        row.setStyle(
            table_style(
                ink.theme,
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ],
            )
        )
        row.fit_hint = "a reference must fit on one page: shorten it (a DOI instead of a long URL)"
        out.append(mark(row, 0, ref.where, f"reference {leaflet.numbers[ref.key]}"))
    return out


__all__ = ["Story", "build_story"]
