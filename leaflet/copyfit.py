"""Leaflet + Variant -> the Theme at the largest type size that fits the page budget (stage 3a: copyfit).

Input: a leaflet that asks to be fitted (`fit: true`, or `leaflet build --fit`), its fonts and
the variant. Output: a `Theme` whose body size (and with it leading, headings and every other
size, which theme.py derives from it) is the variant's own, or stepped down by `STEP` until
the first layout pass fits the variant's page budget; or a located `LayoutError` when even
the clear-print floor (12 pt; 16 pt for large print; the brand's `minsize` if higher) does not.
The column keeps its 60-70 characters at every size, so fitting tightens leading and line
height, never the measure. Each try is the render stage's first pass, which stops one page
past the budget, so an over-long leaflet costs a few short passes.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from .errors import LayoutError
from .fonts import Fonts
from .layout import build_story
from .model import Leaflet
from .render import budget_error, count_pages
from .theme import Theme, Variant, make_theme

STEP = 0.5  # points: small enough that the reader sees no jump between neighbouring sizes


def leaflet_theme(leaflet: Leaflet, fonts: Fonts, variant: Variant, pt: float = 0) -> Theme:
    """The variant's theme for this leaflet (its title, its draft mark), at body size `pt` if given."""
    return make_theme(leaflet.brand, fonts, variant, leaflet.meta.title, bool(leaflet.draft), pt)


def fit_theme(leaflet: Leaflet, fonts: Fonts, variant: Variant, reserve: str = "") -> Theme:
    """The theme at the largest body size, from the variant's own down to the floor, that fits."""
    theme = leaflet_theme(leaflet, fonts, variant)
    floor, key = theme.min_pt, variant.key
    while True:
        fitted = replace(theme, fitted=True)
        counted = count_pages(partial(build_story, leaflet, fitted, fonts, reserve), leaflet, key)
        error = budget_error(counted, leaflet, key)
        if error is None:
            return fitted
        if theme.body_pt - STEP < floor - 1e-6:
            floor_name = "the clear-print floor" + (" for large print" if variant.large else "")
            raise LayoutError(
                f"even at {theme.body_pt:g} pt, {floor_name} ('fit' goes no smaller), {error.message}",
                error.where,
                hint=error.hint,
            )
        theme = leaflet_theme(leaflet, fonts, variant, theme.body_pt - STEP)
