"""Clinic batches over processes (batch.py, `-j N`): the same PDFs, lines and errors as one process,
and a failure in any worker replaces nothing and leaves no temporary file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import DEFAULT_BRAND, LDN

from leaflet import cli
from leaflet.batch import MIN_PER_PROCESS
from leaflet.checks import run_checks
from leaflet.forked import Tickets, in_processes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from clinics import clinics_yaml

COUNT = 2 * MIN_PER_PROCESS  # enough for two processes
ROOT = Path(__file__).resolve().parent.parent
# A clinic build in a process where pypdf and cryptography cannot be imported (None in sys.modules
# makes any import of them fail, in this process and in the workers it forks).
WITHOUT_PYPDF = """
import contextlib, io, json, sys
sys.modules["pypdf"] = sys.modules["cryptography"] = None
from leaflet import cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "built": [json.loads(line) for line in out.getvalue().splitlines()]}))
"""


def build(
    clinics: Path, out: Path, jobs: int, capsys: pytest.CaptureFixture[str], content: Path = LDN
) -> tuple[int, str, str]:
    argv = ["build", str(content), "--all-clinics", "--clinics", str(clinics), "-o", str(out), "-j", str(jobs)]
    argv.append("--force")
    status = cli.main(argv)
    out_text, err = capsys.readouterr()
    return status, out_text, err


def located(err: str, clinics: Path) -> str:
    """The error's first line (a slow batch prints its progress on stderr before it)."""
    return next(line for line in err.splitlines() if line.startswith(f"{clinics}:"))


def pdfs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.pdf"))}


def test_two_processes_make_the_same_pdfs_and_lines_as_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clinics = tmp_path / "clinics.yaml"
    clinics.write_text(clinics_yaml(COUNT), encoding="utf-8")
    one = build(clinics, tmp_path / "one", 1, capsys)
    two = build(clinics, tmp_path / "two", 2, capsys)
    assert one[0] == two[0] == 0, one[2] + two[2]
    assert len(pdfs(tmp_path / "one")) == COUNT
    assert pdfs(tmp_path / "one") == pdfs(tmp_path / "two")
    assert one[1].replace(str(tmp_path / "one"), "OUT") == two[1].replace(str(tmp_path / "two"), "OUT")


