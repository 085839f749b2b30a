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


def test_a_few_jobs_are_each_drawn_and_pausing_clears_the_line() -> None:
    """A build's jobs (a handful, not thousands): every step is drawn; `pause` clears the line before
    a job's own lines are printed, and the next step draws it again."""
    stream = Terminal()
    progress = Progress("building", 3, stream, started=time.monotonic() - QUIET_FOR - 1)
    progress.step()
    progress.pause()
    progress.step()
    progress.step()
    progress.end()
    assert stream.getvalue() == "\rbuilding: 1/3\r\033[K\rbuilding: 2/3\rbuilding: 3/3\r\033[K"


def test_a_counter_kept_out_of_logs_writes_nothing_there() -> None:
    """A build's jobs print their own line each as they finish, which is a log's progress."""
    stream = io.StringIO()
    progress = Progress("building", 10, stream, started=time.monotonic() - QUIET_FOR - 1, in_logs=False)
    for _ in range(10):
        progress.step()
    progress.end()
    assert stream.getvalue() == ""
