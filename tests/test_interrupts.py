"""Ctrl-C ends a run with one line and exit status 130, however `leaflet` was started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# A command whose work is interrupted inside exec() of source text, as a Ctrl-C can land while a
# dataclass makes its methods or a module loads late: CPython then ends a `python -m` program by
# SIGINT unless the program clears what it remembered of the interrupt.
PROBE = """
import sys
from leaflet import cli

def work(args):
    exec("raise KeyboardInterrupt")

cli.run = work
sys.exit(cli.main(["build"]))
"""


@pytest.mark.parametrize("how", ["module", "script"])
def test_an_interrupt_inside_exec_still_ends_with_status_130(tmp_path: Path, how: str) -> None:
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    argv = [sys.executable, "-m", "probe"] if how == "module" else [sys.executable, str(tmp_path / "probe.py")]
    env = {"PYTHONPATH": f"{tmp_path}:{REPO}", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 130, (done.returncode, done.stderr)
    assert done.stderr.splitlines() == ["stopped (Ctrl-C): each file is either built and checked or as it was"]
