"""The brand's OFL fonts from fonts/: glyph coverage, fallback, faces parsed when used (stage: fonts).

Input: a `Brand` (a body family and a list of fallback families) and the leaflet's located
texts. Output: a `Fonts` handle the layout uses to name fonts: a character the body font lacks
goes to the first fallback family that draws it. A character no family has raises a located
`FontError` naming every family tried: ReportLab would otherwise drop it silently.

Coverage is read from each file's cmap alone (coverage.py); a face is parsed and registered
with ReportLab only when a run is set in it, so a leaflet in plain English parses two faces
(the body's Regular and Bold), and italics, which clear print forbids, are never parsed.
A fallback family may have one weight (a Regular file and no Bold: symbol fonts often have
only one); its glyphs in bold runs are then drawn in that weight, and the fonts check reports
each such run by name. Every other fallback glyph takes its run's weight.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import field
from functools import cache, cached_property
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from . import readlog
from .chars import invisible
from .coverage import CoverageError, code_points
from .errors import FontError, Where
from .model import Brand
from .record import record
from .ttfface import BulkFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR, BOLD = "Regular", "Bold"
BODY_STYLES = (REGULAR, BOLD)  # the body font needs both; a fallback family needs its Regular
# White space the layout folds into spaces; format characters (chars.invisible) need no glyph either.
_IGNORED = {"\n", "\t", "\r"}


def needs_no_glyph(ch: str) -> bool:
    return ch in _IGNORED or invisible(ch)


@record
class Family:
    """A family's faces in `font_dir`; `styles` are the weights it has files for (Regular first)."""

    name: str
    styles: tuple[str, ...]
    font_dir: Path
    where: Where  # the brand, for an unreadable file

    @property
    def one_weight(self) -> bool:
        return BOLD not in self.styles

    @property
    def regular(self) -> str:
        return self.face(False)

    @property
    def bold(self) -> str:
        return self.face(True)

    def face(self, bold: bool) -> str:
        """The face for a run of this weight, parsed on first use; a one-weight family sets bold runs in its one."""
        return register(self, BOLD if bold and not self.one_weight else REGULAR)

    def path(self, style: str) -> Path:
        return self.font_dir / f"{self.name}-{style}.ttf"

    @property
    def cmap(self) -> frozenset[int]:
        """The characters every weight of the family draws (read from the cmaps, no face parsed)."""
        return self.scanned[0]

    @cached_property
    def files(self) -> dict[str, bytes]:
        """Each weight's TTF file, read once a process: its characters, its digest and its parsed face
        all come from these bytes, so a file saved meanwhile cannot be recorded as the one used."""
        read: dict[str, bytes] = {}
        for style in self.styles:
            try:
                read[style] = self.path(style).read_bytes()
            except OSError as e:
                raise unreadable(self, style, str(e)) from None
        return read

    @cached_property
    def scanned(self) -> tuple[frozenset[int], tuple[tuple[Path, str], ...]]:
        """The cmaps' characters, and each file's digest, for the jobs that read the family (readlog.py)."""
        found: frozenset[int] | None = None
        digests: list[tuple[Path, str]] = []
        for style, data in self.files.items():
            try:
                points = code_points(data)
            except CoverageError as e:
                raise unreadable(self, style, str(e)) from None
            found = points if found is None else found & points
            digests.append((self.path(style), hashlib.sha256(data).hexdigest()))
        return found or frozenset(), tuple(digests)

    def note_reads(self) -> None:
        """Tell the job collecting its reads which files this family's coverage came from (read once a process)."""
        if "scanned" in self.__dict__:
            for path, digest in self.scanned[1]:
                readlog.note_digest(path, digest)


