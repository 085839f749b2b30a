"""A clinic layer as stampdraw.layer writes it -> the text it shows; None for any other layer.

Input: the layer's bytes (a stamp's content stream), the clinic layout (its theme's text colour, the
clinic box, the fonts' ToUnicode maps) and whether the clinic has a logo. Output: the text the layer
shows, each code through its font's ToUnicode map, when the layer is written exactly as a stamp
writes it and passes stampdrawn.drawing: a first line `Q q r g b rg` in the theme's text colour,
then lines each showing one line of text upright (`BT 1 0 0 1 x y Tm`, fonts set by `Tf`, strings
of printable bytes and three-digit octal escapes shown by `Tj`) inside the clinic box or the footer
row, marked as an artifact or by an MCID, or drawing the logo upright inside the box
(`q a 0 0 d e f cm /ClinicLogo Do Q`), and a last line `Q`. None for anything else, and for such a
layer that shows a code its font has no text for: the general readers (stampdrawn.drawing, and
pagescan.quick_text compared with it) then read the layer and say what is wrong with it.

The two general readers give the same text for a layer this reader takes, and find nothing wrong
with it (tests/test_stamp_layer.py holds the three together on generated layers); this one reads a
stamp's few lines with a handful of regex matches instead of the general tokenizer.
"""

from __future__ import annotations

import re
from codecs import escape_decode

from ..pdfupdate import MEMO
from ..stamp import Master
from ..stamplogo import LOGO_NAME
from .stampdrawn import in_place, upright_inside

_NUM = rb"(\d+(?:\.\d+)?)"  # no sign: a stamp writes none, and quick_text reads a font size without one
# printable but ( ) \, and octal escapes (stamptext.glyph); each run of the printable bytes taken at once, and
# kept (possessive: no `)` could follow any shorter run, so none is tried)
_BODY = rb"(?:[ -'*-\[\]-~]++|\\[0-3][0-7][0-7])*+"
_HEAD = re.compile(rb"Q q %s %s %s rg" % (_NUM, _NUM, _NUM))
_SHOWN = rb"(/[A-Za-z0-9+]+) (\d+(?:\.\d+)?) Tf \((%s)\) Tj" % _BODY  # a show: its font, size and string
# A line of text: its last two shows in groups of their own, any before them (`more`) read by _SHOW
_TEXT = re.compile(
    rb"(?P<mark>/Artifact BMC |/(?:P|Link) <</MCID \d+>> BDC )?"
    rb"BT 1 0 0 1 %s %s Tm (?P<shows>(?P<more>(?:/[A-Za-z0-9+]+ \d+(?:\.\d+)? Tf \(%s\) Tj )*?)"
    rb"(?:%s )?%s) ET(?(mark) EMC)" % (_NUM, _NUM, _BODY, _SHOWN, _SHOWN)
)
_SHOW = re.compile(_SHOWN + rb" ?")
_LOGO = re.compile(
    rb"/Artifact BMC q %s 0 0 %s %s %s cm %s Do Q EMC" % (_NUM, _NUM, _NUM, _NUM, re.escape(LOGO_NAME.encode()))
)
Table = tuple[bytes, dict[int, str]]  # the codes a font's ToUnicode map has, and the map as str.translate takes it


def stamp_text(layer: bytes, master: Master, logo: bool) -> str | None:
    """The text the layer shows, when it is written as a stamp writes it and shows only the clinic's
    text and logo, upright and in place (see the module docstring); else None."""
    found = stamp_read(layer, master, logo)
    return None if found is None else found[0]


def stamp_read(layer: bytes, master: Master, logo: bool) -> tuple[str, list[bytes]] | None:
    """stamp_text's text, and the size of each font its shows set (`Tf`), as written; else None."""
    lines = layer.split(b"\n")
    if len(lines) < 2 or lines[-1] != b"Q" or not _head(lines[0], master):
        return None
    shown: list[str] = []
    sizes: list[bytes] = []
    for line in lines[1:-1]:
        if (text := _TEXT.fullmatch(line)) is not None:
            if not _placed(text[2], text[3], master):
                return None
            for font, size, body in _shows(text, line):
                known, table = _table(master, font)
                data = escape_decode(body)[0]  # a body _BODY matches: contentops.unescape's bytes, sooner
                if data.translate(None, known):  # a code its font has no text for
                    return None
                shown.append(data.decode("latin-1").translate(table))
                sizes.append(size)
        elif not (logo and (placed := _LOGO.fullmatch(line)) and upright_inside(_numbers(placed), master.slot)):
            return None
    return "".join(shown), sizes


def _shows(text: re.Match[bytes], line: bytes) -> list[tuple[bytes, bytes, bytes]]:
    """Each show of a line _TEXT matched (font, size, string): from its groups when it has one or two,
    else every show _SHOW finds in them."""
    if text.end("more") > text.start("more"):
        found: list[tuple[bytes, bytes, bytes]] = _SHOW.findall(line, text.start("shows"), text.end("shows"))
        return found
    last = (text[9], text[10], text[11])
    return [(text[6], text[7], text[8]), last] if text[6] is not None else [last]


def _head(line: bytes, master: Master) -> bool:
    """The layer's first line sets the theme's text colour (a line that does, kept for the next layer)."""
    if (line,) in master.placed:
        return True
    head = _HEAD.fullmatch(line)
    if not head or [round(_number(n), 3) for n in head.groups()] != [round(c, 3) for c in master.theme.text.rgb()]:
        return False
    if len(master.placed) < MEMO:
        master.placed.add((line,))
    return True


def _placed(x: bytes, y: bytes, master: Master) -> bool:
    """stampdrawn.in_place of a line's position, as written; a position found in place kept for the next."""
    key = (x, y)
    if key in master.placed:
        return True
    if not in_place([_number(x), _number(y)], master):
        return False
    if len(master.placed) < MEMO:
        master.placed.add(key)
    return True


def _table(master: Master, name: bytes) -> Table:
    """The font's codes and its map for str.translate, made once a batch."""
    if name not in master.tables:
        codes = master.decode.get(name.decode(), {})
        master.tables[name] = bytes(code for code in sorted(codes) if code < 256), dict(codes)
    return master.tables[name]


def _number(token: bytes) -> int | float:
    """A number as contentops reads it."""
    return float(token) if 46 in token else int(token)  # 46: "."


def _numbers(placed: re.Match[bytes]) -> list[float]:
    a, d, e, f = (_number(n) for n in placed.groups())
    return [a, 0, 0, d, e, f]
