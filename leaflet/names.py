"""The names of files the tool looks for (light: the command line's parser and the no-op check use them)."""

from __future__ import annotations

from pathlib import Path

CLINICS_FILE = "clinics.yaml"  # the clinics file looked up beside a leaflet


def leaflet_files(folder: str | Path) -> list[Path]:
    """The leaflets in a content folder: every *.yaml but the clinics file (brands live in brands/)."""
    return [p for p in sorted(Path(folder).glob("*.yaml")) if p.name != CLINICS_FILE]
