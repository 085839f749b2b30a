"""A YAML file that is one long list under one key -> its items one at a time (stage 1: source).

Input: the path of a file shaped `KEY:` then a block or flow list (a clinics file), and the key.
Output: each item as a located `Node`, composed and walked by source.py's rules (text as typed,
no aliases, tags or duplicate keys) while the parser is still reading the rest, so a file of
10,000 clinics never holds more than one clinic's nodes. When the file is not that shape (another
key, a list at the top, a syntax error), `Reshaped` is raised before any item is given out, or
from the middle: the caller then reads the file whole, and gets the same located error a whole
read gives, in source.py's words.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from . import inputs
from .source import Node, Walker, composer, prepared


class Reshaped(Exception):
    """The file is not `KEY:` and a list and nothing else; read it whole for the located reason."""


def stream_items(path: Path, key: str, max_nodes: int) -> Iterator[Node]:
    """The items of the list under `key`, each located, one at a time."""
    name = str(path)
    text = prepared(inputs.read_text(path, inputs.MAX_YAML, "a YAML file"), name)
    if "\t" in text:  # (as source.py: PyYAML, not libyaml, decides what a tab means)
        raise Reshaped
    loader = composer(text, name, max_nodes)
    try:
        yield from _items(loader, text, name, key)
    except yaml.YAMLError:
        raise Reshaped from None
    finally:
        loader.dispose()


def _items(loader: object, text: str, name: str, key: str) -> Iterator[Node]:
    expect(loader, yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.MappingStartEvent)
    event = loader.get_event()  # type: ignore[attr-defined]
    if not isinstance(event, yaml.ScalarEvent) or event.value != key or event.tag is not None or event.anchor:
        raise Reshaped
    expect(loader, yaml.SequenceStartEvent)
    while not loader.check_event(yaml.SequenceEndEvent):  # type: ignore[attr-defined]
        item = loader.compose_node(None, None)  # type: ignore[attr-defined]
        loader.anchors = {}  # type: ignore[attr-defined]  # (our composer refuses aliases anyway)
        yield Walker(name, text).node(item)
    expect(loader, yaml.SequenceEndEvent, yaml.MappingEndEvent, yaml.DocumentEndEvent, yaml.StreamEndEvent)


def expect(loader: object, *kinds: type) -> None:
    for kind in kinds:
        event = loader.get_event()  # type: ignore[attr-defined]
        if not isinstance(event, kind) or getattr(event, "anchor", None) or getattr(event, "tag", None):
            raise Reshaped
