"""Publishing a checked PDF: OS errors give one message naming the path, exit 2, the old file kept.

Each case builds a real leaflet first, then makes the output unwritable in one way and builds again
with different content, so a replaced file would show. The disk-full and permission cases make the
kernel's answer in-process where the machine cannot (no tiny file system; root ignores permissions).
"""

from __future__ import annotations

import errno
import fcntl
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import LDN, leaflet_yaml, write_leaflet_dir

from leaflet import batch, cli
from leaflet import publish as publish_module
from leaflet.checks import stamped
from leaflet.clinics import load_clinics
from leaflet.errors import CheckFailed, OutputError
from leaflet.manifest import NAME as RECORD
from leaflet.model import Clinic
from leaflet.publish import Staged, publish, publish_all
from leaflet.stamp import Master

CLINICS = LDN.parent / "clinics.yaml"
Run = Callable[[list[str]], tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def call(argv: list[str]) -> tuple[int, str, str]:
        status = cli.main(argv)
        out, err = capsys.readouterr()
        return status, out, err

    return call


def source(folder: Path, title: str) -> Path:
    return write_leaflet_dir(folder, leaflet_yaml([{"paragraph": f"The text of {title}."}], title=title))


def leftovers(root: Path) -> list[Path]:
    """Temporary files anywhere under root."""
    return sorted(p for p in root.rglob("*") if p.name.endswith(".tmp"))


def assert_refused(status: int, err: str, path: Path, message: str) -> None:
    lines = err.splitlines()
    assert status == 2, err
    assert lines[0] == f"{path}: {message}", err
    assert len(lines) == 2 and lines[1].startswith("  hint: "), err
    assert "Traceback" not in err


@pytest.fixture
def built(tmp_path: Path, run: Run) -> tuple[Path, Path, bytes]:
    """A good PDF at out/test-leaflet.pdf, and a changed source that would replace it: (source, pdf, bytes)."""
    status, _, err = run(["build", str(source(tmp_path / "v1", "First version")), "-o", str(tmp_path / "out")])
    assert status == 0, err
    pdf = tmp_path / "out" / "test-leaflet.pdf"
    return source(tmp_path / "v2", "Second version"), pdf, pdf.read_bytes()


def test_output_option_naming_a_file(tmp_path: Path, run: Run) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("mine\n", encoding="utf-8")
    for out in (taken, taken / "below"):
        status, _, err = run(["build", str(source(tmp_path / "src", "A title")), "-o", str(out)])
        assert_refused(status, err, taken, "is a file, not a folder")
    assert taken.read_text(encoding="utf-8") == "mine\n"
    assert leftovers(tmp_path) == []


def test_clinic_batch_into_a_file(tmp_path: Path, run: Run) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("mine\n", encoding="utf-8")
    status, _, err = run(["build", str(LDN), "--all-clinics", "--clinics", str(CLINICS), "-o", str(taken)])
    assert_refused(status, err, taken, "is a file, not a folder")
    assert taken.read_text(encoding="utf-8") == "mine\n"


def test_target_that_is_a_folder(tmp_path: Path, run: Run, built: tuple[Path, Path, bytes]) -> None:
    changed, pdf, _ = built
    pdf.unlink()
    (pdf / "inside").mkdir(parents=True)
    status, _, err = run(["build", str(changed), "-o", str(pdf.parent)])
    assert_refused(status, err, pdf, "is a folder, not a file")
    assert [p.name for p in pdf.iterdir()] == ["inside"]
    assert leftovers(tmp_path) == []


def test_read_only_target_is_kept(tmp_path: Path, run: Run, built: tuple[Path, Path, bytes]) -> None:
    changed, pdf, before = built
    pdf.chmod(0o444)
    status, _, err = run(["build", str(changed), "-o", str(pdf.parent)])
    assert_refused(status, err, pdf, "is read-only, so it is left as it is")
    assert pdf.read_bytes() == before
    assert sorted(p for p in pdf.parent.iterdir() if p.name != RECORD) == [pdf]


@pytest.fixture
def deny_writes(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Make a folder unwritable: by its mode and, for root (whom modes do not stop), by the kernel's answer."""
    denied: list[Path] = []
    real_open = os.open

    def fake_open(path: str | Path, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        if flags & os.O_CREAT and Path(path).parent in denied:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def deny(folder: Path) -> None:
        folder.chmod(0o555)
        denied.append(folder)
        if os.geteuid() == 0:
            monkeypatch.setattr(os, "open", fake_open)

    yield deny
    for folder in denied:
        folder.chmod(0o755)


def test_unwritable_folder(
    tmp_path: Path, run: Run, built: tuple[Path, Path, bytes], deny_writes: Callable[[Path], None]
) -> None:
    changed, pdf, before = built
    deny_writes(pdf.parent)
    status, _, err = run(["build", str(changed), "-o", str(pdf.parent)])
    assert_refused(status, err, pdf.parent, "cannot write: Permission denied")
    assert pdf.read_bytes() == before
    assert sorted(p for p in pdf.parent.iterdir() if p.name != RECORD) == [pdf]


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[int], None]:
    """After `room` more bytes written to files under tmp_path, os.write fails with ENOSPC (a short write first)."""

    def fill(room: int) -> None:
        real_write = os.write
        left = [room]

        def fake_write(fd: int, data: bytes | memoryview) -> int:
            if not os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path)):
                return real_write(fd, data)
            if left[0] <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            n = real_write(fd, bytes(data[: left[0]]))
            left[0] -= n
            return n

        monkeypatch.setattr(os, "write", fake_write)

    return fill


