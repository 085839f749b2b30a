"""Bulleted and numbered lists (stage: content + layout)."""

from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, ListFlowable, ListItem
from reportlab.platypus.flowables import BulletDrawer

from ..marked import Element, marked
from ..model import Block, Text
from ..source import Node
from ..theme import Typesetter
from .spec import BlockSpec, inline_list


@dataclass(frozen=True)
class Bullets(Block):
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Numbered(Block):
    items: tuple[Text, ...]


def list_flowable(
    items: tuple[Text, ...], ink: Typesetter, numbered: bool, parent: Element | None = None
) -> ListFlowable:
    """A list with bullets or numbers at body size, hanging indent: an L of LIs, each its bullet or
    number (Lbl) and its text (LBody)."""
    pt = ink.theme.body_pt
    group = Element("L", parent)
    flow = LabelledList(
        [ListItem(ink.para(t, "item", role="LBody", parent=Element("LI", group))) for t in items],
        bulletType="1" if numbered else "bullet",
        start=None if numbered else "\u2022",
        bulletFontName=ink.fonts.body.regular,
        bulletFontSize=pt,
        bulletColor=ink.theme.text,
        bulletFormat="%s." if numbered else None,
        leftIndent=pt * 1.6,
        bulletDedent=pt * 1.2 if not numbered else pt * 1.6,
        spaceAfter=pt * 0.6,
    )
    flow.role = "L"
    return flow


class LabelledList(ListFlowable):
    """ReportLab's list, whose bullets and numbers are drawn as marked content of their item's Lbl."""

    def _makeBullet(self, value: Any, params: Any = None) -> Any:
        return Label(super()._makeBullet(value, params))


class Label:
    """A bullet drawer that draws its bullet or number as an Lbl of the item whose text it heads.

    ReportLab hands a bullet drawer the item's indenter on drawing; the indented flowable is the
    item's LBody paragraph, whose parent is the LI. Only the first part of a split item has one.
    """

    def __init__(self, drawer: BulletDrawer) -> None:
        self.drawer = drawer
        self.node: Element | None = None

    def drawOn(self, indenter: Any, canv: Any, x: float, y: float, _sW: float = 0) -> None:
        body = getattr(indenter._flowable, "node", None)
        if self.node is None and body is not None:
            self.node = Element("Lbl", body.parent)
        with marked(canv, self.node):
            self.drawer.drawOn(indenter, canv, x, y, _sW)


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