@record
class Fonts:
    body: Family
    fallbacks: tuple[Family, ...]
    # (character, bold, size) -> advance width: stamping measures every clinic's details
    widths: dict[tuple[str, bool, float], float] = field(default_factory=dict, compare=False, repr=False)
    # (character, bold) -> pick's answer: the layout asks once for every character it sets
    picks: dict[tuple[str, bool], str | None] = field(default_factory=dict, compare=False, repr=False)

    @property
    def families(self) -> tuple[Family, ...]:
        return (self.body, *self.fallbacks)

    def pick(self, ch: str, bold: bool = False) -> str | None:
        """None when the body font draws `ch`, else the run's weight of the first fallback family that does."""
        key = (ch, bold)
        if key in self.picks:
            return self.picks[key]
        found = None
        if not (needs_no_glyph(ch) or ord(ch) in self.body.cmap):
            family = next((f for f in self.fallbacks if ord(ch) in f.cmap), None)
            found = family.face(bold) if family else None
        self.picks[key] = found
        return found

    def face(self, ch: str, bold: bool = False) -> str:
        """The face that draws `ch` in a run of this weight."""
        return self.pick(ch, bold) or self.body.face(bold)

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Advance width of `text`, each character in the face that draws it (each measured once)."""
        widths = self.widths
        total = 0.0
        for ch in text:
            key = (ch, bold, size)
            if key not in widths:
                widths[key] = pdfmetrics.stringWidth(ch, self.face(ch, bold), size)
            total += widths[key]
        return total

    def check(self, texts: Iterable[tuple[str, Where]]) -> None:
        """Raise a located FontError for the first character no family of the brand has."""
        drawn: set[str] = set()  # characters some family draws, or that need no glyph
        for text, where in texts:
            new = set(text) - drawn
            drawn.update(ch for ch in new if needs_no_glyph(ch) or any(ord(ch) in f.cmap for f in self.families))
            if missing := new - drawn:
                ch = next(c for c in text if c in missing)  # the first, as the author reads it
                raise FontError(
                    f"'{ch}' (U+{ord(ch):04X}) is in none of the brand's fonts: "
                    + ", ".join(f.name for f in self.families),
                    where,
                    hint="replace the character, or add an OFL font that has it to fonts/ and list it under "
                    "the brand's fonts: fallback",
                )


def missing_face(family: str, styles: tuple[str, ...] = BODY_STYLES, font_dir: Path = FONT_DIR) -> str | None:
    """The first of a family's TTF files in `styles` that is not in `font_dir`, or None."""
    for style in styles:
        if not (font_dir / f"{family}-{style}.ttf").is_file():
            return f"{family}-{style}.ttf"
    return None


def load_fonts(brand: Brand, font_dir: Path = FONT_DIR) -> Fonts:
    """The brand's body and fallback families (no face is parsed yet)."""
    fonts = Fonts(
        body=family(brand.body_font, font_dir, brand.where, BODY_STYLES),
        fallbacks=tuple(family(name, font_dir, brand.where) for name in brand.fallback_fonts),
    )
    for each in fonts.families:
        each.note_reads()
    return fonts


@cache
def family(name: str, font_dir: Path, where: Where, needs: tuple[str, ...] = (REGULAR,)) -> Family:
    """A family of `font_dir` with the weights it has files for (a located FontError when one it needs is missing)."""
    if missing := missing_face(name, needs, font_dir):
        raise FontError(
            f"font file {missing} is missing from {font_dir.name}/",
            where,
            hint=f"put the OFL {name} TTFs ({' and '.join(needs)}) in fonts/",
        )
    styles = tuple(s for s in (REGULAR, BOLD) if (font_dir / f"{name}-{s}.ttf").is_file())
    found = Family(name, styles, font_dir, where)
    map_weights(found)
    return found


def map_weights(family: Family) -> None:
    """Tell ReportLab (by name: nothing is parsed) which face sets a bold run of the family.

    Markup names a face directly (<font name="X-Regular"> inside <b>, and the body style's own
    face), so the family's and the Regular face's names both lead to the Bold face (to Regular
    for a one-weight family). Registering a face maps its name to itself in every style, so this
    runs again after each registration."""
    regular, bold = f"{family.name}-{REGULAR}", f"{family.name}-{family.styles[-1]}"
    for key in (family.name, regular):
        addMapping(key, 1, 0, bold)
        addMapping(key, 0, 0, regular)  # last, so the Regular face's name reads as upright, not bold


@cache
def register(family: Family, style: str) -> str:
    """Parse one face and register it with ReportLab (once); its name."""
    face_name = f"{family.name}-{style}"
    if face_name not in pdfmetrics.getRegisteredFontNames():
        try:
            # asciiReadable=0: subset codes are numbered from 0, not kept at their ASCII places, which
            # makes the PDF 15% smaller (the text is read back through each font's ToUnicode map)
            file = io.BytesIO(family.files[style])
            file.name = str(family.path(style))  # (for ReportLab's messages)
            pdfmetrics.registerFont(BulkFont(face_name, file, asciiReadable=0))
        except Exception as e:  # ReportLab raises bare errors for bad TTFs
            raise unreadable(family, style, str(e)) from None
        map_weights(family)
    return face_name


def unreadable(family: Family, style: str, why: str) -> FontError:
    name = family.path(style).name
    return FontError(f"cannot read font {name}: {why}", family.where, hint="replace it with the TrueType (.ttf) file")
