"""inputfiles.inputs_of: every file a build reads, by kind, from the loaded leaflet (issue 10)."""

from __future__ import annotations

from pathlib import Path

import yaml
from imagefiles import plain

from leaflet.clinics import load_clinics
from leaflet.content import load_leaflet
from leaflet.fonts import FONT_DIR
from leaflet.inputfiles import KINDS, Input, inputs_of
from tests.conftest import leaflet_yaml, write_leaflet_dir

PNG = plain("RGB", (40, 30), (20, 90, 160)).data
CLINICS = """\
clinics:
  - id: north
    name: North Clinic
    address: 1 Example Street
    phone: "+64 9 000 0001"
    logo: north-logo.png
  - id: south
    name: South Clinic
    address: 2 Example Street
    phone: "+64 9 000 0002"
"""


def leaflet_with_everything(folder: Path) -> Path:
    """A leaflet with two images (one in a subfolder), a brand with a logo, an unused image beside them."""
    images = [{"image": {"file": "figure-a.png", "alt": "A blue square"}}, {"paragraph": "Between the two."}]
    text = leaflet_yaml([*images, {"image": {"file": "pictures/figure-b.png", "alt": "Another"}}])
    path = write_leaflet_dir(folder, text, files={"figure-a.png": PNG, "unused.png": PNG, "north-logo.png": PNG})
    (folder / "pictures").mkdir()
    (folder / "pictures" / "figure-b.png").write_bytes(PNG)
    brand = folder / "brands" / "default.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("# logo: logo.png", "logo: logo.png"), encoding="utf-8")
    (folder / "brands" / "logo.png").write_bytes(PNG)
    (folder / "clinics.yaml").write_text(CLINICS, encoding="utf-8")
    return path


def italics() -> set[Path]:
    """The italic faces in fonts/: clear print forbids italics, so no build reads them."""
    return {p.resolve() for p in FONT_DIR.glob("*Italic.ttf")}


def by_kind(inputs: tuple[Input, ...]) -> dict[str, set[Path]]:
    found: dict[str, set[Path]] = {kind: set() for kind in KINDS}
    for i in inputs:
        found[i.kind].add(i.path)
    return found


def test_each_kind_of_input_is_listed_once_with_its_absolute_path(tmp_path: Path) -> None:
    path = leaflet_with_everything(tmp_path)
    clinics = load_clinics(tmp_path / "clinics.yaml")
    inputs = inputs_of(load_leaflet(path), tmp_path / "clinics.yaml", clinics)
    found = by_kind(inputs)
    brand_file = (tmp_path / "brands" / "default.yaml").resolve()
    fonts = yaml.safe_load(brand_file.read_text(encoding="utf-8"))["brand"]["fonts"]
    families = [fonts["body"], *fonts["fallback"]]
    expected_fonts = {p.resolve() for family in families for p in FONT_DIR.glob(f"{family}-*.ttf")} - italics()
    assert found == {
        "leaflet": {path.resolve()},
        "brand": {brand_file},
        "logo": {(tmp_path / "brands" / "logo.png").resolve()},
        "font": expected_fonts,
        "image": {(tmp_path / "figure-a.png").resolve(), (tmp_path / "pictures" / "figure-b.png").resolve()},
        "clinics": {(tmp_path / "clinics.yaml").resolve()},
        "clinic logo": {(tmp_path / "north-logo.png").resolve()},
    }
    assert {p.name.rsplit("-", 1)[0] for p in expected_fonts} == set(families)
    assert all(i.path.is_file() for i in inputs)
    assert len(inputs) == len({i.path for i in inputs}) and list(inputs) == sorted(inputs)


def test_without_clinics_the_clinics_file_and_its_logos_are_not_inputs(tmp_path: Path) -> None:
    path = leaflet_with_everything(tmp_path)
    found = by_kind(inputs_of(load_leaflet(path)))
    assert found["clinics"] == found["clinic logo"] == set()
    assert (tmp_path / "unused.png").resolve() not in {p for paths in found.values() for p in paths}


def test_a_leaflet_without_images_or_logo_reads_its_yaml_brand_and_fonts(tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": "Just words."}]))
    found = by_kind(inputs_of(load_leaflet(path)))
    assert found["leaflet"] == {path.resolve()}
    assert found["brand"] == {(tmp_path / "brands" / "default.yaml").resolve()}
    assert found["image"] == found["logo"] == set()
    assert found["font"] and all(p.parent == FONT_DIR.resolve() for p in found["font"])
