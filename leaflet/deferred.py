"""The pipeline's third-party modules, loaded without work most builds never use.

`loading()` wraps the import of the pipeline (cli.run): inside it, ReportLab and PyYAML load as
always, the same modules with the same names, except that

- three patterns they compile as they load are compiled when first used: ReportLab's URL
  splitter and CJK word splitter, and PyYAML's check for unprintable characters in its
  pure-Python reader (source.py reads with libyaml unless a tab calls for the other). Their
  character classes span most of Unicode, case-folded for the first, and compiling them took
  about 45 ms of a 0.3 s cold build, for text few leaflets have;
- PIL.Image, which ReportLab's utilities import for pictures, loads when a picture is first
  opened (about 12 ms, with the logging and EXIF tables it brings). Python 3.11's LazyLoader
  takes no lock: two threads reading the module's first attribute at once, one sees it half
  loaded (AttributeError: no attribute 'new'). A build opens pictures in one thread (publish.py's
  threads only rename; the preview's rebuild in fresh processes); keep it so, or load PIL.Image
  before starting threads that open pictures. Forked workers each load it on their first picture.

A pattern is deferred only if its own module compiles it at import time and it is one of the
costly ones (_COSTLY: a long source, or a class spanning thousands of characters); anything else
compiles as usual. A deferred pattern is a stand-in that compiles the real one on first use and
passes every attribute to it, so `match`, `search`, `sub` and the rest answer as the real one's;
copied or pickled, it is the compiled pattern. It is no `re.Pattern` (that type cannot be
subclassed): `isinstance`, `re.match(p, ...)` or `re.compile(p)` would refuse it, so
tests/test_review3_deferred.py holds every use the installed libraries make of one to a method call.

This is the one place we reach into how ReportLab loads, and it bends STYLE.md's "never
monkey-patch ReportLab": for the length of one import the standard library's `re.compile` is
replaced (for every module, on every thread), and three attributes of ReportLab and PyYAML hold
stand-ins, not patterns. None of their code is replaced, and what they compute is the same only
while they call methods on those three: tests/test_deferred.py holds each stand-in to the pattern
it stands for, and tests/test_review3_deferred.py reads the installed libraries for any other use.
Dropping the `with loading():` in cli.run undoes all of it.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# The modules whose import-time patterns may be deferred (each uses them only by method calls).
DEFERRING = frozenset({"reportlab.platypus.paragraph", "reportlab.lib.textsplit", "yaml.reader"})
_COSTLY = 1_000  # code points in one character range, or characters of source


class Deferred:
    """A compiled pattern, compiled on first use: every attribute is the compiled pattern's."""

    __slots__ = ("_flags", "_source", "compiled")

    def __init__(self, source: str | bytes, flags: int) -> None:
        self._source, self._flags = source, flags
        self.compiled: re.Pattern[Any] | None = None

    def __getattr__(self, name: str) -> Any:  # (names that are not slots, and slots not yet set)
        if name in Deferred.__slots__:  # a copy being made sets them only after asking for __setstate__
            raise AttributeError(name)
        if self.compiled is None:
            self.compiled = re.compile(self._source, self._flags)
        return getattr(self.compiled, name)

    def __reduce__(self) -> tuple[Any, tuple[str | bytes, int]]:
        """Copied or pickled (a pattern sent to a forked process), it is the compiled pattern."""
        return re.compile, (self._source, self._flags)

    def __repr__(self) -> str:
        return f"Deferred({self._source!r}, {self._flags!r})"


def costly(source: object) -> bool:
    """Whether compiling `source` is worth deferring: long, or with a range of many characters."""
    if not isinstance(source, str):
        return False
    if len(source) >= _COSTLY:
        return True
    wide = re.finditer(r"(?s)(.)-(.)", source)
    return any(ord(m[2]) - ord(m[1]) >= _COSTLY for m in wide)


@contextmanager
def loading() -> Iterator[None]:
    """Inside: DEFERRING modules' costly patterns are deferred, and PIL.Image loads on first use."""
    compile_now = re.compile

    def compile_or_defer(source: Any, flags: int = 0) -> Any:
        if sys._getframe(1).f_globals.get("__name__") in DEFERRING and costly(source):
            return Deferred(source, flags)
        return compile_now(source, flags)

    lazily("PIL.Image")
    re.compile = compile_or_defer  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = compile_now


def lazily(name: str) -> None:
    """Put module `name` in sys.modules unexecuted: it runs when an attribute is first read
    (importlib's LazyLoader). Nothing happens if it is loaded already or cannot be found."""
    if name in sys.modules:
        return
    parent_name, _, child = name.rpartition(".")
    parent = importlib.import_module(parent_name)
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    setattr(parent, child, module)
