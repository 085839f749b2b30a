"""An HTML, Markdown, Word (.docx) or FHIR ePI file -> leaflet YAML text (stage: import). `leaflet import` runs this.

Input: the path of the source and of the YAML to write. Output: `Imported`: the YAML text and
the notes (what was dropped, inferred or changed, each located in the source). The stages:
`readers` (a file -> HTML -> `tree`: located elements, code dropped; `markdown` makes HTML of
Markdown, `docx` of Word; `embedded` writes the pictures a .docx holds beside the YAML) -> `structure`
(-> parts) -> `mapping` (-> leaflet data; the one table of what maps to what) -> `meta` (the
`leaflet:` block, placeholders for what the source cannot say) -> `writer` (-> YAML text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from .. import fonts
from ..brand import load_brand
from ..errors import ContentError, FontError, Where
from ..record import record
from .embedded import Pictures, is_embedded
from .mapping import map_document
from .meta import leaflet_data
from .readers import READERS
from .structure import read_document
from .tree import Note
from .writer import write_yaml

DEFAULT_BRAND = Path(__file__).resolve().parents[2] / "content" / "brands" / "default.yaml"  # what imports name


@record
class Imported:
    yaml: str
    notes: list[Note]
    units: int  # headings, paragraphs, list items and table cells written


def import_file(path: Path, output: Path, today: dt.date) -> Imported:
    """Read `path` (HTML, Markdown, Word or FHIR ePI) and make the leaflet YAML to be written at `output`."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ContentError(
            f"cannot import '{path.suffix or path.name}' files",
            Where.file(path),
            hint="give an HTML (.html, .htm), Markdown (.md), Word (.docx) or FHIR ePI bundle (.json) file",
        )
    root, notes = reader.read(path)
    name = str(path)
    doc = read_document(root, name, notes)
    pictures = Pictures(output, doc.notes)

    def place(src: str, where: Where) -> str | None:
        return pictures.place(src, where) if is_embedded(src) else place_image(src, where, path, output, doc.notes)

    mapped = map_document(doc, place=place, check=undrawable())
    data, header, units = leaflet_data(doc, mapped, today)
    return Imported(write_yaml(data, header), doc.notes + mapped.notes, units)


def undrawable() -> Callable[[str], str]:
    """A check that names the first character the default brand's fonts cannot draw ("" if none)."""
    families = fonts.load_fonts(load_brand(DEFAULT_BRAND))
    where = Where.file(DEFAULT_BRAND)

    def check(text: str) -> str:
        try:
            families.check([(text, where)])
        except FontError as e:
            return e.message
        return ""

    return check


def place_image(src: str, where: Where, source: Path, output: Path, notes: list[Note]) -> str | None:
    """The image's path as the written YAML will name it, or None (said in a note) when it is not a local file."""
    if ":" in src.split("/", 1)[0] or src.startswith("//"):
        notes.append(Note(where, f"image '{src}' is not a local file: left out (download it and add an image block)"))
        return None
    found = (source.parent / src.split("?", 1)[0].split("#", 1)[0]).resolve()
    if not found.is_file():
        notes.append(Note(where, f"image '{src}' not found beside the source: left out"))
        return None
    try:
        return found.relative_to(output.parent.resolve()).as_posix()
    except ValueError:
        return str(found)


__all__ = ["Imported", "Note", "import_file"]
