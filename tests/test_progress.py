"""The counter a long clinic batch shows on stderr (progress.py): nothing for a batch done within a
second; then a line per tenth in a log, or one line redrawn in place on a terminal, cleared at the end."""

from __future__ import annotations

import io
import time

from leaflet.progress import QUIET_FOR, Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(total: int, stream: io.StringIO, elapsed: float) -> str:
    progress = Progress("stamping", total, stream, started=time.monotonic() - elapsed)
    for _ in range(total):
        progress.step()
    progress.end()
    return stream.getvalue()


def test_a_quick_batch_shows_nothing() -> None:
    assert run(1000, io.StringIO(), elapsed=0) == ""
    assert run(1000, Terminal(), elapsed=0) == ""


def test_a_log_gets_a_line_at_each_tenth() -> None:
    lines = run(1000, io.StringIO(), elapsed=QUIET_FOR + 1).splitlines()
    assert lines == [f"stamping: {n:,}/1,000" for n in range(100, 1001, 100)]


def test_a_terminal_gets_one_line_redrawn_and_cleared() -> None:
    shown = run(200, Terminal(), elapsed=QUIET_FOR + 1)
    assert "\n" not in shown
    assert shown.split("\r")[1:-1] == [f"stamping: {n}/200" for n in (50, 100, 150, 200)]
    assert shown.endswith("\r\033[K")
