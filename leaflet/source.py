"""YAML text -> located plain data (stage 1: source).

Input: a path to a YAML file. Output: a `Node` tree in which every mapping,
list and scalar remembers where it stands in the file. Every scalar is the text
the author typed: no YAML 1.1 implicit typing (`8:00` stays "8:00", not 480;
`no` stays "no", not false); fields that are numbers or dates are parsed from
that text by `fields.Fields`. Duplicate keys, aliases, anchors, tags and control
characters are refused, because each would silently change or drop medical text.

libyaml's C parser reads the file when PyYAML has it (four times the pure-Python speed on a large
clinics file), under the same composer, so aliases and the value cap are refused where they stand;
when it finds a problem, the pure-Python loader reads the file again and locates the problem in
its own words, so an error reads the same with or without libyaml.
"""

from __future__ import annotations

import re
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver

from . import inputs
from .errors import ContentError, Where
from .record import record

MAX_NODES = 50_000
PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map")}
# Control characters (Unicode category Cc) but tab and the line breaks YAML itself reads.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


@record(frozen=False)
class Node:
    """One YAML value with its location: text (str), nothing (None), a list or a dict."""

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
    return "nothing" if value is None else "text"


def load(path: str | Path, max_nodes: int = MAX_NODES) -> Node:
    """Read a YAML file of at most `max_nodes` values into a located `Node` tree."""
    path = Path(path)
    text = inputs.read_text(path, inputs.MAX_YAML, "a YAML file")  # regular files only, size capped
    return parse(text, str(path), max_nodes)


def parse(text: str, name: str, max_nodes: int = MAX_NODES) -> Node:
    """Parse YAML text; `name` is used in error locations."""
    text = prepared(text, name)
    from .sourceevents import plain_tree  # (which builds this module's Nodes)

    if (tree := plain_tree(text, name, max_nodes)) is not None:
        return tree  # a plain file, read in one pass; any other is read below
    return general_tree(text, name, max_nodes)


def general_tree(text: str, name: str, max_nodes: int = MAX_NODES) -> Node:
    """The located tree of prepared text, or the located error (composed, then walked)."""
    read, root = _compose_fast(text, name, max_nodes)
    if not read:
        root = _compose(text, name, max_nodes)
    if root is None:
        raise ContentError(
            "the file is empty", Where(name, 1, 1), hint="it holds only comments; start from 'leaflet new'"
        )
    return Walker(name, text).node(root)


def _compose_fast(text: str, name: str, max_nodes: int) -> tuple[bool, yaml.Node | None]:
    """The node graph as libyaml parses it; (False, None) without libyaml, or when it finds a problem.

    A text with a tab is left to the pure-Python loader: libyaml takes a tab before a token as white
    space where PyYAML refuses it, and an author's file must mean one thing with or without libyaml."""
    if _CLoader is None or "\t" in text:
        return False, None
    loader = _CLoader(text, name, max_nodes)
    try:
        return True, loader.get_single_node()
    except (yaml.YAMLError, RecursionError):
        return False, None
    finally:
        loader.dispose()


def _compose(text: str, name: str, max_nodes: int) -> yaml.Node | None:
    """The node graph as the pure-Python loader parses it, its problems located."""
    try:
        loader = _Loader(text, name, max_nodes)
    except yaml.reader.ReaderError as e:
        raise ContentError(
            f"character U+{e.character:04X} cannot be in a YAML file",
            _at_index(text, e.position, name),
            hint="delete it: it is not a printable character (it often comes from pasting)",
        ) from None
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
            "the YAML is nested too deeply", Where(name, 1, 1), hint="a leaflet needs only a few levels"
        ) from None
    except yaml.YAMLError as e:
        raise ContentError(f"YAML syntax: {e}", Where(name, 1, 1), hint="check the file is YAML text") from None
    finally:
        loader.dispose()
    return root


def _at_index(text: str, index: int, name: str) -> Where:
    before = text[:index]
    return Where(name, before.count("\n") + 1, index - before.rfind("\n"))


