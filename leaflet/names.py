"""The names of files the tool looks for (light: the command line's parser and the no-op check use them)."""

from __future__ import annotations

from pathlib import Path

from .errors import ContentError, Where

CLINICS_FILE = "clinics.yaml"  # the clinics file looked up beside a leaflet


def leaflet_files(folder: str | Path) -> list[Path]:
    """The leaflets in a content folder: every *.yaml but the clinics file (brands live in brands/)."""
    return [p for p in sorted(Path(folder).glob("*.yaml")) if p.name != CLINICS_FILE]


def one_per_name(files: list[Path]) -> list[Path]:
    """The leaflet files of a build, each once; two different files of one name are refused.

    A leaflet's outputs are named after its file (NAME.pdf, clinics/ID/NAME.pdf), so two files
    called NAME.yaml in different folders would overwrite each other's PDFs, and the record of
    the last checked build (manifest.py) would call one of them unchanged while it holds the other.
    """
    seen: dict[str, Path] = {}
    out: list[Path] = []
    for file in files:
        first = seen.setdefault(file.stem, file)
        if first is file:
            out.append(file)
        elif first.resolve() != file.resolve():
            raise ContentError(
                f"'{first}' and '{file}' are both the leaflet '{file.stem}': their PDFs would overwrite each other",
                Where.file(file),
                hint="rename one of them, or build each into its own folder with -o",
            )
    return out
