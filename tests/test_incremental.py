"""Incremental builds (issue 11): `leaflet build` skips a job whose inputs and outputs are as its last
checked build left them, prints its lines again marked unchanged, and rebuilds on any change of any
kind of input: the leaflet, its brand, the brand's logo, an image, a font, the clinics file, a
clinic's logo, the tool itself, or the output. `--force` rebuilds."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import leaflet_yaml, write_leaflet_dir
from PIL import Image

from leaflet import cli, jobs, manifest
from leaflet.build import Built
from leaflet.incremental import UNCHANGED
from leaflet.manifest import NAME

Run = Callable[..., tuple[int, list[str]]]
CLINICS = """clinics:
  - id: north
    name: North Clinic
    address: 1 North Road
    phone: "+64 9 000 0001"
    logo: north.png
"""


def png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), colour).save(buf, format="PNG")
    return buf.getvalue()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A leaflet with an image, a brand with a logo, and a clinics file with a clinic's logo."""
    image = {"image": {"file": "pixel.png", "alt": "A plain square", "width": 30}}
    path = write_leaflet_dir(
        tmp_path / "src",
        leaflet_yaml([{"paragraph": "Some words to build."}, image]),
        files={"pixel.png": png((200, 40, 40)), "north.png": png((40, 40, 200)), "logo.png": png((40, 160, 40))},
    )
    brand = path.parent / "brands" / "default.yaml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("  # logo: logo.png", "  logo: ../logo.png"), "utf-8")
    (path.parent / "clinics.yaml").write_text(CLINICS, encoding="utf-8")
    return path


