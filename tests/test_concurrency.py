"""Builds running at once into one output name: every success leaves a valid, checked PDF there.

Two leaflets with the same file name in different folders (so the same target, OUT/NAME.pdf)
are built in pairs of processes started together, over and over; so is one leaflet twice. After
each pair the target must be byte for byte one of the two checked builds and pass `check --content`
for it, every process must have succeeded without a traceback, and no temporary file may remain.
How often two processes collide depends on the machine's load, so two in-process tests add the
races processes make only sometimes: threads publishing at once (with the old fixed temp name,
about 1 write in 15 failed there), and the worst interleaving made on purpose.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import capped
import pytest
from conftest import leaflet_yaml, write_leaflet_dir

from leaflet.build import build, check
from leaflet.manifest import NAME as RECORD
from leaflet.publish import publish

NAME = "same-name"
PAIRS = 20  # pairs of different content; the same leaflet runs PAIRS // 2 pairs more
MEMORY = 2 * 1024**3  # per build process: a runaway build fails its test, not the machine
TIMEOUT = 120


def two_versions(root: Path) -> tuple[Path, Path]:
    """Two leaflets with one file name in two folders, differing in title and text (and so in length)."""
    paths = []
    for version, words in (("first", 1), ("second", 40)):
        blocks = [{"paragraph": f"This is the {version} version of the leaflet. " + "More words. " * words}]
        paths.append(write_leaflet_dir(root / version, leaflet_yaml(blocks, title=f"The {version} version"), NAME))
    return paths[0], paths[1]


def race(sources: tuple[Path, Path], out: Path) -> list[subprocess.CompletedProcess[str]]:
    """Start one build of each source at the same moment into `out`; wait for both."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "leaflet", "build", str(path), "-o", str(out), "--force"],  # each a real build
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=capped.limit(MEMORY),
        )
        for path in sources
    ]
    done = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr))
    return done


def assert_succeeded(run: subprocess.CompletedProcess[str], target: Path) -> None:
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    claim = re.fullmatch(rf"{re.escape(str(target))}  .*  checks (\d+)/(\d+) ok\n", run.stdout)
    assert claim and claim[1] == claim[2], run.stdout


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> dict[bytes, Path]:
    """Each version's checked PDF bytes (built alone, in-process) -> its source file."""
    root = tmp_path_factory.mktemp("versions")
    sources = two_versions(root)
    made = {build(path, root / f"alone-{path.parent.name}").path.read_bytes(): path for path in sources}
    assert len(made) == 2, "the two versions must make different PDFs"
    return made


def test_different_content_to_one_target(versions: dict[bytes, Path], tmp_path: Path) -> None:
    sources = tuple(versions.values())
    assert len(sources) == 2
    out = tmp_path / "out"
    target = out / f"{NAME}.pdf"
    for _ in range(PAIRS):
        for run in race((sources[0], sources[1]), out):
            assert_succeeded(run, target)
        data = target.read_bytes()
        assert data in versions, "the PDF in place is neither version as checked"
        report = check(target, versions[data])
        assert report.ok, report.text()
        assert sorted(p for p in out.iterdir() if p.name != RECORD) == [target], "a temporary file was left behind"


def test_same_leaflet_twice_at_once(versions: dict[bytes, Path], tmp_path: Path) -> None:
    (data, path), *_ = versions.items()
    out = tmp_path / "out"
    target = out / f"{NAME}.pdf"
    for _ in range(PAIRS // 2):
        for run in race((path, path), out):
            assert_succeeded(run, target)
        assert target.read_bytes() == data
        assert sorted(p for p in out.iterdir() if p.name != RECORD) == [target], "a temporary file was left behind"
    assert check(target, path).ok


def test_writers_racing_in_threads(tmp_path: Path) -> None:
    """Finer interleaving than processes give: two threads publish different bytes to one name 100 times
    each while a third reads it. Every publish succeeds and every read sees one version whole.
    (With the old fixed temp name, about 1 write in 15 failed here and some reads saw a mixed file.)"""
    target = tmp_path / "x.pdf"
    versions = (b"%PDF-first " * 20_000, b"%PDF-second " * 8_000)  # different lengths, as two leaflets
    publish(target, versions[0])
    errors: list[BaseException] = []
    seen: list[bytes] = []
    done = threading.Event()

    def write(data: bytes) -> None:
        for _ in range(100):
            try:
                publish(target, data)
            except Exception as e:
                errors.append(e)

    def read() -> None:
        while not done.is_set():
            data = target.read_bytes()
            if data not in versions:
                seen.append(data)

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(v,)) for v in versions]
    for t in (reader, *writers):
        t.start()
    for t in writers:
        t.join()
    done.set()
    reader.join()
    assert errors == []
    assert [len(s) for s in seen] == [], "a reader saw a file that is neither version whole"
    assert target.read_bytes() in versions
    assert sorted(tmp_path.iterdir()) == [target], "a temporary file was left behind"


def test_a_writer_interrupted_by_another_still_puts_its_own_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worst interleaving, made on purpose: a whole second publish runs between our fsync and our replace."""
    target = tmp_path / "x.pdf"
    real_fsync = os.fsync
    interrupted = []

    def fsync_then_interrupt(fd: int) -> None:
        real_fsync(fd)
        if not interrupted:
            interrupted.append(fd)
            publish(target, b"%PDF-the other build")

    monkeypatch.setattr(os, "fsync", fsync_then_interrupt)
    publish(target, b"%PDF-ours")
    assert interrupted
    assert target.read_bytes() == b"%PDF-ours"
    assert sorted(tmp_path.iterdir()) == [target]
