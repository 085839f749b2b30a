"""The preview's state -> HTTP on 127.0.0.1 (stage: preview, serving).

Input: a `Board` and a port (0: any free one). Output: a running `PreviewServer` answering
  GET /           the page (page.html, with page.css and page.js: static files, no data in them)
  GET /status     the state as JSON: version, ok, pages, findings (board.py says what each holds)
  GET /view       what the page draws, as JSON (the page puts every text into the DOM as text)
  GET /page/N.bmp page N of the pages shown
It binds 127.0.0.1 only, so no other machine can reach it; it answers only requests whose Host is
127.0.0.1 or localhost at its port (a web page cannot reach it by renaming its own address), and
its page may run only its own script (a Content-Security-Policy with no inline script).
A port in use is a `PreviewError` with a hint, not a traceback.
"""

from __future__ import annotations

import errno
import json
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any

from ..errors import LeafletError
from .board import Board

HOST = "127.0.0.1"
DEFAULT_PORT = 8740
STATIC = {
    "/": ("page.html", "text/html; charset=utf-8"),
    "/page.css": ("page.css", "text/css; charset=utf-8"),
    "/page.js": ("page.js", "text/javascript; charset=utf-8"),
}
PAGE_IMAGE = re.compile(r"/page/([1-9][0-9]{0,3})\.bmp")
ANOTHER = "give another port with --port N"
POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'"


class PreviewError(LeafletError):
    """The preview cannot start (its port is taken)."""


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, board: Board) -> None:
        self.board = board
        here = resources.files(__package__)
        self.files = {path: here.joinpath(name).read_bytes() for path, (name, _) in STATIC.items()}
        super().__init__((HOST, port), Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"


def serve(port: int, board: Board) -> PreviewServer:
    """Bind 127.0.0.1:port (0: a free port); a port in use is one PreviewError with a hint."""
    try:
        return PreviewServer(port, board)
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise PreviewError(
                f"port {port} on {HOST} is in use",
                hint="another preview may be running there; "
                "give another port with --port N, or --port 0 for any free one",
            ) from None
        raise PreviewError(f"cannot listen on {HOST}:{port}: {e.strerror}", hint=ANOTHER) from None


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if not self.host_is_ours():
            self.reply(HTTPStatus.FORBIDDEN, b"not this host\n", "text/plain; charset=utf-8")
        elif path in STATIC:
            self.reply(HTTPStatus.OK, self.server.files[path], STATIC[path][1])
        elif path == "/status":
            self.reply_json(self.server.board.status())
        elif path == "/view":
            self.reply_json(self.server.board.view())
        elif (m := PAGE_IMAGE.fullmatch(path)) and (image := self.server.board.page_image(int(m.group(1)))):
            self.reply(HTTPStatus.OK, image, "image/bmp")
        else:
            self.reply(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def host_is_ours(self) -> bool:
        return self.headers.get("Host", "") in (f"{HOST}:{self.server.port}", f"localhost:{self.server.port}")

    def reply_json(self, data: dict[str, Any]) -> None:
        self.reply(HTTPStatus.OK, json.dumps(data).encode("utf-8"), "application/json")

    def reply(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", POLICY)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows one line per rebuild, not one per request."""
