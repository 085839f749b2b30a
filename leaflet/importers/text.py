"""Inline runs -> leaflet inline text (stage: import, write).

Input: a `parts.Inline`. Output: the text an author would type for it in the YAML: `**bold**`,
`[text](url)` (or `<url>` when the text is the address), and a backslash only before a
character our inline syntax would otherwise read as markup, so `markup.parse` gives back
exactly the source's words, bold and links.
"""

from __future__ import annotations

import re

from .. import markup
from .parts import Inline, Run

# What markup.parse reads at a position: a citation or link opening at '[', an autolink at '<'.
_OPENS = (markup.CITE, markup.LINK)
_AUTO = markup.AUTO


def escape(text: str, after: str = "") -> str:
    """`text` with a backslash before every character markup.parse would read as syntax, given
    that `after` (the text already written to its right) follows it."""
    whole = text + after
    out = []
    for i, ch in enumerate(text):
        if (
            ch == "*"
            or (ch == "\\" and i + 1 < len(whole) and whole[i + 1] in markup.ESCAPABLE)
            or (ch == "[" and any(p.match(whole, i) for p in _OPENS))
            or (ch == "<" and _AUTO.match(whole, i))
        ):
            out.append("\\")
        out.append(ch)
    return "".join(out)


def author_text(runs: Inline) -> tuple[str, list[str]]:
    """The inline text for `runs`, and a message for each link target that could not be kept.

    Written right to left, so each run is escaped knowing what follows it."""
    tail = ""
    dropped: list[str] = []
    for run in reversed(runs):
        core = run.text.strip(" ")
        if run.bold and core:
            lead = run.text[: len(run.text) - len(run.text.lstrip(" "))]
            trail = run.text[len(run.text.rstrip(" ")) :]
            inner = piece(Run(core, href=run.href), "**" + trail + tail, dropped)
            tail = f"{lead}**{inner}**{trail}{tail}"
        else:
            tail = piece(run, tail, dropped) + tail
    return tail, dropped


def piece(run: Run, after: str, dropped: list[str]) -> str:
    if not run.href:
        return escape(run.text, after)
    if run.text == run.href and _AUTO.fullmatch(f"<{run.href}>"):
        return f"<{run.href}>"
    if "]" in run.text or not re.fullmatch(r"[^)\s]+", run.href):
        dropped.append(f"link '{run.href}' cannot be written around the text '{run.text}': kept the text only")
        return escape(run.text, after)
    shown = escape(run.text, "](")
    if shown.startswith("@"):
        shown = "\\" + shown  # '[@' would open a citation
    return f"[{shown}]({run.href})"
