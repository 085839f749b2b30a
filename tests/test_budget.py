"""Page budgets (issue 9): one `pages: N` covers every variant, by ratios measured on real leaflets.

The ratio test lays each sample leaflet out in every variant with no budget in the way and
proves the derived budgets hold its pages; the others build real PDFs and read the pages back.
"""

from __future__ import annotations

import math
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CONTENT, LDN, BuildText, leaflet_yaml
from pypdf import PdfReader

from leaflet import budget, cli
from leaflet.budget import Budget
from leaflet.content import load_leaflet
from leaflet.fonts import load_fonts
from leaflet.layout import build_story
from leaflet.render import count_pages
from leaflet.theme import Variant, make_theme

HERE = Path(__file__).resolve().parent
SAMPLES = [LDN, HERE / "content" / "blocks" / "table.yaml", HERE / "content" / "blocks" / "keypoints.yaml"]
VARIANTS = {
    "A5": Variant("A5"),
    "Letter": Variant("Letter"),
    "large-print A4": Variant(large=True),
    "large-print A5": Variant("A5", True),
    "large-print Letter": Variant("Letter", True),
    "clinic A4": Variant(clinic=True),
}


def laid_pages(path: Path, tmp_path: Path) -> dict[str, int]:
    """The pages the leaflet takes in A4 and each variant, laid out without a budget."""
    folder = tmp_path / path.stem
    (folder / "brands").mkdir(parents=True)
    shutil.copyfile(CONTENT / "brands" / "default.yaml", folder / "brands" / "default.yaml")
    shutil.copyfile(path, folder / path.name)
    leaflet = load_leaflet(folder / path.name)
    leaflet = replace(leaflet, meta=replace(leaflet.meta, pages=Budget(200)))
    fonts = load_fonts(leaflet.brand)
    out = {}
    for key, variant in {"A4": Variant(), **VARIANTS}.items():
        theme = make_theme(leaflet.brand, fonts, variant, leaflet.meta.title)
        out[key] = count_pages(lambda theme=theme: build_story(leaflet, theme, fonts), leaflet, key, most=200).pages
    return out


def starter(tmp_path: Path) -> Path:
    assert cli.main(["new", "a-new-leaflet", "--dir", str(tmp_path / "new")]) == 0
    return tmp_path / "new" / "a-new-leaflet.yaml"


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES] + ["starter"])
def test_the_measured_ratios_hold_on_the_sample_leaflets(name: str, tmp_path: Path) -> None:
    path = starter(tmp_path) if name == "starter" else next(p for p in SAMPLES if p.stem == name)
    pages = laid_pages(path, tmp_path)
    derived = Budget(pages["A4"])
    for key in VARIANTS:
        assert pages[key] <= derived[key], f"{name}: {key} takes {pages[key]} pages, derived budget {derived[key]}"


def test_one_page_budget_covers_large_print(build_text: BuildText, tmp_path: Path) -> None:
    blocks = [{"paragraph": f"Step {n}: take one tablet each morning with a glass of water. " * 12} for n in range(6)]
    result = build_text(leaflet_yaml(blocks, pages=3))
    assert result.leaflet.meta.pages.given == {}
    out = tmp_path / "large"
    assert cli.main(["build", str(result.leaflet.path), "--large-print", "-o", str(out)]) == 0
    large = PdfReader(out / f"{result.leaflet.name}-large-print.pdf")
    assert len(large.pages) > len(result.reader.pages), "large print should take more pages"
    assert len(large.pages) <= math.ceil(3 * budget.ratio("large-print A4"))


def test_new_then_make_builds_every_variant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`leaflet new NAME` then `make` (`leaflet build --all`), as the starter file promises."""
    (tmp_path / "content" / "brands").mkdir(parents=True)
    shutil.copyfile(CONTENT / "brands" / "default.yaml", tmp_path / "content" / "brands" / "default.yaml")
    shutil.copyfile(CONTENT / "clinics.yaml", tmp_path / "content" / "clinics.yaml")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["new", "my-leaflet"]) == 0
    assert cli.main(["build", "--all"]) == 0
    made = sorted(p.name for p in (tmp_path / "output").glob("my-leaflet*"))
    assert made == sorted(f"my-leaflet{s}" for s in (".pdf", "-large-print.pdf", "-print.pdf", "-booklet.pdf", ".txt"))


def test_the_budget_hint_suggests_the_leaflets_own_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = LDN.read_text(encoding="utf-8")
    given = "pages: {A4: 5, A5: 8, Letter: 6, large-print A4: 8, clinic A4: 6}"
    assert given in text
    (tmp_path / "brands").mkdir()
    shutil.copyfile(CONTENT / "brands" / "default.yaml", tmp_path / "brands" / "default.yaml")
    path = tmp_path / "ldn.yaml"
    laid = laid_pages(LDN, tmp_path / "laid")["large-print A4"]
    path.write_text(text.replace(given, f"pages: {{A4: 5, large-print A4: {laid - 1}}}"), encoding="utf-8")
    assert cli.main(["build", str(path), "--large-print", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"needs {laid} pages but its budget is {laid - 1};" in err
    assert "the large-print A4 budget is set by 'pages:'" in err
    assert f"pages: {{A4: 5, large-print A4: {laid}}}" in err


def test_a_derived_budget_names_its_ratio_and_the_hint_keeps_the_leaflets_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = LDN.read_text(encoding="utf-8")
    given = "pages: {A4: 5, A5: 8, Letter: 6, large-print A4: 8, clinic A4: 6}"
    laid = laid_pages(LDN, tmp_path / "laid")
    # The largest A4 budget whose derived large-print budget is too small for LDN.
    small = next(n for n in range(laid["A4"], 0, -1) if Budget(n)["large-print A4"] < laid["large-print A4"])
    (tmp_path / "brands").mkdir()
    shutil.copyfile(CONTENT / "brands" / "default.yaml", tmp_path / "brands" / "default.yaml")
    path = tmp_path / "ldn.yaml"
    path.write_text(text.replace(given, f"pages: {small}"), encoding="utf-8")
    assert cli.main(["build", str(path), "--large-print", "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"its budget is {Budget(small)['large-print A4']};" in err
    assert f"x {budget.ratio('large-print A4'):g}, the measured large-print A4 ratio" in err
    need, derived = laid["large-print A4"], Budget(small)["large-print A4"]
    # Layout stops one page past the budget: the hint is exact when that was the last page, else "or more".
    want = f"{{A4: {small}, large-print A4: {need}}}" if need == derived + 1 else f"{derived + 2}}} or more"
    assert want in err
