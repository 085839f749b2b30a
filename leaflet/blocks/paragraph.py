"""Paragraph and sub-heading: one run of text (stage: content + layout).

Headings come in three levels: a section's `heading` (H2), a `subheading` (H3), and a minor
heading, `subheading: {text: ..., level: minor}` (H4), which must follow a subheading in its
section, so the tagged headings never skip a level.
"""

from reportlab.platypus import Flowable

from ..errors import ContentError
from ..fields import Fields
from ..model import Block, Text
from ..record import record
from ..source import Node
from ..typeset import Typesetter, heading_keeper
from .spec import BlockSpec, inline

LEVELS = ("sub", "minor")


@record
class Paragraph(Block):
    text: Text


@record
class Subheading(Block):
    text: Text
    minor: bool = False  # a minor heading (H4) under a subheading (H3)

    @property
    def label(self) -> str:
        return "minor heading" if self.minor else "subheading"


def layout_paragraph(block: Paragraph, ink: Typesetter) -> list[Flowable]:
    return [ink.para(block.text)]


def layout_subheading(block: Subheading, ink: Typesetter) -> list[Flowable]:
    style, below = ("h3", 2) if block.minor else ("h2", 1)
    return heading_keeper(ink.theme, ink.para(block.text, style, role=ink.heading_role(below)))


def parse_subheading(node: Node) -> Subheading:
    """`subheading: Text`, or `subheading: {text: Text, level: sub|minor}`."""
    if not isinstance(node.value, dict):
        return Subheading(node.where, inline(node, "a sub-heading"))
    f = Fields(node, "subheading")
    text = inline(f.need("text"), "a sub-heading")
    level = f.optional_text("level", "sub")
    if level not in LEVELS:
        raise ContentError(
            f"no heading level '{level}'",
            f.need("level").where,
            hint="'sub' (the default, under a section heading) or 'minor' (under a subheading)",
        )
    f.done()
    return Subheading(node.where, text, minor=level == "minor")


PARAGRAPH = BlockSpec(
    kind="paragraph",
    model=Paragraph,
    parse=lambda node: Paragraph(node.where, inline(node, "a paragraph")),
    layout=layout_paragraph,
    texts=lambda b: (b.text,),
    summary="a paragraph of text",
    as_text=lambda b, spell: [spell(b.text)],
)

SUBHEADING = BlockSpec(
    kind="subheading",
    model=Subheading,
    parse=parse_subheading,
    layout=layout_subheading,
    texts=lambda b: (b.text,),
    summary="a heading inside a section; `{text: ..., level: minor}` for a minor one under it",
    as_text=lambda b, spell: [spell(b.text), ("." if b.minor else "~") * len(spell(b.text))],
)