def test_disk_full_keeps_the_old_pdf(
    run: Run, built: tuple[Path, Path, bytes], disk_full: Callable[[int], None]
) -> None:
    changed, pdf, before = built
    disk_full(len(before) // 2)
    status, _, err = run(["build", str(changed), "-o", str(pdf.parent)])
    assert_refused(status, err, pdf, "cannot write: the disk is full (No space left on device)")
    assert pdf.read_bytes() == before
    assert sorted(p for p in pdf.parent.iterdir() if p.name != RECORD) == [pdf]


def test_disk_full_mid_clinic_batch_replaces_none(tmp_path: Path, run: Run, disk_full: Callable[[int], None]) -> None:
    out = tmp_path / "out"
    status, _, err = run(["build", str(LDN), "--all-clinics", "--clinics", str(CLINICS), "-o", str(out)])
    assert status == 0, err
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) >= 3  # the example clinics file holds several clinics
    before = {p: p.read_bytes() for p in pdfs}
    for p in pdfs:  # a different first version, so a replaced file would show
        p.write_bytes(before[p] + b"%old\n")
    disk_full(len(before[pdfs[0]]) * 3 // 2)  # room for one clinic's PDF and half the next
    status, _, err = run(["build", str(LDN), "--all-clinics", "--clinics", str(CLINICS), "-o", str(out)])
    assert status == 2, err
    assert "the disk is full" in err.splitlines()[0]
    assert {p: p.read_bytes() for p in pdfs} == {p: before[p] + b"%old\n" for p in pdfs}
    assert leftovers(tmp_path) == []


def test_clinic_batch_checks_every_target_before_replacing_any(tmp_path: Path) -> None:
    files = [(tmp_path / name / "x.pdf", name.encode()) for name in ("a", "b", "c")]
    for target, data in files:
        target.parent.mkdir()
        target.write_bytes(b"old " + data)
    files[2][0].unlink()
    files[2][0].mkdir()  # the last target is a folder
    with pytest.raises(OutputError, match="is a folder"):
        publish_all(files)
    assert [t.read_bytes() for t, _ in files[:2]] == [b"old a", b"old b"]
    assert leftovers(tmp_path) == []


def test_a_check_failing_on_the_last_clinic_replaces_none(tmp_path: Path, run: Run) -> None:
    """Clinic PDFs are staged as each is stamped and checked (a batch is never held in memory):
    a failure on the last one still leaves every earlier target as it was, and no temporary file."""
    out = tmp_path / "out"
    argv = ["build", str(LDN), "--all-clinics", "--clinics", str(CLINICS), "-o", str(out)]
    status, _, err = run(argv)
    assert status == 0, err
    pdfs = sorted(out.rglob("*.pdf"))
    for p in pdfs:
        p.write_bytes(p.read_bytes() + b"%old\n")
    before = {p: p.read_bytes() for p in pdfs}
    last = list(load_clinics(CLINICS))[-1]
    real = stamped.check_stamped

    def failing_last(data: bytes, master: Master, clinic: Clinic) -> None:
        real(data, master, clinic)
        if clinic.id == last:
            raise CheckFailed("clinic check failed: made to fail", clinic.where, hint="a test")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "check_stamped", failing_last)
        status, _, err = run(argv)
    assert status == 1 and "made to fail" in err.splitlines()[0], err
    assert {p: p.read_bytes() for p in pdfs} == before
    assert leftovers(tmp_path) == []


def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        publish(tmp_path / "new.pdf", b"%PDF-")
    finally:
        os.umask(old)
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o666 & ~0o027


def folder_locked(target: str | Path) -> bool:
    """Whether someone holds the lock of the folder `target` is in (publish locks it to replace)."""
    probe = os.open(Path(target).parent, os.O_RDONLY)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(probe)


