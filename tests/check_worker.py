"""A `leaflet check` worker for the fuzz test: reads one JSON argument list per line on stdin,
runs `leaflet check ARGS` in this process, and answers one JSON line: exit code and stderr.

It runs under a memory cap set by the test; an exception that escapes `main` is answered as
code "traceback" with the traceback text, exactly what a user would have seen.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import traceback
from typing import Any

from leaflet.cli import main


def answer(args: list[str]) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    code: Any
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["check", *args])
        except BaseException:
            err.write(traceback.format_exc())
            code = "traceback"
    return {"code": code, "stderr": err.getvalue()}


def serve() -> None:
    for line in sys.stdin:
        print(json.dumps(answer(json.loads(line))), flush=True)


if __name__ == "__main__":
    serve()
