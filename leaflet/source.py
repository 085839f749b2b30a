"""YAML text -> located plain data (stage 1: source).

Input: a path to a YAML file. Output: a `Node` tree in which every mapping,
list and scalar remembers where it stands in the file. The YAML is composed
with PyYAML's safe loader only; duplicate keys, aliases and anchors are
refused, because silently keeping the last duplicate would drop medical text.
`Fields` gives block parsers typed, located access to one mapping.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import inputs
from .errors import ContentError, Where

MAX_NODES = 50_000
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


@dataclass
class Node:
    """One YAML value with its location: a str/int/date/bool/None, list or dict."""

    value: Any
    where: Where
    # For mappings: key -> where the key stands.
    key_where: dict[str, Where] = field(default_factory=dict)
    # For scalars: the value as written in the file (quotes, folds and all).
    raw: str = ""

    def locate(self, token: str, nth: int) -> Where:
        """Where the nth occurrence of `token` stands in this scalar, as written."""
        pos = -1
        for _ in range(nth + 1):
            pos = self.raw.find(token, pos + 1)
            if pos < 0:
                return self.where
        lines = self.raw[:pos].split("\n")
        if len(lines) == 1:
            return self.where.shifted(pos)
        return Where(self.where.path, self.where.line + len(lines) - 1, len(lines[-1]) + 1)

    @property
    def kind(self) -> str:
        return type_name(self.value)


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def load(path: str | Path) -> Node:
    """Read a YAML file into a located `Node` tree."""
    path = Path(path)
    data = inputs.read_capped(path, inputs.MAX_YAML, "a YAML file")  # regular files only, size capped
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ContentError(
            f"not UTF-8 text (byte {e.start})",
            Where.file(path),
            hint="save the file as UTF-8",
        ) from None
    return parse(text, str(path))


def parse(text: str, name: str) -> Node:
    """Parse YAML text; `name` is used in error locations."""
    loader = _Loader(text, name)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark and mark and mark.index >= len(text.rstrip()):
            mark = e.context_mark  # "end of stream": the opening quote or bracket is more use
        where = _where(name, mark)
        problem = e.problem or e.context or "malformed YAML"
        raise ContentError(
            f"YAML syntax: {problem}",
            where,
            hint="check indentation, and quote text that contains ': ' or starts with a symbol",
        ) from None
    except RecursionError:
        raise ContentError(
            "the YAML is nested too deeply", Where.file(name), hint="a leaflet needs only a few levels"
        ) from None
    except yaml.YAMLError as e:
        raise ContentError(f"YAML syntax: {e}", Where.file(name), hint="check the file is YAML text") from None
    finally:
        loader.dispose()
    if root is None:
        raise ContentError("the file is empty", Where.file(name), hint="start from 'leaflet new'")
    return _Walker(name, text).node(root)


class _Loader(yaml.SafeLoader):
    """The safe loader, refusing aliases where they stand (and so alias bombs)."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.file_name = name

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ContentError(
                "YAML aliases (*name) are not supported",
                _where(self.file_name, event.start_mark),
                hint="write the text out in full",
            )
        return super().compose_node(parent, index)


def _where(name: str, mark: Any) -> Where:
    if mark is None:
        return Where.file(name)
    return Where(name, mark.line + 1, mark.column + 1)


