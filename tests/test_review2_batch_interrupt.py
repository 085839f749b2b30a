"""A Ctrl-C in the building process while it stamps its own share of a batch, or checks the master
before it, leaves no temporary file: not its own, and not those of a forked share that had already
finished or is still stamping (batch.py, forked.py)."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest
from stamped_edits import first_stamp

from leaflet.batch import MIN_PER_PROCESS, stamp_batch


def test_ctrl_c_in_this_process_after_a_forked_share_finished_leaves_no_temporary_file(tmp_path: Path) -> None:
    north = first_stamp()
    count = 2 * MIN_PER_PROCESS  # two processes, each taking the next clinic as it is free
    clinics = [replace(north.clinic, id=f"c{n}") for n in range(count)]
    here, mine = os.getpid(), []

    def staged() -> list[Path]:
        return list(tmp_path.rglob("*.tmp"))

    def target(clinic: object) -> Path:
        ident = clinic.id  # type: ignore[attr-defined]
        if os.getpid() == here:
            mine.append(ident)
        if len(mine) == 2 and os.getpid() == here:  # this process staged one; the other takes all the rest
            deadline = time.monotonic() + 60
            while len(staged()) < count - 1 and time.monotonic() < deadline:  # the other share is staged
                time.sleep(0.01)
            time.sleep(0.2)  # and has answered
            raise KeyboardInterrupt
        return tmp_path / ident / "leaflet.pdf"

    with pytest.raises(KeyboardInterrupt):
        stamp_batch(north.master, lambda: clinics, count, target, jobs=2)
    assert len(mine) == 2
    assert staged() == []
    assert list(tmp_path.rglob("*.pdf")) == []


def test_ctrl_c_as_this_process_checks_the_master_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The master's checks run here while a forked process stamps: a Ctrl-C during them, once that
    process has staged PDFs, stops it too, and neither leaves a temporary file or a PDF."""
    north = first_stamp()
    count = 2 * MIN_PER_PROCESS
    clinics = [replace(north.clinic, id=f"c{n}") for n in range(count)]
    seen: list[int] = []

    def staged() -> list[Path]:
        return list(tmp_path.rglob("*.tmp"))

    def checks() -> None:
        deadline = time.monotonic() + 60
        while not staged() and time.monotonic() < deadline:
            time.sleep(0.002)
        seen.append(len(staged()))
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        stamp_batch(north.master, lambda: clinics, count, lambda c: tmp_path / c.id / "leaflet.pdf", 2, checks)
    assert seen and seen[0] > 0, "the forked process staged nothing before the checks ended"
    assert staged() == []
    assert list(tmp_path.rglob("*.pdf")) == []
