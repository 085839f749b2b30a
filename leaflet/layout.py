"""Leaflet + Theme -> Story: flowables, page templates and page furniture (stage 3: layout).

Each flowable carries a structure role (`.role`: H1, H2, P, L, LI, Table,
Figure, Note) so a later stage can tag the PDF; the title band and footer are
page furniture drawn outside the story's reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
)
from reportlab.platypus.doctemplate import BaseDocTemplate

from . import markup, wording
from .blocks import BY_MODEL
from .fonts import Fonts
from .model import Leaflet
from .theme import Theme, Typesetter, heading_keeper, table_style, tag


@dataclass
class Story:
    """What render needs: flowables in reading order, page templates, the title for bookmarks."""

    flowables: list[Flowable]
    templates: list[PageTemplate]
    theme: Theme
    sections: list[str] = field(default_factory=list)


def build_story(leaflet: Leaflet, theme: Theme, fonts: Fonts) -> Story:
    """Lay the leaflet out: title band, sections, about block, references page."""
    ink = Typesetter(theme, fonts, leaflet.numbers)
    flow: list[Flowable] = [TitleBand(leaflet, ink)]
    names = []
    for index, section in enumerate(leaflet.sections):
        name = section.name(leaflet.numbers)
        names.append(name)
        if section.heading:
            heading = ink.para(section.heading, "h1", role="H1")
            flow += [mark(f, None, index) for f in heading_keeper(theme, heading)]
            mark(heading, name, index)
        for block in section.blocks:
            for f in BY_MODEL[type(block)].layout(block, ink):
                flow.append(mark(f, None, index))
    names.append(wording.ABOUT)
    about = about_block(leaflet, ink)
    about[0].outline = wording.ABOUT
    flow.append(KeepTogether([mark(f, None, len(names) - 1) for f in about]))
    if leaflet.references:
        names.append(wording.REFERENCES)
        flow += [mark(f, None, len(names) - 1) for f in references_page(leaflet, ink)]
    return Story(flow, page_templates(leaflet, theme, fonts), theme, names)


def mark(f: Flowable, outline: str | None, section: int) -> Flowable:
    """Tag a flowable with its section index (for the page budget) and bookmark title."""
    f.section = section
    if outline:
        f.outline = outline
    return f


def about_block(leaflet: Leaflet, ink: Typesetter) -> list[Flowable]:
    parts: list[Flowable] = [ink.words(wording.ABOUT, "h1", role="H1")]
    parts += [ink.words(line, "about") for line in wording.about_lines(leaflet)]
    for label, shown, target in wording.contact_of(leaflet).lines():
        text = markup.with_fallback(shown, ink.fonts.pick)
        if target:
            text = f'<a href="{markup.plain(target)}" underline="0">{text}</a>'
        parts.append(tag(Paragraph(f"<b>{label}:</b> {text}", ink.theme.styles["about"]), "P"))
    return parts


def references_page(leaflet: Leaflet, ink: Typesetter) -> list[Flowable]:
    """The final page: numbered references with DOI/URL links."""
    out: list[Flowable] = [PageBreak(), ink.words(wording.REFERENCES, "h1", role="H1")]
    out[1].outline = wording.REFERENCES
    style = ink.theme.styles["ref"]
    pt = ink.theme.body_pt
    for ref in leaflet.references:
        body = markup.with_fallback(ref.citation(), ink.fonts.pick)
        if ref.link:
            body += f' <a href="{markup.plain(ref.link)}" underline="0">{markup.plain(ref.link)}</a>'
        number = Paragraph(f"{leaflet.numbers[ref.key]}.", style)
        row = Table(
            [[number, Paragraph(body, style)]],
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
        out.append(tag(row, "LI"))
    return out


class TitleBand(Flowable):
    """Page 1's coloured band: logo, title (H1) and subtitle, bleeding to the page edges."""

    role = "H1"

    def __init__(self, leaflet: Leaflet, ink: Typesetter) -> None:
        super().__init__()
        self.leaflet, self.theme = leaflet, ink.theme
        self.outline = leaflet.meta.title
        self.logo = 20 * mm
        self.pad = ink.theme.margin_y * 0.8
        self.title = ink.words(leaflet.meta.title, "band_title", role="H1")
        self.subtitle = ink.words(wording.band_subtitle(leaflet), "band_subtitle")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # Large type may run wider than the body column: inset the band's text by the small margin only.
        self.inset = self.theme.margin - self.theme.margin_y
        text_width = avail_width + 2 * self.inset - self.logo - 6 * mm
        _, th = self.title.wrap(text_width, avail_height)
        _, sh = self.subtitle.wrap(text_width, avail_height)
        self.text_height = th + sh + self.title.getSpaceAfter()
        self.height = max(self.text_height, self.logo) + 2 * self.pad
        self.space = self.theme.body_pt * 1.2
        return avail_width, self.height + self.space

    def draw(self) -> None:
        c: Canvas = self.canv
        theme, right = self.theme, self.theme.frame_width + self.inset
        c.saveState()
        c.setFillColor(theme.primary)
        # the band runs past the frame to the page edges (and into any bleed)
        c.rect(
            -theme.margin - 10 * mm,
            self.space,
            theme.page[0] + 20 * mm,
            self.height + 10 * mm,
            stroke=0,
            fill=1,
        )
        draw_logo(
            c,
            self.leaflet,
            theme,
            right - self.logo,
            self.space + self.height - self.pad - self.logo,
            self.logo,
        )
        c.restoreState()
        y = self.space + self.height - self.pad - self.title.height
        self.title.drawOn(c, 0, y)
        self.subtitle.drawOn(c, 0, y - self.title.getSpaceAfter() - self.subtitle.height)


