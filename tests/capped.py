"""The tool in a subprocess with a memory cap and a timeout, for tests of hostile input and of
races: a regression then fails its own test instead of taking the machine down."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def limit(memory: int) -> Callable[[], None]:
    """A preexec_fn that caps the child's address space at `memory` bytes."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    return cap


def run(argv: Sequence[str | Path], memory: int, timeout: float, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """`python ARGV` with `memory` bytes of address space and `timeout` seconds, its output captured."""
    return subprocess.run(
        [sys.executable, *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit(memory),
        cwd=cwd,
        check=False,
    )
