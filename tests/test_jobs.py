"""A build's jobs over processes (jobs.py, `-j N`): `leaflet build --all` with two processes writes the
same bytes and prints the same lines as with one, records every job (a second run skips them all, an
edited leaflet rebuilds exactly its own), and a job failing in a worker prints what one process prints,
exits as it does, and replaces nothing."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import capped
import pytest
from conftest import CONTENT, LDN, REPO, leaflet_yaml

from leaflet import cli, jobs
from leaflet.build import Built
from leaflet.incremental import UNCHANGED

Build = Callable[..., tuple[int, list[str], str]]
SECOND = "second-leaflet"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of content/ (the LDN leaflet, its brands and clinics) and a second, small leaflet beside it."""
    shutil.copytree(CONTENT, tmp_path / "content")
    blocks = [{"paragraph": "A second leaflet, so that two leaflets share the build."}]
    (tmp_path / "content" / f"{SECOND}.yaml").write_text(leaflet_yaml(blocks), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # `leaflet build --all` with no FILE: every leaflet in content/, as `make` runs it
    return tmp_path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Build:
    def go(out: str, processes: int, *extra: str) -> tuple[int, list[str], str]:
        status = cli.main(["build", "--all", "-o", out, "-j", str(processes), *extra])
        printed = capsys.readouterr()
        return status, printed.out.replace(f"{out}/", "OUT/").splitlines(), printed.err.replace(f"{out}/", "OUT/")

    return go


def files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.suffix in (".pdf", ".txt")
    }


def test_two_processes_build_the_same_bytes_and_lines_as_one(tree: Path, run: Build) -> None:
    one, two = run("j1", 1), run("j2", 2)
    assert one[0] == two[0] == 0, one[2] + two[2]
    assert one[1] == two[1] and one[2] == two[2]
    made = files(tree / "j1")
    assert len(made) == len(one[1]) == 2 * (5 + 3)  # per leaflet: 3 variants, booklet, text, 3 clinic PDFs
    assert made == files(tree / "j2")


def test_after_a_parallel_build_every_job_is_recorded(tree: Path, run: Build) -> None:
    """Only the parent writes the manifest, so no worker's entry is lost: a second run skips every
    job, and an edited leaflet rebuilds exactly its own jobs, touching no other file."""
    _, first, _ = run("out", 2)
    status, again, _ = run("out", 2)
    assert status == 0 and [line.removesuffix(UNCHANGED) for line in again] == first
    assert all(line.endswith(UNCHANGED) for line in again)
    second = tree / "content" / f"{SECOND}.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace("A second", "Another"), encoding="utf-8")
    made = [p for p in (tree / "out").rglob("*") if p.suffix in (".pdf", ".txt") and SECOND not in p.name]
    others = {p: p.stat().st_mtime_ns for p in made}
    _, edited, _ = run("out", 2)
    assert [line.endswith(UNCHANGED) for line in edited] == [SECOND not in line.split()[0] for line in edited]
    assert sum(SECOND in line.split()[0] for line in edited) == 8
    assert {p: p.stat().st_mtime_ns for p in others} == others  # a skipped job is not run, not even in a worker
    assert all(line.endswith(UNCHANGED) for line in run("out", 2)[1])


def test_final_refuses_the_draft_and_builds_the_rest_as_one_process_does(tree: Path, run: Build) -> None:
    """--final: the LDN leaflet (a draft) is refused with one message and none of its jobs run; the
    second leaflet, made final, builds all of its, with two processes as with one."""
    contact = {"phone": "+64 9 123 4567", "email": "info@ms-clinic.nz", "web": "https://ms-clinic.nz"}
    blocks = [{"paragraph": "Take it with food."}]
    text = leaflet_yaml(blocks, contact=contact, organisation="Hauora MS Service")
    (tree / "content" / f"{SECOND}.yaml").write_text(text, encoding="utf-8")
    one, two = run("j1", 1, "--final"), run("j2", 2, "--final")
    assert one == two
    assert two[0] == 1 and two[2].startswith("content/ldn-ms.yaml:") and "not final" in two[2].splitlines()[0]
    assert len(two[1]) == 8 and all(SECOND in line.split()[0] for line in two[1])
    assert not (tree / "j2" / "ldn-ms.pdf").exists()


