"""The input files a job reads -> a digest of the bytes it read of each (stage 0, for the manifest).

Input: each loader's path and bytes as it reads them (`note`; `note_digest` when the loader hashed
them itself), while a job runs inside `collecting()`. Output: {absolute path: SHA-256 of the bytes
read}. A file read twice with different bytes (edited between the two reads) gets '', which no
file's digest matches, so the next build runs the job again.

The manifest records these digests rather than hashing the inputs again once the build is done:
a file saved while its build runs would otherwise be recorded with its new bytes beside an output
made from its old ones, and the next build would skip it. Outside `collecting()` (a build in
process, the preview) `note` hashes nothing.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_READS: ContextVar[dict[str, str] | None] = ContextVar("leaflet_reads", default=None)


@contextmanager
def collecting() -> Iterator[dict[str, str]]:
    """The digests of what the code run inside reads, filled in as it reads."""
    reads: dict[str, str] = {}
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


def active() -> bool:
    """Whether a job is collecting its reads (else a loader need not hash what it reads)."""
    return _READS.get() is not None


def note(path: str | Path, data: bytes) -> None:
    """`data` was read from `path`."""
    if _READS.get() is not None:
        note_digest(path, hashlib.sha256(data).hexdigest())


def note_digest(path: str | Path, digest: str) -> None:
    """Bytes whose SHA-256 is `digest` were read from `path`."""
    reads = _READS.get()
    if reads is None:
        return
    key = os.path.realpath(path)  # as inputfiles names it (Path.resolve)
    reads[key] = digest if reads.get(key, digest) == digest else ""
