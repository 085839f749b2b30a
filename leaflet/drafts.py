"""Located YAML data -> the draft marks still in it (stage 2: content, the draft rule).

Input: a leaflet's or brand's `source.Node` tree, and the review date with today's date.
Output: `model.Placeholder`s, each naming the field (`leaflet.contact.phone`), where the
placeholder stands (FILE:LINE:COL of the characters themselves) and what it is. A leaflet
with any builds marked `wording.DRAFT` on every page; `--final` refuses it.

A placeholder is: the text `[Placeholder]` (or `[Placeholder: what]`, as `leaflet import`
writes it); a domain reserved for examples (example.org, example.com, example.net, RFC 2606,
and their subdomains and email addresses); a phone number whose digits, after any +country
code, are all zeros. A review date that has passed
makes a leaflet a draft too (NHS: a planned review cycle).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from .errors import Where
from .model import Placeholder
from .source import Node

MARKER = re.compile(r"\[placeholder(?::[^\]\n]*)?\]", re.IGNORECASE)
EXAMPLE_DOMAIN = re.compile(r"(?<![A-Za-z0-9-])(?:[A-Za-z0-9-]+\.)*example\.(?:org|com|net)(?![A-Za-z0-9-])", re.I)
PHONE_LIKE = re.compile(r"(?<![\d+])(\+\d{1,3}[ -]?)?[\d(][\d ()-]{4,}\d(?!\d)")
_EXAMPLE, _DIGIT = re.compile(r"example\.", re.I), re.compile(r"\d")  # what the two must hold


def scan(node: Node, path: str) -> Iterator[Placeholder]:
    """Every placeholder in the text of `node` and below it, in file order; `path` names `node`."""
    if isinstance(node.value, dict):
        for key, child in node.value.items():
            yield from scan(child, f"{path}.{key}" if path else key)
    elif isinstance(node.value, list):
        for index, child in enumerate(node.value):
            yield from scan(child, f"{path}[{index}]")
    elif isinstance(node.value, str):
        yield from in_text(node, path)


def in_text(node: Node, path: str) -> Iterator[Placeholder]:
    """The placeholders in one scalar, each located at its first character as written."""
    text: str = node.value
    found: list[tuple[str, str]] = []
    if "[" in text:  # (each pattern runs only where the text holds what it must start with)
        found += [(m.group(), "a placeholder") for m in MARKER.finditer(text)]
    if _EXAMPLE.search(text):
        found += [(m.group(), "an example domain") for m in EXAMPLE_DOMAIN.finditer(text)]
    if _DIGIT.search(text):
        found += [(m.group(), "an all-zero phone number") for m in PHONE_LIKE.finditer(text) if all_zero(m.group())]
    seen: dict[str, int] = {}
    for token, kind in found:
        nth = seen.get(token, 0)
        seen[token] = nth + 1
        yield Placeholder(path, token, kind, node.locate(token, nth))


def all_zero(number: str) -> bool:
    """A phone number whose digits, after a leading +country code, are at least six zeros."""
    rest = re.sub(r"^\+\d{1,3}[ -]?", "", number.strip()) if number.startswith("+") else number
    digits = [c for c in rest if c.isdigit()]
    return len(digits) >= 6 and set(digits) == {"0"}


def review_passed(review: dt.date, where: Where, today: dt.date) -> Placeholder | None:
    """A mark for a review date that has passed (the leaflet is out of date)."""
    if review >= today:
        return None
    return Placeholder("leaflet.review", review.isoformat(), f"a review date before today ({today})", where)
