"""A long batch's progress -> a counter on stderr (stage: reporting, for clinic batches).

Input: the batch's size and a call per item done. Output: nothing for a batch done within a
second; after that, on a terminal, one line redrawn in place ("stamping clinics: 4,200/10,000");
elsewhere (a log, CI) a line at each further tenth, so a log shows the batch moving without
thousands of lines. The line is cleared when the batch ends, so the summary lines stand alone.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import TextIO

QUIET_FOR = 1.0  # seconds: a batch done sooner shows no counter


@dataclass
class Progress:
    what: str
    total: int
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    shown_tenth: int = 0
    drawn: bool = False

    def step(self) -> None:
        self.done += 1
        if time.monotonic() - self.started < QUIET_FOR or self.total <= 0:
            return
        if self.stream.isatty():
            if self.done % 50 == 0 or self.done == self.total:
                self.stream.write(f"\r{self.what}: {self.done:,}/{self.total:,}")
                self.stream.flush()
                self.drawn = True
        elif (tenth := self.done * 10 // self.total) > self.shown_tenth:
            self.shown_tenth = tenth
            self.stream.write(f"{self.what}: {self.done:,}/{self.total:,}\n")

    def end(self) -> None:
        if self.drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
