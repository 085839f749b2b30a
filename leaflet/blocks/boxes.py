"""Call-out and key-points boxes: tinted panels the reader must not miss (stage: content + layout)."""

from dataclasses import dataclass

from reportlab.platypus import Flowable, KeepTogether

from .. import markup
from ..fields import Fields
from ..marked import Element
from ..model import Block, Text
from ..source import Node
from ..tables import Table
from ..theme import Typesetter, table_style
from .lists import list_flowable
from .spec import BlockSpec, inline, inline_list

KEY_POINTS = "Key points"


@dataclass(frozen=True)
class Callout(Block):
    title: Text
    body: tuple[Text, ...]


@dataclass(frozen=True)
class KeyPoints(Block):
    title: Text
    items: tuple[Text, ...]


def panel(rows: list[Flowable], ink: Typesetter) -> Flowable:
    """A tinted box with a strong left rule; one row per part, so an over-long box can still split."""
    theme, pad = ink.theme, ink.theme.body_pt * 0.8
    table = Table([[r] for r in rows], colWidths=[theme.frame_width])
    table.setStyle(
        table_style(
            theme,
            [
                ("BACKGROUND", (0, 0), (-1, -1), theme.tint),
                ("LINEBEFORE", (0, 0), (0, -1), 4, theme.accent),
                ("LEFTPADDING", (0, 0), (-1, -1), pad * 1.4),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), pad),
                ("BOTTOMPADDING", (0, -1), (-1, -1), pad * 0.5),
            ],
        )
    )
    return KeepTogether([table], maxHeight=theme.page[1] * 0.8)


def layout_callout(block: Callout, ink: Typesetter) -> list[Flowable]:
    box = Element("Div")  # a grouping element: PDF 1.7's Note is for footnotes and needs an /ID
    rows = [ink.para(block.title, "box_title", role="H3", parent=box)]
    rows += [ink.para(t, "box_body", parent=box) for t in block.body]
    return [panel(rows, ink)]


def layout_keypoints(block: KeyPoints, ink: Typesetter) -> list[Flowable]:
    box = Element("Div")
    items = list_flowable(block.items, ink, numbered=False, parent=box)
    items.spaceAfter = 0
    return [panel([ink.para(block.title, "box_title", role="H3", parent=box), items], ink)]


def parse_callout(node: Node) -> Callout:
    f = Fields(node, "callout")
    title = inline(f.need("title"), "the call-out title")
    body = inline_list(f.need("body"), "the call-out body")
    f.done()
    return Callout(node.where, title, body)


def parse_keypoints(node: Node) -> KeyPoints:
    default = markup.parse(KEY_POINTS, node.where)
    if isinstance(node.value, list):
        return KeyPoints(node.where, default, inline_list(node, "key points"))
    f = Fields(node, "keypoints")
    title_node = f.get("title")
    title = inline(title_node, "the key-points title") if title_node else default
    items = inline_list(f.need("items"), "key points")
    f.done()
    return KeyPoints(node.where, title, items)


CALLOUT = BlockSpec(
    kind="callout",
    model=Callout,
    parse=parse_callout,
    layout=layout_callout,
    texts=lambda b: (b.title, *b.body),
    summary="a boxed note with a title and one or more paragraphs (body)",
    as_text=lambda b, spell: [f"** {spell(b.title)} **", *(spell(t) for t in b.body)],
)

KEYPOINTS = BlockSpec(
    kind="keypoints",
    model=KeyPoints,
    parse=parse_keypoints,
    layout=layout_keypoints,
    texts=lambda b: (b.title, *b.items),
    summary="a boxed list headed 'Key points' (or your title): a list, or title + items",
    as_text=lambda b, spell: [f"** {spell(b.title)} **", *(f"- {spell(t)}" for t in b.items)],
)
