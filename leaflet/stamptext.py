"""The clinic master's font subsets + a clinic's text -> the operators that show it, and its width
(stage: stamp).

Input: the master (stamp.Master: its subsets' glyphs, its fonts, and what earlier stamps of the batch
found) and a text, its size and weight. Output: the text-showing operators that draw the text in the
master's own subsets (`show`), switching font where a character is in another subset, or a located
error for a character the layout holds no glyph for; and the text's advance width (`measure`), to
the last bit as Fonts.width measures it. Each character's glyph, code and width is found once a
batch; text whose characters were all drawn before, in one font, is written by two str.translate
calls (tests/test_stamp_show.py holds both fast ways to the general ones).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .chars import drawn
from .errors import LayoutError
from .pdfupdate import MEMO

if TYPE_CHECKING:
    from .stamp import Master

_ESCAPE = {ord("("), ord(")"), ord("\\")}  # written as octal escapes in PDF strings


def measure(master: Master, text: str, size: float, bold: bool = False) -> float:
    """`master.fonts.width(text, size, bold)`, the same float (the same additions in the same order),
    each character's width looked up in one table for the size and weight."""
    table = master.widths.setdefault((bold, size), {})
    total = 0.0
    try:
        for ch in text:
            total += table[ch]
    except KeyError:
        for ch in set(text).difference(table):
            table[ch] = master.fonts.width(ch, size, bold)
        return measure(master, text, size, bold)
    return total


def show(master: Master, text: str, size: float, bold: bool) -> bytes:
    """Text-showing operators for `text` in the master's subsets, switching font where needed.

    Text whose characters were all drawn before in this weight, in one font, is written by two
    str.translate calls (`runs`: each character's font mark, and its code); any other by
    `shown_char_by_char`, which gives the same bytes (tests/test_stamp_show.py holds the two together).
    What it wrote for the first MEMO texts is kept: the labels ("Phone: ") are the same in every clinic."""
    if (kept := master.shown.get((text, size, bold))) is not None:  # a label, written for every clinic
        return kept
    kept = _show(master, text, size, bold)
    if len(master.shown) < MEMO:
        master.shown[(text, size, bold)] = kept
    return kept


def _show(master: Master, text: str, size: float, bold: bool) -> bytes:
    text = drawn(text)
    codes = master.codes[bold]
    if text and codes.keys() >= set(text):
        marks, written = master.runs[bold]
        name = codes[text[0]][0]
        if text.translate(marks) == master.marks[name] * len(text):
            return f"{name} {size:g} Tf (".encode() + text.translate(written).encode("ascii") + b") Tj"
    return shown_char_by_char(master, text, size, bold)


def shown_char_by_char(master: Master, text: str, size: float, bold: bool) -> bytes:
    """`show` one character at a time, for text `drawn` already (each new character's glyph kept for the next)."""
    out, current = [], ""
    codes = master.codes[bold]
    for char in text:
        name, code = codes.get(char) or glyph(master, char, bold)
        if name != current:
            out.append(f") Tj {name} {size:g} Tf (".encode())
            current = name
        out.append(code)
    return (b"(" + b"".join(out) + b") Tj").removeprefix(b"() Tj ")


def glyph(master: Master, char: str, bold: bool) -> tuple[str, bytes]:
    """The font resource and the code, as a PDF string writes it, that draw `char` (kept for the next)."""
    face = master.fonts.face(char, bold)
    drawn_as = char
    if (face, char) not in master.glyphs and char.isspace():
        drawn_as = " "  # a no-break space has the space's glyph, so the subset maps it to " "
    if (face, drawn_as) not in master.glyphs:
        raise LayoutError(f"the clinic layout has no glyph for '{drawn_as}'", hint="a bug: the layout reserves them")
    name, code = master.glyphs[(face, drawn_as)]
    found = master.codes[bold][char] = (
        name,
        bytes([code]) if 32 <= code < 127 and code not in _ESCAPE else b"\\%03o" % code,
    )
    marks, written = master.runs[bold]
    mark = master.marks.setdefault(name, chr(len(master.marks)))  # one character a font, none shared
    marks[ord(char)], written[ord(char)] = mark, found[1].decode("ascii")
    return found
