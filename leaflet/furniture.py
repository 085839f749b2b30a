"""Page furniture: the title band, logo, footer, crop marks and page templates (stage 3: layout).

Furniture is drawn outside the story's reading order (a later tagging stage marks it
as artifacts), except the band's title and subtitle, which are the leaflet's H1.
Every position is measured from the trim, which sits `theme.offset` inside the media
(the print variant adds bleed and room for crop marks around it).
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Frame, PageTemplate, Paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate

from . import markup, wording
from .brand import LOGO_BOX
from .errors import LayoutError
from .fonts import Fonts
from .images import fit
from .markedpara import Para
from .model import Leaflet
from .nobreak import bind_last_words
from .printcolour import REGISTRATION
from .theme import SAFE, Theme, average_char_width, footer_title_room
from .typeset import Typesetter, tag

MARK_LENGTH = 6 * mm
MARK_WIDTH = 0.25


class TitleBand(Flowable):
    """Page 1's coloured band: logo, title (H1) and subtitle, running into the bleed."""

    role = "H1"

    def __init__(self, leaflet: Leaflet, ink: Typesetter) -> None:
        super().__init__()
        self.leaflet, self.theme = leaflet, ink.theme
        self.logo = LOGO_BOX if ink.theme.trim[0] > 160 * mm else 15 * mm
        self.pad = max(ink.theme.margin_y * 0.8, ink.theme.draft_room if leaflet.draft else 0.0)
        self.title = ink.words(leaflet.meta.title, "band_title", role="H1")
        lines = (bind_last_words(markup.with_fallback(line, ink.fonts.pick)) for line in wording.band_lines(leaflet))
        self.subtitle = tag(Para("<br/>".join(lines), ink.theme.styles["band_subtitle"]), "P")
        self.check_height()

    def check_height(self) -> None:
        """Refuse a title and subtitle that would take more than half the first page."""
        theme = self.theme
        most = theme.trim[1] / 2
        height = self.wrap(theme.frame_width, theme.trim[1])[1]
        if height > most:
            meta = self.leaflet.meta
            fit = int(len(meta.title) * max(0.0, most - (height - self.title.height)) / self.title.height)
            raise LayoutError(
                f"the {theme.variant.key} title band would take {height / mm:.0f} mm of the first page's height; "
                f"at most half the page ({most / mm:.0f} mm) is kept for it",
                meta.title_where or meta.where,
                hint=f"shorten the title to about {fit} characters (say more in the subtitle or the first section)",
            )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The title and subtitle start at the body text's left edge; large type may run wider than the
        # body column, to the right, up to the logo (which stands at the small margin).
        self.inset = self.theme.margin - self.theme.margin_y
        text_width = avail_width + self.inset - self.logo - 6 * mm
        _, th = self.title.wrap(text_width, avail_height)
        _, sh = self.subtitle.wrap(text_width, avail_height)
        self.height = max(th + sh + self.title.getSpaceAfter(), self.logo) + 2 * self.pad
        self.space = self.theme.body_pt * 1.2
        return avail_width, self.height + self.space

    def draw(self) -> None:
        c: Canvas = self.canv
        theme, right = self.theme, self.theme.frame_width + self.inset
        bleed = theme.bleed
        c.saveState()
        c.setFillColor(theme.primary)
        # Exactly to the trim edges, plus the bleed in the print variant.
        c.rect(-theme.margin - bleed, self.space, theme.trim[0] + 2 * bleed, self.height + bleed, stroke=0, fill=1)
        draw_logo(c, self.leaflet, theme, right - self.logo, self.space + self.height - self.pad - self.logo, self.logo)
        c.restoreState()
        y = self.space + self.height - self.pad - self.title.height
        self.title.drawOn(c, 0, y)
        self.subtitle.drawOn(c, 0, y - self.title.getSpaceAfter() - self.subtitle.height)


