"""`leaflet check` on hostile PDFs and on things that are not files: a failed check (exit 1)
or one located refusal (exit 2), never a traceback, a hang or unbounded memory.

Every case runs the tool in a subprocess with a memory cap and a timeout, so a regression
fails one test instead of taking the machine down. The hostile PDFs are made by
tests/hostile_pdfs.py from the real LDN leaflet, built for the session.
"""

from __future__ import annotations

import io
import json
import os
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import capped
import pytest
from conftest import LDN, REPO, Result
from hostile_pdfs import CORPUS, Hostile, parts, stream, update
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import NameObject

from leaflet.errors import PdfError
from leaflet.pdfread import MAX_MIB, guard

MEMORY = 512 << 20  # bytes of address space for one `leaflet check`; a good leaflet needs ~60 MB of RSS
TIMEOUT = 60  # seconds; a good leaflet is checked in under one
CONTENT = ("--content", str(LDN))
EXAMPLES = int(os.environ.get("HOSTILE_PDF_EXAMPLES", "100"))  # `make fuzz` runs many more, freshly random
RANDOM = bool(os.environ.get("HOSTILE_PDF_RANDOM"))


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def run(*argv: str) -> Run:
    """Python with `argv` in a capped subprocess, from the repository root."""
    p = capped.run(argv, MEMORY, TIMEOUT)
    return Run(p.returncode, p.stdout, p.stderr)


def check(path: Path | str, *args: str) -> Run:
    return run("-m", "leaflet", "check", str(path), *args)


def assert_refused(r: Run, path: Path | str, says: str) -> None:
    """Exit 2 and one message: 'PATH: what is wrong' and a hint line; nothing on stdout."""
    assert "Traceback" not in r.err + r.out
    assert r.code == 2, r.err
    lines = r.err.splitlines()
    assert lines[0].startswith(f"{path}: "), lines
    assert says in lines[0]
    assert len(lines) == 2 and lines[1].startswith("  hint: "), lines
    assert r.out == ""


def first_failure(r: Run) -> str:
    """'check: problem' of the first failed check in a --json report."""
    failed = [f for f in json.loads(r.out)["checks"] if not f["ok"]]
    return f"{failed[0]['check']}: {failed[0]['problem']}" if failed else ""


@pytest.fixture(scope="module")
def base(ldn: Result) -> bytes:
    return ldn.pdf_path.read_bytes()


def test_the_base_leaflet_passes(base: bytes, tmp_path: Path) -> None:
    """The control: every failure below comes from what the corpus changed."""
    path = tmp_path / "ldn.pdf"
    path.write_bytes(base)
    r = check(path, *CONTENT, "--json")
    assert (r.code, r.err, first_failure(r)) == (0, "", "")


@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_hostile_pdf(case: Hostile, base: bytes, tmp_path: Path) -> None:
    data = case.make(base)
    assert data != base
    path = tmp_path / f"{case.name}.pdf"
    path.write_bytes(data)
    r = check(path, *CONTENT, "--json")
    if case.exit == 2:
        assert_refused(r, path, case.says)
        return
    assert "Traceback" not in r.err + r.out
    assert (r.code, r.err) == (case.exit, "")
    failure = first_failure(r)
    assert failure.startswith(case.says) if case.says else failure == ""


