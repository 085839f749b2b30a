"""libyaml's parser and the pure-Python one give the same located nodes, the same errors and the
same refusals (source.py reads with libyaml when PyYAML has it); the value cap of a clinics file
is per clinic, so a file of thousands of clinics loads; and a clinics file read as a stream
(sourcestream.py) gives the clinics, or the error, of a whole read, in memory flat in its length."""

from __future__ import annotations

import json
import os
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leaflet import source
from leaflet.clinics import MAX_CLINIC_VALUES, MAX_FILE_VALUES, iter_clinics, load_clinics, survey, whole_file
from leaflet.errors import ContentError
from leaflet.model import Clinic
from leaflet.source import Node, parse
from leaflet.sourcestream import stream_items

NAME = "test.yaml"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
pytestmark = pytest.mark.skipif(source._CLoader is None, reason="PyYAML was built without libyaml")


def pure(text: str, max_nodes: int = source.MAX_NODES) -> Node | str:
    """The tree (or the error) as the pure-Python loader alone gives it."""
    fast, source._CLoader = source._CLoader, None
    try:
        return parse(text, NAME, max_nodes)
    except ContentError as e:
        return str(e)
    finally:
        source._CLoader = fast


def fast(text: str, max_nodes: int = source.MAX_NODES) -> Node | str:
    try:
        return parse(text, NAME, max_nodes)
    except ContentError as e:
        return str(e)


def flat(node: Node | str) -> Any:
    """Every value with its location and the text as written, to compare two trees."""
    if isinstance(node, str):
        return node
    value = node.value
    if isinstance(value, dict):
        value = {k: (str(node.key_where[k]), flat(v)) for k, v in value.items()}
    elif isinstance(value, list):
        value = [flat(v) for v in value]
    return str(node.where), value, node.raw


SAMPLES = [
    "leaflet:\n  title: LDN\n  pages: {A4: 5, A5: 8}\n",
    'time: 8:00\ndose: 0.50\nanswer: no\nquoted: "a\\tb"\nfolded: >-\n  one\n  two\n',
    "list:\n  - Māori ō\n  - 'it''s'\n  - |\n    kept\n    lines\n",
    "a: &x 1\nb: *x\n",  # an alias: refused at the alias
    "a: [1, 2\n",  # a syntax error
    "a: 1\na: 2\n",  # a duplicate key
    "x: !!python/object:os.system 1\n",  # a tag
    "\ufeffbom: yes\n",
    "- " * 200 + "deep\n",
    "key: value\n\t\tbad: tab\n",
    "a: 'unterminated\n",
    "# only a comment\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_both_loaders_give_the_same_tree_or_the_same_error(text: str) -> None:
    assert flat(fast(text)) == flat(pure(text))


def test_the_value_cap_stops_both_at_the_same_value() -> None:
    text = "".join(f"- item {i}\n" for i in range(60))
    assert fast(text, 40) == pure(text, 40)
    assert "more than 40 values" in str(fast(text, 40))


SCALAR = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
STYLE = st.sampled_from(["plain", "json", "single", "block"])


def written(value: str, style: str) -> str:
    if style == "json":
        return json.dumps(value, ensure_ascii=False)
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "block":
        return "|-\n    " + value.replace("\n", "\n    ")
    return value


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(SCALAR, STYLE), min_size=1, max_size=6))
def test_random_scalars_read_the_same_with_both_loaders(items: list[tuple[str, str]]) -> None:
    text = "".join(f"k{i}: {written(v, s)}\n" for i, (v, s) in enumerate(items))
    assert flat(fast(text)) == flat(pure(text))


def clinic_lines(n: int, extra: int = 0) -> Iterator[str]:
    for i in range(n):
        yield f"  - id: clinic-{i}\n    name: Clinic {i}\n    address: {i} Road\n    phone: '+64 9 000 {i:04d}'\n"
    if extra:
        yield "  - id: big\n    name: Big\n    address: 1 Road\n    phone: '+64 9 000 0000'\n    hours:\n"
        yield "".join(f"      - slot {j}\n" for j in range(extra))