def draw_logo(c: Canvas, leaflet: Leaflet, theme: Theme, x: float, y: float, size: float) -> None:
    """The brand's logo file, or the project's own mark: a white leaf in a ring."""
    if leaflet.brand.logo:
        logo = fit(leaflet.brand.logo, (size, size))  # checked when the brand was read; here, 300 dpi at `size`
        reader = ImageReader(io.BytesIO(logo.data))
        c.drawImage(reader, x, y, size, size, preserveAspectRatio=True, anchor="ne", mask="auto")
        return
    c.setStrokeColor(theme.white)
    c.setFillColor(theme.white)
    c.setLineWidth(size * 0.06)
    r = size / 2
    c.circle(x + r, y + r, r * 0.94, stroke=1, fill=0)
    leaf = c.beginPath()
    leaf.moveTo(x + r * 0.55, y + r * 0.5)
    leaf.curveTo(x + r * 0.5, y + r * 1.35, x + r * 1.1, y + r * 1.6, x + r * 1.5, y + r * 1.55)
    leaf.curveTo(x + r * 1.55, y + r * 1.0, x + r * 1.2, y + r * 0.45, x + r * 0.55, y + r * 0.5)
    c.drawPath(leaf, stroke=0, fill=1)
    c.setStrokeColor(theme.primary)
    c.setLineWidth(size * 0.035)
    c.line(x + r * 0.6, y + r * 0.55, x + r * 1.35, y + r * 1.4)


def page_templates(leaflet: Leaflet, theme: Theme, fonts: Fonts) -> list[PageTemplate]:
    """First page: the frame reaches the trim top (the band is there). Later pages: margins."""
    check_brand_footer(leaflet, theme, fonts)
    o, h = theme.offset, theme.trim[1]
    bottom = theme.margin_y + theme.footer_height
    pad = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    first = Frame(o + theme.margin, o + bottom, theme.frame_width, h - bottom, id="first", **pad)
    later = Frame(o + theme.margin, o + bottom, theme.frame_width, theme.body_frame_height, id="body", **pad)
    footers = FooterLines()  # the footer's paragraphs, alike on every page: laid out and drawn once

    def furniture(c: Canvas, doc: BaseDocTemplate) -> None:
        draw_footer(c, doc, leaflet, theme, fonts, footers)
        if theme.bleed:
            draw_crop_marks(c, theme)

    def over(c: Canvas, doc: BaseDocTemplate) -> None:
        if leaflet.draft:
            draw_draft(c, theme, fonts, on_band=doc.page == 1)

    boxes = {"trimBox": theme.trim_box, "bleedBox": theme.bleed_box} if theme.bleed else {}
    kw = {"onPage": furniture, "onPageEnd": over, "pagesize": theme.page, **boxes}
    return [
        PageTemplate("first", [first], autoNextPageTemplate="later", **kw),
        PageTemplate("later", [later], **kw),
    ]


def draw_draft(c: Canvas, theme: Theme, fonts: Fonts, on_band: bool) -> None:
    """'DRAFT - not for patients' across the top of the page, in bold at the footer's size: drawn
    last (over the band on page 1, in white there), outside the story, so it is an artifact."""
    size = theme.styles["footer"].fontSize
    y = theme.offset + theme.trim[1] - SAFE - size * 1.15  # its tallest glyphs inside the safe area
    c.saveState()
    c.setFillColor(theme.white if on_band else theme.primary)
    c.setFont(fonts.body.bold, size)
    c.drawString(theme.offset + theme.margin, y, wording.DRAFT)
    c.restoreState()


def check_brand_footer(leaflet: Leaflet, theme: Theme, fonts: Fonts) -> None:
    """Refuse a brand footer line that would not fit beside the version line."""
    line = leaflet.brand.footer
    if not line:
        return
    style = theme.styles["footer"]
    version = wording.footer_left(leaflet)[1]
    room = theme.frame_width - stringWidth(version, fonts.body.regular, style.fontSize) - 6 * mm
    need = stringWidth(line, fonts.body.regular, style.fontSize) + 2
    if need > room:
        chars = max(0, int(room / average_char_width(fonts.body.regular, style.fontSize)))
        raise LayoutError(
            f"the brand's footer line is {need / mm:.0f} mm long at {style.fontSize:g} pt, but the "
            f"{theme.variant.key} footer has {max(0.0, room) / mm:.0f} mm beside '{version}'",
            leaflet.brand.footer_where or leaflet.brand.where,
            hint=f"shorten it to about {chars} characters (a charity number, a web address)",
        )


def footer_rows(theme: Theme) -> list[float]:
    """Bottoms of the footer's rows, from the media's bottom edge: two, and a third for a clinic."""
    lead = theme.styles["footer"].leading
    rows = 3 if theme.variant.clinic else 2
    top = theme.offset + theme.margin_y + rows * lead
    return [top - (n + 1) * lead for n in range(rows)]


