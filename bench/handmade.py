"""The baseline for bench/speed.py: a leaflet YAML laid out by hand-written ReportLab, no checks.

Usage: python bench/handmade.py CONTENT.yaml OUT.pdf [CLINICS.yaml OUT_DIR]

This is what a careful developer would write without `leaflet`: PyYAML's safe_load, the same
fonts (Atkinson Hyperlegible, the default brand's body font), a title band, headings,
paragraphs, bullets, call-outs as shaded boxes, a references page and a "Page N of M" footer
(one layout pass: the page count is drawn at save time). It tags nothing, checks nothing and
escapes only what ReportLab's paragraph markup needs. With a clinics file it lays the leaflet
out again for each clinic with a "Your clinic" box, as a script without stamping would.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import ListFlowable, ListItem, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

FONTS = Path(__file__).resolve().parent.parent / "fonts"
PRIMARY, TINT, TEXT = HexColor("#1B4F8A"), HexColor("#EAF1F8"), HexColor("#1A1A1A")
BODY = ParagraphStyle("body", fontName="Body", fontSize=14, leading=20, textColor=TEXT, spaceAfter=8)
HEAD = ParagraphStyle("head", parent=BODY, fontName="Body-Bold", fontSize=20, leading=26, textColor=PRIMARY)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="Body-Bold")


def register_fonts() -> None:
    for name, face in (("Body", "Regular"), ("Body-Bold", "Bold")):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONTS / f"AtkinsonHyperlegible-{face}.ttf")))


class NumberedCanvas(Canvas):
    """Holds each page until save(), then draws "Page N of M" on all of them: one layout pass."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self.pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for number, state in enumerate(self.pages, 1):
            self.__dict__.update(state)
            self.setFont("Body", 12)
            self.setFillColor(TEXT)
            self.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {number} of {len(self.pages)}")
            super().showPage()
        super().save()


def inline(text: str, keys: dict[str, int]) -> str:
    """Escaped text with [@key] citations numbered and <url> links live."""
    text = escape(str(text))
    text = re.sub(r"\[@([^\]]+)\]", lambda m: f"[{keys.get(m.group(1), 0)}]", text)
    return re.sub(r"&lt;(https?://[^&]+)&gt;", r'<a href="\1" color="blue"><u>\1</u></a>', text)


def block_flowables(block: dict[str, Any], keys: dict[str, int]) -> list[Any]:
    if "paragraph" in block:
        return [Paragraph(inline(block["paragraph"], keys), BODY)]
    if "bullets" in block:
        items = [ListItem(Paragraph(inline(b, keys), BODY)) for b in block["bullets"]]
        return [ListFlowable(items, bulletType="bullet", start="•", leftIndent=18)]
    if "callout" in block:
        box = block["callout"]
        cells = [[Paragraph(inline(box.get("title", ""), keys), BOLD)]]
        cells += [[Paragraph(inline(p, keys), BODY)] for p in box.get("body", [])]
        table = Table(cells, colWidths=[A4[0] - 50 * mm])
        table.setStyle([("BACKGROUND", (0, 0), (-1, -1), TINT), ("LINEBEFORE", (0, 0), (0, -1), 4, PRIMARY)])
        return [table, Spacer(1, 8)]
    return []


def story(data: dict[str, Any], clinic: dict[str, Any] | None = None) -> list[Any]:
    meta, refs = data["leaflet"], data.get("references", [])
    keys = {ref["key"]: n for n, ref in enumerate(refs, 1)}
    flow: list[Any] = [Paragraph(escape(meta["title"]), HEAD), Paragraph(escape(meta.get("audience", "")), BODY)]
    for section in data["sections"]:
        if "heading" in section:
            flow.append(Paragraph(escape(section["heading"]), HEAD))
        for block in section["blocks"]:
            flow += block_flowables(block, keys)
    if clinic:
        flow.append(Paragraph("Your clinic", HEAD))
        flow += [Paragraph(escape(str(value)), BODY) for key, value in clinic.items() if key != "id"]
    flow += [PageBreak(), Paragraph("References", HEAD)]
    for n, ref in enumerate(refs, 1):
        parts = [", ".join(ref.get("authors", [])), ref["title"], ref.get("journal") or ref.get("publisher", "")]
        flow.append(Paragraph(escape(f"{n}. " + ". ".join(p for p in parts if p)), BODY))
    return flow


def band(canvas: Canvas, doc: Any) -> None:
    canvas.setFillColor(PRIMARY)
    canvas.rect(0, A4[1] - 18 * mm, A4[0], 18 * mm, stroke=0, fill=1)


def build(data: dict[str, Any], out: Path, clinic: dict[str, Any] | None = None) -> None:
    register_fonts()
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=25 * mm)
    doc.title = data["leaflet"]["title"]
    doc.build(story(data, clinic), onFirstPage=band, canvasmaker=NumberedCanvas)


def load(text: str) -> Any:
    """The YAML read as leaflet reads it: with libyaml's loader when present (the pure-Python one
    takes 9 ms for the LDN leaflet, 38 ms for 100 clinics: a baseline slowed by it flatters us)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def main(argv: list[str]) -> None:
    data = load(Path(argv[0]).read_text(encoding="utf-8"))
    build(data, Path(argv[1]))
    if len(argv) == 4:
        out = Path(argv[3])
        for clinic in load(Path(argv[2]).read_text(encoding="utf-8"))["clinics"]:
            (out / clinic["id"]).mkdir(parents=True, exist_ok=True)
            build(data, out / clinic["id"] / Path(argv[1]).name, clinic)


if __name__ == "__main__":
    main(sys.argv[1:])