@pytest.mark.parametrize("which", [max, min], ids=["last", "first"])
def test_a_clinic_failing_in_a_share_replaces_nothing(
    which: Callable[[Iterable[int]], int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last (or first) clinic's name is too long for the box: with two processes (each taking the next
    clinic as it is free) the batch stops with the message one process gives,
    the earlier PDFs stay as they were, and no temporary file is left."""
    clinics, out = tmp_path / "clinics.yaml", tmp_path / "out"
    clinics.write_text(clinics_yaml(COUNT), encoding="utf-8")
    assert build(clinics, out, 2, capsys)[0] == 0
    before = pdfs(out)
    text = clinics_yaml(COUNT).rstrip("\n").split("\n")
    name_line = which(i for i, line in enumerate(text) if line.startswith("    name: "))
    text[name_line] = "    name: " + "Very Long Clinic Name " * 12
    clinics.write_text("\n".join(text) + "\n", encoding="utf-8")
    one_status, _, one_err = build(clinics, tmp_path / "alone", 1, capsys)
    status, _, err = build(clinics, out, 2, capsys)
    assert status == one_status == 2, err
    assert located(err, clinics) == located(one_err, clinics)
    assert located(err, clinics).startswith(f"{clinics}:{name_line + 1}:"), err
    assert pdfs(out) == before
    assert [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")] == []
    assert not (tmp_path / "alone").exists()  # the folders its staging made went with its files


def test_the_master_failing_a_check_once_the_workers_stamp_replaces_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clinic master is over its size limit (`maxkb`), a check failure found only after the forked
    process has staged clinic PDFs (the check waits for them): the batch reports the failure one process
    reports, exit 1, the earlier PDFs stay as they were and no temporary file is left."""
    content, clinics, out = tmp_path / "ldn-ms.yaml", tmp_path / "clinics.yaml", tmp_path / "out"
    (tmp_path / "brands").mkdir()
    shutil.copyfile(DEFAULT_BRAND, tmp_path / "brands" / "default.yaml")
    text = LDN.read_text(encoding="utf-8")
    content.write_text(text, encoding="utf-8")
    clinics.write_text(clinics_yaml(COUNT), encoding="utf-8")
    assert build(clinics, out, 2, capsys, content)[0] == 0
    before = pdfs(out)
    limited, given = re.subn(r"^(  pages: .*)$", r"\1\n  maxkb: 1", text, count=1, flags=re.M)
    assert given == 1
    content.write_text(limited, encoding="utf-8")
    one_status, _, one_err = build(clinics, tmp_path / "alone", 1, capsys, content)
    here, staged_then = os.getpid(), []

    def once_staged(*args: object, **kwargs: object) -> object:  # the master's checks, in this process
        deadline = time.monotonic() + 60
        while os.getpid() == here and not list(out.rglob("*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.002)
        staged_then.append(len(list(out.rglob("*.tmp"))))
        return run_checks(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("leaflet.build.run_checks", once_staged)
    status, _, err = build(clinics, out, 2, capsys, content)
    assert staged_then and staged_then[0] > 0, "the forked process staged nothing before the check"
    assert status == one_status == 1, err
    assert "email check failed" in one_err
    assert failure(err, content) == failure(one_err, content)
    assert pdfs(out) == before
    assert [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")] == []


def failure(err: str, content: Path) -> list[str]:
    """The error and its hint (a slow batch prints its progress on stderr before them)."""
    lines = err.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"{content}:"))
    return lines[first:]


@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_jobs_must_be_a_number_of_processes(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["build", "-j", value])
    assert exited.value.code == 2
    assert "is not a number of processes" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_clinic_batch_is_stamped_and_checked_without_pypdf(jobs: int, tmp_path: Path) -> None:
    """Stamping and the clinic check read the clinic layout and each stamp with our own reader: a
    batch builds, every check passing, in a process (and its workers) that cannot import pypdf."""
    clinics, out = tmp_path / "clinics.yaml", tmp_path / "out"
    clinics.write_text(clinics_yaml(COUNT), encoding="utf-8")
    argv = ["build", str(LDN), "--all-clinics", "--clinics", str(clinics), "-o", str(out), "-j", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYPDF, *argv, "--force", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout.splitlines()[-1])
    assert answer["code"] == 0, run.stderr
    assert len(answer["built"]) == COUNT and len(pdfs(out)) == COUNT
    assert all(len(b["checks"]) == 11 and all(b["checks"].values()) for b in answer["built"]), answer["built"][0]


def crashing(k: int, n: int, send: Callable[[object], None]) -> bytes:
    """Share k: process 1 dies without an answer; the others send an item per thousand and a big answer."""
    if k == 1:
        os._exit(3)
    for i in range(5000):
        if i % 1000 == 0:
            send((k, i))
    return bytes([k]) * 200_000  # more than a pipe holds at once


@pytest.mark.parametrize("here", [False, True])
def test_forked_shares_answer_in_order_and_a_lost_one_is_named(here: bool) -> None:
    heard: list[object] = []
    answers = in_processes(crashing, 3, lambda k: f"lost {k}".encode(), heard=heard.append, here=here)
    assert answers == [bytes([0]) * 200_000, b"lost 1", bytes([2]) * 200_000]
    assert sorted(heard) == [(k, i) for k in (0, 2) for i in range(0, 5000, 1000)]  # type: ignore[type-var]


@pytest.mark.parametrize("count", [COUNT, 100_000])
def test_tickets_hand_each_run_to_one_process_in_order(count: int) -> None:
    """Three processes take runs until none is left: together they cover 0 to count-1 once each (the last
    run open-ended), each process's in increasing order; a count too big for one frame each in the
    pipe gets runs of several numbers."""
    tickets = Tickets(count)

    def taking(k: int, n: int, send: Callable[[object], None]) -> list[tuple[int, int]]:
        taken = []
        while (run := tickets.take()) is not None:
            taken.append((run.start, run.stop))
        return taken

    try:
        answers = in_processes(taking, 3, lambda k: [], here=True)
    finally:
        tickets.close()
    for taken in answers:
        assert taken == sorted(taken)
    runs = sorted(run for taken in answers for run in taken)
    assert runs[0][0] == 0 and runs[-1][1] == sys.maxsize
    assert all(a[1] == b[0] for a, b in pairwise(runs))
    assert runs[-1][0] < count
    assert len(runs) == count if count == COUNT else len(runs) < count
