"""Symbols from fallback families (✔ ☐ → ☎ …), tried in the brand's order, in their run's weight where the
family has one, faces parsed only when a run is set in them.

Expectations come from the fonts' own cmaps (read by ReportLab) and from the built PDFs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DEFAULT_BRAND, REPO, leaflet_yaml, write_leaflet_dir
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from test_checks import context, stamped

from leaflet import cli
from leaflet.brand import load_brand
from leaflet.build import build
from leaflet.checks import run_checks
from leaflet.coverage import CoverageError, code_points
from leaflet.errors import FontError
from leaflet.fonts import FONT_DIR, Fonts, load_fonts
from leaflet.model import Brand

# Symbols patient leaflets use (ticks, boxes, arrows, warnings, contact signs), as the survey in the commit listed.
SYMBOLS = "✓✔✗✘☐☑☒→←↑↓⚠★●○■□▪▶☎✉✆"
BOLD_TEXT = "Tick ✔ each box ☐, then go → next (Māori ō)"


def default_fonts() -> Fonts:
    return load_fonts(load_brand(DEFAULT_BRAND))


def brand_file(folder: Path, fallback: str) -> Path:
    """The default brand with its `fallback:` value replaced by `fallback` (YAML text)."""
    text = DEFAULT_BRAND.read_text(encoding="utf-8")
    head, rest = text.split("    fallback:", 1)
    tail = rest.split("\n  # footer:", 1)[1]
    path = folder / "brands" / "default.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{head}    fallback: {fallback}\n  # footer:{tail}", encoding="utf-8")
    return path


def faces_drawn(pdf: Path) -> list[tuple[str, str]]:
    """(text, face without its subset tag) of every run drawn, in order."""
    out: list[tuple[str, str]] = []
    for page in PdfReader(pdf).pages:

        def visit(text: str, cm: object, tm: object, font: object, size: float) -> None:
            if text.strip() and isinstance(font, dict):
                out.append((text, str(font.get("/BaseFont", "")).split("+", 1)[-1]))

        page.extract_text(visitor_text=visit)
    return out


def test_the_default_brand_draws_every_common_symbol_and_the_import_sources() -> None:
    fonts = default_fonts()
    sources = "".join(p.read_text(encoding="utf-8") for p in (REPO / "tests" / "sources" / "import").glob("*.*"))
    fonts.check([(SYMBOLS + sources, load_brand(DEFAULT_BRAND).where)])  # raises for a character none has
    assert fonts.pick("✔") == fonts.pick("✔", bold=True) == "NotoSansSymbols2-Regular"  # its one weight
    assert (fonts.pick("→"), fonts.pick("→", bold=True)) == ("NotoSansSymbols-Regular", "NotoSansSymbols-Bold")


def test_a_bold_run_with_symbols_builds_and_the_fonts_check_says_what_it_did(tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": f"**{BOLD_TEXT}** and plain {BOLD_TEXT}."}]))
    built = build(path, tmp_path / "out")
    fonts = load_fonts(built.leaflet.brand)
    runs = faces_drawn(built.path)
    # every fallback glyph in the face the content's run needs: the paragraph's first half bold, then plain
    glyphs = [(ch, bold) for bold in (True, False) for ch in BOLD_TEXT if fonts.pick(ch)]
    drawn = [(text.strip(), face) for text, face in runs if not face.startswith(fonts.body.name)]
    assert drawn[: len(glyphs)] == [(ch, fonts.pick(ch, bold)) for ch, bold in glyphs]
    assert ("→", "NotoSansSymbols-Bold") in drawn  # a family with a Bold sets bold runs in it
    finding = built.report.get("fonts") if built.report else None
    assert finding is not None and finding.ok
    one_weight = [ch for ch, bold in glyphs if bold and fonts.pick(ch, True) == fonts.pick(ch, False)]
    assert one_weight == ["✔", "☐"]
    assert finding.figure.endswith(
        f"fallback glyphs in their run's weight; NotoSansSymbols2 has one weight: {len(one_weight)} bold runs "
        f"set in its Regular ({' '.join(one_weight)})"
    )
    text = PdfReader(built.path).pages[0].extract_text()
    assert " ".join(BOLD_TEXT.split()) in " ".join(text.split())


def mixed_line(parts: list[tuple[str, str]]) -> Callable[[canvas.Canvas], None]:
    """Draw `parts` ((text, face), ...) one after another on one baseline, well above the footer."""

    def draw(c: canvas.Canvas) -> None:
        x = 72.0
        for text, face in parts:
            c.setFont(face, 14)
            c.drawString(x, 400, text)
            x += c.stringWidth(text, face, 14)

    return draw


def test_the_fonts_check_fails_a_fallback_glyph_in_another_weight_than_its_run(tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": "Go → next."}]))
    data = build(path, tmp_path / "out").path.read_bytes()
    fonts, against = default_fonts(), context(path)
    body, arrows = fonts.body.bold, fonts.fallbacks[1]

    def fonts_finding(face: str, glyph: str = "→") -> tuple[bool, str, str]:
        finding = run_checks(stamped(data, mixed_line([("Go ", body), (glyph, face), (" next", body)])), *against)
        return finding.get("fonts").ok, finding.get("fonts").problem, finding.get("fonts").figure

    ok, problem, _ = fonts_finding(arrows.face(False))
    assert not ok
    assert problem == (
        'page 1: "→" is set in NotoSansSymbols-Regular in a bold run (a fallback glyph must take its run\'s weight)'
    )
    assert fonts_finding(arrows.face(True))[0]
    ok, _, figure = fonts_finding(fonts.face("✔", bold=True), "✔")  # a one-weight family: allowed, and said
    assert ok and figure.endswith("NotoSansSymbols2 has one weight: 1 bold run set in its Regular (✔)")


def test_fallback_families_are_tried_in_the_brand_order(tmp_path: Path) -> None:
    single = load_brand(brand_file(tmp_path / "one", "NotoSans"))
    listed = load_brand(brand_file(tmp_path / "list", "[NotoSansSymbols2, NotoSans]"))
    assert single.fallback_fonts == ("NotoSans",)
    assert listed.fallback_fonts == ("NotoSansSymbols2", "NotoSans")
    assert load_brand(DEFAULT_BRAND).fallback_fonts == ("NotoSans", "NotoSansSymbols", "NotoSansSymbols2")
    one, two = load_fonts(single), load_fonts(listed)
    shared = sorted((one.fallbacks[0].cmap & two.fallbacks[0].cmap) - one.body.cmap)
    assert shared, "NotoSans and NotoSansSymbols2 share characters the body font lacks"
    ch = chr(shared[0])
    assert one.pick(ch) == "NotoSans-Regular" and two.pick(ch) == "NotoSansSymbols2-Regular"
    with pytest.raises(
        FontError, match=r"'✔' \(U\+2714\) is in none of the brand's fonts: AtkinsonHyperlegible, NotoSans\n"
    ):
        one.check([("Tick ✔", single.where)])


def test_a_single_symbol_family_named_alone_builds_the_symbol(tmp_path: Path) -> None:
    folder = tmp_path / "src"
    path = write_leaflet_dir(folder, leaflet_yaml([{"paragraph": "Tick ✔ here."}]))
    brand_file(folder, "NotoSansSymbols2")
    built = build(path, tmp_path / "out")
    assert ("✔", "NotoSansSymbols2-Regular") in faces_drawn(built.path)


def test_a_brand_naming_a_fallback_family_with_no_files_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "src"
    path = write_leaflet_dir(folder, leaflet_yaml([{"paragraph": "Text."}]))
    brand = brand_file(folder, "\n      - NotoSans\n      - NoSuchSymbols")
    assert cli.main(["build", str(path), "-o", str(tmp_path / "out")]) == 2
    line = next(i for i, t in enumerate(brand.read_text(encoding="utf-8").splitlines(), 1) if "NoSuchSymbols" in t)
    assert capsys.readouterr().err == (
        f"{brand}:{line}:9: font file NoSuchSymbols-Regular.ttf is missing from fonts/\n"
        "  hint: put the OFL NoSuchSymbols TTFs (Regular) in fonts/\n"
    )


def test_an_unreadable_fallback_file_is_named_when_a_character_needs_it(tmp_path: Path) -> None:
    brand: Brand = load_brand(DEFAULT_BRAND)
    for name in (brand.body_font, *brand.fallback_fonts):
        for style in ("Regular", "Bold"):
            if (FONT_DIR / f"{name}-{style}.ttf").is_file():
                (tmp_path / f"{name}-{style}.ttf").write_bytes((FONT_DIR / f"{name}-{style}.ttf").read_bytes())
    (tmp_path / "NotoSansSymbols2-Regular.ttf").write_bytes(b"not a font")
    fonts = load_fonts(brand, tmp_path)
    fonts.check([("Plain words, ō and →", brand.where)])  # the broken file is not read: no character needs it
    with pytest.raises(FontError, match=r"cannot read font NotoSansSymbols2-Regular\.ttf: "):
        fonts.check([("✔", brand.where)])


@pytest.mark.parametrize("path", sorted(FONT_DIR.glob("*.ttf")), ids=lambda p: p.stem)
def test_coverage_from_the_cmap_is_what_reportlab_draws(path: Path) -> None:
    drawn = set(TTFont(f"Coverage{path.stem}", str(path)).face.charToGlyph) - {0xFFFF}  # a noncharacter
    assert code_points(path.read_bytes()) == drawn


def test_coverage_of_a_file_that_is_no_font() -> None:
    for data in (b"", b"\0" * 12, b"not a font at all, just some bytes"):
        with pytest.raises(CoverageError):
            code_points(data)


FACES_PARSED = """
import json, sys
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from leaflet.build import build
built = build(sys.argv[1], sys.argv[2])
print(json.dumps({"pdf": str(built.path), "parsed": sorted(
    n for n in pdfmetrics.getRegisteredFontNames() if isinstance(pdfmetrics.getFont(n), TTFont))}))
