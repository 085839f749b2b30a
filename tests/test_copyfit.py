"""Copyfitting (issue 9): `fit: true` steps the type down until the leaflet fits its budget.

The sizes are read back from the PDF; the leaflet that overflows "by a little" is found by
laying it out, so the case holds whatever the layout's exact figures are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import leaflet_yaml, model, write_leaflet_dir
from pypdf import PdfReader

from leaflet import cli
from leaflet.content import load_leaflet
from leaflet.copyfit import STEP
from leaflet.fonts import load_fonts
from leaflet.layout import build_story
from leaflet.pagescan import scan
from leaflet.render import count_pages
from leaflet.textmatch import normalise
from leaflet.theme import MIN_TEXT_PT, Variant, make_theme

PARAGRAPH = "Take one tablet each morning with food, and drink a full glass of water with it. " * 5


def pages_at(path: Path, pt: float = 0, variant: Variant | None = None) -> int:
    """Pages the leaflet takes at body size `pt` (0: the variant's own), laid out past any budget."""
    leaflet = load_leaflet(path)
    fonts = load_fonts(leaflet.brand)
    theme = make_theme(leaflet.brand, fonts, variant, leaflet.meta.title, bool(leaflet.draft), pt)
    return count_pages(lambda: build_story(leaflet, theme, fonts), leaflet, (variant or Variant()).key, most=50).pages


def written(folder: Path, paragraphs: int, **meta: object) -> Path:
    blocks = [{"paragraph": f"{n + 1}. {PARAGRAPH}"} for n in range(paragraphs)]
    return write_leaflet_dir(folder, leaflet_yaml(blocks, pages=2, **meta))


def just_over(tmp_path: Path) -> Path:
    """A two-page-budget leaflet with the fewest paragraphs that overflow at the nominal size."""
    for n in range(4, 40):
        path = written(tmp_path / f"n{n}", n, fit="true")
        if pages_at(path) > 2:
            return path
    raise AssertionError("no paragraph count overflows two pages")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def sizes(reader: PdfReader, words: str) -> set[float]:
    return {
        round(f.size, 2)
        for p in model(reader).pages
        for f in scan(p).fragments
        if normalise(words) in normalise(f.text)
    }


def test_a_leaflet_a_little_over_fits_at_the_largest_size_that_fits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = just_over(tmp_path)
    nominal = Variant().body_pt
    status, out, err = run(["build", str(path), "-o", str(tmp_path / "out")], capsys)
    assert status == 0, err
    pt = float(out.split("type fitted to ")[1].split(" pt")[0])
    assert MIN_TEXT_PT <= pt < nominal
    assert pages_at(path, pt) <= 2 < pages_at(path, pt + STEP), "not the largest size that fits"
    reader = PdfReader(tmp_path / "out" / f"{path.stem}.pdf")
    assert len(reader.pages) <= 2
    assert sizes(reader, "Take one tablet each morning") == {pt}  # the body, read back
    about = normalise(" ".join(p.extract_text() for p in reader.pages))
    assert normalise(f"Set in {pt:g} pt type, fitted to its page budget.") in about
    checks = out.split("checks ")[1].split()[0]
    assert checks.split("/")[0] == checks.split("/")[1], out


def test_the_fit_option_does_the_same_for_a_leaflet_without_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = just_over(tmp_path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("  fit:")), encoding="utf-8")
    assert not load_leaflet(path).meta.fit
    status, _, err = run(["build", str(path), "-o", str(tmp_path / "plain")], capsys)
    assert status == 2 and "needs 3 pages but its budget is 2" in err
    status, out, err = run(["build", "--fit", str(path), "-o", str(tmp_path / "fit")], capsys)
    assert status == 0 and "type fitted to " in out, err


@pytest.mark.parametrize(("args", "floor", "name"), [([], 12, ""), (["--large-print"], 16, " for large print")])
def test_a_leaflet_that_never_fits_names_the_floor(
    args: list[str], floor: float, name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = written(tmp_path, 30, fit="true")
    status, out, err = run(["build", str(path), *args, "-o", str(tmp_path / "out")], capsys)
    assert status == 2 and out == ""
    section = next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "heading:" in line)
    first = err.splitlines()[0]
    assert first.startswith(f"{path}:{section}:"), first
    assert f"even at {floor:g} pt, the clear-print floor{name} ('fit' goes no smaller), the leaflet needs" in first
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_fit_must_be_true_or_false(tmp_path: Path) -> None:
    path = written(tmp_path, 1, fit="yes please")
    with pytest.raises(Exception, match="'fit' must be true or false"):
        load_leaflet(path)


def test_check_reads_a_fitted_pdf_back_against_its_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = just_over(tmp_path)
    assert cli.main(["build", str(path), "-o", str(tmp_path / "out")]) == 0
    pdf = tmp_path / "out" / f"{path.stem}.pdf"
    capsys.readouterr()
    status, out, _ = run(["check", str(pdf), "--content", str(path)], capsys)
    assert status == 0, out
