"""The manifest of checked builds (manifest.py): a job is skipped only when every input, the fonts
folder's listing, every output and the tool itself are as they were when it was built and checked."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from leaflet import manifest
from leaflet.manifest import NAME, Manifest

KEY = "A4:content/x.yaml"
LINES = ["output/x.pdf  5 pages  A4  checks 11/11 ok"]


def recorded(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """A recorded job: (output folder, an input, a folder whose listing counts, an output)."""
    out, fonts = tmp_path / "out", tmp_path / "fonts"
    out.mkdir()
    fonts.mkdir()
    source, pdf = tmp_path / "x.yaml", out / "x.pdf"
    source.write_text("title: x\n", encoding="utf-8")
    (fonts / "Body-Regular.ttf").write_bytes(b"font")
    pdf.write_bytes(b"%PDF-1.3 checked")
    record = Manifest(out)
    record.record(KEY, [source], [fonts], [pdf], LINES)
    record.save()
    return out, source, fonts, pdf


def test_an_unchanged_job_gives_back_its_lines(tmp_path: Path) -> None:
    out, *_ = recorded(tmp_path)
    assert Manifest.load(out).unchanged(KEY) == LINES
    assert Manifest.load(out).unchanged("another job") is None


def bump_mtime(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


CHANGES: dict[str, Callable[[Path, Path, Path], None]] = {
    "input edited": lambda source, fonts, pdf: source.write_text("title: y\n", encoding="utf-8"),
    "input removed": lambda source, fonts, pdf: source.unlink(),
    "font added": lambda source, fonts, pdf: (fonts / "Body-Bold.ttf").write_bytes(b"bold"),
    "output removed": lambda source, fonts, pdf: pdf.unlink(),
    "output rewritten": lambda source, fonts, pdf: pdf.write_bytes(b"%PDF-1.3 edited!"),
    "output touched": lambda source, fonts, pdf: bump_mtime(pdf),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_rebuilds(change: str, tmp_path: Path) -> None:
    out, source, fonts, pdf = recorded(tmp_path)
    CHANGES[change](source, fonts, pdf)
    assert Manifest.load(out).unchanged(KEY) is None


def test_another_tool_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out, *_ = recorded(tmp_path)
    monkeypatch.setattr(manifest, "tool_digest", lambda: "another version of leaflet")
    assert Manifest.load(out).unchanged(KEY) is None


def test_the_tool_digest_covers_every_module() -> None:
    modules = sorted(p for p in manifest.PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
    assert manifest.PACKAGE / "manifest.py" in modules and len(modules) > 50
    assert len(manifest.tool_digest()) == 64


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"format": 99, "jobs": {}}', '{"format": 1, "jobs": []}'])
def test_a_broken_or_foreign_record_is_an_empty_one(text: str, tmp_path: Path) -> None:
    (tmp_path / NAME).write_text(text, encoding="utf-8")
    assert Manifest.load(tmp_path).jobs == {}


def test_a_malformed_entry_rebuilds(tmp_path: Path) -> None:
    out, *_ = recorded(tmp_path)
    record = Manifest.load(out)
    record.jobs[KEY]["inputs"] = ["not", "a", "mapping"]
    assert record.unchanged(KEY) is None


def test_saving_keeps_the_jobs_another_build_recorded(tmp_path: Path) -> None:
    out, source, fonts, pdf = recorded(tmp_path)
    other = Manifest(out)
    other.record("booklet:content/x.yaml", [source], [fonts], [pdf], ["booklet line"])
    other.save()
    assert Manifest.load(out).unchanged(KEY) == LINES
    assert Manifest.load(out).unchanged("booklet:content/x.yaml") == ["booklet line"]
