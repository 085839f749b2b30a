"""WCAG 2.x contrast between two sRGB colours, and the grey a mono laser would print."""

from __future__ import annotations

Colour = tuple[float, float, float]


def luminance(c: Colour) -> float:
    """WCAG relative luminance of an sRGB colour with components 0-1."""

    def lin(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(min(1.0, max(0.0, v))) for v in c)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: Colour, b: Colour) -> float:
    """WCAG contrast ratio, 1 to 21."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def grey(c: Colour) -> Colour:
    """The grey a printer driver's greyscale conversion gives (ITU-R BT.601 luma, as most do)."""
    y = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
    return y, y, y
