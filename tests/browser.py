"""A headless Chromium driven over its DevTools protocol, for the preview's browser tests and bench.

Chromium's `--remote-debugging-pipe` reads protocol commands (JSON, each ended by a NUL byte) on
its fd 3 and writes answers and events on its fd 4: no websocket client and no driver to install,
only the browser (Debian: `apt-get install chromium`). Every wait has a deadline, so a browser that
hangs fails the test instead of hanging it.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)

# argv: READ_FD WRITE_FD PROGRAM ARGS...: the two fds become 3 and 4 (moved above 9 first, so neither
# overwrites the other), then PROGRAM runs in this process
ON_FDS_3_AND_4 = """
import fcntl, os, sys
high = [fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3]]
for fd, target in zip(high, (3, 4)):
    os.dup2(fd, target)
os.execv(sys.argv[3], sys.argv[3:])
"""


class BrowserError(Exception):
    pass


class Browser:
    """One Chromium with one page (a tab), closed by `close` (or `with`)."""

    def __init__(self, profile: Path, width: int = 1400, height: int = 1000, timeout: float = 30) -> None:
        if CHROMIUM is None:
            raise BrowserError("chromium is not installed")
        self.timeout = timeout
        to_browser, self._send_fd = os.pipe()
        self._read_fd, from_browser = os.pipe()
        profile.mkdir(parents=True, exist_ok=True)
        self.log = profile / "chromium.log"
        with open(self.log, "wb") as log:
            # a small Python puts our pipe ends on the fds 3 and 4 Chromium expects, then becomes Chromium
            self.process = subprocess.Popen(
                [sys.executable, "-c", ON_FDS_3_AND_4, str(to_browser), str(from_browser), CHROMIUM, *FLAGS,
                 f"--user-data-dir={profile}", f"--window-size={width},{height}", "about:blank"],
                pass_fds=(to_browser, from_browser),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )  # fmt: skip
        os.close(to_browser)
        os.close(from_browser)
        self._next = 0
        self._buffer = b""
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                      "deviceScaleFactor": 1, "mobile": False}, page=True)  # fmt: skip
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def call(self, method: str, params: dict[str, Any] | None = None, page: bool = False) -> dict[str, Any]:
        """Send one command (to the page's session with `page`) and wait for its answer."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if page:
            message["sessionId"] = self.session
        os.write(self._send_fd, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            answer = self._receive(deadline)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read_fd], [], [], left)[0]:
                raise BrowserError(f"no answer from chromium in {self.timeout:g} s (log: {self.log})")
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:
                raise BrowserError(f"chromium closed its pipe (log: {self.log})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        decoded: dict[str, Any] = json.loads(message)
        return decoded

    def go(self, url: str) -> None:
        """Open `url` and wait until it has loaded."""
        self.call("Page.navigate", {"url": url}, page=True)
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'", self.timeout)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, page=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 15) -> Any:
        """Poll until the expression is truthy; BrowserError (with the last value) after `timeout` s."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise BrowserError(f"still false after {timeout:g} s: {expression} (last value {value!r})")

    def screenshot(self, path: Path, full_page: bool = False) -> None:
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        data = self.call("Page.captureScreenshot", params, page=True)["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            if self.process.poll() is None:
                with contextlib.suppress(BrowserError, OSError):
                    self.call("Browser.close")
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        finally:
            for fd in (self._send_fd, self._read_fd):
                with contextlib.suppress(OSError):
                    os.close(fd)
