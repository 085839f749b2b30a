"""What bench/instructions.py and bench/clinicparts.py share: the instructions valgrind's callgrind
counts in one Python process run in a checkout (no output file; the count from its summary)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def collected(checkout: Path, script: str, args: list[str]) -> int:
    """Instructions counted in `python -c SCRIPT ARGS...`, run in `checkout` with its package first."""
    env = dict(os.environ, PYTHONPATH=str(checkout), PYTHONHASHSEED="0")
    argv = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", script, *args]
    done = subprocess.run(argv, env=env, cwd=checkout, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count: {done.stderr[-500:]}")
    return int(found.group(1))


def need_valgrind(script: str) -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit(f"{script} needs valgrind (apt-get install valgrind)")
