"""The manifest of checked builds (manifest.py): a job is skipped only when every input, the fonts
folder's listing, every output and the tool itself are as they were when it was built and checked."""

from __future__ import annotations

import os
import shutil
import socket
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
    record.record(KEY, [source], {}, [fonts], [pdf], LINES)
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


def test_the_tool_digest_covers_every_file_of_the_package_but_its_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "leaflet"
    shutil.copytree(manifest.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(manifest, "PACKAGE", copy)

    def digest() -> str:
        return manifest.tool_digest.__wrapped__()  # past the cache, as each new process is

    first = digest()
    assert len(first) == 64 and first == manifest.tool_digest.__wrapped__()
    (copy / "checks" / "__pycache__").mkdir(exist_ok=True)
    (copy / "checks" / "__pycache__" / "core.cpython-311.pyc").write_bytes(b"stale")
    assert digest() == first
    nested = copy / "checks" / "core.py"
    nested.write_bytes(nested.read_bytes() + b"\n")
    edited = digest()
    assert edited != first
    (copy / "preview" / "page.css").rename(copy / "preview" / "other.css")
    assert digest() not in (first, edited)


def test_the_tool_digest_passes_over_what_is_not_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Emacs marks a file being edited with a dangling link beside it (`.#name.py`); a build still runs."""
    copy = tmp_path / "leaflet"
    shutil.copytree(manifest.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(manifest, "PACKAGE", copy)
    first = manifest.tool_digest.__wrapped__()
    (copy / ".#manifest.py").symlink_to("someone@host.1234:1700000000")
    os.mkfifo(copy / "checks" / "pipe")
    assert manifest.tool_digest.__wrapped__() == first
    with socket.socket(socket.AF_UNIX) as listening:  # a socket someone left in the package
        listening.bind(str(copy / "preview" / "sock"))
        assert manifest.tool_digest.__wrapped__() == first
    (copy / "checks" / "pipe").unlink()
    (copy / "checks" / "pipe").write_bytes(b"# a file now\n")
    assert manifest.tool_digest.__wrapped__() != first


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
    other.record("booklet:content/x.yaml", [source], {}, [fonts], [pdf], ["booklet line"])
    other.save()
    assert Manifest.load(out).unchanged(KEY) == LINES
    assert Manifest.load(out).unchanged("booklet:content/x.yaml") == ["booklet line"]
