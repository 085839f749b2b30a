"""Reading input files: a folder, pipe or device named as YAML, an oversized or unreadable file.

Each is refused with one message naming the path and a hint (exit 2), before any reading that
could hang or exhaust memory. The hostile ones run the CLI in a subprocess with a memory cap and
a timeout, so a regression fails its test instead of stalling the suite.
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import capped
import pytest
from conftest import DEFAULT_BRAND, LDN, leaflet_yaml, write_leaflet_dir

from leaflet import cli
from leaflet.brand import load_brand
from leaflet.errors import ContentError, FontError
from leaflet.fonts import load_fonts
from leaflet.inputs import MAX_YAML, read_capped

MEMORY = 1024**3
TIMEOUT = 60


def leaflet_cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return capped.run(["-m", "leaflet", *args], MEMORY, TIMEOUT, cwd)


def assert_refused(run: subprocess.CompletedProcess[str], path: Path | str, message: str) -> None:
    lines = run.stderr.splitlines()
    assert run.returncode == 2, run.stderr
    assert lines and lines[0] == f"{path}: {message}", run.stderr
    assert len(lines) == 2 and lines[1].startswith("  hint: "), run.stderr
    assert "Traceback" not in run.stderr


def special(kind: str, path: Path) -> Path:
    """Make a folder or a named pipe at `path` (or name the zero device)."""
    if kind == "a folder":
        path.mkdir()
    elif kind == "a named pipe":
        os.mkfifo(path)
    else:
        return Path("/dev/zero")
    return path


KINDS = ["a folder", "a named pipe", "a device"]


@pytest.mark.parametrize("kind", KINDS)
def test_leaflet_that_is_not_a_file(kind: str, tmp_path: Path) -> None:
    path = special(kind, tmp_path / "leaflet.yaml")
    run = leaflet_cli("build", path, "-o", tmp_path / "out", cwd=tmp_path)
    assert_refused(run, path, f"is {kind}, not a file")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_clinics_file_that_is_not_a_file(kind: str, tmp_path: Path) -> None:
    path = special(kind, tmp_path / "clinics.yaml")
    run = leaflet_cli("build", LDN, "--all-clinics", "--clinics", path, "-o", tmp_path / "out", cwd=tmp_path)
    assert_refused(run, path, f"is {kind}, not a file")


@pytest.mark.parametrize("kind", KINDS[:2])
def test_brand_that_is_not_a_file(kind: str, tmp_path: Path) -> None:
    leaflet = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": "Text."}]))
    brand = leaflet.parent / "brands" / "default.yaml"
    brand.unlink()
    special(kind, brand)
    run = leaflet_cli("build", leaflet, "-o", tmp_path / "out", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith(f"{leaflet}:"), run.stderr  # located at the leaflet's brand line
    assert f"'{brand}'" in run.stderr.splitlines()[0]
    assert "Traceback" not in run.stderr


def test_oversized_leaflet_is_refused_unread(tmp_path: Path) -> None:
    text = leaflet_yaml([{"paragraph": "Text."}])
    path = write_leaflet_dir(tmp_path, text + "#" * (MAX_YAML - len(text.encode())) + "\n")
    assert path.stat().st_size == MAX_YAML + 1
    run = leaflet_cli("build", path, "-o", tmp_path / "out", cwd=tmp_path)
    assert_refused(run, path, f"the file is larger than {MAX_YAML // 1024**2} MiB")


def test_cap_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"a: 1\n" * 4)
    size = path.stat().st_size
    assert read_capped(path, size, "a YAML file") == path.read_bytes()
    with pytest.raises(ContentError, match="larger than"):
        read_capped(path, size - 1, "a YAML file")


@pytest.fixture
def deny_reads(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a file unreadable: by its mode and, for root (whom modes do not stop), by the kernel's answer."""

    def deny(path: Path) -> None:
        path.chmod(0)
        if os.geteuid() == 0:
            real_open = os.open

            def fake_open(p: str | Path, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
                if Path(p) == path:
                    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(p))
                return real_open(p, flags, mode, dir_fd=dir_fd)

            monkeypatch.setattr(os, "open", fake_open)

    return deny


def test_unreadable_leaflet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], deny_reads: Callable[[Path], None]
) -> None:
    path = write_leaflet_dir(tmp_path, leaflet_yaml([{"paragraph": "Text."}]))
    deny_reads(path)
    status = cli.main(["build", str(path), "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 2
    assert err == f"{path}: cannot read: Permission denied\n  hint: check the file's permissions\n"


@pytest.mark.parametrize("kind", KINDS[:2])
def test_font_that_is_not_a_file(kind: str, tmp_path: Path) -> None:
    brand = load_brand(DEFAULT_BRAND)
    for style in ("Regular", "Bold", "Italic", "BoldItalic"):
        (tmp_path / f"{brand.body_font}-{style}.ttf").write_bytes(b"")
    face = tmp_path / f"{brand.body_font}-Regular.ttf"
    face.unlink()
    special(kind, face)
    with pytest.raises(FontError, match=f"font file {face.name} is missing"):
        load_fonts(brand, tmp_path)
