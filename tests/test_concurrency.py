"""Builds running at once into one output name: every success leaves a valid, checked PDF there.

Two leaflets with the same file name in different folders (so the same target, output/NAME.pdf)
are built in pairs of processes started together, over and over; so is one leaflet twice. After
each pair the target must be byte for byte one of the two checked builds and pass `check --content`
for it, every process must have succeeded without a traceback, and no temporary file may remain.
Before the fix, the shared temporary file made about 1 build in 15 crash here.
"""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LDN

from leaflet.build import build, check

PAIRS = 20  # pairs of different content; the same leaflet runs PAIRS // 2 pairs more
MEMORY = 2 * 1024**3  # per build process: a runaway build fails its test, not the machine
TIMEOUT = 120


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def two_versions(root: Path) -> tuple[Path, Path]:
    """The real leaflet, and a copy with a changed title and first sentence: same name, other folders."""
    text = LDN.read_text(encoding="utf-8")
    title = re.search(r"^  title: (.+)$", text, re.M)
    assert title, "the leaflet has a title line"
    changed = text.replace(title[0], "  title: Another version of this leaflet", 1)
    changed = changed.replace("Naltrexone blocks", "Naltrexone (in this version) blocks", 1)
    assert changed.count("Another version") == 1 and changed.count("(in this version)") == 1
    paths = []
    for name, body in (("a", text), ("b", changed)):
        shutil.copytree(LDN.parent / "brands", root / name / "brands")
        path = root / name / LDN.name
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def race(sources: tuple[Path, Path], out: Path) -> list[subprocess.CompletedProcess[str]]:
    """Start one build of each source at the same moment into `out`; wait for both."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "leaflet", "build", str(path), "-o", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=limit_memory,
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
    target = out / LDN.with_suffix(".pdf").name
    for _ in range(PAIRS):
        for run in race((sources[0], sources[1]), out):
            assert_succeeded(run, target)
        data = target.read_bytes()
        assert data in versions, "the PDF in place is neither version as checked"
        report = check(target, versions[data])
        assert report.ok, report.text()
        assert sorted(out.iterdir()) == [target], "a temporary file was left behind"


def test_same_leaflet_twice_at_once(versions: dict[bytes, Path], tmp_path: Path) -> None:
    (data, path), *_ = versions.items()
    out = tmp_path / "out"
    target = out / LDN.with_suffix(".pdf").name
    for _ in range(PAIRS // 2):
        for run in race((path, path), out):
            assert_succeeded(run, target)
        assert target.read_bytes() == data
        assert sorted(out.iterdir()) == [target], "a temporary file was left behind"
    assert check(target, path).ok
