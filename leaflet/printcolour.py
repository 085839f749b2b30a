"""Brand colours -> the colours a variant draws with: RGB on screen, CMYK for the print shop.

Input: a `Brand` (hex colours, and the CMYK values a print shop or brand guide gave, if any).
Output: a `Palette` of ReportLab colours, and the registration colour for crop marks.

The print-shop variant draws only in DeviceCMYK (and the registration colour, a Separation
named /All, which prints on every plate, as a guillotine's marks must). A colour with no CMYK
value given is converted with full grey replacement: K = 1 - max(R, G, B), then
C = (1 - R - K) / (1 - K) and so on. Greys and black text so print on the black plate only,
and converting back (as the contrast check reads colours) gives the same RGB, so every
contrast figure holds. This is not a colour-managed conversion (there is no free CMYK ICC
profile to convert through): where a brand guide gives CMYK values, write them in the
brand's `cmyk:` and they are used as given, their contrast checked like the hex colours'.
"""

from __future__ import annotations

import re

from reportlab.lib import colors

from .errors import ContentError
from .fields import Fields
from .record import record

CMYK = tuple[float, float, float, float]
NAMES = ("primary", "accent", "text", "tint")
REGISTRATION = colors.CMYKColorSep(1, 1, 1, 1, spotName="All")
_PERCENT = r"(\d{1,3}(?:\.\d+)?)"
_PERCENTS = re.compile(r"\s*" + r"\s*[, ]\s*".join([_PERCENT] * 4) + r"\s*")


@record
class Palette:
    primary: colors.Color
    accent: colors.Color
    text: colors.Color
    tint: colors.Color
    white: colors.Color
    black: colors.Color  # the QR code's modules


def rgb_of(hex_colour: str) -> tuple[float, float, float]:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return r, g, b


def to_cmyk(hex_colour: str) -> CMYK:
    """Full grey replacement: the inverse of how a reader turns CMYK back into RGB."""
    r, g, b = rgb_of(hex_colour)
    k = 1 - max(r, g, b)
    if k >= 1:
        return 0.0, 0.0, 0.0, 1.0
    return (1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k


def to_hex(cmyk: CMYK) -> str:
    """The RGB a reader (and the contrast check) sees for a CMYK colour, as #RRGGBB."""
    c, m, y, k = cmyk
    return "#" + "".join(f"{round(255 * (1 - v) * (1 - k)):02X}" for v in (c, m, y))


def parse_cmyk(f: Fields | None) -> tuple[tuple[str, CMYK], ...]:
    """The brand's `cmyk:` values (percentages 'C M Y K') by colour name; none: ()."""
    if f is None:
        return ()
    out = []
    for name in NAMES:
        if name not in f:
            continue
        text = f.text(name)
        m = _PERCENTS.fullmatch(text)
        if not m or any(float(v) > 100 for v in m.groups()):
            raise ContentError(
                f"CMYK value '{text}' is not four percentages",
                f.need(name).where,
                hint="write cyan, magenta, yellow and black from 0 to 100, e.g. '100 60 0 30'",
            )
        c, mg, y, k = (float(v) / 100 for v in m.groups())
        out.append((name, (c, mg, y, k)))
    f.done()
    return tuple(out)


def palette(hexes: dict[str, str], given: tuple[tuple[str, CMYK], ...], cmyk: bool) -> Palette:
    """The variant's colours: `hexes` as RGB, or in CMYK (`given` values first, else converted)."""
    if not cmyk:
        found = {name: colors.HexColor(hexes[name]) for name in NAMES}
        return Palette(**found, white=colors.white, black=colors.black)
    chosen = dict(given)
    found = {name: colors.CMYKColor(*chosen.get(name, to_cmyk(hexes[name]))) for name in NAMES}
    return Palette(**found, white=colors.CMYKColor(0, 0, 0, 0), black=colors.CMYKColor(0, 0, 0, 1))
