"""YAML text -> located plain data straight from libyaml's events, for a file with nothing to refuse (stage 1: source).

Input: YAML text (already `source.prepared`) and its name. Output: the `source.Node` tree that
source.py's general path (libyaml's parser under PyYAML's composer, then its `Walker`) makes of the
same text, node for node, or None: no libyaml, or anything that path reads differently or refuses
(a tab, an alias, an anchor, a tag, a key that is not plain text, a merge key, a duplicate key,
a control character, more values than allowed, no document or more than one, a YAML error, nesting
too deep). The general path then reads the file, and gives the answer or the located error it
always gives. Most files are plain: composing PyYAML's node graph and walking it again took twice
as long as this one pass.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)

from .errors import Where
from .source import CONTROLS, Node


def _c_parser() -> Any:
    """libyaml's parser, or None: PyYAML without libyaml (the general path then reads every file)."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None
    return CParser


PARSER = _c_parser()


class Refer(Exception):
    """Something the general path reads differently or refuses: it reads the file."""


def plain_tree(text: str, name: str, max_nodes: int) -> Node | None:
    """The located tree of a plain YAML file, as source.py's general path makes it; None for any other."""
    if PARSER is None or "\t" in text:
        return None
    parser = PARSER(text)
    try:
        return Builder(parser, name, text, max_nodes).document()
    except (Refer, yaml.YAMLError, RecursionError):
        return None
    finally:
        parser.dispose()


class Builder:
    """Reads one document's events into `Node`s, counting values as the general path's composer does."""

    def __init__(self, parser: Any, name: str, text: str, max_nodes: int) -> None:
        self.next_event = parser.get_event
        self.name, self.text, self.left = name, text, max_nodes

    def document(self) -> Node:
        if type(self.next_event()) is not StreamStartEvent or type(self.next_event()) is not DocumentStartEvent:
            raise Refer  # (no document: the general path says the file is empty)
        root = self.node(self.next_event())
        if type(self.next_event()) is not DocumentEndEvent or type(self.next_event()) is not StreamEndEvent:
            raise Refer  # more than one document
        return root

    def counted(self, event: Any) -> type:
        """The event's class, once it is known to be a plain value within the count."""
        self.left -= 1
        if self.left < 0 or event.anchor is not None or getattr(event, "tag", None) is not None:
            raise Refer  # (an alias event has an anchor: the name it refers to)
        return type(event)

    def node(self, event: Any) -> Node:
        kind = self.counted(event)
        mark = event.start_mark
        where = Where(self.name, mark.line + 1, mark.column + 1)
        if kind is ScalarEvent:
            value: str | None = event.value
            if not event.style and value == "":
                value = None  # 'key:' with nothing after it
            elif value and CONTROLS.search(value):
                raise Refer
            return Node(value, where, raw=self.text[mark.index : event.end_mark.index])
        if kind is SequenceStartEvent:
            items = []
            while type(event := self.next_event()) is not SequenceEndEvent:
                items.append(self.node(event))
            return Node(items, where)
        if kind is MappingStartEvent:
            return self.mapping(where)
        raise Refer

    def mapping(self, where: Where) -> Node:
        out = Node({}, where)
        values, key_where = out.value, out.key_where
        while type(event := self.next_event()) is not MappingEndEvent:
            if self.counted(event) is not ScalarEvent:
                raise Refer
            key: str = event.value
            if key == "<<" or key in values:
                raise Refer
            mark = event.start_mark
            at = Where(self.name, mark.line + 1, mark.column + 1)
            values[key] = self.node(self.next_event())
            key_where[key] = at
        return out
