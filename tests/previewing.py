"""A `leaflet preview` running in this process on a free port, for the preview tests and bench/preview.py."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from leaflet.preview.board import Board
from leaflet.preview.server import PreviewServer, serve
from leaflet.preview.session import Rebuilder
from leaflet.preview.watcher import rebuild_on_save

WAIT = 60.0  # seconds: far more than any rebuild takes, so only a hang fails


@dataclass(frozen=True)
class Running:
    server: PreviewServer
    board: Board

    @property
    def url(self) -> str:
        return self.server.url

    def get(self, path: str, host: str = "") -> tuple[int, str, bytes]:
        """(status, content type, body) of GET path."""
        request = urllib.request.Request(self.url.rstrip("/") + path, headers={"Host": host} if host else {})
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as answer:
                return answer.status, answer.headers["Content-Type"], answer.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers["Content-Type"], e.read()

    def json(self, path: str) -> Any:
        status, kind, body = self.get(path)
        assert (status, kind) == (200, "application/json")
        return json.loads(body)

    def status(self) -> Any:
        return self.json("/status")

    def wait(self, ready: Callable[[Any], bool], timeout: float = WAIT) -> Any:
        """Poll /status until `ready(status)`; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        status = self.status()
        while not ready(status):
            assert time.monotonic() < deadline, f"preview never got there; last status {status}"
            time.sleep(0.05)
            status = self.status()
        return status

    def wait_after(self, version: int) -> Any:
        return self.wait(lambda s: s["version"] > version)


@contextmanager
def running(path: Path, timeout: float = WAIT) -> Iterator[Running]:
    """The preview of `path`, serving on 127.0.0.1 at a free port, rebuilding on save; stopped after."""
    board = Board(path)
    server = serve(0, board)
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True),
        threading.Thread(target=rebuild_on_save, args=(Rebuilder(path, board, timeout), stop), daemon=True),
    ]
    for t in threads:
        t.start()
    try:
        yield Running(server, board)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        for t in threads:
            t.join(timeout=WAIT)


def save(path: Path, text: str) -> None:
    """Save as an editor does: write a new file and rename it over the old one."""
    tmp = path.with_name(f".{path.name}.saving")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
