"""Paragraph markup -> paragraph markup: the last two words bound by a no-break space (stage 3: layout).

A heading, a box title or the title band never ends on a line holding a single word
("(LDN)" alone under "Low-Dose Naltrexone"): the last space between words becomes
U+00A0 as it is laid out, so the last two words break together. Body text is bound the
same way where the paragraph allows it: when its last word is short, so binding cannot
push a long word over and leave a ragged gap. The author's text is unchanged: the text
and tags checks fold U+00A0 into a space (textmatch.normalise), as a reader does.

The markup is ReportLab's (from markup.render, author text escaped): spaces inside
tags (`<a href="...">`) are never touched.
"""

from __future__ import annotations

NBSP = "\u00a0"
SHORT = 12  # body text: bind only when the last word is at most this long


def bind_last_words(markup: str, short_only: bool = False) -> str:
    """The markup with the space before its last word made a no-break space (where there is one)."""
    at = last_space(markup)
    if at < 0:
        return markup
    if short_only and len(visible(markup[at + 1 :]).strip()) > SHORT:
        return markup
    return markup[:at] + NBSP + markup[at + 1 :]


def last_space(markup: str) -> int:
    """The index of the last space outside tags with visible text after it and before it; -1 if none."""
    inside, seen_word = False, False
    for index in range(len(markup) - 1, -1, -1):
        ch = markup[index]
        if ch == ">":
            inside = True
        elif ch == "<":
            inside = False
        elif inside:
            continue
        elif ch == " " and seen_word:
            return index if visible(markup[:index]).strip() else -1
        elif not ch.isspace():
            seen_word = True
        elif ch != " ":  # another kind of space (a line break, an existing no-break space): leave the text as is
            return -1
    return -1


def visible(markup: str) -> str:
    """The text of markup without its tags."""
    out, inside = [], False
    for ch in markup:
        if ch == "<":
            inside = True
        elif ch == ">":
            inside = False
        elif not inside:
            out.append(ch)
    return "".join(out)