def test_replace_happens_under_the_folder_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace
    held = []

    def spying_replace(src: str | Path, dst: str | Path) -> None:
        held.append(folder_locked(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spying_replace)
    publish(tmp_path / "x.pdf", b"%PDF-1")
    assert held == [True]


def test_a_file_changed_behind_our_back_is_not_reported_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = os.replace

    def meddling_replace(src: str | Path, dst: str | Path) -> None:
        real_replace(src, dst)
        with open(dst, "ab") as f:  # another program writing the same file without the lock
            f.write(b"junk")

    monkeypatch.setattr(os, "replace", meddling_replace)
    with pytest.raises(OutputError, match="not the one that was checked"):
        publish(tmp_path / "x.pdf", b"%PDF-1")
    assert leftovers(tmp_path) == []


def test_new_into_a_file(tmp_path: Path, run: Run) -> None:
    taken = tmp_path / "notes.txt"
    taken.write_text("mine\n", encoding="utf-8")
    status, out, err = run(["new", "my-leaflet", "--dir", str(taken)])
    assert_refused(status, err, taken, "is a file, not a folder")
    assert out == ""
    assert taken.read_text(encoding="utf-8") == "mine\n"


def test_folder_without_locks_still_gets_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    publish(tmp_path / "x.pdf", b"%PDF-1")
    assert (tmp_path / "x.pdf").read_bytes() == b"%PDF-1"
    assert leftovers(tmp_path) == []


def test_a_batch_over_many_folders_syncs_once_for_its_files_and_once_for_its_renames(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clinic batch is a folder per clinic: one fsync per folder would be one journal commit each."""
    calls: list[str] = []
    targets = [tmp_path / f"clinic-{i}" / "x.pdf" for i in range(3)]
    real_sync, real_replace = os.sync, os.replace
    monkeypatch.setattr(os, "sync", lambda: calls.append("sync") or real_sync())
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync"))
    monkeypatch.setattr(os, "replace", lambda src, dst: calls.append("replace") or real_replace(src, dst))
    publish_all((t, b"%PDF-" + t.parent.name.encode()) for t in targets)
    assert calls == ["sync", "replace", "replace", "replace", "sync"]
    assert [t.read_bytes() for t in targets] == [b"%PDF-" + t.parent.name.encode() for t in targets]
    calls.clear()
    publish(targets[0], b"%PDF-again")
    assert calls == ["fsync", "replace", "fsync"]  # one file: its data, then its folder


def test_a_big_batch_replaces_in_threads_each_under_its_lock_and_names_the_first_meddled_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of 100 is replaced over several threads: every replace is under its folder's lock,
    and of two files changed behind our back, the one first in the batch is the one named."""
    real_replace = os.replace
    held: list[bool] = []
    meddled = {tmp_path / "clinic-37" / "x.pdf", tmp_path / "clinic-80" / "x.pdf"}

    def spying_replace(src: str | Path, dst: str | Path) -> None:
        held.append(folder_locked(dst))
        real_replace(src, dst)
        if Path(dst) in meddled:
            with open(dst, "ab") as f:
                f.write(b"junk")

    monkeypatch.setattr(os, "replace", spying_replace)
    files = [(tmp_path / f"clinic-{i}" / "x.pdf", b"%%PDF-1 %d" % i) for i in range(100)]
    with pytest.raises(OutputError, match="not the one that was checked") as caught:
        publish_all(files)
    assert caught.value.where.path == str(tmp_path / "clinic-37" / "x.pdf")
    assert held and all(held)
    assert leftovers(tmp_path) == []
    monkeypatch.setattr(os, "replace", real_replace)
    publish_all(files)
    assert [target.read_bytes() for target, _ in files] == [data for _, data in files]


def test_a_ctrl_c_just_as_a_file_is_staged_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGINT landing as `stage` returns, before the staged file is listed for removal (as a
    terminal's Ctrl-C can, in a `-j` worker publishing a variant): the file is still removed."""
    real_stage = publish_module.stage

    def interrupted_stage(target: Path, data: bytes) -> Staged:
        staged = real_stage(target, data)
        os.kill(os.getpid(), signal.SIGINT)
        return staged

    monkeypatch.setattr(publish_module, "stage", interrupted_stage)
    with pytest.raises(KeyboardInterrupt):
        publish_all([(tmp_path / "a.pdf", b"%PDF-a"), (tmp_path / "b.pdf", b"%PDF-b")])
    assert leftovers(tmp_path) == []
    assert not (tmp_path / "a.pdf").exists()


def test_a_record_not_durable_is_replaced_and_read_back_without_a_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest, whose loss costs a rebuild, skips the two waits for the disk; a PDF never does."""
    calls: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(os, "sync", lambda: calls.append("sync"))
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync"))
    monkeypatch.setattr(os, "replace", lambda src, dst: calls.append("replace") or real_replace(src, dst))
    publish(tmp_path / "record.json", b"{}", durable=False)
    assert calls == ["replace"]
    assert (tmp_path / "record.json").read_bytes() == b"{}" and leftovers(tmp_path) == []
    calls.clear()
    publish(tmp_path / "x.pdf", b"%PDF-1")
    assert calls == ["fsync", "replace", "fsync"]


def test_a_build_syncs_its_pdf_but_not_its_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def noting_fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", noting_fsync)
    assert cli.main(["build", str(LDN), "-o", str(tmp_path / "out")]) == 0
    names = [Path(p).name for p in synced]
    assert any(n.startswith(".ldn-ms.pdf.") for n in names) and "out" in names  # the PDF, then its folder
    assert not any(RECORD in n for n in names)
    assert (tmp_path / "out" / RECORD).is_file()