"""


@pytest.mark.parametrize("blocks", [[{"paragraph": "Plain words."}], [{"paragraph": f"**{BOLD_TEXT}**"}]])
def test_a_build_parses_only_the_faces_it_draws(blocks: list[object], tmp_path: Path) -> None:
    """In a fresh process: the faces ReportLab parsed are exactly the faces the PDF embeds."""
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml(blocks))
    run = subprocess.run(
        [sys.executable, "-c", FACES_PARSED, str(path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        check=True,
    )
    got = json.loads(run.stdout.splitlines()[-1])
    embedded = {face for _, face in faces_drawn(Path(got["pdf"]))}
    assert sorted(embedded) == got["parsed"]
    assert not any("Italic" in face for face in got["parsed"])


def test_every_common_symbol_builds_in_both_weights_and_reads_back(tmp_path: Path) -> None:
    spaced = " ".join(SYMBOLS)
    path = write_leaflet_dir(
        tmp_path / "src", leaflet_yaml([{"paragraph": spaced}, {"paragraph": f"**{spaced}**"}, {"subheading": spaced}])
    )
    built = build(path, tmp_path / "out")
    assert built.report is not None and built.report.ok
    text = " ".join(PdfReader(built.path).pages[0].extract_text().split())
    assert text.count(spaced) == 3
    # lines of symbols alone still tell their run's weight (by the spaces between them): every bold one is named
    fonts = default_fonts()
    one_weight = [ch for ch in SYMBOLS if fonts.pick(ch) and fonts.pick(ch, True) == fonts.pick(ch, False)]
    assert f"NotoSansSymbols2 has one weight: {2 * len(one_weight)} bold runs set in its Regular " in (
        built.report.get("fonts").figure
    )
