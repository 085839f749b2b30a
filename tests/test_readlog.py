"""What a job read, as the manifest records it (readlog.py): the digest of the bytes each loader
read, '' for a file read twice with different bytes, nothing outside a job."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from leaflet import readlog
from leaflet.errors import Where
from leaflet.fonts import BODY_STYLES, FONT_DIR, family
from leaflet.inputs import MAX_YAML, read_text


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_read_is_noted_with_the_digest_of_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("title: A\n", encoding="utf-8")
    with readlog.collecting() as reads:
        read_text(path, MAX_YAML, "a YAML file")
    assert reads == {str(path.resolve()): sha(b"title: A\n")}


def test_a_file_read_twice_with_other_bytes_matches_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    with readlog.collecting() as reads:
        for text in ("title: A\n", "title: B\n"):
            path.write_text(text, encoding="utf-8")
            read_text(path, MAX_YAML, "a YAML file")
    assert reads == {str(path.resolve()): ""}


def test_nothing_is_noted_outside_a_job(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("title: A\n", encoding="utf-8")
    assert not readlog.active()
    read_text(path, MAX_YAML, "a YAML file")
    with readlog.collecting() as reads:
        assert readlog.active()
    assert reads == {} and not readlog.active()


def test_a_font_family_notes_the_bytes_its_coverage_was_read_from(tmp_path: Path) -> None:
    """A family is read once a process: a later job is told the bytes that were read, even when
    the file has changed since (the process still sets text with what it read)."""
    name = "AtkinsonHyperlegible"
    for style in BODY_STYLES:
        shutil.copy(FONT_DIR / f"{name}-{style}.ttf", tmp_path)
    before = {
        str((tmp_path / f"{name}-{s}.ttf").resolve()): sha((tmp_path / f"{name}-{s}.ttf").read_bytes())
        for s in BODY_STYLES
    }
    found = family(name, tmp_path, Where.file("brand.yaml"), BODY_STYLES)
    with readlog.collecting() as first:
        assert found.cmap
        found.note_reads()
    (tmp_path / f"{name}-Regular.ttf").write_bytes(b"not the font that was read")
    with readlog.collecting() as later:
        found.note_reads()
    assert first == later == before


def test_a_face_is_parsed_from_the_bytes_its_coverage_and_digest_came_from(tmp_path: Path) -> None:
    """A font file saved between the family's read and the face's parse: the face set is the one read
    (and recorded), not the new file."""
    name = "ReadlogRaceFace"  # (ReportLab registers faces by name for the whole process)
    for style in BODY_STYLES:
        shutil.copy(FONT_DIR / f"AtkinsonHyperlegible-{style}.ttf", tmp_path / f"{name}-{style}.ttf")
    found = family(name, tmp_path, Where.file("brand.yaml"), BODY_STYLES)
    with readlog.collecting() as reads:
        assert found.cmap
        found.note_reads()
    shutil.copy(FONT_DIR / "NotoSans-Regular.ttf", tmp_path / f"{name}-Regular.ttf")  # saved meanwhile
    text = "Low-dose naltrexone and MS"
    width = pdfmetrics.stringWidth(text, found.regular, 12)
    atkinson = TTFont("ReadlogRaceAtkinson", str(FONT_DIR / "AtkinsonHyperlegible-Regular.ttf"))
    noto = TTFont("ReadlogRaceNoto", str(FONT_DIR / "NotoSans-Regular.ttf"))
    assert width == atkinson.stringWidth(text, 12) != noto.stringWidth(text, 12)
    assert reads[str((tmp_path / f"{name}-Regular.ttf").resolve())] == sha(
        (FONT_DIR / "AtkinsonHyperlegible-Regular.ttf").read_bytes()
    )
