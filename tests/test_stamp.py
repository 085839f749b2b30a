"""Clinic stamping: logos, the incremental update, and characters no font has."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from leaflet import stamp, stamptext
from leaflet.build import build_booklet, build_clinics, check, lay_out
from leaflet.checks.stamped import check_stamped
from leaflet.cli import main
from leaflet.clinics import load_clinics
from leaflet.content import load_leaflet
from leaflet.errors import FontError, LayoutError
from leaflet.stamp import reserve
from leaflet.stamplogo import LOGO_NAME
from leaflet.theme import Variant

ROOT = Path(__file__).resolve().parent.parent
LDN = ROOT / "content" / "ldn-ms.yaml"


def clinics_file(folder: Path, extra: str = "", name: str = "Logo Test Clinic") -> Path:
    path = folder / "clinics.yaml"
    path.write_text(
        "clinics:\n"
        "  - id: logo-test\n"
        f"    name: {name}\n"
        "    address: 1 Picture Street\n"
        '    phone: "+64 9 123 4567"\n' + extra,
        encoding="utf-8",
    )
    return path


def test_logo_is_drawn_in_the_box_and_keeps_its_transparency(tmp_path: Path) -> None:
    picture = Image.new("RGBA", (120, 80), (0, 0, 0, 0))
    ImageDraw.Draw(picture).ellipse((5, 5, 115, 75), fill=(200, 30, 30, 255))
    picture.save(tmp_path / "logo.png")
    (built,) = build_clinics(LDN, clinics_file(tmp_path, "    logo: logo.png\n"), None, tmp_path / "out")
    reader = PdfReader(built.path)
    pages_with_logo = [i for i, page in enumerate(reader.pages) if LOGO_NAME in page["/Resources"].get("/XObject", {})]
    assert len(pages_with_logo) == 1
    image = reader.pages[pages_with_logo[0]]["/Resources"]["/XObject"][LOGO_NAME].get_object()
    assert (image["/Width"], image["/Height"]) == picture.size
    assert "/SMask" in image
    assert f"{LOGO_NAME} Do".encode() in reader.pages[pages_with_logo[0]].get_contents().get_data()


def test_a_stamp_adds_to_the_checked_layout_and_changes_none_of_its_bytes(tmp_path: Path) -> None:
    path = clinics_file(tmp_path)
    laid = lay_out(LDN, Variant(clinic=True), reserve(list(load_clinics(path).values())))
    (built,) = build_clinics(LDN, path, None, tmp_path / "out")
    assert built.path.read_bytes().startswith(laid.rendered.pdf)
    assert len(PdfReader(built.path).pages) == laid.rendered.pages


def test_a_clinic_character_no_font_has_is_a_located_error(tmp_path: Path) -> None:
    path = clinics_file(tmp_path, name="Clinic \u6f22 Han")  # no bundled font has a CJK ideograph
    with pytest.raises(FontError) as caught:
        build_clinics(LDN, path, None, tmp_path / "out")
    assert caught.value.where is not None
    assert caught.value.where.path == str(path)
    assert caught.value.where.line == 3  # the name line
    assert "U+6F22" in caught.value.message
    assert not (tmp_path / "out").exists()


def test_every_stamped_clinic_passes_every_check_against_its_content(tmp_path: Path) -> None:
    clinics = ROOT / "content" / "clinics.yaml"
    built = build_clinics(LDN, clinics, None, tmp_path / "out")
    assert {b.path.parent.name for b in built} == set(load_clinics(clinics))
    for one in built:
        clinic = load_clinics(clinics)[one.path.parent.name]
        report = check(one.path, LDN, Variant(clinic=True), clinic)
        assert report.ok, report.text()
        # the same PDF checked as if it were another clinic's fails, naming that clinic's details
        other = next(c for c in load_clinics(clinics).values() if c.id != clinic.id)
        wrong = check(one.path, LDN, Variant(clinic=True), other).get("text")
        assert not wrong.ok
        assert wrong.where == other.where


def test_the_cli_checks_a_clinic_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clinics = ROOT / "content" / "clinics.yaml"
    (first, *_) = build_clinics(LDN, clinics, None, tmp_path / "out")
    ident = first.path.parent.name
    status = main(["check", str(first.path), "--content", str(LDN), "--clinic", ident, "--clinics", str(clinics)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "all checks pass" in out


def test_the_booklet_sheets_pass_the_checks_that_need_no_content(tmp_path: Path) -> None:
    built = build_booklet(LDN, tmp_path)
    report = check(built.path)
    assert report.ok, report.text()
    assert PdfReader(built.path).root_object["/Lang"] == load_leaflet(LDN).meta.language


def test_stamped_characters_are_the_layouts_glyphs_and_one_it_lacks_is_refused_every_time(tmp_path: Path) -> None:
    """`show` keeps each character's glyph for the next clinic: a no-break space is drawn with the
    space's glyph (the subset maps it to " "), and a character the layout did not reserve is an
    error for every clinic that has it, not only the first."""
    path = clinics_file(tmp_path, name="North\u00a0Clinic")
    (clinic,) = load_clinics(path).values()
    laid = lay_out(LDN, Variant(clinic=True), reserve([clinic]))
    assert laid.rendered.slot is not None
    master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
    space, nbsp = (stamptext.show(master, t, 12, False) for t in ("North Clinic", "North\u00a0Clinic"))
    assert space == nbsp and b"Tj" in space
    check_stamped(stamp.stamp(master, clinic), master, clinic)
    lacking = replace(clinic, name="North Clinic \u00e6")  # not in the layout's reserve
    assert "\u00e6" not in reserve([clinic])
    for _ in range(2):
        with pytest.raises(LayoutError, match="the clinic layout has no glyph for '\u00e6'"):
            stamp.stamp(master, lacking)
