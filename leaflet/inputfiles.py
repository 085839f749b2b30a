"""A loaded leaflet -> every file its build reads (stage: inputs, for watching and manifests).

Input: a `model.Leaflet` (as `content.load_leaflet` returns it: its brand and pictures are
loaded, so each named file was found and read), and optionally the clinics file the build uses
with the clinics loaded from it. Output: a sorted tuple of `Input` (absolute path, kind), one per
file: the leaflet YAML, its brand file, the brand's logo, the TTF file of each weight of each of
the brand's font families (as `fonts.load_fonts` finds them), every image of the content, and the
clinics file with each clinic's logo.

`leaflet preview` and `leaflet build --watch` watch these files; incremental builds (issue 11)
can hash them into a manifest. The files come from the loaded model, not from a second reading of
the YAML, so the list is exactly what the build used.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path

from .images import ImageFile
from .model import Clinic, Leaflet, Picture

KINDS = ("leaflet", "brand", "logo", "font", "image", "clinics", "clinic logo")


@dataclass(frozen=True, order=True)
class Input:
    """One file a build reads: its absolute path and what it is (one of KINDS)."""

    path: Path
    kind: str


def inputs_of(
    leaflet: Leaflet, clinics_file: Path | None = None, clinics: Mapping[str, Clinic] | None = None
) -> tuple[Input, ...]:
    """Every file building `leaflet` reads (with `clinics_file` and its `clinics` when it uses them)."""
    brand = leaflet.brand
    found = [Input(absolute(leaflet.path), "leaflet"), Input(absolute(Path(brand.where.path)), "brand")]
    if brand.logo:
        found.append(Input(picture_path(brand.logo), "logo"))
    found += [Input(path, "font") for path in font_files(leaflet)]
    found += [Input(picture_path(p), "image") for p in pictures(leaflet.sections)]
    if clinics_file is not None:
        found.append(Input(absolute(clinics_file), "clinics"))
        found += [Input(picture_path(c.logo), "clinic logo") for c in (clinics or {}).values() if c.logo]
    return tuple(sorted(set(found)))


def absolute(path: Path) -> Path:
    return path.resolve()


def picture_path(picture: Picture) -> Path:
    """The file a picture was read from (relative to the YAML file that names it)."""
    return ImageFile(picture.name, picture.where, "").path


def font_files(leaflet: Leaflet) -> list[Path]:
    """The TTF files of the brand's families: each weight the family has a file for."""
    from .fonts import load_fonts  # (ReportLab's font machinery: not for a clinics file's survey, ahead.py)

    fonts = load_fonts(leaflet.brand)
    return [family.path(style).resolve() for family in fonts.families for style in family.styles]


def pictures(node: object) -> Iterator[Picture]:
    """Every Picture inside a model value: sections, blocks, and blocks nested in blocks."""
    if isinstance(node, Picture):
        yield node
    elif isinstance(node, tuple | list):
        for item in node:
            yield from pictures(item)
    elif is_dataclass(node) and not isinstance(node, type):
        for f in fields(node):
            yield from pictures(getattr(node, f.name))