def test_aes_without_cryptography(base: bytes, tmp_path: Path) -> None:
    """pypdf cannot even open an AES-256 PDF without `cryptography`: it is refused all the same."""
    case = next(c for c in CORPUS if c.name == "encrypted-aes-256")
    path = tmp_path / "aes-256.pdf"
    path.write_bytes(case.make(base))
    prelude = (
        "import sys; sys.modules['cryptography'] = sys.modules['Crypto'] = None\n"
        "import pypdf._crypt_providers as c; assert c.crypt_provider[0] == 'local_crypt_fallback', c.crypt_provider\n"
        "from leaflet.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    assert_refused(run("-c", prelude, "check", str(path)), path, "the PDF is encrypted")


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that starts like a PDF and takes no disk space."""
    with path.open("wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(size)
    return path


def not_files(tmp: Path) -> Iterator[tuple[Path | str, str]]:
    os.mkfifo(tmp / "pipe.pdf")
    (tmp / "folder.pdf").mkdir()
    (tmp / "empty.pdf").write_bytes(b"")
    (tmp / "text.pdf").write_text("not a PDF\n")
    yield "/dev/zero", "is a device, not a file"
    yield tmp / "pipe.pdf", "is a named pipe, not a file"
    yield tmp / "folder.pdf", "is a folder, not a file"
    yield sparse(tmp / "huge.pdf", (MAX_MIB << 20) + 1), f"the file is larger than {MAX_MIB} MiB"
    yield tmp / "empty.pdf", "the file is empty"
    yield tmp / "text.pdf", "not a PDF file"
    yield tmp / "missing.pdf", "file not found"


def test_not_a_pdf_file(tmp_path: Path) -> None:
    """Devices, pipes (which would block a plain open) and folders are refused before reading."""
    for path, says in not_files(tmp_path):
        assert_refused(check(path), path, says)


def test_a_file_at_the_size_limit_is_read(base: bytes, tmp_path: Path) -> None:
    """The cap refuses what is over it, not what is at it: the leaflet padded to exactly 64 MiB
    (a comment after it, then an empty update) is read and checked, and fails the email budget."""
    size = MAX_MIB << 20

    def padded(spaces: int) -> bytes:
        return update(base + b"%" + b" " * spaces + b"\n", {})

    data = padded(size - len(padded(0)))
    data = padded(size - len(padded(0)) - (len(data) - size))
    path = tmp_path / "limit.pdf"
    path.write_bytes(data)
    assert path.stat().st_size == size
    r = check(path, "--json")
    assert (r.code, r.err) == (1, "")
    assert first_failure(r) == f"email: {size >> 10} KB is over the 1024 KB limit"


def test_tounicode_range_is_bounded() -> None:
    """Our own /ToUnicode reader (used on clinic stamps) reads a range over all 32-bit codes as
    the 256 codes a simple font has, mapped from the range's start."""
    code = (
        "from leaflet.simplefont import cmap_text\n"
        "m = cmap_text(b'1 beginbfrange\\n<0000> <FFFFFFFF> <0041>\\nendbfrange')\n"
        "print(len(m), m[0], m[255])"
    )
    r = run("-c", code)
    assert (r.code, r.out.split()) == (0, ["256", "A", chr(0x41 + 255)]), r.err


def test_guard_refuses_what_a_pdf_causes_and_lets_our_bugs_through() -> None:
    """A wrong type met in the PDF is a located refusal; an assertion in our own code stays a bug."""
    with pytest.raises(PdfError) as refused, guard("x.pdf", "page 3"):
        float(NameObject("/a"))
    assert str(refused.value).startswith("x.pdf: cannot read page 3: ValueError: ")
    with pytest.raises(AssertionError), guard("x.pdf", "page 3"):
        raise AssertionError("a bug in leaflet")


# --- Fuzz: bytes of a real leaflet changed at random, all checks run in one capped worker ---


class Worker:
    """tests/check_worker.py in a capped subprocess, restarted if a case kills it."""

    def __init__(self) -> None:
        self.proc = self.start()

    @staticmethod
    def start() -> subprocess.Popen[str]:
        script = Path(__file__).with_name("check_worker.py")
        pipe = subprocess.PIPE
        return subprocess.Popen(
            [sys.executable, str(script)], stdin=pipe, stdout=pipe, text=True, preexec_fn=capped.limit(MEMORY), cwd=REPO
        )

    def check(self, args: list[str]) -> dict[str, Any]:
        if self.proc.poll() is not None:
            self.close()
            self.proc = self.start()
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(args) + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], TIMEOUT)
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.proc.kill()
            self.close()
            raise AssertionError(f"no answer in {TIMEOUT} s: the worker hung or died (exit {self.proc.returncode})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=TIMEOUT)
        self.proc.stdout.close()


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    w = Worker()
    yield w
    w.close()


@dataclass(frozen=True)
class Target:
    """An object of the leaflet to change: its number, its text, and whether that text is stream data."""

    number: int
    text: bytes
    is_stream: bool


class Material:
    """The leaflet's bytes and the objects to change (a plain class: hypothesis would print a dataclass whole)."""

    def __init__(self, base: bytes, targets: dict[str, Target]) -> None:
        self.base, self.targets = base, targets

    def __repr__(self) -> str:
        return f"Material({len(self.base)} bytes)"


@pytest.fixture(scope="module")
def material(base: bytes) -> Material:
    """The leaflet, and the objects to change: page 1's drawing and dictionary, and its first
    font's dictionary, descriptor and /ToUnicode map."""
    p = parts(base)
    font = PdfReader(io.BytesIO(base)).pages[0]["/Resources"]["/Font"][p.font_key]
    cmap = font.raw_get("/ToUnicode")
    content = PdfReader(io.BytesIO(base)).pages[0].get_contents()
    assert content is not None
    targets = {
        "content": Target(p.contents, content.get_data(), True),
        "page": Target(p.page, p.page_text, False),
        "font": Target(p.font, p.font_text, False),
        "descriptor": Target(p.descriptor, p.descriptor_text, False),
        "tounicode": Target(cmap.idnum, cmap.get_object().get_data(), True),
    }
    return Material(base, targets)


TOKENS = [b"(", b")", b"<<", b">>", b"[", b"]", b"/", b" R", b" obj", b"endobj", b"stream", b"\\", b"%", b"<"]
TOKENS += [b"9999999999", b"-1", b"0 0 R", b"1e308", b"/Type /Pages", b"\x00", b"\xff\xfe", b"endstream", b"xref"]

TARGETS = ["content", "page", "font", "descriptor", "tounicode"]
edits = st.lists(
    st.tuples(
        st.sampled_from(["set", "delete", "insert", "copy"]),
        st.floats(0, 1),  # where, as a fraction of the region
        st.integers(1, 64),  # how many bytes
        st.one_of(st.binary(min_size=1, max_size=8), st.sampled_from(TOKENS)),
    ),
    min_size=1,
    max_size=8,
)


def mutate(data: bytes, changes: list[tuple[str, float, int, bytes]]) -> bytes:
    """`data` with each change applied."""
    out = bytearray(data)
    for kind, where, length, value in changes:
        at = int(where * len(out))
        if kind == "set":
            out[at : at + len(value)] = value
        elif kind == "delete":
            del out[at : at + length]
        elif kind == "insert":
            out[at:at] = value * length
        else:
            out[at:at] = out[max(0, at - length) : at]
    return bytes(out)


@settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(target=st.sampled_from(["file", *TARGETS]), changes=edits, content=st.booleans())
def test_mutated_leaflet(
    worker: Worker,
    material: Material,
    tmp_path_factory: pytest.TempPathFactory,
    target: str,
    changes: list[tuple[str, float, int, bytes]],
    content: bool,
) -> None:
    """Whatever bytes change, `leaflet check` passes, fails a check, or refuses with one message.

    The changes go into the file as it is, or into one object's text or stream data, written
    back as an update with a correct cross-reference, so they reach the checks past the parser."""
    if target == "file":
        data = mutate(material.base, changes)
    else:
        t = material.targets[target]
        text = mutate(t.text, changes)
        data = update(material.base, {t.number: stream(text) if t.is_stream else text})
    path = tmp_path_factory.getbasetemp() / "mutant.pdf"
    path.write_bytes(data)
    answer = worker.check([str(path), *(CONTENT if content else ())])
    err = answer["stderr"]
    event(f"exit {answer['code']}")  # the mix shows with --hypothesis-show-statistics
    event(re.sub(r"\d+", "N", err.split(": ", 1)[-1].splitlines()[0][:60]) if err else "no message")
    assert answer["code"] in (0, 1, 2), err
    if answer["code"] == 2:
        lines = err.splitlines()
        assert lines[0].startswith(f"{path}: ") and len(lines) == 2 and lines[1].startswith("  hint: "), err
    else:
        assert err == ""
