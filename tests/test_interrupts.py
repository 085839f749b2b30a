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


# A Ctrl-C as the program loads: the first `import NAME` sends this process SIGINT, as a Ctrl-C
# landing just then would. The parser's modules (typing, argparse) load in launch.main, the
# pipeline's (yaml, reportlab) in cli.run; a build of one leaflet follows if nothing stops it.
LOADING = """
import builtins, os, signal, sys
name, load = sys.argv[1], builtins.__import__

def hooked(module, *args, **kwargs):
    global name
    if module == name:
        name = None
        os.kill(os.getpid(), signal.SIGINT)
    return load(module, *args, **kwargs)

builtins.__import__ = hooked
sys.argv = ["leaflet", "build", sys.argv[2], "-o", sys.argv[3], "--force"]
from leaflet.launch import program
program()
"""


PARSER_AND_PIPELINE = ["typing", "argparse", "dataclasses", "yaml", "reportlab.platypus", "reportlab.pdfbase"]


@pytest.mark.parametrize("module", PARSER_AND_PIPELINE)
def test_a_ctrl_c_as_the_program_loads_is_one_line_and_status_130(tmp_path: Path, module: str) -> None:
    argv = [sys.executable, "-c", LOADING, module, str(REPO / "content" / "ldn-ms.yaml"), str(tmp_path / "out")]
    done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 130, (done.returncode, done.stderr)
    assert done.stderr.splitlines() == ["stopped (Ctrl-C): each file is either built and checked or as it was"]
    assert not (tmp_path / "out" / "ldn-ms.pdf").exists()
