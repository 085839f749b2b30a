"""Leaflet YAML data -> YAML text as a person writes it (stage: import, write).

Input: plain data (dicts in order, lists, text; `Commented` for a value with a comment after
it) and the comment lines for the top of the file. Output: block-style YAML, lines of about
`WIDTH` characters, a value quoted only where YAML syntax needs it (our loader reads every
plain scalar as text, so `1.10`, `no` and dates need no quotes), long text folded (`>-`).
The text is read back with `source.parse` and compared with the data before it is returned.
"""

from __future__ import annotations

from typing import Any

from .. import source
from ..record import record

WIDTH = 100
_START = set("-?:,[]{}#&*!|>'\"%@`")
FLOW_KEYS = ("header", "authors", "keywords")  # short lists a person writes as [a, b]; table rows too


@record
class Commented:
    value: Any
    comment: str


def plain_ok(text: str, flow: bool = False) -> bool:
    """Whether `text` reads back as itself written plain (in a flow list `[a, b]` if `flow`)."""
    if not text or text != text.strip() or text[0] in _START or "\t" in text:
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    # PyYAML ends a plain scalar in a flow list at more indicators than YAML 1.2 lists: keep clear of them all
    return not (flow and any(c in _START for c in text))


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def scalar(text: str, flow: bool = False) -> str:
    return text if plain_ok(text, flow) else quoted(text)


def write_yaml(data: dict[str, Any], header: list[str]) -> str:
    """The YAML text for `data`, with `header` as comment lines at the top; checked by reading it back."""
    lines = [f"# {h}" if h else "#" for h in header]
    for key in data:
        lines.append("")
        lines += _mapping({key: data[key]}, 0)
    text = "\n".join(lines).lstrip("\n") + "\n"
    back = _plain(source.parse(text, "(written YAML)"))
    assert back == _bare(data), "the YAML writer changed the data: a bug"
    return text


def _mapping(data: dict[str, Any], indent: int) -> list[str]:
    lines: list[str] = []
    pad = " " * indent
    for key, value in data.items():
        comment = ""
        if isinstance(value, Commented):
            value, comment = value.value, f"  # {value.comment}"
        if isinstance(value, str):
            lines += _scalar(f"{pad}{key}: ", value, indent + 2, comment)
        elif isinstance(value, list):
            flow = _flow(value) if key in FLOW_KEYS else ""
            if flow and len(pad) + len(key) + 2 + len(flow) + len(comment) <= WIDTH:
                lines.append(f"{pad}{key}: {flow}{comment}")
            else:
                lines.append(f"{pad}{key}:{comment}")
                lines += _sequence(value, indent + 2, spaced=key == "sections")
        else:
            lines.append(f"{pad}{key}:{comment}")
            lines += _mapping(value, indent + 2)
    return lines


def _sequence(items: list[Any], indent: int, spaced: bool = False) -> list[str]:
    lines: list[str] = []
    dash = " " * indent + "- "
    for item in items:
        if spaced and lines:
            lines.append("")
        if isinstance(item, str):
            lines += _scalar(dash, item, indent + 2, "")
        elif isinstance(item, list):
            flow = _flow(item)
            if flow and len(dash) + len(flow) <= WIDTH:
                lines.append(dash + flow)
            else:
                lines.append(dash.rstrip())
                lines += _sequence(item, indent + 2)
        else:
            inner = _mapping(item, indent + 2)
            lines += [dash + inner[0][indent + 2 :], *inner[1:]]
    return lines


def _flow(items: list[Any]) -> str:
    """`[a, b]` when every item is text that can stand in a flow list."""
    if not items or not all(isinstance(i, str) for i in items):
        return ""
    return "[" + ", ".join(scalar(i, flow=True) for i in items) + "]"


def _scalar(prefix: str, text: str, indent: int, comment: str) -> list[str]:
    if plain_ok(text) and len(prefix) + len(text) + len(comment) <= WIDTH:
        return [prefix + text + comment]
    if len(prefix) + len(quoted(text)) + len(comment) <= WIDTH:
        return [prefix + quoted(text) + comment]
    return [f"{prefix}>-{comment}", *(" " * indent + line for line in fold(text, WIDTH - indent))]


def fold(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters (a longer word stands alone), broken only at a single space,
    so that YAML's folding (a line break reads as one space) gives back `text`."""
    lines: list[str] = []
    start = 0
    while len(text) - start > width:
        cut = -1
        for i in range(start + width, start, -1):
            if text[i] == " " and text[i - 1] != " " and i + 1 < len(text) and text[i + 1] != " ":
                cut = i
                break
        if cut < 0:
            cut = next((i for i in range(start + width + 1, len(text) - 1) if _breakable(text, i)), -1)
            if cut < 0:
                break
        lines.append(text[start:cut])
        start = cut + 1
    lines.append(text[start:])
    return lines


def _breakable(text: str, i: int) -> bool:
    return text[i] == " " and text[i - 1] != " " and text[i + 1] != " "


def _plain(node: source.Node) -> Any:
    if isinstance(node.value, dict):
        return {k: _plain(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [_plain(v) for v in node.value]
    return node.value


def _bare(data: Any) -> Any:
    if isinstance(data, Commented):
        return _bare(data.value)
    if isinstance(data, dict):
        return {k: _bare(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_bare(v) for v in data]
    return data