@pytest.fixture
def run(source: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    def go(*extra: str) -> tuple[int, list[str]]:
        argv = ["build", str(source), "-o", str(source.parent.parent / "out"), "--large-print", "--all-clinics"]
        status = cli.main([*argv, *extra])
        out, err = capsys.readouterr()
        assert status == 0, err
        return status, out.splitlines()

    return go


def skipped(lines: list[str]) -> list[bool]:
    return [line.endswith(UNCHANGED) for line in lines]


def test_a_second_build_skips_both_jobs_and_touches_nothing(run: Run, source: Path) -> None:
    _, first = run()
    out = source.parent.parent / "out"
    pdfs = {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")}
    assert len(first) == 2 and not any(skipped(first))  # the large-print leaflet and the one clinic
    _, second = run()
    assert skipped(second) == [True, True]
    assert [line.removesuffix(UNCHANGED) for line in second] == first
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.pdf")} == pdfs


def brand_of(source: Path) -> Path:
    return source.parent / "brands" / "default.yaml"


EDITS: dict[str, tuple[Callable[[Path], None], list[bool]]] = {
    # what changes -> which jobs (the large-print leaflet, the clinic batch) are then skipped
    "leaflet": (lambda s: s.write_text(s.read_text("utf-8").replace("Some words", "Other words"), "utf-8"), [0, 0]),
    "brand": (lambda s: brand_of(s).write_text(brand_of(s).read_text("utf-8") + "\n", "utf-8"), [0, 0]),
    "brand logo": (lambda s: (s.parent / "logo.png").write_bytes(png((10, 90, 10))), [0, 0]),
    "image": (lambda s: (s.parent / "pixel.png").write_bytes(png((90, 10, 10))), [0, 0]),
    "clinics file": (lambda s: (s.parent / "clinics.yaml").write_text(CLINICS + "\n", "utf-8"), [1, 0]),
    "clinic logo": (lambda s: (s.parent / "north.png").write_bytes(png((10, 10, 90))), [1, 0]),
    "output": (lambda s: (s.parent.parent / "out" / "test-leaflet-large-print.pdf").unlink(), [0, 1]),
}


@pytest.mark.parametrize("what", sorted(EDITS))
def test_a_changed_input_is_never_skipped(what: str, run: Run, source: Path) -> None:
    run()
    edit, expected = EDITS[what]
    edit(source)
    _, lines = run()
    assert skipped(lines) == [bool(e) for e in expected]
    _, again = run()
    assert skipped(again) == [True, True]


def test_a_changed_font_is_never_skipped(run: Run, source: Path) -> None:
    """The fonts are the repository's own, so the test changes what the record says of one: a font
    whose bytes differ from those recorded rebuilds every job that set text in it."""
    run()
    path = source.parent.parent / "out" / NAME
    record = json.loads(path.read_text(encoding="utf-8"))
    body = "AtkinsonHyperlegible-Regular.ttf"
    fonts = [p for job in record["jobs"].values() for p in job["inputs"] if p.endswith(body)]
    assert len(fonts) == 2  # each job recorded the body font it set text in
    for job in record["jobs"].values():
        job["inputs"][fonts[0]] = "0" * 64
    path.write_text(json.dumps(record), encoding="utf-8")
    _, lines = run()
    assert skipped(lines) == [False, False]


def test_another_tool_rebuilds_everything(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run()
    monkeypatch.setattr(manifest, "tool_digest", lambda: "a later version of leaflet")
    _, lines = run()
    assert skipped(lines) == [False, False]


def test_force_rebuilds_and_other_options_are_other_jobs(run: Run) -> None:
    run()
    _, forced = run("--force")
    assert skipped(forced) == [False, False]
    _, fitted = run("--fit")
    assert skipped(fitted) == [False, False]
    _, back = run()  # the files are now the --fit build's: building without it again is not a no-op
    assert skipped(back) == [False, False]
    _, again = run()
    assert skipped(again) == [True, True]


@pytest.mark.parametrize("what", sorted(set(EDITS) - {"output"}))
def test_an_input_saved_while_its_build_runs_is_built_again(
    what: str, run: Run, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An author saves a file just after the build read it: the record must hold what the build
    read, not the file as it is once the build is done, or the next build would skip it. The two
    jobs run one after the other (-j 1), and the file is saved once both have read it."""
    edit, expected = EDITS[what]
    original = jobs.read_by
    finished: list[Path] = []

    def saved_meanwhile(made: list[Built], file: Path, reads: dict[str, str]) -> list[Path]:
        finished.append(file)
        if len(finished) == 2:  # the second job is built: both read the file as it was
            edit(source)
        return original(made, file, reads)

    monkeypatch.setattr(jobs, "read_by", saved_meanwhile)
    run("-j", "1")
    assert len(finished) == 2
    monkeypatch.setattr(jobs, "read_by", original)
    _, lines = run()
    assert skipped(lines) == [bool(e) for e in expected]
    _, again = run()
    assert skipped(again) == [True, True]


@pytest.mark.parametrize(
    "text", ["Some words to build.", "A word in Greek: \u03b1\u03bd\u03ac\u03c0\u03b1\u03c5\u03c3\u03b7."]
)
def test_a_font_is_an_input_when_its_family_was_read(tmp_path: Path, text: str) -> None:
    """The record lists the body font's files, and a fallback family's only when a character of the
    leaflet needs it (derived from the fonts' own cmaps), each with the digest of its bytes. The
    build runs in a process of its own, so no family was read before it."""
    from leaflet.coverage import code_points
    from leaflet.fonts import FONT_DIR

    source = write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": text}]))
    out = tmp_path / "out"
    probe = "import sys; from leaflet import cli; sys.exit(cli.main(['build', sys.argv[1], '-o', sys.argv[2]]))"
    done = subprocess.run(
        [sys.executable, "-c", probe, str(source), str(out)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    (job,) = json.loads((out / NAME).read_text(encoding="utf-8"))["jobs"].values()
    recorded = {Path(p).name: digest for p, digest in job["inputs"].items() if p.endswith(".ttf")}
    body = code_points((FONT_DIR / "AtkinsonHyperlegible-Regular.ttf").read_bytes())
    greek = code_points((FONT_DIR / "NotoSans-Regular.ttf").read_bytes())
    needs_noto = any(ord(ch) not in body and ord(ch) in greek for ch in text)
    families = ["AtkinsonHyperlegible", *(["NotoSans"] if needs_noto else [])]
    files = [f"{name}-{style}.ttf" for name in families for style in ("Bold", "Regular")]
    assert recorded == {name: hashlib.sha256((FONT_DIR / name).read_bytes()).hexdigest() for name in files}
    assert str(FONT_DIR.resolve()) in job["folders"]  # a font added or removed rebuilds
