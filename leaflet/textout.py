"""Leaflet -> clean UTF-8 plain text, for an email body or a screen reader (stage: render, text).

Built from the same content as the PDF: headings underlined, lists marked,
citations as [n], link targets spelled out, references numbered at the end.
Each block type says how it reads as text (`BlockSpec.as_text`).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import wording
from .blocks import BY_MODEL
from .model import Leaflet, Text


def spell(text: Text, numbers: Mapping[str, int]) -> str:
    """Plain words, each link's target in brackets after its text (unless the text is the target)."""
    out = []
    for span in text.spans:
        words = Text((span,), text.where).plain(numbers)
        out.append(f"{words} ({span.href})" if span.href and span.href != words else words)
    return "".join(out)


def heading(words: str, rule: str) -> list[str]:
    return ["", words, rule * len(words)]


def leaflet_text(leaflet: Leaflet) -> str:
    """The whole leaflet as plain text."""
    m, n = leaflet.meta, leaflet.numbers
    lines = [m.title, "=" * len(m.title), *wording.band_lines(leaflet)]
    for section in leaflet.sections:
        if section.heading:
            lines += heading(spell(section.heading, n), "-")
        for block in section.blocks:
            lines.append("")
            lines += BY_MODEL[type(block)].as_text(block, lambda t: spell(t, n))
    lines += heading(wording.ABOUT, "-")
    lines += wording.about_lines(leaflet)
    lines += [f"{label}: {shown}" for label, shown, _ in wording.contact_of(leaflet).lines()]
    lines.append(wording.other_formats(leaflet))
    if m.url:
        lines.append(wording.online(leaflet))
    if leaflet.references:
        lines += heading(wording.REFERENCES, "-")
        for ref in leaflet.references:
            lines.append(f"{n[ref.key]}. {ref.citation()}" + (f" {ref.link}" if ref.link else ""))
    return "\n".join(lines).strip() + "\n"
