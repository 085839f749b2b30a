"""Text as typed: values YAML 1.1 would retype reach the PDF as the characters written, in every
text position (metadata, every block type, reference fields, brand footer, clinic details)."""

from __future__ import annotations

from itertools import cycle
from pathlib import Path

import pytest
from pypdf import PdfReader
from typed import PLACES, RETYPED, visible, write

from leaflet import cli
from leaflet.content import load_leaflet


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
    assert meta.pages == {"A4": 10}
    assert str(meta.published) == "2026-01-01"
