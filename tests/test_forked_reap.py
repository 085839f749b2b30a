"""forked.py as its processes end: every child that outlives the time given is killed, the second
as the first; a child stopped as its share returns still sends its answer."""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest

from leaflet import forked


def hung() -> forked.Child:
    """A forked child that never ends by itself, with a pipe as forked.Child holds one."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        os.close(read)
        while True:
            time.sleep(1)
    os.close(write)
    return forked.Child(pid, read, 0, bytearray())


def test_every_hung_child_is_killed_once_the_time_is_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forked, "STOPPING", 0.2)
    children = [hung(), hung()]

    def too_long(signum: int, frame: Any) -> None:
        for child in children:  # (so a failing test leaves no process behind)
            forked.kill(child.pid, signal.SIGKILL)
        raise AssertionError("reap still waiting after 10 s: the second hung child was never killed")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(10)
    try:
        forked.reap(children)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    for child in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(child.pid, os.WNOHANG)  # reaped: no such child any more


def test_a_child_stopped_as_its_share_returns_still_sends_its_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C landing between the share's return and the answer's write (here: as the child holds
    the signal to write it) still sends the answer, for the parent to drop: a clinic share's answer
    lists its temporary files, which would otherwise be left behind."""
    parent, raised = os.getpid(), []
    real_held = forked.held

    @contextlib.contextmanager
    def stopped_once() -> Iterator[None]:
        if os.getpid() != parent and not raised:
            raised.append(True)
            raise KeyboardInterrupt
        with real_held():
            yield

    monkeypatch.setattr(forked, "held", stopped_once)
    answers = forked.in_processes(lambda k, n, send: f"share {k} done", 1, lambda k: "lost")
    assert answers == ["share 0 done"]
