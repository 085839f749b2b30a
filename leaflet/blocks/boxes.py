"""Key-points boxes, and the tinted box call-outs share (stage: content + layout)."""

from reportlab.platypus import Flowable, Paragraph

from .. import markup, wording
from ..fields import Fields
from ..marked import Element
from ..model import Block, Text
from ..nobreak import bind_last_words
from ..panel import Look, Panel
from ..record import record
from ..source import Node
from ..typeset import Typesetter
from .lists import list_flowable
from .spec import BlockSpec, inline, inline_list

KEY_POINTS = "Key points"


@record
class KeyPoints(Block):
    title: Text
    items: tuple[Text, ...]


def boxed(title: Paragraph | None, body: list[Flowable], ink: Typesetter, warning: bool = False) -> Flowable:
    """A tinted box with a strong left rule, that continues over a page with its title repeated.

    A warning adds a frame all round and a wider rule, both in the text colour: it stands out
    from a note by more than its tint when printed in greyscale.
    """
    theme, pad = ink.theme, ink.theme.body_pt * 0.8
    look = Look(pad=pad, left_pad=pad * 1.4, tint=theme.tint, rule=(theme.accent, 4))
    if warning:
        look = Look(pad=pad * 1.2, left_pad=pad * 1.8, tint=theme.tint, rule=(theme.text, 7), frame=(theme.text, 2.5))
    box = Panel(title, body, look, continued_title(title, ink))
    box.spaceAfter = theme.styles["body"].spaceAfter
    box.spaceBefore = theme.body_pt * 0.3
    return box


def continued_title(title: Paragraph | None, ink: Typesetter) -> Paragraph | None:
    """The title a later part shows: a plain Paragraph, so drawn as an artifact (no mark)."""
    if title is None:
        return None
    words = markup.with_fallback(wording.CONTINUED, ink.fonts.pick)
    return Paragraph(bind_last_words(f"{title.text} {words}"), title.style)  # never '(continued)' alone


def layout_keypoints(block: KeyPoints, ink: Typesetter) -> list[Flowable]:
    box = Element("Div")
    items = list_flowable(block.items, ink, numbered=False, parent=box)
    return [boxed(ink.para(block.title, "box_title", role=ink.heading_role(1), parent=box), [items], ink)]


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
