"""sourceevents.plain_tree against source.py's general path, its oracle: the same located tree, or none.

Every YAML file of the repository is read both ways; then hypothesis makes YAML (data dumped in
block, flow and quoted styles, then cut, or given anchors, aliases, tags, merge keys, duplicate
keys, tabs, control characters or a second document): where the general path refuses a text, the
one-pass reader must give nothing (so the general path's located error is the one reported);
where it reads one, the one-pass reader gives the same tree or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import event, given, settings
from hypothesis import strategies as st

from leaflet import source
from leaflet.errors import LeafletError
from leaflet.sourceevents import plain_tree

ROOT = Path(__file__).resolve().parent.parent


def shape(node: source.Node) -> Any:
    """A node as nested tuples: value, place, raw text and each key's place, keys in order."""
    value = node.value
    if isinstance(value, dict):
        value = tuple((key, shape(child), node.key_where[key]) for key, child in value.items())
        assert list(node.key_where) == [key for key, _, _ in value]
    elif isinstance(value, list):
        value = tuple(shape(child) for child in value)
    return (value, node.where, node.raw)


def general(text: str, name: str = "made.yaml", most: int = source.MAX_NODES) -> Any:
    try:
        return shape(source.general_tree(source.prepared(text, name), name, most))
    except LeafletError as e:
        return ("error", str(e))


def compared(text: str, name: str = "made.yaml", most: int = source.MAX_NODES) -> str:
    """Assert the one-pass reader agrees with the general path on `text`; which way it went."""
    expected = general(text, name, most)
    try:
        prepared = source.prepared(text, name)
    except LeafletError:
        return "refused before parsing"
    got = plain_tree(prepared, name, most)
    if got is None:
        return "error, left to the general path" if expected[0] == "error" else "left to the general path"
    assert expected[0] != "error", expected
    assert shape(got) == expected
    return "read in one pass"


def test_every_yaml_file_of_the_repository_reads_the_same() -> None:
    files = sorted({*ROOT.glob("content/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")})
    ways = [compared(path.read_text(encoding="utf-8"), str(path)) for path in files]
    assert "read in one pass" in ways and "error, left to the general path" in ways  # (tests/content/bad/)


def test_a_parse_takes_the_one_pass_reader_for_a_plain_file() -> None:
    text = (ROOT / "content" / "ldn-ms.yaml").read_text(encoding="utf-8")
    assert plain_tree(source.prepared(text, "ldn-ms.yaml"), "ldn-ms.yaml", source.MAX_NODES) is not None
    assert shape(source.parse(text, "ldn-ms.yaml")) == general(text, "ldn-ms.yaml")


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["", "no", "8:00", "a: b", "- x", "#c", "[x]", "'q'", '"', "\\", " lead", "trail ", "a\nb", "~", "null"]
)
DATA = st.recursive(
    TEXT | st.none(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)
MUTATIONS = st.sampled_from(
    ["&a ", "*a", "!!str ", "!x ", "! ", "<<: ", "---\n", "\t", "\x07", "\\x07", "a: 1\n", "? ", ": ", "\n- ", "{", "'"]
)


@st.composite
def yaml_texts(draw: Any) -> str:
    data = draw(DATA)
    style = draw(st.sampled_from([None, "'", '"', "|", ">"]))
    flow = draw(st.sampled_from([False, True, None]))
    text = yaml.safe_dump(
        data, default_style=style, default_flow_style=flow, allow_unicode=True, width=draw(st.integers(8, 80))
    )
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(MUTATIONS) + text[at:]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


@settings(max_examples=400, deadline=None)
@given(yaml_texts(), st.sampled_from([source.MAX_NODES, 3, 10]))
def test_made_up_yaml_reads_the_same_or_is_left_to_the_general_path(text: str, most: int) -> None:
    event(compared(text, most=most))


def test_a_duplicate_key_alias_or_tag_is_left_to_the_general_path() -> None:
    assert general("a: &x 1\nb: &x 2\n")[0] == "error"  # a second anchor of one name
    refused = ("a: &x 1\nb: &x 2\n", "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n")
    for text in (*refused, "a: 1\n---\nb: 2\n", "[a, b]\n"):
        way = compared(text)
        assert way != "read in one pass" or text == "[a, b]\n", text
