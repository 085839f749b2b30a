"""A TrueType file -> ReportLab's parsed face, its per-glyph tables read in bulk (stage: fonts).

Input: a face's name and its .ttf file (a named `BytesIO`). Output: a ReportLab `TTFont` whose
face holds exactly what ReportLab's own parser gives it (names, metrics, the character map,
advance widths, horizontal metrics and glyph positions, in the same order), so every PDF is the
same to the byte. ReportLab reads the cmap, hmtx and loca tables two bytes a call: NotoSans
(4,500 glyphs, parsed when a clinic's details hold a character the body font lacks) takes it
some 7 ms, a fifth of a clinic layout in a fresh process. Here ReportLab's parser reads the
header tables (its `extractInfo` without character information) and those three tables are
unpacked with one struct call each. A cmap in a format other than 4 or 12, or any surprise
(a table cut short, an odd format number), is left to ReportLab's parser whole, which so gives
the answer, or the error, it always gives.
"""

from __future__ import annotations

import struct
from fnmatch import fnmatch
from io import BytesIO
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace
from reportlab.rl_config import unShapedFontGlob


class BulkFace(TTFontFace):
    """ReportLab's face, with the character map and per-glyph tables read in bulk."""

    def extractInfo(self, charInfo: int = 1) -> None:
        if charInfo:
            try:
                super().extractInfo(0)  # names, head, OS/2, post, hhea, maxp: ReportLab's own reading
                if read_glyph_tables(self):
                    return
            except Exception:  # ReportLab's parser below reads it again, and says what is wrong
                pass
        super().extractInfo(charInfo)


class BulkFont(TTFont):
    """ReportLab's TTFont of a `BulkFace` (what `TTFont.__init__` sets, with that face)."""

    def __init__(self, name: str, file: BytesIO, asciiReadable: int) -> None:
        self.fontName = name
        self.face = BulkFace(file)
        self.encoding = TTEncoding()
        self.state: WeakKeyDictionary[Any, Any] = WeakKeyDictionary()
        self._asciiReadable = asciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)


def read_glyph_tables(face: Any) -> bool:
    """Set the face's cmap, widths, hmetrics and glyph positions as ReportLab's parser would; False
    (nothing set) for what only that parser reads: a cmap format other than 4 or 12, or no loca."""
    data: bytes = face._ttf_data
    head, hhea = face.table["head"]["offset"], face.table["hhea"]["offset"]
    loca_format, glyph_format = struct.unpack_from(">HH", data, head + 50)
    hmetric_count = struct.unpack_from(">H", data, hhea + 34)[0]
    if glyph_format != 0 or loca_format not in (0, 1) or "loca" not in face.table or hmetric_count == 0:
        return False
    pairs = char_glyphs(data, face.table["cmap"]["offset"])
    if pairs is None:
        return False
    char_to_glyph = dict(pairs)  # as ReportLab assigns them one by one: the first place, the last value
    glyph_to_char: dict[int, list[int]] = {}
    for char, glyph in pairs:
        chars = glyph_to_char.get(glyph)
        if chars is None:
            glyph_to_char[glyph] = [char]
        else:
            chars.append(char)
    hmtx, glyphs = face.table["hmtx"]["offset"], face.numGlyphs
    advances = struct.unpack_from(f">{2 * hmetric_count}H", data, hmtx)
    scale = face._pdfScale
    widths = list(advances[0::2]) if face.unitsPerEm == 1000 else [scale(a) for a in advances[0::2]]
    if glyphs > hmetric_count:  # the glyphs past the last full metric have its advance
        widths += [widths[-1]] * (glyphs - hmetric_count)
    covered = len(widths)  # (ReportLab reads every full metric, even past the glyph count)
    char_widths = {char: widths[g] for g in sorted(glyph_to_char) if g < covered for char in glyph_to_char[g]}
    loca = face.table["loca"]["offset"]
    count = face.numGlyphs + 1
    if loca_format == 0:
        positions = [p << 1 for p in struct.unpack_from(f">{count}H", data, loca)]
    else:
        positions = list(struct.unpack_from(f">{count}L", data, loca))
    face.charToGlyph, face.glyphToChar, face.charWidths = char_to_glyph, glyph_to_char, char_widths
    face.hmetrics = horizontal_metrics(data, hmtx, advances, glyphs, scale)
    face.defaultWidth, face.glyphPos = widths[0], positions
    face._pos = loca + count * (2 << loca_format)  # where ReportLab's reading ends
    for have, lack in ((0x20, 0xA0), (0xA0, 0x20)):  # a space and a no-break space share a glyph
        if have in char_to_glyph:
            char_to_glyph[lack], char_widths[lack] = char_to_glyph[have], char_widths[have]
            break
    return True


def horizontal_metrics(data: bytes, at: int, advances: tuple[int, ...], glyphs: int, scale: Any) -> list[Any]:
    """The hmtx table as ReportLab keeps it: (advance, side bearing) per glyph.

    As ReportLab's parser does, the glyphs after the last full metric repeat its advance scaled
    (not as stored) beside their own side bearings."""
    count = len(advances) // 2
    hmetrics: list[Any] = list(zip(advances[0::2], advances[1::2], strict=True))
    if glyphs > count:
        last = scale(advances[-2])
        hmetrics += [(last, bearing) for bearing in struct.unpack_from(f">{glyphs - count}H", data, at + 4 * count)]
    return hmetrics


def char_glyphs(data: bytes, cmap: int) -> list[tuple[int, int]] | None:
    """(character, glyph) in the order ReportLab's parser reads them from the subtable it picks; None
    for a format it reads that is not 4 or 12."""
    version, count = struct.unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count = version  # (ReportLab reads such a table with the two swapped)
    chosen, kind = None, 0
    for n in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * n)
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    if chosen is None:
        return None
    at = cmap + chosen
    fmt = struct.unpack_from(">H", data, at)[0]
    if fmt == 4:
        return _format4(data, at)
    if fmt == 12:
        return _format12(data, at)
    return None


def _format4(data: bytes, at: int) -> list[tuple[int, int]]:
    length = struct.unpack_from(">H", data, at + 2)[0]
    limit = at + length
    segments = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
    ranges_at = at + 16 + 6 * segments
    ranges = struct.unpack_from(f">{segments}H", data, ranges_at)
    pairs: list[tuple[int, int]] = []
    for n, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, ranges, strict=True)):
        if offset == 0:  # glyph = character + delta, modulo 65536: a run of glyphs, or two where it wraps
            if delta >= 0:
                cut, low, high = min(end + 1, max(start, 0x10000 - delta)), delta, delta - 0x10000
            else:
                cut, low, high = min(end + 1, max(start, -delta)), delta + 0x10000, delta
            pairs += zip(range(start, cut), range(start + low, cut + low), strict=True)
            pairs += zip(range(cut, end + 1), range(cut + high, end + 1 + high), strict=True)
            continue
        base = ranges_at + 2 * n + offset - 2 * start  # where the glyph of character 0 would be
        for char in range(start, end + 1):
            where = base + 2 * char
            glyph = 0 if where >= limit else struct.unpack_from(">H", data, where)[0]
            pairs.append((char, (glyph + delta) & 0xFFFF if glyph else 0))
    return pairs


def _format12(data: bytes, at: int) -> list[tuple[int, int]]:
    groups = struct.unpack_from(">L", data, at + 12)[0]
    pairs: list[tuple[int, int]] = []
    for n in range(groups):
        start, end, glyph = struct.unpack_from(">LLL", data, at + 16 + 12 * n)
        pairs += [(char, char + glyph - start) for char in range(start, end + 1)]
    return pairs
