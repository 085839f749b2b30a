"""Bad input through the CLI: exit status 2, a FILE:LINE:COL message with a hint, and no file written.

Each file in content/bad/ holds one error and states it on its first line:
`# expect: LINE:COL message-prefix`, or `# expect: FILE:LINE:COL message-prefix` when the error
lies in another file (a brand), FILE being relative to the leaflet's folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import LDN

import leaflet
from leaflet import cli
from leaflet.checks import CHECKS
from leaflet.content import load_leaflet
from leaflet.manifest import NAME as RECORD

HERE = Path(__file__).resolve().parent
BAD = sorted((HERE / "content" / "bad").glob("*.yaml"))
DEFAULT_BRAND = HERE.parent / "content" / "brands" / "default.yaml"
EXPECT = re.compile(r"# expect: (?:(?P<file>[^:\s]+):)?(?P<line>\d+):(?P<column>\d+) (?P<message>.+)")

GOOD = """\
leaflet:
  title: A small leaflet
  audience: Information for testers
  language: en-GB
  organisation: Test organisation
  version: "1.0"
  published: 2026-01-01
  review: 2028-01-01
  authors: [Test author]
  pages: 2
  brand: default

sections:
  - heading: A heading
    blocks:
      - paragraph: Some text that cites a source [@ref2024].

references:
  - key: ref2024
    title: A title
    journal: A journal
    year: "2024"
"""


@dataclass(frozen=True)
class Expected:
    where: str
    message: str


def expected(path: Path) -> Expected:
    """The error a bad file states on its first line."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = EXPECT.fullmatch(first)
    assert m, f"{path.name}: the first line must be '# expect: [FILE:]LINE:COL message', not {first!r}"
    located = path.parent / m["file"] if m["file"] else path
    return Expected(f"{located}:{m['line']}:{m['column']}", m["message"])


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def copy_brand(folder: Path) -> None:
    """Put the default brand where leaflets in `folder` look for it."""
    (folder / "brands").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEFAULT_BRAND, folder / "brands" / "default.yaml")


