"""Bulleted and numbered lists (stage: content + layout)."""

from reportlab.platypus import Flowable

from ..itemlist import ItemList
from ..marked import Element
from ..model import Block, Text
from ..record import record
from ..source import Node
from ..typeset import Typesetter
from .spec import BlockSpec, inline_list


@record
class Bullets(Block):
    items: tuple[Text, ...]


@record
class Numbered(Block):
    items: tuple[Text, ...]


def list_flowable(items: tuple[Text, ...], ink: Typesetter, numbered: bool, parent: Element | None = None) -> ItemList:
    """A list with bullets or numbers at body size, hanging indent: an L of LIs, each its bullet or
    number (Lbl) and its text (LBody)."""
    pt = ink.theme.body_pt
    group = Element("L", parent)
    paras = [ink.para(t, "item", role="LBody", parent=Element("LI", group)) for t in items]
    labels = [f"{n}." if numbered else "\u2022" for n in range(1, len(items) + 1)]
    flow = ItemList(list(zip(labels, paras, strict=True)), (ink.fonts.body.regular, pt), pt * 1.6, third_of_page(ink))
    flow.spaceAfter = pt * 0.6
    return flow


def third_of_page(ink: Typesetter) -> float:
    """Items longer than this may split over a page break."""
    return ink.theme.body_frame_height / 3


def layout_bullets(block: Bullets, ink: Typesetter) -> list[Flowable]:
    return [list_flowable(block.items, ink, numbered=False)]


def layout_numbered(block: Numbered, ink: Typesetter) -> list[Flowable]:
    return [list_flowable(block.items, ink, numbered=True)]


def _parse_bullets(node: Node) -> Bullets:
    return Bullets(node.where, inline_list(node, "a bulleted list"))


def _parse_numbered(node: Node) -> Numbered:
    return Numbered(node.where, inline_list(node, "a numbered list"))


BULLETS = BlockSpec(
    kind="bullets",
    model=Bullets,
    parse=_parse_bullets,
    layout=layout_bullets,
    texts=lambda b: b.items,
    summary="a bulleted list: one item per '- ' line",
    as_text=lambda b, spell: [f"- {spell(t)}" for t in b.items],
)

NUMBERED = BlockSpec(
    kind="numbered",
    model=Numbered,
    parse=_parse_numbered,
    layout=layout_numbered,
    texts=lambda b: b.items,
    summary="a numbered list, for steps in order",
    as_text=lambda b, spell: [f"{i}. {spell(t)}" for i, t in enumerate(b.items, 1)],
)