def test_a_clinics_file_may_hold_more_values_than_a_leaflet(tmp_path: Path) -> None:
    count = source.MAX_NODES // 8 + 1  # 9 values a clinic: past the leaflet's cap
    path = tmp_path / "clinics.yaml"
    path.write_text("clinics:\n" + "".join(clinic_lines(count)), encoding="utf-8")
    assert len(load_clinics(path)) == count


def test_one_clinic_over_its_value_cap_is_refused_where_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "clinics.yaml"
    text = "clinics:\n" + "".join(clinic_lines(3, extra=MAX_CLINIC_VALUES))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_clinics(path)
    line = text.splitlines().index("  - id: big") + 1
    assert str(info.value).startswith(f"{path}:{line}:5: this clinic has ")
    assert f"more than {MAX_CLINIC_VALUES}" in str(info.value)


# --- a clinics file read as a stream (sourcestream.py) -------------------------------------------


def written_clinics(tmp_path: Path, text: str) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "clinics.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def as_read(clinics: Iterator[Clinic] | list[Clinic]) -> list[tuple[Any, ...]]:
    return [(c.id, c.name, c.address, c.phone, str(c.where), sorted(map(str, c.field_where.values()))) for c in clinics]


STREAMABLE = {
    "block": "clinics:\n" + "".join(clinic_lines(5)),
    "comments-and-markers": "%YAML 1.1\n---\n# clinics\nclinics:  # the list\n" + "".join(clinic_lines(3)) + "...\n",
    "flow": "clinics: [{id: a, name: A, address: '1 Road', phone: '+64 9 000 0001'}, {id: b, name: B, "
    "address: '2 Road', phone: '+64 9 000 0002'}]\n",
}


@pytest.mark.parametrize("name", sorted(STREAMABLE))
def test_streamed_clinics_are_the_clinics_of_a_whole_read(name: str, tmp_path: Path) -> None:
    path = written_clinics(tmp_path, STREAMABLE[name])
    nodes = list(stream_items(path, "clinics", MAX_FILE_VALUES))  # it streams: no fallback to a whole read
    assert len(nodes) == len(whole_file(path))
    assert as_read(iter_clinics(path)) == as_read(whole_file(path))


NOT_STREAMABLE = {
    "another-key-after": "clinics:\n" + "".join(clinic_lines(2)) + "extra: 1\n",
    "another-key-first": "extra: 1\nclinics:\n" + "".join(clinic_lines(2)),
    "not-a-list": "clinics: none\n",
    "tagged-list": "clinics: !list\n" + "".join(clinic_lines(2)),
    "syntax-error-late": "clinics:\n" + "".join(clinic_lines(40)) + "  - id: [broken\n",
    "a-list-at-the-top": "".join(clinic_lines(2)).replace("  - ", "- ").replace("\n    ", "\n  "),
    "empty": "clinics: []\n",
    "duplicate-id": "clinics:\n" + "".join(clinic_lines(3)) + "".join(clinic_lines(1)),
}


@pytest.mark.parametrize("name", sorted(NOT_STREAMABLE))
def test_a_file_that_cannot_stream_gives_the_error_of_a_whole_read(name: str, tmp_path: Path) -> None:
    path = written_clinics(tmp_path, NOT_STREAMABLE[name])
    with pytest.raises(ContentError) as whole:
        whole_file(path)
    with pytest.raises(ContentError) as streamed:
        list(iter_clinics(path))
    assert str(streamed.value) == str(whole.value)


def peak_while_surveying(path: Path) -> int:
    tracemalloc.start()
    try:
        survey(iter_clinics(path))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_surveying_a_clinics_file_takes_memory_flat_in_its_length(tmp_path: Path) -> None:
    """Ten times the clinics: not ten times the memory (a whole read would hold every clinic)."""
    small, large = (written_clinics(tmp_path / str(n), "clinics:\n" + "".join(clinic_lines(n))) for n in (500, 5000))
    few, many = peak_while_surveying(small), peak_while_surveying(large)
    text_growth = large.stat().st_size * 4  # the file's text is held (as str, up to 4 bytes a character)
    assert many < few + text_growth, (few, many)