def write_good(folder: Path, text: str = GOOD, name: str = "small") -> Path:
    """A leaflet file next to a copy of the default brand."""
    copy_brand(folder)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_there_are_bad_files() -> None:
    assert BAD, "no bad files found"


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_input(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    want = expected(path)
    status, out, err = run(["build", str(path), "-o", str(tmp_path)], capsys)
    lines = err.splitlines()
    assert status == 2, err
    assert lines, "nothing on stderr"
    assert lines[0].startswith(f"{want.where}: {want.message}"), err
    assert len(lines) > 1, f"no hint line after {lines[0]!r}"
    assert lines[1].startswith("  hint: "), err
    assert "Traceback" not in err
    assert out == ""
    assert list(tmp_path.iterdir()) == []


def test_page_overflow_names_budget_pages_and_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = HERE / "content" / "bad" / "page-overflow.yaml"
    model = load_leaflet(path)
    status, _, err = run(["build", str(path), "-o", str(tmp_path)], capsys)
    assert status == 2
    # Layout stops once past the budget: "needs more than N pages" when it stopped early.
    m = re.search(
        r"needs (?:more than )?(\d+) pages but its budget is (\d+); the overflow began in '([^']+)' on page (\d+)", err
    )
    assert m, err
    needed, budget, section, page = int(m[1]), int(m[2]), m[3], int(m[4])
    assert budget == model.meta.pages["A4"]
    assert needed > budget
    assert budget < page <= needed
    long_section = model.sections[-1]  # the file's last section is the one too long to fit
    assert section == long_section.name(model.numbers)
    assert err.startswith(f"{long_section.where}: "), err


BROKEN = {
    # fails while reading the content
    "content": GOOD.replace("- paragraph:", "- calout:"),
    # fails after rendering, at the page budget
    "budget": GOOD.replace("pages: 2", "pages: 1").replace(
        "      - paragraph: Some text",
        "".join(f"      - paragraph: {'Filler words to run past one page. ' * 30}\n" for _ in range(8))
        + "      - paragraph: Some text",
    ),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_failed_build_keeps_previous_pdf(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_good(tmp_path / "src")
    out_dir = tmp_path / "out"
    assert run(["build", str(path), "-o", str(out_dir)], capsys)[0] == 0
    pdf = out_dir / f"{path.stem}.pdf"
    before = pdf.read_bytes()

    path.write_text(BROKEN[kind], encoding="utf-8")
    status, _, err = run(["build", str(path), "-o", str(out_dir)], capsys)

    assert status == 2, err
    assert err.startswith(f"{path}:"), err
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in out_dir.iterdir()) == sorted([pdf.name, RECORD])  # and the first build's record
    assert list(out_dir.glob(".*.tmp")) == []


def test_new_writes_a_leaflet_that_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "content"
    status, out, err = run(["new", "my-leaflet", "--dir", str(folder)], capsys)
    path = folder / "my-leaflet.yaml"
    assert status == 0, err
    assert path.is_file()
    assert str(path) in out

    copy_brand(folder)
    status, out, err = run(["build", str(path), "-o", str(tmp_path / "out")], capsys)
    assert status == 0, err
    assert err == ""
    assert (tmp_path / "out" / "my-leaflet.pdf").is_file()
    assert f"checks {len(CHECKS)}/{len(CHECKS)} ok" in out


def test_new_refuses_an_existing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "taken.yaml"
    path.write_text("mine\n", encoding="utf-8")
    status, _, err = run(["new", "taken", "--dir", str(tmp_path)], capsys)
    assert status == 2
    assert err.startswith(f"{path}: already exists\n  hint: "), err
    assert path.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("name", ["My Leaflet", "../escape", "sub/name", "my_leaflet", ""])
def test_new_refuses_a_bad_name(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(["new", name, "--dir", str(tmp_path / "content")], capsys)
    assert status == 2
    assert err.startswith(f"'{name}' is not a usable leaflet name\n  hint: "), err
    assert not (tmp_path / "content").exists()
    assert list(tmp_path.iterdir()) == []


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"leaflet {leaflet.__version__}"


NOT_UTF8 = "leaflet:\n  title: Café\n".encode("latin-1")
UNREADABLE = {
    "missing": (None, "file not found"),
    "not-utf8": (NOT_UTF8, f"2:13: not UTF-8 text (byte {NOT_UTF8.index('é'.encode('latin-1'))})"),
    "empty": (b"", "1:1: the file is empty"),
    "only-comments": (b"# nothing here yet\n", "1:1: the file is empty"),
}


@pytest.mark.parametrize("case", UNREADABLE)
def test_unreadable_file(case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, message = UNREADABLE[case]
    path = tmp_path / f"{case}.yaml"
    if data is not None:
        path.write_bytes(data)
    out_dir = tmp_path / "out"
    status, _, err = run(["build", str(path), "-o", str(out_dir)], capsys)
    assert status == 2
    sep = ":" if message[0].isdigit() else ": "
    assert err.startswith(f"{path}{sep}{message}\n  hint: "), err
    assert "Traceback" not in err
    assert not out_dir.exists()


def test_a_reader_that_stops_reading_ends_us_quietly(tmp_path: Path) -> None:
    """`leaflet build | head -1`: when the pipe closes, no BrokenPipeError traceback, and the shell's
    figure for a program stopped by a closed pipe."""
    argv = [sys.executable, "-m", "leaflet", "build", "--text", "-o", str(tmp_path), str(LDN)]
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()  # the reader is gone before a byte is written
        err = child.stderr.read().decode()
        assert child.wait(timeout=120) == cli.PIPE_CLOSED, err
    assert err == ""
    assert (tmp_path / "ldn-ms.txt").is_file()  # what was built before the pipe closed is kept
