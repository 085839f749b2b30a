"""BlockSpec: what one block type provides (parse, layout, texts), and parse helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.platypus import Flowable

from .. import markup
from ..errors import ContentError
from ..fields import ASCII_SPACE, text_of
from ..model import Block, Text
from ..record import record
from ..source import Node
from ..typeset import Typesetter

_SPACES = re.compile(f"[{ASCII_SPACE}]+")  # runs of ordinary white space read as one space


@record
class BlockSpec:
    kind: str
    model: type[Block]
    parse: Callable[[Node], Block]
    layout: Callable[[Any, Typesetter], list[Flowable]]
    texts: Callable[[Any], tuple[Text, ...]]
    summary: str  # one line for the README's block table and `leaflet new`
    as_text: Callable[[Any, Callable[[Text], str]], list[str]]  # plain-text lines, given a speller
    title: Callable[[Any], Text | None] = lambda b: None  # a box's title, repeated where it continues


def inline(node: Node, what: str) -> Text:
    """Parse one YAML scalar as inline text, located at its value."""
    text = _SPACES.sub(" ", text_of(node, what)).strip(" ")
    if not text:
        raise ContentError(f"{what} is empty", node.where, hint="write the text, or remove the block")
    return markup.parse(text, node.where, node.locate)


def inline_list(node: Node, what: str) -> tuple[Text, ...]:
    """A list of inline texts (a single text is a one-item list)."""
    if isinstance(node.value, list):
        if not node.value:
            raise ContentError(
                f"{what} is an empty list",
                node.where,
                hint="add items starting with '- '",
            )
        return tuple(inline(item, f"an item of {what}") for item in node.value)
    return (inline(node, what),)
