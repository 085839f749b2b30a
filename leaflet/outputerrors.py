"""An OSError met writing a file -> one OutputError that names the path and what to do (stage 6:
publish, its messages).

Input: the error and the path being written (a file, or a folder being made). Output: an
`OutputError` with the place and a hint for each way writing fails: a full disk, no permission,
a read-only file system, a file where a folder should be, or anything else.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError, Where


@contextmanager
def translated(path: Path, folder: bool = False) -> Iterator[None]:
    """Turn an OSError into an OutputError that names `path` and what to do."""
    try:
        yield
    except OSError as e:
        raise explain(e, path, folder) from None


def explain(e: OSError, path: Path, folder: bool = False) -> OutputError:
    """One message and a hint for each way writing a file can fail."""
    where = Where.file(path)
    other = "choose another output folder"
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(
            f"cannot write: the disk is full ({e.strerror})",
            where,
            hint="free some space and build again (any previous file is unchanged)",
        )
    if e.errno in (errno.EACCES, errno.EPERM):
        place = "this folder" if folder else "this file"
        return OutputError(f"cannot write: {e.strerror}", where, hint=f"check who may write to {place}, or {other}")
    if e.errno == errno.EROFS:
        return OutputError(f"cannot write: {e.strerror}", where, hint=other)
    if folder and e.errno in (errno.EEXIST, errno.ENOTDIR):
        return OutputError(
            "is a file, not a folder",
            Where.file(in_the_way(path)),
            hint="give the path of a folder (a new one is made)",
        )
    return OutputError(f"cannot write: {e.strerror or e}", where, hint=f"check the output folder, or {other}")


def in_the_way(folder: Path) -> Path:
    """The nearest existing path at or above `folder`: the file that stops it being made."""
    return next((p for p in (folder, *folder.parents) if p.exists()), folder)