def draw_logo(c: Canvas, leaflet: Leaflet, theme: Theme, x: float, y: float, size: float) -> None:
    """The brand's logo file, or the project's own mark: a white leaf in a ring."""
    if leaflet.brand.logo:
        c.drawImage(
            str(leaflet.brand.logo),
            x,
            y,
            size,
            size,
            preserveAspectRatio=True,
            anchor="ne",
            mask="auto",
        )
        return
    c.setStrokeColorRGB(1, 1, 1)
    c.setFillColorRGB(1, 1, 1)
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
    """First page: the frame reaches the page top (the band is there). Later pages: margins."""
    h = theme.page[1]
    bottom = theme.margin_y + theme.footer_height
    first = Frame(
        theme.margin,
        bottom,
        theme.frame_width,
        h - bottom,
        id="first",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    later = Frame(
        theme.margin,
        bottom,
        theme.frame_width,
        h - bottom - theme.margin_y,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def furniture(c: Canvas, doc: BaseDocTemplate) -> None:
        draw_footer(c, doc, leaflet, theme, fonts)

    return [
        PageTemplate(
            "first",
            [first],
            onPage=furniture,
            autoNextPageTemplate="later",
            pagesize=theme.page,
        ),
        PageTemplate("later", [later], onPage=furniture, pagesize=theme.page),
    ]


def draw_footer(c: Canvas, doc: BaseDocTemplate, leaflet: Leaflet, theme: Theme, fonts: Fonts) -> None:
    """Footer on every page: title and page N of M; version and review date (and brand line)."""
    style = theme.styles["footer"]
    lead = style.leading
    total = getattr(doc, "total_pages", 0) or doc.page
    title, version = wording.footer_left(leaflet)
    rows = [
        (title, wording.page_label(doc.page, total)),
        (version, leaflet.brand.footer),
    ]
    w = theme.page[0]
    top = theme.margin_y + 2 * lead
    c.saveState()
    c.setStrokeColor(theme.primary)
    c.setLineWidth(1)
    c.line(theme.margin, top + lead * 0.35, w - theme.margin, top + lead * 0.35)
    c.restoreState()
    for n, (left, right) in enumerate(rows):
        y = top - lead * (n + 1)
        right_p = Paragraph(markup.with_fallback(right, fonts.pick), style) if right else None
        right_w = c.stringWidth(right, fonts.body.regular, style.fontSize) + 2 if right else 0
        left_p = Paragraph(markup.with_fallback(left, fonts.pick), style)
        left_p.wrapOn(c, theme.frame_width - right_w - 6 * mm, lead)
        left_p.drawOn(c, theme.margin, y)
        if right_p:
            right_p.wrapOn(c, right_w, lead)
            right_p.drawOn(c, w - theme.margin - right_w, y)


__all__ = ["Story", "build_story"]
