"""A clinic batch's command line -> the work it needs that need not wait for the pipeline to load,
done in a forked process while it loads (stage 0, beside cli.run's import of the pipeline).

Input: the parsed arguments of `leaflet build`, before cli.run imports the pipeline. Output: an
`Ahead`, from which the build takes, in the process that started it:
- each clinics file's first pass (clinics.survey_file: the survey, the clinics kept for the
  second pass, the digests of the files read), for each clinics file a clinic batch of the
  command reads whole (not `--clinic ID`);
- the tool's digest (manifest.tool_digest), which every build records, when this process has not
  taken it yet.

Why: a 100-clinic batch spent ~10 ms surveying its clinics file and ~2 ms hashing the tool, one
after the other, after ~80 ms of loading the pipeline, while the second core waited for the fork
of the stamping processes. Here both run on that core during the loading.

What it changes in what a build makes: nothing. The forked process reads the same files with the
same code; the build takes its answer as if it had made it itself. What it cannot answer (an error
in the clinics file, a process that could not fork or ended early, an answer that does not
unpickle) the build makes itself, as without it, so every error is the build's own, in its own
words. The answer is taken only in the process that forked it: a `-j` worker makes its own. The
forked process prints nothing and ends silently on Ctrl-C; `close` (cli.run, however the command
ends) ends it if it is still running and reaps it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pickle
import select
import signal
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .incremental import clinics_for, job_names
from .interrupts import held
from .names import leaflet_files

if TYPE_CHECKING:
    from .clinics import Surveyed


class Ahead:
    """The forked process's answer, taken once, when first asked for; empty when there is none."""

    def __init__(self, pid: int = 0, pipe: int = -1) -> None:
        self.pid, self.pipe, self.owner = pid, pipe, os.getpid()
        self.answer: dict[str, Any] | None = None if pid else {}

    def surveyed(self, path: str | Path) -> Surveyed | None:
        """The first pass over this clinics file, if the forked process made it."""
        found: Surveyed | None = self.taken().get("surveys", {}).get(os.path.realpath(path))
        return found

    def tool_digest(self) -> str:
        """The tool's digest: the forked process's if its answer has come (a build of several jobs
        records its first before a big clinics file is surveyed: it does not wait), else made here."""
        from .manifest import tool_digest

        made = self.taken().get("tool") if self.answer is not None or self.answered() else None
        return made if isinstance(made, str) else tool_digest()

    def answered(self) -> bool:
        """Whether the forked process has begun its answer (or ended), so reading it waits no longer."""
        return bool(self.pid) and bool(select.select([self.pipe], [], [], 0)[0])

    def taken(self) -> dict[str, Any]:
        if self.answer is None:
            self.answer = self.received() if os.getpid() == self.owner else {}
        return self.answer

    def received(self) -> dict[str, Any]:
        """The pickled answer read to the end of the pipe; {} when there is none that unpickles."""
        chunks = []
        try:
            while chunk := os.read(self.pipe, 1 << 20):
                chunks.append(chunk)
            answer = pickle.loads(b"".join(chunks)) if chunks else {}
            return answer if isinstance(answer, dict) else {}
        except Exception:  # an answer cut short: the build makes what it needs itself
            return {}
        finally:
            self.close()

    def close(self) -> None:
        """End the forked process if it is still running, reap it and close the pipe (once)."""
        if self.pid and os.getpid() == self.owner:
            pid, self.pid = self.pid, 0
            if self.answer is None:
                self.answer = {}
                kill(pid)
            os.close(self.pipe)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def start(args: argparse.Namespace) -> Ahead:
    """Fork the process that works ahead, if the command runs a clinic batch; else an empty Ahead."""
    files = clinic_files(args)
    if not files:
        return Ahead()
    import threading  # (loaded already: manifest.py's publish uses it)

    if threading.active_count() > 1:  # forking a process with threads (a test runner's) is not safe
        return Ahead()
    for stream in (sys.stdout, sys.stderr):  # what is buffered is printed once, not again by the child
        stream.flush()
    receive, write = os.pipe()
    with held():  # a Ctrl-C as it forks comes after the fork, not inside a fork hook
        try:
            pid = os.fork()
        except OSError:  # no process to spare: the build does it all itself
            os.close(receive)
            os.close(write)
            return Ahead()
        if pid == 0:
            os.close(receive)
            child(write, files)
        os.close(write)
        return Ahead(pid, receive)


def clinic_files(args: argparse.Namespace) -> list[str]:
    """The clinics files the command's clinic batches read whole, each a regular file (not a pipe,
    which a second reader would empty), by real path."""
    if args.command != "build" or args.watch or not {"clinics", "every clinic"} & set(job_names(args)):
        return []  # (a batch of `--clinic ID`s, "clinics ID,...", reads the file for those clinics)
    found: dict[str, None] = {}
    for leaflet in args.files or leaflet_files("content"):
        path = clinics_for(leaflet, args)
        try:
            if stat.S_ISREG(os.stat(path).st_mode):
                found[os.path.realpath(path)] = None
        except (OSError, ValueError):
            continue
    return list(found)


def child(pipe: int, files: list[str]) -> NoReturn:
    """The forked process: the answer pickled into the pipe, whatever happens nothing printed."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it at once; the build reports the stop
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        data = pickle.dumps(worked(files), pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(pipe, view) :]
    finally:
        os._exit(0)


def worked(files: list[str]) -> dict[str, Any]:
    """The tool's digest (unless this process had it already) and each file's first pass that succeeds."""
    from . import manifest
    from .deferred import loading

    answer: dict[str, Any] = {"surveys": {}}
    made = getattr(manifest.tool_digest, "cache_info", None)
    if made is not None and not made().currsize:
        answer["tool"] = manifest.tool_digest()
    with loading():  # as cli.run loads the pipeline
        from .clinics import survey_file
    for path in files:
        try:
            answer["surveys"][path] = survey_file(path)
        except Exception:  # the build reads the file again and says what is wrong with it
            continue
    return answer


def kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has ended already
        os.kill(pid, signal.SIGKILL)
