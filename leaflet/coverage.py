"""A TrueType file -> the characters it draws (stage: fonts, before any face is parsed).

Input: a .ttf file's bytes. Output: the Unicode code points its cmap maps to a glyph other than
.notdef. Only the table directory and the cmap are read: knowing whether a fallback family draws
a character costs a fraction of what parsing the whole face for ReportLab does, so a face is
parsed only when some run is set in it. The Unicode subtables are read as ReportLab reads them
(format 12 for the full repertoire, else format 4), so coverage here is what ReportLab can draw.
"""

from __future__ import annotations

import struct

# (platform, encoding) of the Unicode cmaps, best first: full repertoire (format 12), then the BMP (format 4)
UNICODE_CMAPS = ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


class CoverageError(ValueError):
    """The file is not a TrueType font with a Unicode cmap."""


def code_points(font: bytes) -> frozenset[int]:
    """The code points `font` draws; CoverageError when it has no readable Unicode cmap."""
    try:
        subtables = _unicode_subtables(font)
        for key in UNICODE_CMAPS:
            if key in subtables:
                at = subtables[key]
                fmt = struct.unpack_from(">H", font, at)[0]
                if fmt == 12:
                    return _format12(font, at)
                if fmt == 4:
                    return _format4(font, at)
    except struct.error:
        raise CoverageError("its tables are cut short") from None
    raise CoverageError("it has no Unicode character map (cmap format 4 or 12)")


def _unicode_subtables(font: bytes) -> dict[tuple[int, int], int]:
    """(platform, encoding) -> file offset of each cmap subtable."""
    count = struct.unpack_from(">H", font, 4)[0]
    tags = {font[12 + 16 * i : 16 + 16 * i]: 20 + 16 * i for i in range(count)}  # tag -> where its offset is
    cmap = struct.unpack_from(">L", font, tags[b"cmap"])[0] if b"cmap" in tags else None
    if cmap is None:
        raise CoverageError("it has no cmap table")
    subtables = struct.unpack_from(">H", font, cmap + 2)[0]
    found: dict[tuple[int, int], int] = {}
    for i in range(subtables):
        platform, encoding, offset = struct.unpack_from(">HHL", font, cmap + 4 + 8 * i)
        found.setdefault((platform, encoding), cmap + offset)
    return found


def _format4(font: bytes, at: int) -> frozenset[int]:
    segments = struct.unpack_from(">H", font, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", font, at + 14)
    starts = struct.unpack_from(f">{segments}H", font, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", font, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    offsets = struct.unpack_from(f">{segments}H", font, range_at)
    found: set[int] = set()
    for i, (start, end, delta, offset) in enumerate(zip(starts, ends, deltas, offsets, strict=True)):
        stop = min(end, 0xFFFE) + 1
        if start >= stop:
            continue
        if offset == 0:  # every code but the one (if any) that lands on glyph 0
            zero = start + ((-delta - start) & 0xFFFF)
            found.update(range(start, min(zero, stop)))
            found.update(range(zero + 1, stop))
            continue
        glyphs = struct.unpack_from(f">{stop - start}H", font, range_at + 2 * i + offset)
        found.update(code for code, glyph in enumerate(glyphs, start) if glyph and (glyph + delta) & 0xFFFF)
    return frozenset(found)


def _format12(font: bytes, at: int) -> frozenset[int]:
    groups = struct.unpack_from(">L", font, at + 12)[0]
    found: set[int] = set()
    for i in range(groups):
        start, end, glyph = struct.unpack_from(">3L", font, at + 16 + 12 * i)
        found.update(range(start + (glyph == 0), min(end, 0x10FFFF) + 1))
    return frozenset(found)
