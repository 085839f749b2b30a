"""Fallback glyphs in their run's weight, read from the PDF (a part of the fonts check).

Input: the PDF under check (its text runs: font, baseline, text). Output: `Weights`: the first
fallback glyph set in another weight than the body text of its run, and the runs where a
one-weight fallback family (a Regular file and no Bold in fonts/) set a bold run's glyph in its
Regular, which the fonts check reports by name: that is allowed, and said.

A glyph's run is told by the body-font text beside it on its line: the runs before and after
it when they agree; at a change of weight, the one it touches with no space between.
"""

from __future__ import annotations

import re
from dataclasses import field

from .. import fonts
from ..pdftext import Fragment, PageScan
from ..record import record
from .core import Pdf

FACE = re.compile(r"^/?(?:[A-Z]{6}\+)?([A-Za-z0-9]+)-(Regular|Bold|Italic|BoldItalic)$")


@record(frozen=False)
class Weights:
    problem: str = ""
    one_weight: dict[str, list[str]] = field(default_factory=dict)  # family -> the glyphs set Regular in bold runs

    def note(self) -> str:
        """What the figure says of one-weight families ('' when no bold run needed one)."""
        return "".join(
            f"; {name} has one weight: {len(glyphs)} bold run{'s' if len(glyphs) > 1 else ''} set in its Regular"
            f" ({' '.join(dict.fromkeys(glyphs))})"
            for name, glyphs in sorted(self.one_weight.items())
        )


class Faces:
    """(family, bold) of each run set in one of fonts/'s families (None for any other font)."""

    def __init__(self) -> None:
        self.bundled: dict[str, bool] = {}

    def of(self, run: Fragment) -> tuple[str, bool] | None:
        m = FACE.match(run.font)
        if not m:
            return None
        name = m.group(1)
        if name not in self.bundled:
            self.bundled[name] = fonts.missing_face(name, (fonts.REGULAR,)) is None
        return (name, m.group(2).startswith("Bold")) if self.bundled[name] else None


def body_family(pdf: Pdf, faces: list[tuple[str, bool] | None], runs: list[Fragment]) -> str:
    """The brand's body family, or (with no content) the family that sets the most text."""
    if pdf.leaflet:
        return pdf.leaflet.brand.body_font
    count: dict[str, int] = {}
    for face, run in zip(faces, runs, strict=True):
        if face:
            count[face[0]] = count.get(face[0], 0) + len(run.text)
    return max(count, key=lambda k: count[k]) if count else ""


def check_weights(pdf: Pdf) -> Weights:
    out, known = Weights(), Faces()
    for i in range(len(pdf.document.pages)):
        runs = with_blanks(pdf.scan(i))
        faces = [known.of(r) for r in runs]
        body = body_family(pdf, faces, runs)
        for at, (run, face) in enumerate(zip(runs, faces, strict=True)):
            if face is None or face[0] == body:
                continue
            want = run_weight(Line(runs, faces, body), at)
            if want is None or want == face[1]:
                continue
            if want and fonts.missing_face(face[0], (fonts.BOLD,)):
                out.one_weight.setdefault(face[0], []).append(run.text.strip())
            elif not out.problem:
                style = "Bold" if face[1] else "Regular"
                out.problem = (
                    f'page {i + 1}: "{run.text.strip()}" is set in {face[0]}-{style} in a '
                    f"{'bold' if want else 'regular'} run (a fallback glyph must take its run's weight)"
                )
    return out


def with_blanks(scan: PageScan) -> list[Fragment]:
    """The page's runs in drawing order, blank ones (spaces) included: a space between two symbols is
    set in the body font of their run, so a line of symbols alone still says its weight."""
    out: list[Fragment] = []
    blanks = sorted(zip(scan.blanks, scan.blank_fonts, strict=True), key=lambda b: b[0][0])
    at = 0
    for index, run in enumerate([*scan.fragments, None]):
        while at < len(blanks) and blanks[at][0][0] == index:
            (_, y, text), font = blanks[at]
            out.append(Fragment(text, 0.0, y, 0.0, font, (0.0, 0.0, 0.0), (1.0, 1.0, 1.0)))
            at += 1
        if run is not None:
            out.append(run)
    return out


@record
class Line:
    runs: list[Fragment]
    faces: list[tuple[str, bool] | None]
    body: str

    def on_line(self, j: int, at: int) -> bool:
        return 0 <= j < len(self.runs) and abs(self.runs[j].y - self.runs[at].y) < 0.5

    def is_body(self, j: int) -> bool:
        face = self.faces[j]
        return face is not None and face[0] == self.body


def run_weight(line: Line, at: int) -> bool | None:
    """Whether the run of runs[at] is bold, from the body-font text beside it on its line (None: no telling)."""
    sides: list[tuple[bool, bool]] = []  # (bold, touching) of the nearest body-font run on each side
    for step in (-1, 1):
        j = at + step
        while line.on_line(j, at) and not line.is_body(j):
            j += step
        if not (line.on_line(j, at) and line.is_body(j)):
            continue
        left, right = (line.runs[j], line.runs[j + 1]) if step < 0 else (line.runs[j - 1], line.runs[j])
        face = line.faces[j]
        assert face is not None
        sides.append((face[1], not left.text[-1:].isspace() and not right.text[:1].isspace()))
    weights = {bold for bold, _ in sides}
    if len(weights) == 1:
        return weights.pop()
    touched = [bold for bold, touching in sides if touching]
    return touched[0] if len(touched) == 1 else None
