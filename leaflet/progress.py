"""A long batch's progress -> a counter on stderr (stage: reporting, for clinic batches and a build's jobs).

Input: the batch's size and a call per item done. Output: nothing for a batch done within a
second; after that, on a terminal, one line redrawn in place ("stamping clinics: 4,200/10,000"),
at most every 50 items; elsewhere (a log, CI) a line at each further tenth, so a log shows the
batch moving without thousands of lines, unless `in_logs` is off (a build's jobs: each job's own
line shows a log how far it got). The line is cleared when the batch ends, and by `pause()` before
other lines are printed to the terminal, so the summary lines stand alone.
"""

from __future__ import annotations

import sys
import time
from dataclasses import field
from typing import TextIO

from .record import record

QUIET_FOR = 1.0  # seconds: a batch done sooner shows no counter


@record(frozen=False)
class Progress:
    what: str
    total: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    shown_tenth: int = 0
    drawn: bool = False
    in_logs: bool = True

    def step(self) -> None:
        self.done += 1
        if time.monotonic() - self.started < QUIET_FOR or self.total <= 0:
            return
        if self.stream.isatty():
            if self.done % min(50, max(1, self.total // 4)) == 0 or self.done == self.total:
                self.stream.write(f"\r{self.what}: {self.done:,}/{self.total:,}")
                self.stream.flush()
                self.drawn = True
        elif self.in_logs and (tenth := self.done * 10 // self.total) > self.shown_tenth:
            self.shown_tenth = tenth
            self.stream.write(f"{self.what}: {self.done:,}/{self.total:,}\n")

    def end(self) -> None:
        self.pause()

    def pause(self) -> None:
        """Clear the line drawn, if any, so other output starts on a clean line (the next step redraws it)."""
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.drawn = False
