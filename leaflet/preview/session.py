"""A leaflet YAML and a port -> a running preview, until Ctrl-C (stage: preview, the command).

Input: the YAML path, the port (0: any free one), a rebuild time limit. Output: exit status 0
after Ctrl-C; a `PreviewError` (port in use) or `ContentError` (no such file) before it starts.
It prints the URL, then one line per rebuild. Rebuilds run in a thread of their own, each in a
fresh process (fresh.py), while the server answers in others; the board hands results across.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import field
from pathlib import Path

from ..inputs import MAX_YAML, read_capped
from ..record import record
from .board import Board, State
from .fresh import RebuildError, run_fresh
from .server import serve
from .snapshot import failed, make_snapshot
from .watcher import Round, rebuild_on_save


@record(frozen=False)
class Rebuilder:
    """Rebuilds into the board; remembers the files the last good build read (watched after an error too)."""

    path: Path
    board: Board
    timeout: float
    good_inputs: frozenset[Path] = field(default_factory=frozenset)

    def __call__(self, changed: set[Path]) -> Round:
        try:
            snap = run_fresh(make_snapshot, self.path, self.timeout)
        except RebuildError as e:
            snap = failed(self.path, e)
        state = self.board.post(snap)
        print(state_line(state, self.path), flush=True)
        if snap.built:
            self.good_inputs = frozenset(snap.inputs)
            return Round(self.good_inputs, True)
        return Round(self.good_inputs | frozenset(snap.inputs), False)


def state_line(state: State, path: Path) -> str:
    """One line per rebuild: its version, then the pages and checks, or the located error."""
    failures = [i for i in state.items if not i.ok]
    if failures and failures[0].check == "build":
        error = failures[0]
        kept = f" (showing the last good {len(state.pages)} pages)" if state.pages else ""
        return f"v{state.version}  {error.where or path}: {error.message}{kept}"
    checks = f"checks {len(state.items) - len(failures)}/{len(state.items)} ok"
    return f"v{state.version}  {path}  {len(state.pages)} pages  {checks}"


def preview(path: Path, port: int, timeout: float) -> int:
    """Serve the preview of `path` on 127.0.0.1:port until Ctrl-C; 0 then."""
    read_capped(path, MAX_YAML, "a leaflet YAML file")  # no such file: one located error, exit 2
    board = Board(path)
    server = serve(port, board)
    print(f"previewing {path} at {server.url}  (Ctrl-C to stop)", flush=True)
    stop = threading.Event()
    rebuilds = threading.Thread(target=rebuild_on_save, args=(Rebuilder(path, board, timeout), stop), daemon=True)
    rebuilds.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("preview stopped", file=sys.stderr)
    finally:
        stop.set()
        server.server_close()
        rebuilds.join(timeout=2)
    return 0
