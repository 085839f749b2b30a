"""Which characters of author text show ink and which show nothing (shared by fonts, markup, checks).

Format characters (Unicode category Cf: soft hyphen, zero-width space and joiners, word joiner,
byte-order mark, direction marks) have no glyph and no width. The layout leaves them out of
what it draws (a font would print them as an empty box), the font check does not ask for a
glyph for them, and the text check reads text without them, so every character that shows
ink is still compared exactly as typed.
"""

from __future__ import annotations

import unicodedata


def invisible(ch: str) -> bool:
    """True for a format character: one that shows nothing."""
    return unicodedata.category(ch) == "Cf"


def drawn(text: str) -> str:
    """The characters a line of `text` draws: format characters left out, tabs and line breaks as spaces."""
    return without_invisible(text).replace("\t", " ").replace("\r", " ").replace("\n", " ")


_ASCII = frozenset(map(chr, range(128)))


def without_invisible(text: str) -> str:
    """`text` less its format characters."""
    if text.isascii():
        return text
    others = set(text).difference(_ASCII)  # no ASCII character is a format character
    hidden = [ch for ch in others if unicodedata.category(ch) == "Cf"]  # each distinct one once
    return text.translate(dict.fromkeys(map(ord, hidden))) if hidden else text