def over_budget(tree: Path) -> None:
    """The second leaflet grows past its one page: each of its PDF jobs fails, its text still builds."""
    blocks = [{"paragraph": f"Paragraph {n} of a leaflet far too long for one page. " * 4} for n in range(60)]
    (tree / "content" / f"{SECOND}.yaml").write_text(leaflet_yaml(blocks, pages=1), encoding="utf-8")


def read_only(tree: Path) -> None:
    """One output made read-only in both folders: its job fails, the rest build."""
    for out in ("j1", "j2"):
        (tree / out / f"{SECOND}-large-print.pdf").chmod(0o444)


@pytest.mark.parametrize("failure", [over_budget, read_only])
def test_a_job_failing_in_a_worker_fails_as_in_one_process(
    tree: Path, run: Build, failure: Callable[[Path], None]
) -> None:
    """Only the second leaflet is built (its six jobs are enough for two workers)."""
    second = f"content/{SECOND}.yaml"
    assert run("j1", 1, second)[0] == run("j2", 2, second)[0] == 0
    before = files(tree / "j2")
    failure(tree)
    one, two = run("j1", 1, second, "--force"), run("j2", 2, second, "--force")
    assert one[0] == two[0] == 2, one[2]
    assert two[2] == one[2] and two[2].startswith(second if failure is over_budget else f"OUT/{SECOND}-large-print.pdf")
    assert two[1] == one[1]
    after = files(tree / "j2")
    failed = [name for name in before if SECOND in name and f"OUT/{name} " not in "\n".join(two[1]) + " "]
    assert failed and all(after[name] == before[name] for name in failed)
    assert [p for p in tree.rglob("*") if p.name.endswith(".tmp")] == []


def args(out: Path, processes: int) -> argparse.Namespace:
    return cli.parser().parse_args(["build", "-o", str(out), "-j", str(processes), "--force"])


