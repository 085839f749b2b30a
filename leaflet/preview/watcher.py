"""Input files -> a rebuild after each save, until told to stop (stage: preview, watching).

Input: a `rebuild` function that builds once (given the files whose save started it; none the
first time) and returns a `Round` (the files that build read, and whether it succeeded), and a
stop event. Output: `rebuild` is called once at the start and
again after every save of one of the files of the last round, until the event is set.

watchfiles watches the folders of those files (not each file: an editor that saves by writing a
new file and renaming it over the old one replaces the file, and the folder sees that). After a
round that failed, any change in those folders rebuilds (but editors' swap and backup files, which
watchfiles' default filter knows), so a missing image is noticed as soon as it is saved. When a
round reads different files (a new image), the watch starts again on the new folders.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import watchfiles

from ..record import record

STEP_MS = 50  # changes are gathered until none has come for this long: one save is one rebuild
DEBOUNCE_MS = 400  # at most this long, even while a program keeps writing
WAKE_MS = 200  # how often the watch looks at the stop event


@record
class Round:
    """One build's outcome, for the watch: the files it read, and whether it worked."""

    inputs: frozenset[Path]
    ok: bool


def rebuild_on_save(rebuild: Callable[[set[Path]], Round], stop: threading.Event) -> None:
    """Build now, then after each save of an input file, until `stop` is set."""
    last = rebuild(set())
    while not stop.is_set():
        for changed in saves(last.inputs, stop, broad=not last.ok):
            now = rebuild(changed)
            moved = now.inputs != last.inputs
            last = now
            if moved:
                break  # watch the new set of files


def saves(files: Collection[Path], stop: threading.Event, broad: bool) -> Iterator[set[Path]]:
    """Each batch of changes to `files` (with `broad`: to any file in their folders)."""
    folders = sorted({f.parent for f in files if f.parent.is_dir()})
    if not folders:
        stop.wait()
        return
    wanted = set(files)
    for batch in watchfiles.watch(
        *folders,
        recursive=False,
        stop_event=stop,
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        rust_timeout=WAKE_MS,
        yield_on_timeout=False,
        watch_filter=watchfiles.DefaultFilter(),
    ):
        changed = {Path(p).resolve() for _, p in batch}
        if hits := (changed if broad else changed & wanted):
            yield hits
