"""Brand + page size -> Theme: page geometry, type scale, colours, paragraph styles.

Also holds `Typesetter`, the one object blocks use to turn model text into
ReportLab paragraphs (through `markup.render`, so author text is escaped).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, A5, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, TableStyle

from . import markup
from .fonts import Fonts
from .model import Brand, Text

F = TypeVar("F", bound=Flowable)
PAGE_SIZES = {"A4": A4, "A5": A5, "Letter": LETTER}
MIN_TEXT_PT = 12.0
MIN_MARGIN = 15 * mm
LINE_CHARS = 68
# Our own sentence with ordinary English letter frequencies, to measure a font's average character.
SAMPLE = (
    "People who live with a long-term condition often want clear and honest information about "
    "the treatments on offer, what the research found, and where to get help if something goes wrong."
)


@dataclass(frozen=True)
class Theme:
    size_name: str
    page: tuple[float, float]
    margin: float  # left and right: centres a column of about LINE_CHARS characters
    margin_y: float  # top and bottom
    body_pt: float
    min_pt: float  # the clear-print floor for any text, footer included
    band_height: float
    footer_height: float
    primary: colors.Color
    accent: colors.Color
    text: colors.Color
    tint: colors.Color
    white: colors.Color
    styles: Mapping[str, ParagraphStyle] = field(repr=False)

    @property
    def frame_width(self) -> float:
        return self.page[0] - 2 * self.margin


def make_theme(brand: Brand, fonts: Fonts, size: str = "A4", body_pt: float = 14.0) -> Theme:
    """Derive the theme from the brand: body size sets every other size."""
    page = PAGE_SIZES[size]
    # Clear print: lines of about 60-70 characters. Centre a column that holds
    # LINE_CHARS average characters, but keep at least the minimum margin.
    measure = LINE_CHARS * average_char_width(fonts.body.regular, body_pt)
    margin = max(MIN_MARGIN, (page[0] - measure) / 2)
    min_pt = max(MIN_TEXT_PT, brand.minsize)
    primary, accent = colors.HexColor(brand.primary), colors.HexColor(brand.accent)
    ink, tint = colors.HexColor(brand.text), colors.HexColor(brand.tint)
    return Theme(
        size_name=size,
        page=page,
        margin=margin,
        margin_y=MIN_MARGIN,
        body_pt=body_pt,
        min_pt=min_pt,
        band_height=0,
        footer_height=2 * max(min_pt, body_pt - 2) * 1.3 + 6 * mm,
        primary=primary,
        accent=accent,
        text=ink,
        tint=tint,
        white=colors.white,
        styles=_styles(fonts, body_pt, min_pt, ink, primary),
    )


def average_char_width(font: str, pt: float) -> float:
    """Average advance of one character of ordinary text, in points."""
    return float(stringWidth(SAMPLE, font, pt)) / len(SAMPLE)


def _styles(
    fonts: Fonts, pt: float, min_pt: float, ink: colors.Color, primary: colors.Color
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
            textColor=colors.white,
            spaceAfter=pt * 0.2,
        ),
        "band_subtitle": like(
            "band_subtitle",
            fontSize=pt * 1.15,
            leading=pt * 1.5,
            textColor=colors.white,
            spaceAfter=0,
        ),
        "footer": like("footer", fontSize=small, leading=small * 1.3, spaceAfter=0),
        "about": like("about", spaceAfter=pt * 0.3),
    }


@dataclass(frozen=True)
class Typesetter:
    """Turns model text into flowables: the blocks' one door to ReportLab text."""

    theme: Theme
    fonts: Fonts
    numbers: Mapping[str, int]

    def para(self, text: Text, style: str = "body", role: str = "P") -> Paragraph:
        return tag(
            Paragraph(
                markup.render(text, self.numbers, self.fonts.pick),
                self.theme.styles[style],
            ),
            role,
        )

    def words(self, words: str, style: str = "body", role: str = "P") -> Paragraph:
        """A paragraph of our own plain words (headings we add, labels), escaped."""
        return tag(
            Paragraph(markup.with_fallback(words, self.fonts.pick), self.theme.styles[style]),
            role,
        )


def tag(flowable: F, role: str, alt: str = "") -> F:
    """Record the structure role (H1, P, L, LI, Table, Figure, Note) for tagging later."""
    flowable.role = role
    if alt:
        flowable.alt = alt
    return flowable


def table_style(theme: Theme, commands: list[tuple[object, ...]]) -> TableStyle:
    """A TableStyle whose cells use the body font (ReportLab's default would pull in Helvetica)."""
    body = theme.styles["body"]
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), body.fontName),
            ("FONTSIZE", (0, 0), (-1, -1), body.fontSize),
            *commands,
        ]
    )


def heading_keeper(theme: Theme, heading: Paragraph) -> list[Flowable]:
    """Never strand a heading at a page foot: break first unless it and 3 lines fit.

    (ReportLab's keepWithNext keeps the *whole* next paragraph, leaving big gaps.)
    """
    _, h = heading.wrap(theme.frame_width, theme.page[1])
    need = h + heading.getSpaceBefore() + 3 * theme.styles["body"].leading
    return [CondPageBreak(need), heading]
