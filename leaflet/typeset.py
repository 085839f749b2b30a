"""Theme + Fonts + model text -> tagged flowables: the blocks' one door to ReportLab text (stage 3).

`Typesetter` turns author text into paragraphs through `markup.render` (so it is escaped,
never interpreted), in a Theme's styles, each tagged with its structure element (`tag`),
its last words bound where the style wants it (`bound`, nobreak.py). Also the two helpers
the blocks share: `table_style` and `heading_keeper`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from reportlab.platypus import Flowable, Paragraph, TableStyle

from . import markup
from .fonts import Fonts
from .marked import Element
from .markedpara import Para
from .model import Text
from .nobreak import bind_last_words
from .record import record
from .theme import Theme

F = TypeVar("F", bound=Flowable)


@record
class Typesetter:
    """Turns model text into flowables: the blocks' one door to ReportLab text."""

    theme: Theme
    fonts: Fonts
    numbers: Mapping[str, int]
    headed: bool = True  # the section being laid out has a heading (an H2)

    def heading_role(self, below: int) -> str:
        """The role of a heading `below` levels under a section heading; in a section without
        one, a level higher, so that no heading level is skipped after the title (Matterhorn 14-003)."""
        return f"H{2 + below - (0 if self.headed else 1)}"

    def para(self, text: Text, style: str = "body", role: str = "P", parent: Element | None = None) -> Paragraph:
        """A paragraph of author text, tagged `role` under `parent` (None: the document)."""
        chosen = self.theme.styles[style]
        bold = chosen.fontName == self.fonts.body.bold
        shown = bound(markup.render(text, self.numbers, self.fonts.pick, bold), style)
        return tag(Para(shown, chosen), role, parent)

    def words(self, words: str, style: str = "body", role: str = "P", parent: Element | None = None) -> Paragraph:
        """A paragraph of our own plain words (headings we add, labels), escaped."""
        chosen = self.theme.styles[style]
        bold = chosen.fontName == self.fonts.body.bold
        shown = bound(markup.with_fallback(words, self.fonts.pick, bold), style)
        return tag(Para(shown, chosen), role, parent)


BOUND = ("h1", "h2", "h3", "box_title", "band_title", "caption", "formats")  # never one word alone on the last line
RUNTLESS = ("body", "item")  # bound where the last word is short


def bound(shown: str, style: str) -> str:
    """Paragraph markup with its last two words bound (nobreak.py), for the styles that want it."""
    if style in BOUND:
        return bind_last_words(shown)
    return bind_last_words(shown, short_only=True) if style in RUNTLESS else shown


def tag(flowable: F, role: str, parent: Element | None = None, alt: str = "") -> F:
    """Give a flowable that draws content its structure element: `role` under `parent` (see marked.py)."""
    flowable.role = role
    flowable.node = Element(role, parent, alt)
    if alt:
        flowable.alt = alt
    return flowable


def table_style(theme: Theme, commands: list[tuple[object, ...]]) -> TableStyle:
    """A TableStyle whose cells use the body font (ReportLab's default would pull in Helvetica) and
    the text colour (its default is RGB black, which the print shop's CMYK variant must not hold)."""
    body = theme.styles["body"]
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), body.fontName),
            ("FONTSIZE", (0, 0), (-1, -1), body.fontSize),
            ("TEXTCOLOR", (0, 0), (-1, -1), theme.text),
            *commands,
        ]
    )


def heading_keeper(theme: Theme, heading: Paragraph) -> list[Flowable]:
    """Mark a heading to be kept with what follows it (breaks.keep_headings does the keeping).

    (ReportLab's keepWithNext keeps the *whole* next paragraph, leaving big gaps.)
    """
    heading.keep_next = True
    return [heading]
