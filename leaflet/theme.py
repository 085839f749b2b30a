"""Brand + page size -> Theme: page geometry, type scale, colours, paragraph styles (stage 3).

`typeset.py` turns model text into paragraphs in a Theme's styles.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, replace

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from . import markup
from .fonts import Fonts
from .model import Brand
from .printcolour import palette
from .record import record

PAGE_SIZES = {"A4": A4, "A5": A5, "Letter": LETTER}
MIN_TEXT_PT = 12.0
MIN_MARGIN = 15 * mm
LINE_CHARS = 68
# Our own sentence with ordinary English letter frequencies, to measure a font's average character.
SAMPLE = (
    "People who live with a long-term condition often want clear and honest information about "
    "the treatments on offer, what the research found, and where to get help if something goes wrong."
)


BLEED = 3 * mm  # print-shop bleed beyond the trim on every edge
SLUG = 9 * mm  # room outside the bleed for crop marks
LARGE_PT = 18.0  # UKAAF large print: at least 16 pt, ideally 18
LARGE_FLOOR = 16.0
PAGE_LABEL_ROOM = "Page 999 of 999"  # the footer keeps this much room beside the title
SAFE = 5 * mm  # text stays this far inside the trim (the pages check)


@record
class Variant:
    """Which leaflet to make: page size, large print, print-shop bleed and crop marks."""

    size: str = "A4"
    large: bool = False
    bleed: bool = False
    clinic: bool = False  # leave a fixed "Your clinic" slot for stamping

    @property
    def key(self) -> str:
        """The page-budget key: 'A4', 'A5', 'Letter', 'large-print A4', 'clinic A4', ..."""
        return ("large-print " if self.large else "") + ("clinic " if self.clinic else "") + self.size

    @property
    def suffix(self) -> str:
        """What the output file name adds: '' for the default, else '-a5', '-large-print', '-print'."""
        parts = [self.size.lower()] if self.size != "A4" else []
        parts += ["large-print"] if self.large else []
        parts += ["print"] if self.bleed else []
        return "".join(f"-{p}" for p in parts)

    @property
    def body_pt(self) -> float:
        if self.large:
            return LARGE_PT
        return 12.0 if self.size == "A5" else 14.0


@record
class Theme:
    variant: Variant
    trim: tuple[float, float]  # the finished page
    offset: float  # from the media edge to the trim (bleed + slug in the print variant, else 0)
    bleed: float
    page: tuple[float, float]  # the media: trim plus bleed and slug on each side
    margin: float  # left and right: centres a column of about LINE_CHARS characters
    margin_y: float  # top and bottom
    body_pt: float
    min_pt: float  # the clear-print floor for any text, footer included
    footer_height: float
    primary: colors.Color
    accent: colors.Color
    text: colors.Color
    tint: colors.Color
    white: colors.Color
    styles: Mapping[str, ParagraphStyle] = field(repr=False)
    footer_lines: int = 1  # lines the title takes in the footer
    black: colors.Color = colors.black  # the QR code's modules (K only in the print variant)
    top: float = 0.0  # from the trim top to the text frame on later pages: margin_y, or a draft mark's room
    fitted: bool = False  # copyfit chose body_pt: the About block and the summary line say it

    @property
    def draft_room(self) -> float:
        """The room at the top of the trim a draft mark takes: the safe margin, its line, a gap."""
        return float(SAFE + self.styles["footer"].fontSize * 1.3 + 1.5 * mm)

    @property
    def size_name(self) -> str:
        return self.variant.size

    @property
    def frame_width(self) -> float:
        return self.trim[0] - 2 * self.margin

    @property
    def body_frame_height(self) -> float:
        """The height of the text frame on pages after the first."""
        return self.trim[1] - self.margin_y - max(self.top, self.margin_y) - self.footer_height

    @property
    def trim_box(self) -> tuple[float, float, float, float]:
        o = self.offset
        return (o, o, o + self.trim[0], o + self.trim[1])

    @property
    def bleed_box(self) -> tuple[float, float, float, float]:
        o, b = self.offset, self.bleed
        return (o - b, o - b, o + self.trim[0] + b, o + self.trim[1] + b)


def make_theme(
    brand: Brand, fonts: Fonts, variant: Variant | None = None, title: str = "", draft: bool = False, pt: float = 0
) -> Theme:
    """Derive the theme from the brand and variant: the body size sets every other size.

    A brand's `minsize` above the variant's body size raises the body to it. The footer
    grows by a line for each line the leaflet's `title` takes in it beyond the first. A
    draft's top margin holds its mark (furniture.draw_draft), where the margin is too small.
    `pt` sets the body size instead (copyfit.py steps it down, never below `min_pt`).
    """
    variant = variant or Variant()
    trim, body_pt = PAGE_SIZES[variant.size], pt or max(variant.body_pt, brand.minsize)
    # Clear print: lines of about 60-70 characters. Centre a column that holds
    # LINE_CHARS average characters, but keep at least the minimum margin.
    measure = LINE_CHARS * average_char_width(fonts.body.regular, body_pt)
    least = MIN_MARGIN if trim[0] > 160 * mm else 12 * mm
    margin = max(least, (trim[0] - measure) / 2)
    min_pt = max(MIN_TEXT_PT, brand.minsize, LARGE_FLOOR if variant.large else 0)
    hexes = {"primary": brand.primary, "accent": brand.accent, "text": brand.text, "tint": brand.tint}
    paint = palette(hexes, brand.cmyk, cmyk=variant.bleed)  # the print shop's variant: CMYK only
    primary, accent, ink, tint = paint.primary, paint.accent, paint.text, paint.tint
    bleed = BLEED if variant.bleed else 0.0
    offset = bleed + SLUG if variant.bleed else 0.0
    styles = _styles(fonts, body_pt, min_pt, ink, primary, paint.white)
    footer = styles["footer"]
    lines = footer_title_lines(title, fonts, footer, trim[0] - 2 * margin)
    theme = Theme(
        variant=variant,
        trim=trim,
        offset=offset,
        bleed=bleed,
        page=(trim[0] + 2 * offset, trim[1] + 2 * offset),
        margin=margin,
        margin_y=least,
        body_pt=body_pt,
        min_pt=min_pt,
        footer_height=((3 if variant.clinic else 2) + lines - 1) * footer.leading + 6 * mm,
        primary=primary,
        accent=accent,
        text=ink,
        tint=tint,
        white=paint.white,
        styles=styles,
        footer_lines=lines,
        black=paint.black,
    )
    return replace(theme, top=max(least, theme.draft_room)) if draft else replace(theme, top=least)


def footer_title_room(frame_width: float, style: ParagraphStyle) -> float:
    """The width the footer gives the title: the column, less room for 'Page 999 of 999'."""
    label = float(stringWidth(PAGE_LABEL_ROOM, style.fontName, style.fontSize))
    return float(frame_width - label - 8 * mm)


def footer_title_lines(title: str, fonts: Fonts, style: ParagraphStyle, frame_width: float) -> int:
    """How many footer lines the title takes (1 for none)."""
    if not title:
        return 1
    para = Paragraph(markup.with_fallback(title, fonts.pick), style)
    height = float(para.wrap(max(footer_title_room(frame_width, style), style.fontSize), float("inf"))[1])
    return max(1, round(height / float(style.leading)))


def average_char_width(font: str, pt: float) -> float:
    """Average advance of one character of ordinary text, in points."""
    return float(stringWidth(SAMPLE, font, pt)) / len(SAMPLE)


def _styles(
    fonts: Fonts, pt: float, min_pt: float, ink: colors.Color, primary: colors.Color, white: colors.Color
) -> dict[str, ParagraphStyle]:
    regular, bold = fonts.body.regular, fonts.body.bold
    small = max(min_pt, pt - 2)
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=pt,
        leading=pt * 1.5,
        textColor=ink,
        alignment=TA_LEFT,
        spaceAfter=pt * 0.6,
        allowWidows=0,
        allowOrphans=0,
        hyphenationLang="",
        embeddedHyphenation=0,
        uriWasteReduce=0,
        splitLongWords=1,
        linkUnderline=0,
    )

    def like(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return {
        "body": body,
        "h1": like(
            "h1",
            fontName=bold,
            fontSize=pt * 1.5,
            leading=pt * 1.85,
            textColor=primary,
            spaceBefore=pt * 0.9,
            spaceAfter=pt * 0.4,
        ),
        "h2": like(
            "h2",
            fontName=bold,
            fontSize=pt * 1.2,
            leading=pt * 1.55,
            textColor=primary,
            spaceBefore=pt * 0.5,
            spaceAfter=pt * 0.3,
        ),
        "h3": like(
            "h3",
            fontName=bold,
            fontSize=pt * 1.05,
            leading=pt * 1.4,
            textColor=primary,
            spaceBefore=pt * 0.4,
            spaceAfter=pt * 0.15,
        ),
        "item": like("item", spaceAfter=pt * 0.25),
        "box_title": like("box_title", fontName=bold, spaceAfter=pt * 0.3, keepWithNext=1),
        "box_body": like("box_body", spaceAfter=pt * 0.4),
        "cell": like("cell", spaceAfter=0),
        "cell_head": like("cell_head", fontName=bold, spaceAfter=0),
        "caption": like("caption", fontName=bold, spaceAfter=pt * 0.3, keepWithNext=1),
        "ref": like("ref", spaceAfter=pt * 0.5),
        "band_title": like(
            "band_title",
            fontName=bold,
            fontSize=pt * 2,
            leading=pt * 2.35,
            textColor=white,
            spaceAfter=pt * 0.2,
        ),
        "band_subtitle": like(
            "band_subtitle",
            fontSize=pt * 1.15,
            leading=pt * 1.5,
            textColor=white,
            spaceAfter=0,
        ),
        "footer": like("footer", fontSize=small, leading=small * 1.3, spaceAfter=0),
        "about": like("about", spaceAfter=pt * 0.3),
        "formats": like(
            "formats",
            fontName=bold,
            fontSize=max(pt, 16),
            leading=max(pt, 16) * 1.4,
            spaceBefore=pt * 0.3,
            spaceAfter=pt * 0.5,
        ),
    }
