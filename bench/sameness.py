"""What bench/samefindings.py and bench/samestamped.py share: a corpus made once, its findings
written by a worker process of each checkout (the checkout's package first on the path), and the
names whose findings differ printed beside both findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def findings(script: str, root: Path, folder: Path) -> dict[str, Any]:
    """The findings `script --worker FOLDER` writes to FOLDER/findings.json, run in checkout `root`."""
    env = dict(os.environ, PYTHONPATH=str(root))
    subprocess.run([sys.executable, script, "--worker", str(folder)], env=env, cwd=root, check=True)
    got: dict[str, Any] = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    return got


def compared(
    script: str, here: Path, other: Path, corpus: Callable[[Path, int], list[str]], mutants: int
) -> tuple[dict[str, Any], list[str]]:
    """This checkout's findings on the corpus, and the names whose findings the other's differ on
    (each printed with both findings)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "names.json").write_text(json.dumps(corpus(folder, mutants)), encoding="utf-8")
        ours, theirs = findings(script, here, folder), findings(script, other, folder)
    differ = [name for name in ours if ours[name] != theirs.get(name)]
    for name in differ:
        print(f"{name}:\n  ours:   {ours[name]}\n  theirs: {theirs.get(name)}")
    return ours, differ


def command(
    argv: list[str],
    script: str,
    here: Path,
    worker: Callable[[Path], None],
    corpus: Callable[[Path, int], list[str]],
    mutants: int,
) -> tuple[dict[str, Any], list[str]] | None:
    """`SCRIPT OTHER_CHECKOUT [--mutants N]`: this checkout's findings and the names that differ;
    `SCRIPT --worker FOLDER`: the worker's findings written, and None."""
    if argv[0] == "--worker":
        worker(Path(argv[1]))
        return None
    count = int(argv[argv.index("--mutants") + 1]) if "--mutants" in argv else mutants
    return compared(script, here, Path(argv[0]).resolve(), corpus, count)
