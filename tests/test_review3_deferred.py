"""Review of deferred.py: a stand-in pattern copies and pickles as the compiled pattern does, and
every stand-in the pipeline's import leaves behind is used, wherever ReportLab or PyYAML name it,
only by calling one of its methods (what the stand-in supports: it is no `re.Pattern`, so
`isinstance`, `re.match(p, …)` or `re.compile(p)` would fail on it)."""

from __future__ import annotations

import ast
import copy
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from leaflet import deferred

REPO = Path(__file__).resolve().parent.parent
SOURCES = ["([\u2e80-\uffff])", "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"]
TEXT = "ab \x00 \u4e2d\U0001f600 x"


@pytest.mark.parametrize("used", [False, True])
@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize(
    "duplicate",
    [copy.copy, copy.deepcopy, lambda p: pickle.loads(pickle.dumps(p)), lambda p: pickle.loads(pickle.dumps(p, 0))],
    ids=["copy", "deepcopy", "pickle", "pickle-0"],
)
def test_a_stand_in_copies_and_pickles_as_its_compiled_pattern(source: str, used: bool, duplicate: object) -> None:
    """A compiled pattern copies to itself and pickles to an equal one; a stand-in, compiled yet or
    not, must give a pattern that answers as the compiled one (not a RecursionError)."""
    real, stand_in = re.compile(source, re.I), deferred.Deferred(source, re.I)
    if used:
        stand_in.search(TEXT)
    assert callable(duplicate)
    got = duplicate(stand_in)
    assert (got.pattern, got.flags) == (real.pattern, real.flags)
    assert got.sub("|", TEXT) == real.sub("|", TEXT)


PROBE = """
import gc, json, sys
from leaflet import deferred
with deferred.loading():
    import leaflet.commands
named = []
for module_name in sorted(deferred.DEFERRING):
    module = sys.modules[module_name]
    for key, value in vars(module).items():
        if type(value) is deferred.Deferred:
            named.append([module_name, key, False, id(value)])
        elif isinstance(value, type) and value.__module__ == module_name:
            named += [[module_name, k, True, id(v)] for k, v in vars(value).items() if type(v) is deferred.Deferred]
every = [id(o) for o in gc.get_objects() if type(o) is deferred.Deferred]
files = {m: sys.modules[m].__file__ for m in deferred.DEFERRING}
roots = sorted({sys.modules[m.split(".")[0]].__path__[0] for m in deferred.DEFERRING})
print(json.dumps({"named": named, "every": every, "files": files, "roots": roots}))
"""
METHODS = {name for name in dir(re.Pattern) if not name.startswith("_")} - {"pattern", "flags", "groups", "groupindex"}


def called(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether `node` is the object a Pattern method is called on (`node.search(...)`)."""
    up = parents.get(node)
    on = isinstance(up, ast.Attribute) and up.value is node and up.attr in METHODS
    return on and isinstance(parents.get(up), ast.Call)


def bound(function: ast.AST, key: str) -> bool:
    """Whether `key` is a local name of the function (a parameter, or assigned in it)."""
    if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        names = [a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)]
        names += [n.id for n in ast.walk(function) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]
        return key in names
    return False


def misuses(tree: ast.AST, module: str, key: str, of_class: bool, home: bool) -> list[int]:
    """The lines where the deferred `module`'s `key` is read other than to call a method on it: as a
    module global in its own module, as an attribute (`textsplit.rx`, `self.NON_PRINTABLE`), or
    imported by name from its module."""
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    tail = module.rsplit(".", 1)[-1]
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == module and any(a.name == key for a in node.names):
            bad.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == key and isinstance(node.ctx, ast.Load):
            owner = node.value
            if (of_class or (isinstance(owner, ast.Name) and owner.id == tail)) and not called(node, parents):
                bad.append(node.lineno)
        elif home and not of_class and isinstance(node, ast.Name) and node.id == key and isinstance(node.ctx, ast.Load):
            scope = parents.get(node)
            while scope is not None and not bound(scope, key):
                scope = parents.get(scope)
            if scope is None and not called(node, parents):
                bad.append(node.lineno)
    return bad


def test_every_stand_in_is_only_called_where_the_libraries_name_it() -> None:
    """Held against the installed ReportLab and PyYAML (pyproject allows any 5.x and 6.x): a newer
    release that passes one of these patterns to `re`, checks its type or keeps it anywhere but a
    module or class attribute fails here rather than in a build."""
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stderr
    probed = json.loads(done.stdout.splitlines()[-1])
    assert probed["named"], "no pattern was deferred"
    assert sorted(i for *_, i in probed["named"]) == sorted(probed["every"])  # none kept where we cannot see it
    bad = []
    for root in probed["roots"]:
        for path in Path(root).rglob("*.py"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for module, key, of_class, _ in probed["named"]:
                if key in text:
                    home = Path(probed["files"][module]).resolve() == path.resolve()
                    bad += [f"{path}:{line}: {key}" for line in misuses(ast.parse(text), module, key, of_class, home)]
    assert bad == []
