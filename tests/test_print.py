"""The print shop's variant read back: CMYK only, crop marks in the registration colour, an output
intent; and in every variant links that look like links and a title band that shares the body's
left edge.

Colours are read from the content streams with pypdf and compared with the brand's own; positions
come from the same reader as tests/test_variants.py (through the cm matrix).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from test_variants import scan_page

from leaflet import cli
from leaflet.build import build
from leaflet.content import block_texts, load_leaflet
from leaflet.errors import ContentError
from leaflet.model import Brand
from leaflet.theme import Variant

ROOT = Path(__file__).resolve().parent.parent
LEAFLETS = [
    ROOT / "content" / "ldn-ms.yaml",
    ROOT / "tests" / "content" / "variants" / "print-health-links.yaml",
    ROOT / "tests" / "content" / "variants" / "qr-test.yaml",
]
VARIANTS = {"A4": Variant(), "A5": Variant(size="A5"), "large print": Variant(large=True), "print": Variant(bleed=True)}
COLOUR_OPS = {b"rg", b"RG", b"g", b"G", b"k", b"K", b"cs", b"CS", b"sc", b"SC", b"scn", b"SCN"}


def colour_ops(reader: PdfReader) -> list[tuple[int, bytes, list[Any]]]:
    out = []
    for n, page in enumerate(reader.pages):
        for args, op in ContentStream(page.get_contents(), reader).operations:
            if op in COLOUR_OPS:
                out.append((n, op, list(args)))
    return out


def hex_of_cmyk(values: list[Any]) -> str:
    c, m, y, k = (float(v) for v in values)
    return "#" + "".join(f"{round(255 * (1 - v) * (1 - k)):02X}" for v in (c, m, y))


def brand_hexes(brand: Brand) -> set[str]:
    return {brand.primary.upper(), brand.accent.upper(), brand.text.upper(), brand.tint.upper(), "#FFFFFF", "#000000"}


@pytest.fixture(scope="module", params=LEAFLETS, ids=lambda p: p.stem)
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Brand]:
    built = build(request.param, tmp_path_factory.mktemp("print"), VARIANTS["print"])
    return built.path, built.leaflet.brand


def test_the_print_variant_draws_only_in_cmyk_and_in_the_brand_colours(printed: tuple[Path, Brand]) -> None:
    path, brand = printed
    ops = colour_ops(PdfReader(path))
    assert ops
    for page, op, args in ops:
        assert op in (b"k", b"K", b"CS", b"SCN"), f"page {page + 1} sets a colour with '{op.decode()} {args}'"
        if op in (b"k", b"K"):
            assert hex_of_cmyk(args) in brand_hexes(brand), f"page {page + 1}: {args} is no brand colour"
        if op == b"CS":
            assert str(args[0]) == "/All"


def test_crop_marks_are_stroked_in_the_registration_colour_on_every_page(printed: tuple[Path, Brand]) -> None:
    reader = PdfReader(printed[0])
    for n, page in enumerate(reader.pages, 1):
        spaces = page["/Resources"]["/ColorSpace"]
        all_plates = [str(k) for k, v in spaces.items() if list(v.get_object())[:2] == ["/Separation", "/All"]]
        assert all_plates, f"page {n} has no /All separation"
        trim = [float(v) for v in page.trimbox]
        outside = [s for s in scan_page(page).segments if max(s.x0, s.x1) < trim[0] or min(s.x0, s.x1) > trim[2]] + [
            s for s in scan_page(page).segments if max(s.y0, s.y1) < trim[1] or min(s.y0, s.y1) > trim[3]
        ]
        assert len(outside) >= 8, f"page {n}: {len(outside)} crop marks"
        stroke, strokes_outside = None, 0
        for args, op in ContentStream(page.get_contents(), reader).operations:
            if op == b"CS":
                stroke = str(args[0])
            elif op == b"K":
                stroke = "cmyk"
            elif op == b"SCN" and stroke in all_plates:
                assert [float(a) for a in args] == [1.0], "registration is every plate at 100%"
            elif op == b"S" and stroke in all_plates:
                strokes_outside += 1
        assert strokes_outside >= 8, f"page {n}: only {strokes_outside} strokes in the registration colour"


def test_the_print_variant_declares_its_output_intent(printed: tuple[Path, Brand]) -> None:
    reader = PdfReader(printed[0])
    intents = [i.get_object() for i in reader.root_object["/OutputIntents"]]
    assert [str(i["/S"]) for i in intents] == ["/GTS_PDFX"]
    assert str(intents[0]["/OutputConditionIdentifier"]) == "FOGRA39"
    assert str(reader.metadata.get("/Trapped")) == "/False"
    assert "/GTS_PDFXVersion" not in reader.metadata  # no claim of conformance without an embedded profile


@pytest.mark.parametrize("name", ["A4", "A5", "large print"])
def test_screen_variants_stay_rgb_and_declare_no_output_intent(name: str, tmp_path: Path) -> None:
    reader = PdfReader(build(LEAFLETS[1], tmp_path, VARIANTS[name]).path)
    assert "/OutputIntents" not in reader.root_object
    assert {op for _, op, _ in colour_ops(reader)} <= {b"rg", b"RG", b"g", b"G"}


def test_cmyk_values_given_in_the_brand_are_used_as_given(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "content" / "variants", tmp_path / "src")
    brand = tmp_path / "src" / "brands" / "default.yaml"
    brand.write_text(brand.read_text(encoding="utf-8") + "  cmyk:\n    primary: 100 60 0 30\n", encoding="utf-8")
    built = build(tmp_path / "src" / "print-health-links.yaml", tmp_path / "out", VARIANTS["print"])
    fills = {tuple(float(a) for a in args) for _, op, args in colour_ops(PdfReader(built.path)) if op == b"k"}
    assert (1.0, 0.6, 0.0, 0.3) in fills
    assert built.report is not None and built.report.get("contrast").ok


@pytest.mark.parametrize(("value", "message"), [("100 60 0", "is not four percentages"), ("0 0 0 5", "contrast")])
def test_a_bad_brand_cmyk_value_is_refused_at_its_line(value: str, message: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "content" / "variants", tmp_path / "src")
    brand = tmp_path / "src" / "brands" / "default.yaml"
    text = brand.read_text(encoding="utf-8") + f"  cmyk:\n    text: {value}\n"
    brand.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_leaflet(tmp_path / "src" / "print-health-links.yaml")
    assert message in info.value.message
    assert info.value.where is not None and info.value.where.line == len(text.splitlines())


# --- every variant: links look like links, the band shares the body's left edge ------------------


@pytest.mark.parametrize("name", VARIANTS)
def test_every_link_is_underlined(name: str, tmp_path: Path) -> None:
    reader = PdfReader(build(LEAFLETS[1], tmp_path, VARIANTS[name]).path)
    count = 0
    for n, page in enumerate(reader.pages, 1):
        segments = [s for s in scan_page(page).segments if abs(s.y0 - s.y1) < 0.01]
        for ref in page.get("/Annots") or []:
            x0, y0, x1, y1 = (float(v) for v in ref.get_object()["/Rect"])
            if x1 - x0 < 1:
                continue
            under = [s for s in segments if y0 <= s.y0 <= (y0 + y1) / 2 and min(s.x0, s.x1) <= x0 + 1]
            assert any(max(s.x0, s.x1) >= x1 - 1 for s in under), (
                f"page {n}: the link at {x0:.0f},{y0:.0f} has no underline"
            )
            count += 1
    assert count >= 10


@pytest.mark.parametrize("name", VARIANTS)
def test_the_band_title_starts_at_the_body_text_left_edge(name: str, tmp_path: Path) -> None:
    built = build(LEAFLETS[0], tmp_path, VARIANTS[name])
    runs = scan_page(PdfReader(built.path).pages[0]).runs
    title_word = built.leaflet.meta.title.split()[0]
    title = max((r for r in runs if r.text.startswith(title_word)), key=lambda r: r.size)  # not the footer's
    first = next(t for _, block, t in block_texts(built.leaflet.sections) if block is not None).plain({})
    body = next(r for r in runs if r.text.startswith(first.split()[0]) and r.y < title.y)
    assert abs(title.x - body.x) < 0.01, f"title at {title.x:.1f} pt, body at {body.x:.1f} pt"


# --- small things: the clinics file is looked up beside the leaflet --------------------------------


def leaflet_folder(tmp_path: Path, clinics: bool) -> Path:
    """A copy of the health-service leaflet with its brands, and (if asked) a clinics file beside it."""
    src = tmp_path / "leaflets"
    shutil.copytree(ROOT / "tests" / "content" / "variants", src)
    if clinics:
        (src / "clinics.yaml").write_text(
            "clinics:\n  - id: rotorua\n    name: Rotorua Child Health\n"
            '    address: 1 Test Street, Rotorua\n    phone: "+64 7 000 0001"\n',
            encoding="utf-8",
        )
    return src / "print-health-links.yaml"


def test_build_all_from_another_folder_finds_the_clinics_file_beside_the_leaflet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    leaflet = leaflet_folder(tmp_path, clinics=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no content/ here: the brand and the clinics must come from beside the leaflet
    status = cli.main(["build", "--all", str(leaflet), "-o", str(tmp_path / "out")])
    out = capsys.readouterr()
    assert status == 0, out.err
    assert (tmp_path / "out" / "clinics" / "rotorua" / f"{leaflet.stem}.pdf").is_file()
    assert f"clinics/rotorua/{leaflet.stem}.pdf" in out.out


def test_build_all_without_a_clinics_file_beside_the_leaflet_says_so_and_builds_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    leaflet = leaflet_folder(tmp_path, clinics=False)
    monkeypatch.chdir(tmp_path)
    status = cli.main(["build", "--all", str(leaflet), "-o", str(tmp_path / "out")])
    out = capsys.readouterr()
    assert status == 0, out.err
    assert out.err.strip() == f"{leaflet}: no clinics.yaml beside it, so no clinic PDFs"
    assert (tmp_path / "out" / f"{leaflet.stem}-booklet.pdf").is_file()
    assert not (tmp_path / "out" / "clinics").exists()
