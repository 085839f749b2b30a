"""Reading a PDF back: page text without furniture, normalised for comparison (used by checks)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_BULLETS = re.compile(r"[\u2022\u25cf\u25aa\u2013\u2014]\s")
_SPACE = re.compile(r"\s+")
_HYPHEN_BREAK = re.compile(r"-\s*\n\s*")


def normalise(text: str) -> str:
    """Fold what layout may change and nothing more: ligatures, quotes, line breaks after hyphens, spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _HYPHEN_BREAK.sub("-", text)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Fragment:
    text: str
    x: float
    y: float
    size: float
    font: str


def fragments(page: PageObject) -> list[Fragment]:
    """Each text run on the page with its position, effective size and font name."""
    out: list[Fragment] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (abs(tm[3] * cm[3]) or 1.0) if tm else 1.0
        name = str(font.get("/BaseFont", "")) if font else ""
        out.append(Fragment(text, x, y, size * scale, name))

    page.extract_text(visitor_text=visit)
    return out


def body_text(page: PageObject, floor: float) -> str:
    """The page's text above `floor` (the footer's top), in drawing order."""
    return "".join(f.text for f in fragments(page) if f.y >= floor or not f.text.strip())
