"""The README stays honest: its example builds, and it documents every command and check."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import leaflet
from leaflet.build import build
from leaflet.checks import CHECKS
from leaflet.cli import parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_example_builds_and_passes_every_check(tmp_path: Path) -> None:
    example = re.search(r"```yaml\n(.*?)```", README, re.S)
    assert example, "README has no yaml example"
    (tmp_path / "brands").mkdir()
    shutil.copy(ROOT / "content/brands/default.yaml", tmp_path / "brands/default.yaml")
    source = tmp_path / "example.yaml"
    source.write_text(example.group(1), encoding="utf-8")
    built = build(source, tmp_path / "out")
    assert built.report.ok
    assert built.path.is_file()


def test_every_subcommand_is_in_the_readme() -> None:
    actions = [a for a in parser()._actions if a.choices and isinstance(a.choices, dict)]
    commands = list(actions[0].choices)
    assert commands
    for command in commands:
        assert f"`leaflet {command}" in README, command


def test_every_check_is_in_the_readme_checks_table() -> None:
    for name, _, _ in CHECKS:
        assert re.search(rf"^\| `{name}` \|", README, re.M), name


def test_quick_start_is_exactly_make_and_make_test() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    block = re.search(r"```\n(.*?)```", quick, re.S)
    assert block and block.group(1).split("\n")[:-1] == ["make", "make test"]


def test_version_and_help_load_no_pipeline() -> None:
    """`leaflet --version` and `--help` import only the parser: no ReportLab, pypdf, PIL, YAML or importers
    (issue 11: the version in under 0.05 s, measured in bench/speed.py)."""
    heavy = ["reportlab", "pypdf", "PIL", "yaml", "markdown_it", "mammoth", "watchfiles", "pypdfium2"]
    probe = (
        "import sys\nfrom leaflet.cli import main\n"
        "for argv in (['--version'], ['--help'], ['build', '--help']):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
        f"print(sorted(set({heavy!r}) & {{m.split('.')[0] for m in sys.modules}}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


def test_version_is_answered_before_the_parser_loads() -> None:
    """`leaflet --version` (launch.py) loads no module of ours but the package and the launcher, and
    no argparse: it prints the line the parser's version action prints."""
    probe = (
        "import sys\nsys.argv = ['leaflet', '--version']\nfrom leaflet.launch import main\nstatus = main()\n"
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('leaflet', 'argparse')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    line, loaded = done.stdout.strip().splitlines()
    assert line == f"leaflet {leaflet.__version__}"
    assert loaded == "0 ['leaflet', 'leaflet.launch']", loaded
    parsed = subprocess.run([sys.executable, "-m", "leaflet", "--version"], capture_output=True, text=True, timeout=60)
    from_parser = subprocess.run(
        [sys.executable, "-c", "from leaflet.cli import main; main(['--version'])"], capture_output=True, text=True
    )
    assert (parsed.returncode, parsed.stdout) == (from_parser.returncode, from_parser.stdout) == (0, line + "\n")


def test_a_build_loads_no_importer() -> None:
    """`leaflet build` needs no markdown-it or mammoth: they load when `leaflet import` runs."""
    probe = "import sys, leaflet.commands; print(sorted({'markdown_it', 'mammoth'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]", done.stdout
