"""Checked bytes -> a file in place, atomically (stage 6: publish).

Input: pairs of (target path, the bytes that passed the checks), as a list or made one by one
(a batch of 10,000 clinic PDFs is never held in memory at once). Output: each target holds exactly
those bytes; or an `OutputError` naming the path, with every previous file left as it was and no
temporary file left behind.

How:
- each file's bytes go to a temporary file of its own in the target's folder (a random name, created
  exclusively, so two builds never share one), reach the disk (fsync for one file; one sync(2) for
  a batch, not one fsync per file), and only then replace the target with `os.replace`: a reader
  sees the old file or the new one, never part of one;
- a batch (one PDF per clinic) writes every temporary file before it replaces any target, so a full
  disk, or a check failing on the last clinic, stops the whole batch with nothing replaced;
- writers to one folder are serialised by an advisory lock (`fcntl.flock`) on the folder itself,
  held over the replace and a read-back of each target: when `publish` returns, the file at the
  target is byte for byte the one that was checked, even while another build writes the same name.
  Locking the folder, not a lock file beside the target, leaves nothing behind and cannot go stale:
  the kernel drops the lock when the process ends, however it ends;
- the folder is fsynced once the files are in place (one sync(2) for a batch over many folders),
  so the renames survive a power cut;
- a file whose loss costs only a rebuild (the manifest) may skip both syncs: `durable=False`;
- a big batch's replaces run over a few threads (still under every lock): a rename just after a
  sync waits on the disk, and their waits overlap.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import stat
import threading
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .errors import OutputError, Where
from .interrupts import held
from .outputerrors import explain, translated
from .record import record

NO_LOCKS = (errno.ENOLCK, errno.EOPNOTSUPP, errno.EBADF, errno.EINVAL)  # flock unsupported here
TRIES = 100  # random temporary names to try before giving up (a clash is a 1 in 2**64 event)
LANES, PER_LANE = 8, 8  # threads that replace a batch's targets, and the files that make one worth it


@record
class Staged:
    """Checked bytes written to a temporary file beside their target (their digest kept, not them)."""

    target: Path
    digest: bytes  # SHA-256 of the bytes, to prove the target holds them after the replace
    size: int
    tmp: Path
    made: Path | None = None  # the topmost folder staging made for it, removed with it while empty


def publish(target: Path, data: bytes, durable: bool = True) -> None:
    """Put `data` at `target` atomically; raise OutputError (old file untouched) if it cannot.

    Not `durable` (a record whose loss costs only a rebuild: manifest.py), it is replaced as
    atomically and read back, without waiting for the disk: no fsync of the file or its folder,
    two journal commits (1-4 ms) a build. A power cut may then leave the old file, or an empty or
    cut one, which its reader takes as no record."""
    publish_all([(target, data)], durable)


def publish_all(files: Iterable[tuple[Path, bytes]], durable: bool = True) -> None:
    """Put each file in place: all temporary files first, then every replace under the folders' locks.

    `files` may be a generator that checks each file as it makes it: if it raises, nothing is replaced."""
    staged: list[Staged] = []
    try:
        for target, data in files:
            with held():  # a Ctrl-C comes once the staged file is listed for removal, not just before
                staged.append(stage(target, data))
        commit(staged, durable)
    finally:
        discard(staged)


def commit(staged: list[Staged], durable: bool = True) -> None:
    """Make the staged files durable, then replace each target under its folder's lock (sorted: no
    deadlock), then make the replaces durable; not `durable`, only the replaces (see `publish`)."""
    if durable:
        to_disk(staged)
    folders = sorted({s.target.parent for s in staged})
    with ExitStack() as stack:
        locks = [stack.enter_context(locked(folder)) for folder in folders]
        for s in staged:
            check_target(s.target)
        replace_all(staged)
        if durable:
            settle(folders, locks)


def replace_all(staged: list[Staged]) -> None:
    """Replace each target (under the locks the caller holds); a big batch over a few threads, each
    taking every LANES-th file: a rename just after a sync waits on the disk, and the waits overlap
    (100 renames: 0.19 s in one thread, 0.04 s in eight, on a busy disk). The first failure in the
    batch's order is raised once every thread is done; Ctrl-C comes after them."""
    lanes = min(LANES, len(staged) // PER_LANE)
    if lanes < 2:
        for s in staged:
            replace(s)
        return
    failed: list[tuple[int, BaseException]] = []

    def lane(first: int) -> None:
        for i in range(first, len(staged), lanes):
            try:
                replace(staged[i])
            except BaseException as e:  # raised by the caller, in the batch's order
                failed.append((i, e))
                return

    with held():
        threads = [threading.Thread(target=lane, args=(j,)) for j in range(lanes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    if failed:
        raise min(failed, key=lambda f: f[0])[1]


def settle(folders: list[Path], fds: list[int]) -> None:
    """Make the renames durable: fsync the folder, or sync(2) once for a batch over many folders
    (100 clinic PDFs are 100 folders; each fsync waits for a journal commit, ~3 ms on a busy disk)."""
    if len(folders) > 1:
        os.sync()
        return
    for folder, fd in zip(folders, fds, strict=True):
        with translated(folder):
            os.fsync(fd)


def discard(staged: Iterable[Staged]) -> None:
    """Remove the temporary files still there (after a replace they are not), and then the folders
    staging made for them while they are empty (a failed batch into a new folder leaves none)."""
    left = [s for s in staged if remove(s.tmp)]  # (a file replaced is in its folder: no folder to prune)
    prune({folder for s in left for folder in made_chain(s.target.parent, s.made)})


def made_chain(folder: Path, made: Path | None) -> list[Path]:
    """`folder` and its parents up to `made`, the topmost folder staging made ([] when none)."""
    chain = [folder, *folder.parents]
    return chain[: chain.index(made) + 1] if made in chain else []


def prune(folders: set[Path]) -> None:
    """Remove each folder, the deepest first, while it is empty: one holding a file (the PDF now in
    place, another build's temporary file) stays, and so do the folders above it."""
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def stage(target: Path, data: bytes, digest: bytes | None = None) -> Staged:
    """Write `data` to a new temporary file in the target's folder, creating the folder if need be.

    `digest` is the bytes' SHA-256 when the caller has it (a batch's `Digests`), else it is taken here."""
    folder = target.parent
    written, tmp, made = False, Path(), None  # `tmp` names the temporary file once there is one
    try:
        with held(), translated(folder, folder=True):  # a Ctrl-C now comes once `tmp` names the file
            fd, tmp, made = temporary_in(target)
        with translated(target):
            try:
                write_all(fd, data)
            finally:
                os.close(fd)
        written = True
    finally:
        if not written and tmp.name:
            remove(tmp)
            prune(set(made_chain(folder, made)))
    return Staged(target, digest or hashlib.sha256(data).digest(), len(data), tmp, made)


def temporary_in(target: Path) -> tuple[int, Path, Path | None]:
    """create_temporary, the target's folder made first when it is not there: a folder that is (a batch
    built again) costs no mkdir. Any other way the first try fails, it fails again after the mkdir.
    Also the topmost folder it made, if it made one."""
    try:
        return (*create_temporary(target), None)
    except (FileNotFoundError, NotADirectoryError):
        folder = target.parent
        made = next((p for p in reversed((folder, *folder.parents)) if not p.exists()), None)
        folder.mkdir(parents=True, exist_ok=True)
        return (*create_temporary(target), made)


def to_disk(staged: list[Staged]) -> None:
    """Make the temporary files durable before any replace: fsync one; sync(2) once for a batch."""
    if not staged:
        return
    if len(staged) > 1:
        os.sync()
        return
    with translated(staged[0].target):
        fd = os.open(staged[0].tmp, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_temporary(target: Path) -> tuple[int, Path]:
    """A new, exclusively created `.NAME.RANDOM.tmp` beside the target, with the usual permissions.

    Not `tempfile.mkstemp`: it makes the file mode 0600, which the PDF would keep after the rename.
    Mode 0666 here is narrowed by the umask, as for any file a program creates.
    """
    for _ in range(TRIES):
        tmp = target.with_name(f".{target.name}.{os.urandom(8).hex()}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), tmp
        except FileExistsError:
            continue
    raise OutputError(
        "found no free temporary file name", Where.file(target.parent), hint="remove the .*.tmp files there"
    )


def write_all(fd: int, data: bytes) -> None:
    """os.write until every byte is written (a write may be short, e.g. as the disk fills)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@contextmanager
def locked(folder: Path) -> Iterator[int]:
    """Hold an exclusive advisory lock on `folder`; yield its descriptor (for the fsync)."""
    with translated(folder, folder=True):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        with translated(folder, folder=True):
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError as e:
                if e.errno not in NO_LOCKS:
                    raise
                # A file system without flock (some network ones): still atomic, just not serialised.
        yield fd
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def check_target(target: Path) -> None:
    """Refuse to replace a folder, a device or pipe, or a file someone made read-only."""
    try:
        st = target.stat()
    except FileNotFoundError:
        return
    except OSError as e:
        raise explain(e, target) from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(
            "is a folder, not a file", Where.file(target), hint="move that folder away, or choose another output folder"
        )
    if not stat.S_ISREG(st.st_mode):
        raise OutputError("is not a regular file", Where.file(target), hint="choose another output folder")
    if not st.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputError(
            "is read-only, so it is left as it is",
            Where.file(target),
            hint="make it writable (chmod u+w) to replace it, or choose another output folder",
        )


def replace(s: Staged) -> None:
    """Move the temporary file onto the target, then read the target back to prove it holds the bytes."""
    with translated(s.target):
        os.replace(s.tmp, s.target)
        with open(s.target, "rb") as f:
            back = f.read(s.size + 1)
    if hashlib.sha256(back).digest() != s.digest:
        raise OutputError(
            "the file in place is not the one that was checked",
            Where.file(s.target),
            hint="another program is writing this file; stop it and build again",
        )


def remove(path: Path) -> bool:
    """Delete a temporary file if it is still there (after a replace it is not); whether it was."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        return False
    except OSError:
        pass  # it cannot be removed either; the error that brought us here is the one to report
    return True
