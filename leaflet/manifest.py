"""Checked builds -> a record of what each was made from, so a build of unchanged inputs is skipped
(stage: publish, for incremental builds).

Input: the output folder, and for each job (one leaflet in one variant: a PDF, a booklet, the text,
or a clinic batch) its key (the variant and options), the files it read (`inputfiles.inputs_of`),
the files it wrote and the summary lines it printed. Output: `.leaflet-manifest.json` in the output
folder: per job, a SHA-256 of each input file (of the bytes the build read of it, as its
loaders noted them: readlog.py), the size and modification time of each output, the
tool's own digest (every module of the `leaflet` package, so a changed tool rebuilds everything)
and the lines to print again. A job is skipped only when all of these are unchanged: an input
edited, added or removed (the fonts folder's listing is an input, so a new weight is seen), an
output deleted or touched, or another tool rebuilds it. `--force` ignores the record.

The record is written after the outputs, atomically (publish.py) but not synced to the disk: a
record lost in a power cut costs a rebuild, as one left from an earlier build does (its outputs'
modification times no longer match); a missing, unreadable or foreign record is an empty one
(everything rebuilds), never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .publish import publish
from .record import record

NAME = ".leaflet-manifest.json"
FORMAT = 1
PACKAGE = Path(__file__).resolve().parent


@cache
def tool_digest() -> str:
    """The tool itself: its version and the bytes of every file of the package (code and templates)."""
    digest = hashlib.sha256(__version__.encode())
    root = str(PACKAGE)
    for folder, subfolders, files in os.walk(root):  # not Path.rglob: it also walks __pycache__, at twice the cost
        subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            data = package_file(path)
            if data is not None:  # (the path below the package, as os.path.relpath gives it, at a tenth of its cost)
                digest.update(path[len(root) + 1 :].encode() + b"\0" + data)
    return digest.hexdigest()


def package_file(path: str) -> bytes | None:
    """A regular file's bytes; None for an editor's lock (a dangling link, `.#name`), a socket, a pipe
    or a file that cannot be read: no part of the tool. Opened once and asked what it is, not looked
    up twice (`os.path.isfile`, then `open`): a digest takes 1.7 ms, not 4.3. Opened without waiting,
    so a pipe with no writer is seen for what it is."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes; '' when it cannot be read (so it never matches)."""
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return ""


def listing(folder: Path) -> str:
    """The names in a folder, as one digest: a file added to fonts/ changes what a build may pick."""
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:
        return ""
    return hashlib.sha256("\0".join(names).encode()).hexdigest()


def stamp(path: Path) -> list[int]:
    """An output's size and modification time; [] when it is gone."""
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]


@record(frozen=False)
class Manifest:
    folder: Path
    jobs: dict[str, dict[str, Any]] = field(default_factory=dict)
    recorded: int = 0  # jobs recorded since loading: nothing to save when none
    seen: dict[str, str] = field(default_factory=dict)  # path -> digest, each input hashed once a run
    tool: Callable[[], str] | None = None  # the tool's digest, if not tool_digest (ahead.py's, made meanwhile)

    @classmethod
    def load(cls, folder: Path, tool: Callable[[], str] | None = None) -> Manifest:
        try:
            data = json.loads((folder / NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(folder, tool=tool)
        if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("jobs"), dict):
            return cls(folder, tool=tool)
        return cls(folder, data["jobs"], tool=tool)

    def tool_digest(self) -> str:
        return self.tool() if self.tool else tool_digest()

    def unchanged(self, key: str) -> list[str] | None:
        """The summary lines of the job's last checked build, if nothing it read or wrote has changed."""
        entry = self.jobs.get(key)
        if not isinstance(entry, dict) or entry.get("tool") != self.tool_digest():
            return None
        try:
            inputs, folders, outputs = entry["inputs"], entry["folders"], entry["outputs"]
            if any(self.digest(p) != digest for p, digest in inputs.items()):
                return None
            if any(listing(Path(p)) != digest for p, digest in folders.items()):
                return None
            if any(stamp(Path(p)) != list(seen) for p, seen in outputs.items()):
                return None
            return [str(line) for line in entry["lines"]]
        except (KeyError, TypeError, AttributeError):
            return None

    def digest(self, path: str) -> str:
        """An input's digest, computed once however many jobs read it (the fonts: every job)."""
        if path not in self.seen:
            self.seen[path] = file_digest(Path(path))
        return self.seen[path]

    def record(
        self,
        key: str,
        inputs: Iterable[Path],
        read: Mapping[str, str],
        folders: Iterable[Path],
        outputs: Iterable[Path],
        lines: list[str],
    ) -> None:
        """What a checked build read (each input's digest as `read` saw it, where it did) and wrote, and
        what it printed. An input is hashed now only when no loader noted what it read of it."""
        self.recorded += 1
        self.jobs[key] = {
            "tool": self.tool_digest(),
            "inputs": {str(p): read[str(p)] if str(p) in read else file_digest(p) for p in inputs},
            "folders": {str(p): listing(p) for p in folders},
            "outputs": {str(p): stamp(p) for p in outputs},
            "lines": lines,
        }

    def save(self) -> None:
        """Merge into the record on disk (another build may have written it meanwhile) and write it.

        Two builds saving at once may lose one's entries: its jobs then rebuild next time, which is
        slow, never wrong (a job is skipped only on a record of exactly its inputs and outputs)."""
        if not self.recorded:
            return
        current = Manifest.load(self.folder).jobs
        current.update(self.jobs)
        record = json.dumps({"format": FORMAT, "jobs": current}, indent=1, sort_keys=True).encode()
        publish(self.folder / NAME, record, durable=False)  # lost in a power cut, it costs a rebuild
