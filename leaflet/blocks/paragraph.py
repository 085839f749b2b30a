"""Paragraph and sub-heading: one run of text (stage: content + layout)."""

from dataclasses import dataclass

from reportlab.platypus import Flowable

from ..model import Block, Text
from ..theme import Typesetter, heading_keeper
from .spec import BlockSpec, inline


@dataclass(frozen=True)
class Paragraph(Block):
    text: Text


@dataclass(frozen=True)
class Subheading(Block):
    text: Text


def layout_paragraph(block: Paragraph, ink: Typesetter) -> list[Flowable]:
    return [ink.para(block.text)]


def layout_subheading(block: Subheading, ink: Typesetter) -> list[Flowable]:
    return heading_keeper(ink.theme, ink.para(block.text, "h2", role="H3"))


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
    parse=lambda node: Subheading(node.where, inline(node, "a sub-heading")),
    layout=layout_subheading,
    texts=lambda b: (b.text,),
    summary="a second-level heading inside a section",
    as_text=lambda b, spell: [spell(b.text), "~" * len(spell(b.text))],
)
