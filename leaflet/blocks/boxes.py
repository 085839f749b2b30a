"""Call-out and key-points boxes: tinted panels the reader must not miss (stage: content + layout)."""

from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph

from .. import markup, wording
from ..fields import Fields
from ..marked import Element
from ..model import Block, Text
from ..panel import Look, Panel
from ..source import Node
from ..theme import Typesetter
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


def boxed(title: Paragraph | None, body: list[Flowable], ink: Typesetter) -> Flowable:
    """A tinted box with a strong left rule, that continues over a page with its title repeated."""
    theme, pad = ink.theme, ink.theme.body_pt * 0.8
    look = Look(pad=pad, left_pad=pad * 1.4, tint=theme.tint, rule=(theme.accent, 4))
    box = Panel(title, body, look, continued_title(title, ink))
    box.spaceAfter = theme.styles["body"].spaceAfter
    box.spaceBefore = theme.body_pt * 0.3
    return box


def continued_title(title: Paragraph | None, ink: Typesetter) -> Paragraph | None:
    """The title a later part shows: a plain Paragraph, so drawn as an artifact (no mark)."""
    if title is None:
        return None
    words = markup.with_fallback(f" {wording.CONTINUED}", ink.fonts.pick)
    return Paragraph(title.text + words, title.style)


def layout_callout(block: Callout, ink: Typesetter) -> list[Flowable]:
    box = Element("Div")  # a grouping element: PDF 1.7's Note is for footnotes and needs an /ID
    title = ink.para(block.title, "box_title", role="H3", parent=box)
    return [boxed(title, [ink.para(t, "body", parent=box) for t in block.body], ink)]


def layout_keypoints(block: KeyPoints, ink: Typesetter) -> list[Flowable]:
    box = Element("Div")
    items = list_flowable(block.items, ink, numbered=False, parent=box)
    return [boxed(ink.para(block.title, "box_title", role="H3", parent=box), [items], ink)]


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
    title=lambda b: b.title,
)

KEYPOINTS = BlockSpec(
    kind="keypoints",
    model=KeyPoints,
    parse=parse_keypoints,
    layout=layout_keypoints,
    texts=lambda b: (b.title, *b.items),
    summary="a boxed list headed 'Key points' (or your title): a list, or title + items",
    as_text=lambda b, spell: [f"** {spell(b.title)} **", *(f"- {spell(t)}" for t in b.items)],
    title=lambda b: b.title,
)
