"""A clinic layer (a stamp's content stream) -> what it draws beyond the clinic's text and logo, or ''.

Input: the layer's bytes, the clinic layout (its theme's text colour, the clinic box) and whether the
clinic has a logo. Output: '' when the layer only marks its lines, shows text upright (unscaled, in the
theme's text colour) and draws the logo upright inside the clinic box (`q cm /ClinicLogo Do Q`);
else what else it does. A shape, an image, or text made invisible or scaled could hide the leaflet's
own text, however right the clinic's lines read (checks/stamped.py reads those).
"""

from __future__ import annotations

from typing import Any

from ..contentops import operations
from ..pdfmodel import ReadError
from ..stamp import Master
from ..stamplogo import LOGO_NAME

# what a clinic layer may do: mark its lines, set the text colour, show text upright; and draw the logo
_LAYER_OPS = frozenset({b"q", b"Q", b"BMC", b"BDC", b"EMC", b"BT", b"ET", b"Tm", b"Tf", b"Tj", b"rg"})
_LOGO_OPS = frozenset({b"cm", b"Do"})


def drawing(layer: bytes, master: Master, logo: bool) -> tuple[str, str]:
    """What the layer does beyond showing text upright in the theme's text colour and drawing the
    clinic's logo, or ''; and the text it shows, read from its operations (each code through its
    font's ToUnicode map: a code the map lacks draws a glyph no check could read)."""
    colour = [round(c, 3) for c in master.theme.text.rgb()]
    allowed = _LAYER_OPS | _LOGO_OPS if logo else _LAYER_OPS
    try:
        ops = operations(layer)
    except ReadError as e:
        return f"cannot be read: {e}", ""
    shown: list[str] = []
    codes: dict[int, str] = {}
    for k, (operands, op) in enumerate(ops):
        numbers = [x for x in operands if isinstance(x, int | float)]
        if op not in allowed:
            return f"does more than show the clinic's text: {op.decode('latin-1')}", ""
        if op == b"rg" and [round(x, 3) for x in numbers] != colour:
            return f"shows text in another colour than the leaflet's: {numbers}", ""
        if op == b"Tm" and numbers[:4] != [1, 0, 0, 1]:
            return f"shows text scaled or turned: {numbers}", ""
        if op == b"Tm" and not in_place(numbers[4:], master):
            return f"shows text outside the clinic box and the footer: {numbers[4:]}", ""
        if op == b"Do" and (operands != [LOGO_NAME] or ops[k - 1][1] != b"cm"):
            return f"draws another object than the clinic's logo: {operands}", ""
        if op == b"cm" and not logo_placed(ops[k - 1 : k + 3], numbers, master.slot):
            return f"draws the logo elsewhere than in the clinic box: {numbers}", ""
        if op == b"Tf":
            codes = master.decode.get(str(operands[0]) if operands else "", {})
        if op == b"Tj":
            data = operands[0] if operands and isinstance(operands[0], bytes) else b""
            if any(code not in codes for code in data):
                return "shows a character code its font has no text for", ""
            shown.append("".join(codes[code] for code in data))
    return "", "".join(shown)


def in_place(at: list[float], master: Master) -> bool:
    """A line starts inside the clinic box, or below the bottom margin (the footer line)."""
    if len(at) != 2:
        return False
    x, y = at
    x0, y0, x1, y1 = master.slot
    theme = master.theme
    return (x0 <= x <= x1 and y0 <= y <= y1) or (theme.offset <= y < theme.offset + theme.margin)


def logo_placed(around: list[Any], numbers: list[float], slot: tuple[float, float, float, float]) -> bool:
    """`q cm Do Q`, the cm placing the logo upright inside the clinic box."""
    return [op for _, op in around] == [b"q", b"cm", b"Do", b"Q"] and upright_inside(numbers, slot)


def upright_inside(numbers: list[float], slot: tuple[float, float, float, float]) -> bool:
    """A `cm`'s six numbers place the logo upright (unturned, unmirrored) inside the clinic box."""
    if len(numbers) != 6:
        return False
    a, b, c, d, e, f = numbers
    x0, y0, x1, y1 = slot
    return b == c == 0 and a > 0 and d > 0 and x0 <= e and e + a <= x1 and y0 <= f and f + d <= y1
