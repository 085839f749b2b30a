"""A PDF string's bytes -> `pdfmodel.Text` or `pdfmodel.Bytes`, decoded as pypdf decodes them.

Input: the bytes between a string's parentheses (escapes read) or its hex digits. Output: `Text`
when they decode as text by pypdf's rules (UTF-8 or UTF-16 after a byte order mark, UTF-16 when
the first or second byte is 0, else PDFDocEncoding when every byte is defined in it), else
`Bytes`. tests/test_pdfown.py holds `string` to pypdf's `create_string_object`, byte for byte.
"""

from __future__ import annotations

import codecs

from .pdfmodel import Bytes, Text

# PDFDocEncoding (ISO 32000-2, annex D.2): the bytes that differ from Latin-1, and those undefined
# (the control codes below 0x18 are text there, as pypdf reads them, but for 0x00 and 0x16).
_PDFDOC_OTHER = {
    0x18: "\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc",
    0x80: "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c\u201d\u2018",
    0x90: "\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142\u0153\u0161\u017e",
    0xA0: "\u20ac",
}
_PDFDOC_UNDEFINED = {0x00, 0x16, 0x7F, 0x9F, 0xAD}


def _pdfdoc_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for start, chars in _PDFDOC_OTHER.items():
        table.update({start + i: c for i, c in enumerate(chars)})
    table.update(dict.fromkeys(_PDFDOC_UNDEFINED, "\x00"))
    return table


PDFDOC = _pdfdoc_table()  # for str.translate on the bytes read as Latin-1; "\x00" marks a byte undefined


def string(raw: bytes) -> Text | Bytes:
    """A string's bytes as pypdf reads them: text after a byte order mark (or bytes that look like
    UTF-16), else PDFDocEncoding when every byte is defined in it, else `Bytes`."""
    try:
        if raw.startswith(codecs.BOM_UTF8):
            try:
                return Text(raw[3:].decode("utf-8"), raw)
            except UnicodeDecodeError:
                pass  # read as PDFDocEncoding below
        elif raw.startswith((codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)):
            return Text(raw.decode("utf-16"), raw)
        elif raw[:1] == b"\x00":
            return Text(raw.decode("utf-16be"), raw)
        elif raw[1:2] == b"\x00":
            return Text(raw.decode("utf-16le"), raw)
        text = raw.decode("latin-1").translate(PDFDOC)
        return Bytes(raw) if "\x00" in text else Text(text, raw)
    except UnicodeDecodeError:
        return Bytes(raw)
