"""A link annotation as a stamp writes it -> that annotation, as pdfregular reads it; None for any other
object (stage: reading back, for the clinic check).

Input: the bytes of one object of a stamp's update, from its header to where the next object starts,
where its value starts, and the `Kinds` of our own reading (pdfobjects.MODEL's). Output: the
annotation's dictionary when the value is written exactly as updatewrite.link_annotation writes one
(`<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect [x0 y0 x1 y1] /A << /S /URI /URI (...) >>`,
then, in a tagged layout, stamptags.annotation_extra's ` /StructParent n /Contents (...)`, then
` >>`, a line end and `endobj`), each number and string made as pdfregular makes it; else None,
and pdfregular.read_object reads the object, which decides. A stamp's links (three a clinic) are
then read by one match each instead of pdfregular's tokens and its loop over them
(tests/test_pdflinks.py holds the two together on stamped links, changed at every byte, and on
generated ones).
"""

from __future__ import annotations

import re
from typing import Any

from .contentops import unescape
from .pdfobjects import Kinds, ObjectError, _unescaped

_NUMBER = rb"(-?\d{1,20}(?:\.\d{1,20})?)"  # as link_annotation writes one (`%.2f`), and pdfregular reads it
_STRING = rb"\(((?:[^()\\\x00\x0b]++|\\[^\x00\x0b])*+)\)"  # pdfregular's literal string: no parenthesis inside
# escapes pypdf reads as the standard does (pdfobjects._divergent finds none in them): what a stamp writes
_PLAIN_ESCAPES = re.compile(rb"(?:[^\\]++|\\[0-3][0-7][0-7]|\\[nrtbf()\\])*+")
_LINK = re.compile(
    rb"<< /Type /Annot /Subtype /Link /Border \[0 0 0\] /Rect \[%s %s %s %s\] /A << /S /URI /URI %s >>"
    rb"(?: /StructParent (\d{1,20}) /Contents %s)? >>\nendobj\n"
    % (_NUMBER, _NUMBER, _NUMBER, _NUMBER, _STRING, _STRING)
)


def read_link(span: bytes, at: int, kinds: Kinds) -> Any:
    """The link annotation whose value starts at `at` in `span` (which ends with its `endobj`), as
    pdfregular reads it; None when it is not written exactly as a stamp writes one."""
    found = _LINK.fullmatch(span, at)
    if found is None:
        return None
    x0, y0, x1, y1, uri, parent, contents = found.groups()
    name, dictionary = kinds.name, kinds.dictionary
    try:
        entries = [
            (name("/Type"), name("/Annot")),
            (name("/Subtype"), name("/Link")),
            (name("/Border"), kinds.array([kinds.integer(0), kinds.integer(0), kinds.integer(0)])),
            (name("/Rect"), kinds.array([_number(n, kinds) for n in (x0, y0, x1, y1)])),
            (name("/A"), dictionary([(name("/S"), name("/URI")), (name("/URI"), _string(uri, kinds))])),
        ]
        if parent is not None:
            entries += [
                (name("/StructParent"), kinds.integer(int(parent))),
                (name("/Contents"), _string(contents, kinds)),
            ]
    except ObjectError:
        return None  # an escape pypdf reads otherwise: read_object says what it reads
    return dictionary(entries)


def _string(body: bytes, kinds: Kinds) -> Any:
    """A literal string as pdfregular makes one (its escapes looked at one by one only when one is not
    a stamp's: /Contents escapes every character but letters, digits and spaces)."""
    return kinds.string(unescape(body) if _PLAIN_ESCAPES.fullmatch(body) else _unescaped(body))


def _number(token: bytes, kinds: Kinds) -> Any:
    """A number as pdfregular makes one."""
    return kinds.real(token.decode()) if b"." in token else kinds.integer(int(token))
