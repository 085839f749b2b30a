"""Text as typed: values YAML 1.1 would retype reach the PDF as the characters written, in every
text position (metadata, every block type, reference fields, brand footer, clinic details)."""

from __future__ import annotations

import json
from itertools import cycle
from pathlib import Path

import pytest
from pypdf import PdfReader
from typed import PLACES, RETYPED, visible, write

from leaflet import cli
from leaflet.brand import load_brand
from leaflet.content import load_leaflet
from leaflet.fonts import load_fonts

BRAND = Path(__file__).resolve().parent.parent / "content" / "brands" / "default.yaml"


def pdf_text(path: Path) -> str:
    return visible("".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.mark.parametrize("shift", range(0, len(RETYPED), 7), ids=lambda s: f"shift{s}")
@pytest.mark.parametrize("plain", [True, False], ids=["plain", "quoted"])
def test_every_position_keeps_what_was_typed(shift: int, plain: bool, tmp_path: Path) -> None:
    tokens = cycle(RETYPED[shift:] + RETYPED[:shift])
    values = {place.label: next(tokens) for place in PLACES}
    path, clinics = write(tmp_path / "src", values, plain)
    out = tmp_path / "out"
    assert cli.main(["build", str(path), "-o", str(out), "--clinic", "typed", "--clinics", str(clinics)]) == 0
    assert cli.main(["build", str(path), "-o", str(out)]) == 0
    assert cli.main(["build", str(path), "-o", str(out), "--text"]) == 0
    default = pdf_text(out / "typed.pdf")
    clinic = pdf_text(out / "clinics" / "typed" / "typed.pdf")
    text = visible((out / "typed.txt").read_text(encoding="utf-8"))
    for place in PLACES:
        want = visible(values[place.label])
        assert want in clinic, f"the {place.label} '{want}' is not in the clinic PDF"
        if place.file != "clinics":
            assert want in default, f"the {place.label} '{want}' is not in the PDF"
        if place.file == "leaflet":
            assert want in text, f"the {place.label} '{want}' is not in the text output"


def test_numbers_and_dates_are_read_from_the_text_typed(tmp_path: Path) -> None:
    """Fields that are numbers or dates take the typed text; a plain 'pages: 010' is ten, not eight."""
    values = {place.label: f"Value {i}" for i, place in enumerate(PLACES)}
    path, _ = write(tmp_path, values)
    path.write_text(
        path.read_text(encoding="utf-8").replace("pages: {A4: 30, clinic A4: 30}", "pages: 010"), encoding="utf-8"
    )
    meta = load_leaflet(path).meta
    assert meta.pages["A4"] == 10 and not meta.pages.given
    assert str(meta.published) == "2026-01-01"


# Between words and in a row of fallback-font words: spaces the fonts accept, and characters that show nothing.
SPACED = {
    "two fallback words": "Информация на русском",
    "fallback letters": "ō ō ā",
    "thin space": "10\u2009mg",
    "narrow no-break space": "5\u202fmL",
    "figure space": "1\u2007000",
    "no-break space": "10\u00a0mg",
    "line separator": "one\u2028two",
    "paragraph separator": "one\u2029two",
    "soft hyphen": "hyphen\u00adated",
    "zero-width space": "zero\u200bwidth",
    "word joiner": "word\u2060joiner",
}


@pytest.mark.parametrize("text", SPACED.values(), ids=SPACED.keys())
def test_spaces_and_invisible_characters_build_and_read_back(text: str, tmp_path: Path) -> None:
    values = {place.label: f"Value {i}" for i, place in enumerate(PLACES)}
    values |= {"title": f"Title {text}", "heading": f"Heading {text}", "paragraph": text, "clinic name": text}
    path, clinics = write(tmp_path / "src", values, plain=False)
    out = tmp_path / "out"
    assert cli.main(["build", str(path), "-o", str(out)]) == 0
    assert cli.main(["build", str(path), "-o", str(out), "--clinic", "typed", "--clinics", str(clinics)]) == 0
    for pdf in (out / "typed.pdf", out / "clinics" / "typed" / "typed.pdf"):
        assert visible(text) in pdf_text(pdf)


def test_every_character_the_fonts_accept_reads_back(tmp_path: Path) -> None:
    """Every character the body font or the first fallback family draws builds, passes every check and reads back
    (the symbol families' characters: test_symbols.py)."""
    fonts = load_fonts(load_brand(BRAND))
    accepted = sorted(fonts.body.cmap | fonts.fallbacks[0].cmap)
    # What YAML itself cannot hold (controls, U+FFFE/FFFF), white space, and inline markup are left out.
    chars = [chr(c) for c in accepted if chr(c).isprintable() and not chr(c).isspace() and c not in (0xFFFE, 0xFFFF)]
    chars = [ch for ch in chars if ch not in "*[\\<"]
    groups = ["".join(chars[i : i + 40]) for i in range(0, len(chars), 40)]
    values = {place.label: f"Value {i}" for i, place in enumerate(PLACES)}
    path, _ = write(tmp_path / "src", values, plain=False)
    paragraphs = "".join(f"      - paragraph: {json.dumps(g, ensure_ascii=False)}\n" for g in groups)
    text = path.read_text(encoding="utf-8").replace("      - subheading:", paragraphs + "      - subheading:")
    path.write_text(text, encoding="utf-8")
    assert cli.main(["build", str(path), "-o", str(tmp_path / "out")]) == 0
    shown = pdf_text(tmp_path / "out" / "typed.pdf")
    for group in groups:
        assert visible(group) in shown