def clinic_footer_width(theme: Theme) -> float:
    """The width of the footer's third row, kept free for a clinic's name and phone."""
    return theme.frame_width


def draw_footer(
    c: Canvas,
    doc: BaseDocTemplate,
    leaflet: Leaflet,
    theme: Theme,
    fonts: Fonts,
    made: FooterLines | None = None,
) -> None:
    """Footer on every page: title and page N of M; version and review date (and brand line).

    "Page N of M" is drawn when the canvas is saved, once M is known (TaggingCanvas.later).
    A clinic build adds a third row, left empty: each clinic's name and phone are stamped there.
    `made` keeps what the pages before laid out and drew (the same text, the same room).
    """
    made = FooterLines() if made is None else made
    style = theme.styles["footer"]
    lead = style.leading
    title, version = wording.footer_left(leaflet)
    rows = [(title, ""), (version, leaflet.brand.footer)]
    left_x, right_x = theme.offset + theme.margin, theme.offset + theme.trim[0] - theme.margin
    c.saveState()
    c.setStrokeColor(theme.primary)
    c.setLineWidth(1)
    line_y = footer_rows(theme)[0] + lead * (0.35 + theme.footer_lines)  # a long title's lines stand above row 1
    c.line(left_x, line_y, right_x, line_y)
    c.restoreState()
    for n, (y, (left, right)) in enumerate(zip(footer_rows(theme), rows, strict=False)):
        right_w = c.stringWidth(right, fonts.body.regular, style.fontSize) + 2 if right else 0
        room = footer_title_room(theme.frame_width, style) if n == 0 else theme.frame_width - right_w - 6 * mm
        made.draw(c, (n, left, room), fonts, style, left_x, y)
        if n == 0:
            c.later(partial(draw_page_label, page=doc.page, right=right_x, y=y, style=style, face=fonts.body.regular))
        elif right:
            made.draw(c, (n, right, right_w), fonts, style, right_x - right_w, y)


class FooterLines:
    """The footer's paragraphs, each laid out once and drawn once per canvas.

    A footer paragraph gives the same operators on every page: each page starts in the same
    graphics state, and drawing one leaves the state as it found it (drawOn saves and restores
    it); its glyphs are in the font subsets from the first page on; it has no links. So on a
    later page of the same canvas its operators are put in again, not drawn anew.
    """

    def __init__(self) -> None:
        self.laid: dict[tuple[int, str, float], Paragraph] = {}  # (row, text, room) -> laid out
        self.drawn: dict[tuple[int, str, float, float, float], tuple[Canvas, list[str]]] = {}

    def draw(self, c: Canvas, key: tuple[int, str, float], fonts: Fonts, style: Any, x: float, y: float) -> None:
        """The paragraph of text `key[1]` in `key[2]` points of room, drawn at x, y."""
        at = (*key, x, y)
        if (seen := self.drawn.get(at)) is not None and seen[0] is c:
            c._code.extend(seen[1])
            return
        if key not in self.laid:
            self.laid[key] = Paragraph(markup.with_fallback(key[1], fonts.pick), style)
            self.laid[key].wrapOn(c, key[2], style.leading)
        start = len(c._code)
        self.laid[key].drawOn(c, x, y)
        self.drawn[at] = (c, c._code[start:])


def draw_page_label(c: Canvas, pages: int, page: int, right: float, y: float, style: Any, face: str) -> str:
    """'Page N of M' ending at `right`, on the baseline a one-line paragraph drawn at `y` would have:
    a text object that sets its own font and colour, as it is put into the page's content later."""
    label = wording.page_label(page, pages)
    width = stringWidth(label, face, style.fontSize) + 2
    text = PDFTextObject(c, right - width, y + style.leading - style.fontSize)
    text.setFont(face, style.fontSize)
    text.setFillColor(style.textColor)
    text.textLine(label)
    return str(text.getCode())


def draw_crop_marks(c: Canvas, theme: Theme) -> None:
    """Thin marks at each trim corner, outside the bleed, for the print shop's guillotine."""
    x0, y0, x1, y1 = theme.trim_box
    gap = theme.bleed
    c.saveState()
    c.setStrokeColor(REGISTRATION)  # on every plate, as the guillotine's marks must be
    c.setLineWidth(MARK_WIDTH)
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            c.line(x + sx * gap, y, x + sx * (gap + MARK_LENGTH), y)
            c.line(x, y + sy * gap, x, y + sy * (gap + MARK_LENGTH))
    c.restoreState()
