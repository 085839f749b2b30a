"""A clinic batch's first pass over its clinics file, made in a forked process while the pipeline
loads (leaflet/ahead.py): taken as if made in the build, the same PDFs and record either way, every
error still the build's own, and no process left behind however the command ends."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from leaflet import ahead, build, manifest
from leaflet.cli import main, parser

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content" / "ldn-ms.yaml"
sys.path.insert(0, str(REPO / "bench"))
from clinics import clinics_yaml  # noqa: E402  (bench/clinics.py: the benchmark's clinics)


def no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def batch(tmp_path: Path, out: str, count: int = 60) -> tuple[int, Path]:
    clinics = tmp_path / "clinics.yaml"
    if not clinics.exists():
        clinics.write_text(clinics_yaml(count), encoding="utf-8")
    target = tmp_path / out
    status = main(["build", str(CONTENT), "--all-clinics", "--clinics", str(clinics), "-o", str(target)])
    return status, target


def record_of(out: Path) -> dict[str, object]:
    jobs = json.loads((out / manifest.NAME).read_text(encoding="utf-8"))["jobs"]
    assert len(jobs) == 1
    entry: dict[str, object] = next(iter(jobs.values()))
    return entry


def test_a_batch_takes_the_first_pass_made_ahead_and_makes_what_it_would_have(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with monkeypatch.context() as m:
        m.setattr(ahead, "start", lambda args: ahead.Ahead())  # nothing ahead: the build surveys itself
        status, alone = batch(tmp_path, "alone")
    assert status == 0
    monkeypatch.setattr(build, "survey", lambda clinics: pytest.fail("surveyed in the build, not ahead"))
    status, early = batch(tmp_path, "early")
    assert status == 0, capsys.readouterr().err
    made = sorted(p.relative_to(early) for p in early.rglob("*.pdf"))
    assert len(made) == 60 and made == sorted(p.relative_to(alone) for p in alone.rglob("*.pdf"))
    assert all((early / p).read_bytes() == (alone / p).read_bytes() for p in made)
    mine, theirs = record_of(early), record_of(alone)
    assert mine["tool"] == theirs["tool"] == manifest.tool_digest()
    clinics = str((tmp_path / "clinics.yaml").resolve())
    inputs = mine["inputs"]
    assert isinstance(inputs, dict) and inputs == theirs["inputs"]
    assert inputs[clinics] == hashlib.sha256((tmp_path / "clinics.yaml").read_bytes()).hexdigest()
    assert no_child_left()


def test_an_error_in_the_clinics_file_is_reported_by_the_build_as_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "clinics.yaml").write_text(clinics_yaml(60).replace("clinic-037", "Clinic 37"), encoding="utf-8")
    status, _ = batch(tmp_path, "early")
    early = capsys.readouterr().err
    monkeypatch.setattr(ahead, "start", lambda args: ahead.Ahead())
    assert batch(tmp_path, "alone")[0] == status == 2
    assert early == capsys.readouterr().err
    assert "clinics.yaml:" in early and "'Clinic 37' is not usable" in early
    assert no_child_left()


def test_a_build_that_fails_before_its_survey_leaves_no_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "clinics.yaml").write_text(clinics_yaml(60), encoding="utf-8")
    missing = tmp_path / "gone.yaml"
    status = main(["build", str(missing), "--all-clinics", "--clinics", str(tmp_path / "clinics.yaml")])
    assert status == 2 and "gone.yaml" in capsys.readouterr().err
    assert no_child_left()


def test_only_the_process_that_forked_takes_the_answer(tmp_path: Path) -> None:
    """A `-j` worker is a fork of the building process: it reads the clinics file itself."""
    (tmp_path / "clinics.yaml").write_text(clinics_yaml(3), encoding="utf-8")
    args = parser().parse_args(["build", str(CONTENT), "--all-clinics", "--clinics", str(tmp_path / "clinics.yaml")])
    early = ahead.start(args)
    try:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.write(write, b"none" if early.surveyed(args.clinics) is None else b"some")
            os._exit(0)
        os.close(write)
        assert os.read(read, 4) == b"none"
        os.waitpid(pid, 0)
        os.close(read)
        found = early.surveyed(args.clinics)
        assert found is not None and [c.id for c in found.kept or []] == ["clinic-000", "clinic-001", "clinic-002"]
    finally:
        early.close()
    assert no_child_left()


# A Ctrl-C as the pipeline loads, while the process ahead surveys: one line, status 130, and no
# process left of the run's group (the test starts it in a session of its own).
LOADING = """
import builtins, os, signal, sys
name, load, me = "reportlab.platypus", builtins.__import__, os.getpid()

def hooked(module, *args, **kwargs):
    global name
    if module == name and os.getpid() == me:
        name = None
        os.kill(me, signal.SIGINT)
    return load(module, *args, **kwargs)

builtins.__import__ = hooked
sys.argv = ["leaflet", "build", sys.argv[1], "--all-clinics", "--clinics", sys.argv[2], "-o", sys.argv[3]]
from leaflet.launch import program
program()
"""


def test_a_ctrl_c_as_the_pipeline_loads_stops_the_process_ahead_too(tmp_path: Path) -> None:
    (tmp_path / "clinics.yaml").write_text(clinics_yaml(300), encoding="utf-8")
    argv = [sys.executable, "-c", LOADING, str(CONTENT), str(tmp_path / "clinics.yaml"), str(tmp_path / "out")]
    run = subprocess.Popen(argv, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 130, (run.returncode, err)
    assert err.decode().splitlines() == ["stopped (Ctrl-C): each file is either built and checked or as it was"]
    with pytest.raises(ProcessLookupError):
        os.killpg(run.pid, 0)  # (signal 0: is any process of the group left?)
    assert not list(tmp_path.rglob("*.pdf"))


def test_the_tool_digest_does_not_wait_for_an_answer_not_yet_begun() -> None:
    """A build of several jobs records its first job while the process ahead may still be surveying
    a big clinics file: the digest is then made here, and the process is still ended and reaped."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a process ahead that has not answered yet
        os.close(read)
        time.sleep(60)
        os._exit(0)
    os.close(write)
    pending = ahead.Ahead(pid, read)
    try:
        assert pending.tool_digest() == manifest.tool_digest()
        assert pending.answer is None  # nothing was read (reading waits for the end of the answer)
    finally:
        pending.close()
    assert no_child_left()


def test_the_survey_loads_no_reportlab() -> None:
    """The process ahead runs while the building process loads ReportLab: a survey that loaded it
    too (clinics.py once did, through the brand module's fonts) took as long as that, and the
    build waited for it."""
    probe = "import sys\nfrom leaflet import clinics\nprint([m for m in sys.modules if m.startswith('reportlab')])"
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
