"""The short way through our writers' objects (pdfregular) against the general parser (pdfobjects.read_at).

`read_object` must give what read_at gives, type for type and byte for byte, or the same
ObjectError, on any bytes. The oracle is read_at itself, run at test time: on every object of
the PDFs we make (where the short way must also be the one taken, or it saves nothing), on
objects of our own PDF damaged at random, and on random soups of the tokens where the two ways
could part (comments, `#` codes, nested and escaped strings, NUL and vertical tab, long
references, keys twice, deep nesting, something after the object, the stream keyword). And the
token pattern read_at and contentops share splits bytes as the old one did, in linear time on a
long run of digits.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import capped
import pytest
from hostile_pdfs import drawn, page_key
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_pdfown import damage, edits, made

from leaflet import contentops
from leaflet.pdfmodel import Array, Ref, Text
from leaflet.pdfobjects import MAX_DEPTH, MODEL, ObjectError, pypdf_kinds, read_at
from leaflet.pdfregular import LONGEST, read_object, regular

_HEADER = re.compile(rb"(\d+) (\d+) obj")
KINDS = replace(MODEL, stream=lambda found, data: ("stream", list(found.items()), data))
DOCUMENT = object()  # what references are made in


def plain(value: Any) -> Any:
    """A value with its types, its bytes as written and its key order, for comparing exactly."""
    if isinstance(value, dict):
        return (type(value), [(plain(k), plain(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value), [plain(v) for v in value])
    if isinstance(value, Ref):
        return (Ref, value.number, value.generation, value.document is DOCUMENT)
    if isinstance(value, Text):
        return (Text, str(value), value.raw)
    return (type(value), repr(value), value)


def outcome(read: Any, data: bytes, at: int) -> Any:
    try:
        return plain(read(data, at, DOCUMENT, KINDS))
    except ObjectError as e:
        return ("error", str(e))


def agree(data: bytes, at: int) -> Any:
    """read_object and read_at read the same from `at`; what they read."""
    general = outcome(read_at, data, at)
    assert outcome(read_object, data, at) == general
    return general


@pytest.fixture(scope="module")
def ours(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """The PDFs we write: the leaflet, in large print, and a stamped clinic PDF (its update too)."""
    return [made(kind, tmp_path_factory).data for kind in ("A4", "large", "stamped")]


def test_every_object_we_write_takes_the_short_way_and_reads_the_same(ours: list[bytes]) -> None:
    count = 0
    for data in ours:
        for m in _HEADER.finditer(data):
            general = agree(data, m.end())
            assert general[0] != "error"
            assert regular(data, m.end(), DOCUMENT, KINDS, {}) is not None, data[m.end() : m.end() + 80]
            count += 1
    assert count > 300


def test_a_booklet_pypdf_wrote_reads_the_same_both_ways(tmp_path_factory: pytest.TempPathFactory) -> None:
    data = made("booklet", tmp_path_factory).data
    assert [agree(data, m.end()) for m in _HEADER.finditer(data)]


def test_pypdfs_kinds_read_the_same_the_short_way(ours: list[bytes]) -> None:
    kinds = pypdf_kinds()
    for m in _HEADER.finditer(ours[2]):
        fast = regular(ours[2], m.end(), None, kinds, {})
        slow = read_at(ours[2], m.end(), None, kinds)
        assert type(fast) is type(slow) and repr(fast) == repr(slow)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(which=st.integers(0, 10_000), changes=edits)
def test_a_damaged_object_reads_the_same_both_ways(ours: list[bytes], which: int, changes: Any) -> None:
    starts = [m.end() for m in _HEADER.finditer(ours[0])]
    at = starts[which % len(starts)]
    end = ours[0].find(b"endobj", at) + 6
    damaged = damage(ours[0], (at, end), changes)
    agree(damaged, at)


SOUP = [b"<<", b">>", b"[", b"]", b"/A", b"/B", b"/", b"/A#20", b"/\xc3\xa9", b"/\xff", b"1", b"12", b"-3", b"+.5"]
SOUP += [b"1.2.3", b"0", b" ", b"\n", b"\r", b"\x0c", b"\t", b"\x00", b"\x0b", b"R", b"0 R", b"1 0 R", b"(a)", b"("]
SOUP += [b")", b"(\\)", b"(\\n\\101)", b"(\\8)", b"(\\\n)", b"(a(b)c)", b"<41>", b"<4 1 2>", b"<", b">", b"<x>"]
SOUP += [b"true", b"false", b"null", b"nul", b"%c\n", b"{", b"}", b"stream\n", b"stream", b"endstream", b"x", b"9" * 70]
SOUP += [b"/Length 0", b"/Length 3", b"endobj", b"obj", b"1             0       R", b"(\xfe\xff\x00A)"]
SOUP += [b"<<>>", b"[]", b"<>", b"1.", b".5", b"%", b"\r\n", b"1 0 obj", b"stream\r\nab\nendstream"]


@settings(max_examples=1500, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from(SOUP), max_size=24), st.sampled_from([b"<<", b"[", b" [", b"<< /K ["]))
def test_any_tokens_read_the_same_both_ways(soup: list[bytes], opening: bytes) -> None:
    data = b"1 0 obj " + opening + b" ".join(soup) + b" endobj"
    agree(data, 7)
    agree(data.replace(b" ", b""), 7)


ATOMS = st.sampled_from([b"/A", b"/B", b"/C#20", b"1", b"-2.5", b"12 0 R", b"(x)", b"(a\\)b)", b"<41>", b"true"])
KEYS = st.one_of(st.sampled_from([b"/A", b"/B", b"/Length", b"/K", b"/Type"]), ATOMS, st.just(b"[]"))


def containers(inner: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    arrays = st.lists(inner, max_size=5).map(lambda items: b"[" + b" ".join(items) + b"]")
    pairs = st.lists(st.tuples(KEYS, inner), max_size=4)
    return st.one_of(arrays, pairs.map(lambda kv: b"<<" + b" ".join(k + b" " + v for k, v in kv) + b">>"))


@settings(max_examples=1500, deadline=None, database=None, derandomize=True)
@given(
    containers(st.recursive(ATOMS, containers, max_leaves=12)),
    st.sampled_from([b" ", b"\n", b""]),
    st.sampled_from([b" endobj", b"\nstream\nab\nendstream endobj", b" 5 endobj", b"endobj"]),
)
def test_any_nested_object_reads_the_same_both_ways(written: bytes, space: bytes, tail: bytes) -> None:
    """Dictionaries and arrays inside one another, with keys that are names, twice, or no names."""
    agree(b"1 0 obj " + written.replace(b" ", space) + tail, 7)
    agree(b"1 0 obj " + written + tail, 7)


@pytest.mark.parametrize("key", [b"[ ]", b"<< >>", b"1", b"1 0 R", b"(a)", b"true", b"<41>"])
def test_a_key_that_is_no_name_is_left_to_the_general_way(key: bytes) -> None:
    assert agree(b"1 0 obj << " + key + b" 1 /A 2 >> endobj", 7)[0] == "error"


def test_a_long_object_is_left_to_the_general_way() -> None:
    """One over LONGEST bytes is read as read_at always read it, not made into a token list as well."""
    for count in (LONGEST // 2 - 10, LONGEST // 2 + 10):
        data = b"1 0 obj [" + b"1 " * count + b"] endobj"
        assert (regular(data, 7, DOCUMENT, KINDS, {}) is None) == (count > LONGEST // 2)
        assert len(agree(data, 7)[1]) == count


def test_deep_nesting_is_left_to_the_general_way() -> None:
    for depth in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1):
        data = b"1 0 obj " + b"[" * depth + b"]" * depth + b" endobj"
        assert agree(data, 7)[0] in (("error",) if depth > MAX_DEPTH else (Array,))


def test_a_stream_reads_the_same_both_ways() -> None:
    for body in (b"<< /Length 3 >>\nstream\nabc\nendstream", b"<< /Length 4 >>stream\r\nabc\nendstream"):
        data = b"1 0 obj " + body + b" endobj"
        assert agree(data, 7)[0] is tuple
        assert regular(data, 7, DOCUMENT, KINDS, {}) is not None


OLD_TOKEN = re.compile(  # contentops' token pattern as it was, its number quadratic in a run of digits
    rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*"
    rb"(?:(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?!" + contentops._REGULAR + rb")"
    rb"|(?P<word>" + contentops._REGULAR + rb"+)"
    rb"|/(?P<name>" + contentops._REGULAR + rb"*)"
    rb"|\((?P<str>[^()\\]*(?:\\[\s\S][^()\\]*)*)\)"
    rb"|(?P<open>\()"
    rb"|<(?P<hex>[0-9A-Fa-f\x00\t\n\x0c\r ]*)>"
    rb"|(?P<punct><<|>>|\[|\])"
    rb"|(?P<junk>[\s\S]))?"
)


def tokens(pattern: re.Pattern[bytes], data: bytes) -> list[tuple[str | None, int, int]]:
    """Each token `pattern` matches from the start, as read_at steps through them: kind and span."""
    found, at = [], 0
    while at < len(data):
        m = pattern.match(data, at)
        assert m is not None and m.end() > at
        found.append((m.lastgroup, m.start(m.lastgroup) if m.lastgroup else at, m.end()))
        at = m.end()
    return found


@settings(max_examples=1000, deadline=None, database=None, derandomize=True)
@given(st.lists(st.sampled_from([*SOUP, b"1.", b".5", b"5.5.", b"+-1", b"1e5", b"12x", b"-.", b"7\x0b"]), max_size=20))
def test_the_linear_token_pattern_splits_as_the_old_one_did(soup: list[bytes]) -> None:
    """The token pattern read_at and contentops share (its number possessive, so linear) against
    the one they had, whose number backtracked."""
    for data in (b" ".join(soup), b"".join(soup)):
        assert tokens(contentops._TOKEN, data) == tokens(OLD_TOKEN, data)


@pytest.mark.parametrize("run", [b"1" * 300_000 + b"x", b"1" * 150_000 + b"." + b"1" * 150_000 + b"x"])
def test_a_long_run_of_digits_in_a_page_drawing_is_read_in_linear_time(
    run: bytes, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The same run among a page's drawing instructions (the page scan's tokens): it had taken
    about a second for 8,000 digits and four times as long for each doubling."""
    path = tmp_path / "drawn.pdf"
    path.write_bytes(drawn(b"BT " + run + b" Tj ET")(made("A4", tmp_path_factory).data))
    done = capped.run(["-m", "leaflet", "check", str(path)], 512 << 20, 60)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("run", [b"1" * 300_000 + b"x", b"1" * 150_000 + b"." + b"1" * 150_000 + b"x"])
def test_a_long_run_of_digits_is_read_in_linear_time(
    run: bytes, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A number-like run of 300,000 bytes in a page's dictionary: before, each way of splitting it
    was tried (hours); now `leaflet check` refuses the file at once, in a capped subprocess."""
    path = tmp_path / "digits.pdf"
    path.write_bytes(page_key(b"Foo", run)(made("A4", tmp_path_factory).data))
    done = capped.run(["-m", "leaflet", "check", str(path)], 512 << 20, 60)
    assert done.returncode == 2 and done.stderr.startswith(f"{path}: cannot read"), done.stderr