def test_jobs_run_in_workers_and_a_bug_there_is_raised_here(tmp_path: Path) -> None:
    """With -j 2 every job worth a process runs in a forked worker, given one process; a clinic batch
    big enough to fork runs here with all of them; the job of a worker that dies runs again here; a bug
    (not a located error) in a worker is raised in this process, with the worker's traceback, as
    with one process."""
    ran = tmp_path / "ran"
    leaflet = tmp_path / "a.yaml"

    def job(file: Path, processes: int) -> list[Built]:
        with open(ran, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {processes}\n")
        return []

    def bug(file: Path, processes: int) -> list[Built]:
        raise RuntimeError("made to fail")

    four = [(f"job {n}", job) for n in range(4)]
    assert jobs.run_jobs([leaflet], four, args(tmp_path / "out", 2), None, str) == 0
    seen = [line.split() for line in ran.read_text(encoding="utf-8").splitlines()]
    assert len(seen) == 4 and all(pid != str(os.getpid()) and given == "1" for pid, given in seen)
    big = "clinics:\n" + "".join(f"  - {{id: c{n}, name: C, address: A, phone: '1'}}\n" for n in range(300))
    (tmp_path / "clinics.yaml").write_text(big, encoding="utf-8")  # enough clinics for batch.py to fork
    ran.unlink()
    assert jobs.run_jobs([leaflet], [*four, ("every clinic", job)], args(tmp_path / "out", 2), None, str) == 0
    seen = [line.split() for line in ran.read_text(encoding="utf-8").splitlines()]
    assert seen[-1] == [str(os.getpid()), "2"]  # the big batch: here, once the workers are done, with both
    assert all(pid != str(os.getpid()) and given == "1" for pid, given in seen[:-1])
    parent = os.getpid()

    def killed(file: Path, processes: int) -> list[Built]:
        if os.getpid() != parent:
            os._exit(9)  # as the kernel's OOM killer would end it: no answer
        return job(file, processes)

    ran.unlink()
    assert jobs.run_jobs([leaflet], [*four, ("killed", killed)], args(tmp_path / "out", 2), None, str) == 0
    seen = [line.split() for line in ran.read_text(encoding="utf-8").splitlines()]
    assert len(seen) == 5 and seen[-1] == [str(parent), "2"]  # the job a worker lost runs again here
    with pytest.raises(jobs.WorkerBug, match="RuntimeError: made to fail"):
        jobs.run_jobs([leaflet], [*four, ("bug", bug)], args(tmp_path / "out", 2), None, str)
    with pytest.raises(RuntimeError, match="made to fail"):
        jobs.run_jobs([leaflet], [("bug", bug)], args(tmp_path / "out", 2), None, str)


def test_the_help_says_j_spreads_every_build() -> None:
    text = cli.parser()._subparsers._group_actions[0].choices["build"].format_help()  # type: ignore[union-attr]
    assert "-j N, --jobs N" in text and "leaflets, variants" in " ".join(text.split())


def test_ctrl_c_stops_a_parallel_build_with_one_message_and_no_temporary_file(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) once the first file appears:
    the workers end quietly, the build says it stopped, exits 130, and leaves no temporary file."""
    sys.path.insert(0, str(REPO / "bench"))
    from clinics import clinics_yaml

    clinics, out = tmp_path / "clinics.yaml", tmp_path / "out"
    clinics.write_text(clinics_yaml(3000), encoding="utf-8")  # a batch long enough to be stopped in
    argv = [sys.executable, "-m", "leaflet", "build", str(LDN), "--all", "--clinics", str(clinics)]
    build = subprocess.Popen(
        [*argv, "-o", str(out), "-j", "2"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=capped.limit(2 * 1024**3),
    )
    while build.poll() is None and not (out.is_dir() and any(out.rglob("*"))):
        time.sleep(0.01)
    os.killpg(build.pid, signal.SIGINT)
    _, err = build.communicate(timeout=120)
    assert build.returncode == 130, err
    assert "Traceback" not in err and err.splitlines()[-1].startswith("stopped (Ctrl-C)"), err
    assert [p for p in out.rglob("*") if p.name.endswith(".tmp")] == []


def test_two_leaflets_of_one_name_are_refused_before_either_builds(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both would write OUT/NAME.pdf, and the record of one's build would call the other unchanged."""
    other = tree / "elsewhere"
    other.mkdir()
    shutil.copytree(tree / "content" / "brands", other / "brands")
    twin = other / f"{SECOND}.yaml"
    shutil.copy(tree / "content" / f"{SECOND}.yaml", twin)
    first = Path("content") / f"{SECOND}.yaml"
    for _ in range(2):  # the second time too: the refusal comes before the record is asked
        status = cli.main(["build", str(first), str(twin), "-o", "out"])
        err = capsys.readouterr().err
        assert status == 2
        assert err.startswith(f"{twin}: '{first}' and '{twin}' are both the leaflet '{SECOND}'"), err
        assert not (tree / "out").exists()
    assert cli.main(["build", str(first), f"content/../{first}", "-o", "out"]) == 0  # one file named twice: built once
    assert capsys.readouterr().out.count(f"out/{SECOND}.pdf ") == 1


CTRL_C_AS_IT_FORKS = """
import os, signal, logging  # logging registers a fork hook, as every build has it loaded
from leaflet.forked import in_processes
fired = []
def ctrl_c_now():
    if not fired:
        fired.append(1)
        os.kill(os.getpid(), signal.SIGINT)
os.register_at_fork(before=ctrl_c_now)
try:
    print(in_processes(lambda k, n, send: k, 2, lambda k: None))
except KeyboardInterrupt:
    print("stopped")
"""


def test_a_ctrl_c_that_comes_as_a_worker_forks_still_stops_the_build() -> None:
    """Delivered inside a fork hook, Python printed the KeyboardInterrupt and dropped it: the build ran on."""
    done = subprocess.run(
        [sys.executable, "-c", CTRL_C_AS_IT_FORKS], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert done.stdout.strip() == "stopped", done.stdout + done.stderr
    assert "Exception ignored" not in done.stderr, done.stderr