def refuse_controls(text: str, start: Where) -> None:
    """Raise at the first control character (other than tab and line breaks), counting from `start`."""
    found = CONTROLS.search(text)
    if found is None:
        return
    i = found.start()
    before = text[:i]
    line = before.count("\n")
    column = i - before.rfind("\n") if line else start.column + i
    raise ContentError(
        f"control character U+{ord(text[i]):04X} in the text",
        Where(start.path, start.line + line, column),
        hint="delete it: it prints as nothing or an empty box (it often comes from pasting)",
    )


class _Composing:
    """What both loaders compose with: no implicit typing (every plain scalar is text), aliases
    refused where they stand (and so alias bombs), and at most `max_nodes` values."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's own class attribute)
    file_name = ""
    max_nodes = MAX_NODES
    nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            raise ContentError(
                "YAML aliases (*name) are not supported",
                _where(self.file_name, event.start_mark),
                hint="write the text out in full",
            )
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise ContentError(
                f"more than {self.max_nodes} values", _where(self.file_name, event.start_mark), hint="split the file"
            )
        return super().compose_node(parent, index)  # type: ignore[misc]


class _Loader(_Composing, yaml.SafeLoader):
    def __init__(self, text: str, name: str, max_nodes: int) -> None:
        super().__init__(text)
        self.file_name, self.max_nodes = name, max_nodes


def _c_loader() -> type | None:
    """The C parser under the pure-Python composer (which calls our `compose_node`), if PyYAML has libyaml."""
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None

    class CLoader(_Composing, CParser, Composer, Resolver):
        get_single_node = Composer.get_single_node
        compose_document = Composer.compose_document

        def __init__(self, text: str, name: str, max_nodes: int) -> None:
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
            self.file_name, self.max_nodes = name, max_nodes

    return CLoader


_CLoader = _c_loader()


def composer(text: str, name: str, max_nodes: int) -> Any:
    """A loader that composes with our rules (libyaml's parser when present); call dispose() after."""
    return (_CLoader or _Loader)(text, name, max_nodes)


def prepared(text: str, name: str) -> str:
    """The text to parse: without a byte-order mark, refused if empty or holding control characters."""
    text = text.removeprefix("\ufeff")  # (columns never counted it; now indices do not either)
    refuse_controls(text, Where(name, 1, 1))
    if not text.strip():
        raise ContentError("the file is empty", Where(name, 1, 1), hint="start from 'leaflet new'")
    return text


def _where(name: str, mark: Any) -> Where:
    if mark is None:
        return Where.file(name)
    return Where(name, mark.line + 1, mark.column + 1)


class Walker:
    """Turns a composed YAML node graph into `Node`s, refusing aliases and duplicates."""

    def __init__(self, name: str, text: str) -> None:
        self.name, self.text = name, text
        self.seen: set[int] = set()

    def node(self, n: yaml.Node) -> Node:
        where = _where(self.name, n.start_mark)
        if id(n) in self.seen:
            raise ContentError(
                "a YAML alias repeats content",
                where,
                hint="write the text out; aliases are not supported",
            )
        self.seen.add(id(n))
        if n.tag not in PLAIN_TAGS:
            raise ContentError(
                f"YAML tag '{n.tag}' is not supported", where, hint="remove the '!' tag; content is plain data"
            )
        if isinstance(n, yaml.MappingNode):
            return self.mapping(n, where)
        if isinstance(n, yaml.SequenceNode):
            return Node([self.node(item) for item in n.value], where)
        assert isinstance(n, yaml.ScalarNode)
        value: str | None = n.value
        if not n.style and value == "":  # plain: libyaml says "", PyYAML None
            value = None  # 'key:' with nothing after it
        elif value:
            # escapes in quoted text ("\\x07") can make them; columns count from after the quote
            refuse_controls(value, where.shifted(1) if n.style in ("'", '"') else where)
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
