"""Located YAML data -> typed values for one mapping (stage 1: source, its typed view).

Input: a `source.Node` mapping. Output: text, numbers, dates, lists and nested
`Fields`, each parsed from the characters the author typed (the YAML reader does
no typing of its own), or a `ContentError` at the value's line and column.
`done()` refuses unknown keys with a did-you-mean hint.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .chars import drawn
from .errors import ContentError, Where
from .source import Node

WHOLE = re.compile(r"[0-9]{1,9}")
NUMBER = re.compile(r"[0-9]{1,6}(\.[0-9]{1,6})?")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A contact's phone number and email address (a brand's or a clinic's), as a reader can use them.
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,}")
# Layout folds runs of these into one space; every other character (no-break, thin and
# figure spaces among them) reaches the page as typed.
ASCII_SPACE = " \t\r\n"


def text_of(node: Node, what: str) -> str:
    """The scalar's text, or a located error naming `what` when it is a list, mapping or nothing."""
    if not isinstance(node.value, str):
        raise ContentError(f"{what} must be text, not {node.kind}", node.where, hint="write the text after the colon")
    return node.value


def suggest(word: str, known: list[str] | tuple[str, ...]) -> str:
    """A did-you-mean hint listing the known words."""
    import difflib  # (only a misspelt word needs it: a build that has none need not load it)

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
        """Required text: an empty value's hint asks for the text (removing the key would not do)."""
        return self._text(self.need(key), key, "write the text after the colon: this key is required")

    def optional_text(self, key: str, default: str = "", empty: str = "write the text, or remove the key") -> str:
        """Text that may be left out (or left blank after the colon); `empty` is the hint for '' or spaces."""
        found = self.get(key)
        if found is None or found.value is None:
            return default
        return self._text(found, key, empty)

    def _text(self, node: Node, key: str, hint: str = "write the text, or remove the key") -> str:
        text = text_of(node, f"'{key}'").strip(ASCII_SPACE)
        if not drawn(text).strip():  # nothing that shows ink: a line separator or no-break space alone is empty too
            raise ContentError(f"'{key}' is empty", node.where, hint=hint)
        return text

    def date(self, key: str) -> dt.date:
        node = self.need(key)
        text = node.value.strip() if isinstance(node.value, str) else ""
        try:
            if DATE.fullmatch(text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        raise ContentError(f"'{key}' must be a date, not {node.kind}", node.where, hint="write it as YYYY-MM-DD")

    def integer(self, key: str, default: int, most: int = 10**9) -> int:
        """A whole number from 1 to `most`, written in digits."""
        node = self.get(key)
        if node is None:
            return default
        text = node.value.strip() if isinstance(node.value, str) else ""
        if not WHOLE.fullmatch(text) or int(text) < 1:
            raise ContentError(f"'{key}' must be a whole number above 0", node.where, hint=f"e.g. '{key}: 4'")
        if int(text) > most:
            raise ContentError(f"'{key}' is {text}, more than {most}", node.where, hint=f"at most {most}")
        return int(text)

    def number(self, key: str, default: float) -> float:
        """A number above 0 written in digits, with an optional decimal part."""
        node = self.get(key)
        if node is None:
            return default
        text = node.value.strip() if isinstance(node.value, str) else ""
        if not NUMBER.fullmatch(text) or float(text) <= 0:
            raise ContentError(
                f"'{key}' must be a number above 0", node.where, hint=f"e.g. '{key}: 60' or '{key}: 62.5'"
            )
        return float(text)

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
