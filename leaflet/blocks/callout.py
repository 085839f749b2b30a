"""Call-outs: a boxed note or warning, with a title, a body, or both (stage: content + layout).

The body holds paragraphs and lists:

    - callout:
        title: Get help straight away
        style: warning          # or note, the default
        body:
          - "Call 111 if you have:"
          - bullets: [chest pain, trouble breathing]
          - Or go to your nearest emergency department.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable

from ..errors import ContentError, Where
from ..fields import Fields, suggest, text_of
from ..marked import Element
from ..model import Block, Text
from ..record import record
from ..source import Node
from ..typeset import Typesetter
from .boxes import boxed
from .lists import list_flowable
from .spec import BlockSpec, inline, inline_list

STYLES = ("note", "warning")
LISTS = ("bullets", "numbered")


@record
class BodyList:
    """A list inside a call-out's body."""

    where: Where
    items: tuple[Text, ...]
    numbered: bool


@record
class Callout(Block):
    title: Text | None
    body: tuple[Text | BodyList, ...]
    style: str = "note"


def parse_callout(node: Node) -> Callout:
    f = Fields(node, "callout")
    title_node, body_node, style_node = f.get("title"), f.get("body"), f.get("style")
    style = parse_style(style_node) if style_node else STYLES[0]
    if title_node is None and body_node is None:
        raise ContentError(
            "a call-out needs a title, a body, or both",
            node.where,
            hint="add 'title:' and/or 'body:' (paragraphs, and lists as '- bullets:')",
        )
    title = inline(title_node, "the call-out title") if title_node else None
    body = tuple(body_part(n) for n in body_nodes(body_node)) if body_node else ()
    f.done()
    return Callout(node.where, title, body, style)


def parse_style(node: Node) -> str:
    style = text_of(node, "the call-out style").strip()
    if style not in STYLES:
        raise ContentError(f"unknown call-out style '{style}'", node.where, hint=suggest(style, STYLES))
    return style


def body_nodes(node: Node) -> list[Node]:
    if not isinstance(node.value, list):
        return [node]
    if not node.value:
        raise ContentError("the call-out body is an empty list", node.where, hint="add paragraphs starting with '- '")
    return list(node.value)


def body_part(node: Node) -> Text | BodyList:
    """One part of the body: a paragraph (text), or a list ('bullets:' or 'numbered:' with its items)."""
    if not isinstance(node.value, dict):
        return inline(node, "a paragraph of the call-out body")
    if len(node.value) == 1 and next(iter(node.value.values())).value is None:
        (key,) = node.value
        if key not in LISTS:  # '- Call 111 if you have:' reads in YAML as a key with no value
            raise ContentError(
                f"'{key}:' reads as a key with nothing after it, not as a paragraph",
                node.where,
                hint=f'a paragraph that ends in a colon needs quotes: - "{key}:"',
            )
    f = Fields(node, "a list in the call-out body")
    found = [(kind, n) for kind in LISTS if (n := f.get(kind)) is not None]
    f.done()
    if len(found) != 1:
        raise ContentError(
            "a list in the call-out body is either 'bullets:' or 'numbered:', not both"
            if found
            else "a list in the call-out body needs 'bullets:' or 'numbered:'",
            node.where,
            hint="give each list its own '- bullets:' (or '- numbered:') item in the body",
        )
    kind, items = found[0]
    return BodyList(node.where, inline_list(items, f"a {kind} list in the call-out body"), kind == "numbered")


def layout_callout(block: Callout, ink: Typesetter) -> list[Flowable]:
    box = Element("Div")  # a grouping element: PDF 1.7's Note is for footnotes and needs an /ID
    title = ink.para(block.title, "box_title", role=ink.heading_role(1), parent=box) if block.title else None
    body: list[Flowable] = [
        list_flowable(p.items, ink, p.numbered, parent=box) if isinstance(p, BodyList) else ink.para(p, parent=box)
        for p in block.body
    ]
    return [boxed(title, body, ink, warning=block.style == "warning")]


def texts(block: Callout) -> tuple[Text, ...]:
    parts = [(p.items if isinstance(p, BodyList) else (p,)) for p in block.body]
    return (*((block.title,) if block.title else ()), *(t for part in parts for t in part))


def as_text(block: Callout, say: Callable[[Text], str]) -> list[str]:
    lines = [f"** {say(block.title)} **"] if block.title else []
    for part in block.body:
        if isinstance(part, BodyList):
            lines += [f"{f'{n}.' if part.numbered else '-'} {say(t)}" for n, t in enumerate(part.items, 1)]
        else:
            lines.append(say(part))
    return lines


CALLOUT = BlockSpec(
    kind="callout",
    model=Callout,
    parse=parse_callout,
    layout=layout_callout,
    texts=texts,
    summary="a boxed note (style: warning for a heavier frame): a title, a body of paragraphs and lists, or both",
    as_text=as_text,
    title=lambda b: b.title,
)
