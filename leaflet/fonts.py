"""Register the brand's OFL fonts from fonts/ and check glyph coverage (stage: fonts).

Input: a `Brand` and the leaflet's located texts. Output: a `Fonts` handle the
layout uses to name fonts and to send characters the body font lacks to the
fallback font. A character neither font has raises a located `FontError`:
ReportLab would otherwise drop it silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .chars import invisible
from .errors import FontError, Where
from .model import Brand

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
STYLES = {
    "regular": "Regular",
    "bold": "Bold",
    "italic": "Italic",
    "bolditalic": "BoldItalic",
}
# White space the layout folds into spaces; format characters (chars.invisible) need no glyph either.
_IGNORED = {"\n", "\t", "\r"}


@dataclass(frozen=True)
class Family:
    name: str
    cmap: frozenset[int]

    @property
    def regular(self) -> str:
        return f"{self.name}-Regular"

    @property
    def bold(self) -> str:
        return f"{self.name}-Bold"


@dataclass(frozen=True)
class Fonts:
    body: Family
    fallback: Family

    def pick(self, ch: str, bold: bool = False) -> str | None:
        """None when the body font draws `ch`, else the fallback family's face of the run's weight."""
        if ord(ch) in self.body.cmap or ch in _IGNORED or invisible(ch):
            return None
        return self.fallback.bold if bold else self.fallback.regular

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Advance width of `text` in the body font, fallback characters in the fallback font."""
        face = self.body.bold if bold else self.body.regular
        spare = self.fallback.bold if bold else self.fallback.regular
        return float(sum(pdfmetrics.stringWidth(ch, spare if self.pick(ch) else face, size) for ch in text))

    def check(self, texts: Iterable[tuple[str, Where]]) -> None:
        """Raise a located FontError for the first character no bundled font has."""
        for text, where in texts:
            for ch in text:
                if ch in _IGNORED or ord(ch) in self.body.cmap or ord(ch) in self.fallback.cmap or invisible(ch):
                    continue
                raise FontError(
                    f"'{ch}' (U+{ord(ch):04X}) is in neither {self.body.name} "
                    f"nor the fallback font {self.fallback.name}",
                    where,
                    hint="replace the character, or add an OFL font that has it to fonts/ and name it in the brand",
                )


def missing_face(family: str, font_dir: Path = FONT_DIR) -> str | None:
    """The first of a family's four TTF files that is not in `font_dir`, or None."""
    for style in STYLES.values():
        if not (font_dir / f"{family}-{style}.ttf").is_file():
            return f"{family}-{style}.ttf"
    return None


def load_fonts(brand: Brand, font_dir: Path = FONT_DIR) -> Fonts:
    """Register the brand's body and fallback families with ReportLab."""
    return Fonts(
        body=family(brand.body_font, font_dir, brand.where),
        fallback=family(brand.fallback_font, font_dir, brand.where),
    )


@cache
def family(name: str, font_dir: Path, where: Where) -> Family:
    """Register a family's faces from `font_dir` (a located FontError when one is missing)."""
    faces = {}
    for key, style in STYLES.items():
        path = font_dir / f"{name}-{style}.ttf"
        if not path.is_file():
            raise FontError(
                f"font file {path.name} is missing from {font_dir.name}/",
                where,
                hint=f"put the OFL {name} TTFs (Regular, Bold, Italic, BoldItalic) in fonts/",
            )
        face_name = f"{name}-{style}"
        if face_name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(face_name, str(path)))
            except Exception as e:  # ReportLab raises bare errors for bad TTFs
                raise FontError(
                    f"cannot read font {path.name}: {e}", where, hint="replace it with the TrueType (.ttf) file"
                ) from None
        faces[key] = face_name
    pdfmetrics.registerFontFamily(
        name,
        normal=faces["regular"],
        bold=faces["bold"],
        italic=faces["italic"],
        boldItalic=faces["bolditalic"],
    )
    # Markup may name the face directly (<font name="X-Regular"><b>): map its styles too.
    for bold, italic, key in (
        (0, 0, "regular"),
        (1, 0, "bold"),
        (0, 1, "italic"),
        (1, 1, "bolditalic"),
    ):
        addMapping(faces["regular"], bold, italic, faces[key])
    font = pdfmetrics.getFont(faces["regular"])
    return Family(name, frozenset(font.face.charToGlyph))
