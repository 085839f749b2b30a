"""`leaflet build --watch`: build, then again on each save, one line per file or the located error;
Ctrl-C exits 0 with no traceback; a broken save leaves the good PDF as it was (issue 10).

The command runs in a subprocess with a memory cap; every wait for its output has a deadline.
"""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest
from capped import limit
from pypdf import PdfReader

from leaflet.cli import main
from leaflet.errors import ContentError
from leaflet.source import load
from tests.conftest import leaflet_yaml, squash, write_leaflet_dir

WAIT = 60.0
FIRST = "Words from the first build."
SECOND = "Words saved while it watches."


class Lines:
    """The lines a stream prints, gathered by a thread, each awaited with a deadline."""

    def __init__(self, stream: IO[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self.gather, args=(stream,), daemon=True)
        self.thread.start()

    def gather(self, stream: IO[str]) -> None:
        with stream:
            for line in stream:
                self.lines.put(line.rstrip("\n"))

    def rest(self) -> list[str]:
        """Every line left, once the stream has ended."""
        self.thread.join(timeout=WAIT)
        return [self.lines.get() for _ in range(self.lines.qsize())]

    def next(self) -> str:
        try:
            return self.lines.get(timeout=WAIT)
        except queue.Empty:
            pytest.fail(f"no line in {WAIT:g} s")


def test_build_watch_rebuilds_on_save_keeps_the_good_pdf_on_error_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path / "content", leaflet_yaml([{"paragraph": FIRST}]))
    out = tmp_path / "out"
    pdf = out / f"{path.stem}.pdf"
    process = subprocess.Popen(
        [sys.executable, "-m", "leaflet", "build", str(path), "-o", str(out), "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        preexec_fn=limit(4 * 2**30),
    )
    assert process.stdout is not None and process.stderr is not None
    stdout, stderr = Lines(process.stdout), Lines(process.stderr)
    try:
        assert stdout.next().startswith(f"{pdf}  ")  # the usual summary line
        assert stdout.next().startswith("-- watching ")
        assert FIRST in squash(PdfReader(pdf).pages[0].extract_text())

        path.write_text(path.read_text(encoding="utf-8").replace(FIRST, SECOND), encoding="utf-8")
        assert stdout.next() == f"-- saved {path.name}: building again"
        assert stdout.next().startswith(f"{pdf}  ")
        assert SECOND in squash(PdfReader(pdf).pages[0].extract_text())
        good = pdf.read_bytes()

        broken = path.read_text(encoding="utf-8") + "  - [unclosed\n"
        path.write_text(broken, encoding="utf-8")
        assert stdout.next() == f"-- saved {path.name}: building again"
        with pytest.raises(ContentError) as expected:
            load(path)
        assert stderr.next() == f"{expected.value.where}: {expected.value.message}"
        assert pdf.read_bytes() == good

        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0
    finally:
        process.kill()
        process.wait()
    rest = stderr.rest()
    stdout.rest()
    assert "Traceback" not in "\n".join(rest) and rest[-1:] == ["stopped watching"]


def test_build_watch_with_nothing_to_build_says_so_and_does_not_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build", "--watch"]) == 2
    assert capsys.readouterr().err.startswith("content/: no leaflets to build")