class _Walker:
    """Turns a composed YAML node graph into `Node`s, refusing aliases and duplicates."""

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.seen: set[int] = set()
        self.constructor = yaml.SafeLoader("")

    def node(self, n: yaml.Node) -> Node:
        where = _where(self.name, n.start_mark)
        if id(n) in self.seen:
            raise ContentError(
                "a YAML alias repeats content",
                where,
                hint="write the text out; aliases are not supported",
            )
        self.seen.add(id(n))
        if len(self.seen) > MAX_NODES:
            raise ContentError(f"more than {MAX_NODES} values", where, hint="split the leaflet")
        if n.tag not in PLAIN_TAGS:
            raise ContentError(
                f"YAML tag '{n.tag}' is not supported", where, hint="remove the '!' tag; content is plain data"
            )
        if isinstance(n, yaml.MappingNode):
            return self.mapping(n, where)
        if isinstance(n, yaml.SequenceNode):
            return Node([self.node(item) for item in n.value], where)
        try:
            value = self.constructor.construct_object(n, deep=True)
        except (yaml.YAMLError, ValueError) as e:
            problem = getattr(e, "problem", None) or str(e).splitlines()[0]
            raise ContentError(f"cannot read this value: {problem}", where, hint="put text in quotes") from None
        raw = self.text[n.start_mark.index : n.end_mark.index]
        return Node(value, where, raw=raw)

    def mapping(self, n: yaml.MappingNode, where: Where) -> Node:
        out = Node({}, where)
        for key_node, value_node in n.value:
            key_where = _where(self.name, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                raise ContentError("a key must be a plain word", key_where, hint="write 'key: value'")
            key = str(key_node.value)
            if key == "<<":
                raise ContentError(
                    "YAML merge keys are not supported",
                    key_where,
                    hint="write the keys out",
                )
            if key in out.value:
                raise ContentError(
                    f"duplicate key '{key}'",
                    key_where,
                    hint=f"'{key}' is already set at {out.key_where[key]}; YAML would silently keep only the last",
                )
            out.value[key] = self.node(value_node)
            out.key_where[key] = key_where
        return out


def suggest(word: str, known: list[str] | tuple[str, ...]) -> str:
    """A did-you-mean hint listing the known words."""
    close = difflib.get_close_matches(word, known, n=1)
    listing = ", ".join(sorted(known))
    if close:
        return f"did you mean '{close[0]}'? known: {listing}"
    return f"known: {listing}"


class Fields:
    """Typed, located access to one YAML mapping; `done()` refuses unknown keys."""

    def __init__(self, node: Node, what: str) -> None:
        if not isinstance(node.value, dict):
            raise ContentError(
                f"{what} must be a mapping of keys, not {node.kind}",
                node.where,
                hint="write 'key: value' lines here (see 'leaflet new' for a full example)",
            )
        self.node = node
        self.what = what
        self.used: set[str] = set()

    @property
    def where(self) -> Where:
        return self.node.where

    def __contains__(self, key: str) -> bool:
        return key in self.node.value

    def keys(self) -> Iterator[str]:
        return iter(self.node.value)

    def key_where(self, key: str) -> Where:
        return self.node.key_where.get(key, self.node.where)

    def get(self, key: str) -> Node | None:
        self.used.add(key)
        found: Node | None = self.node.value.get(key)
        return found

    def need(self, key: str) -> Node:
        found = self.get(key)
        if found is None:
            raise ContentError(
                f"{self.what} needs '{key}'",
                self.where,
                hint=f"add '{key}:' to this {self.what}",
            )
        return found

    def text(self, key: str) -> str:
        return self._text(self.need(key), key)

    def optional_text(self, key: str, default: str = "") -> str:
        found = self.get(key)
        if found is None or found.value is None:
            return default
        return self._text(found, key)

    def _text(self, node: Node, key: str) -> str:
        value = node.value
        if isinstance(value, bool | list | dict) or value is None:
            raise ContentError(
                f"'{key}' must be text, not {node.kind}",
                node.where,
                hint="write the text after the colon",
            )
        text = str(value).strip()
        if not text:
            raise ContentError(
                f"'{key}' is empty",
                node.where,
                hint="write the text, or remove the key",
            )
        return text

    def date(self, key: str) -> dt.date:
        node = self.need(key)
        if isinstance(node.value, dt.date):
            return node.value
        try:
            return dt.date.fromisoformat(str(node.value))
        except ValueError:
            raise ContentError(
                f"'{key}' must be a date, not {node.kind}",
                node.where,
                hint="write it as YYYY-MM-DD",
            ) from None

    def integer(self, key: str, default: int) -> int:
        node = self.get(key)
        if node is None:
            return default
        if isinstance(node.value, bool) or not isinstance(node.value, int) or node.value < 1:
            raise ContentError(f"'{key}' must be a whole number above 0", node.where, hint=f"e.g. '{key}: 4'")
        return node.value

    def items(self, key: str, required: bool = True) -> list[Node]:
        node = self.need(key) if required else self.get(key)
        if node is None:
            return []
        if not isinstance(node.value, list):
            raise ContentError(
                f"'{key}' must be a list, not {node.kind}",
                node.where,
                hint="start each item with '- '",
            )
        if required and not node.value:
            raise ContentError(f"'{key}' is an empty list", node.where, hint="add items, each on a line starting '- '")
        return list(node.value)

    def texts(self, key: str, required: bool = True) -> list[tuple[str, Where]]:
        """A list of text items, or a single text treated as a one-item list."""
        node = self.need(key) if required else self.get(key)
        if node is None:
            return []
        if isinstance(node.value, str):
            return [(self._text(node, key), node.where)]
        return [(self._text(item, key), item.where) for item in self.items(key)]

    def fields(self, key: str, required: bool = True) -> Fields | None:
        node = self.need(key) if required else self.get(key)
        return None if node is None else Fields(node, key)

    def done(self) -> None:
        """Refuse any key nobody asked for (a typo, with a did-you-mean)."""
        for key in self.node.value:
            if key not in self.used:
                raise ContentError(
                    f"unknown key '{key}' in {self.what}",
                    self.key_where(key),
                    hint=suggest(key, sorted(self.used)),
                )
