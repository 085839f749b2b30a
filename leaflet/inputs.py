"""A path -> the bytes of a regular file, read up to a size cap (stage 0: reading any input file).

Input: the path of a file the author named (a leaflet, brand or clinics YAML file) and the most
bytes such a file may sensibly hold. Output: its bytes (`read_capped`) or its UTF-8 text
(`read_text`); or a `ContentError` (or the error class given) naming the path, for a folder, a
named pipe or device (`/dev/zero` would be read forever, a pipe would hang), a file over the cap,
a file the OS will not let us read, or text that is not UTF-8 (located at its first bad byte).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from . import readlog
from .errors import ContentError, LeafletError, Where

MIB = 1024 * 1024
MAX_YAML = 8 * MIB  # a leaflet is a few KB; this is room for any real one, and a stop for the rest
YAML_SIZE = "a leaflet is a few KB of text"

KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def read_capped(
    path: str | Path, limit: int, what: str, error: type[LeafletError] = ContentError, typical: str = YAML_SIZE
) -> bytes:
    """The file's bytes, if it is a regular file of at most `limit` bytes; `what` names it in hints,
    `typical` says in the hint for a file over the cap how big one usually is.

    Refusals raise `error` (ContentError for YAML, PdfError for `leaflet check`).
    """
    where = Where.file(path)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise error("file not found", where, hint="check the path") from None
    except OSError as e:
        raise error(f"cannot read: {e.strerror}", where, hint="check the file's permissions") from None
    try:
        info = os.fstat(fd)
        if kind := kind_of(info.st_mode):
            raise error(f"is {kind}, not a file", where, hint=f"give the path of {what}")
        # a file that says it is over the cap is not read; the +1 byte catches one that grows
        data = b"" if info.st_size > limit else read_up_to(fd, limit + 1)
    except OSError as e:
        raise error(f"cannot read: {e.strerror}", where, hint="check the file and the disk") from None
    finally:
        os.close(fd)
    if info.st_size > limit or len(data) > limit:
        raise error(f"the file is larger than {limit // MIB} MiB", where, hint=f"is this {what}? {typical}")
    readlog.note(path, data)  # what the build read, for the manifest (readlog.py)
    return data


def kind_of(mode: int) -> str:
    """'' for a regular file; else what it is, as the refusals name it ("a named pipe")."""
    if stat.S_ISREG(mode):
        return ""
    return next((name for test, name in KINDS if test(mode)), "a special file")


def read_up_to(fd: int, size: int) -> bytes:
    """At most `size` bytes from `fd`, fewer only at the end of the file."""
    chunks: list[bytes] = []
    while size > 0 and (chunk := os.read(fd, min(size, MIB))):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_text(path: str | Path, limit: int, what: str) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes, a byte-order mark and all."""
    data = read_capped(path, limit, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = len(data[data.rfind(b"\n", 0, e.start) + 1 : e.start].decode("utf-8", "replace")) + 1
        raise ContentError(
            f"not UTF-8 text (byte {e.start})",
            Where(str(path), line, column),
            hint="save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
        ) from None
