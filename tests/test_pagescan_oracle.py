"""The page scan against the one it replaced: the tokenizer (contentops) and the text walk with the
scan's listeners (textwalk, pagescan) must give what the old ones gave, to the bit, on every input.

The old implementations are kept in tests/pagescan_oldops.py, pagescan_oldwalk.py and
pagescan_oldlisteners.py as the oracle. The inputs: every page of the leaflets we build, random
bytes, delimiters in any order, and random operation lists walked with our real fonts (text in and
out of them, hostile numbers, every operator the walk or a check reads). A raised error must be the same
error with the same message.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import astuple
from functools import partial
from typing import Any

import pagescan_oldlisteners
import pagescan_oldops
import pytest
from conftest import LEAFLETS
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet.build import lay_out
from leaflet.contentops import MAX_TOKENS, Memo, operations, page_operations
from leaflet.pagescan import scan_operations
from leaflet.pdfmodel import Bool, Null
from leaflet.pdfown import open_own
from leaflet.pdftext import PageScan
from leaflet.simplefont import SimpleFont, own_fonts
from leaflet.theme import Variant


def typed(value: Any) -> Any:
    """A value with its type spelled out, so 1 and 1.0, or a list and a tuple, do not compare equal."""
    if isinstance(value, list | tuple):
        return (type(value).__name__, [typed(v) for v in value])
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    return (type(value).__name__, repr(value))


def outcome(fn: Callable[[], Any]) -> Any:
    """What `fn` returns, typed, or the error it raises (its type and message)."""
    try:
        return typed(fn())
    except Exception as error:  # the oracle's errors are compared, not judged
        return ("raised", type(error).__name__, str(error))


def same_operations(data: bytes) -> None:
    assert outcome(lambda: operations(data)) == outcome(lambda: pagescan_oldops.operations(data))


@pytest.fixture(scope="module")
def pages() -> list[tuple[list[Any], dict[str, SimpleFont]]]:
    """(operations, fonts) of every page of our leaflets in three variants."""
    out = []
    for path in LEAFLETS:
        for variant in (Variant(), Variant(large=True), Variant(size="A5")):
            document = open_own(lay_out(path, variant).rendered.pdf, path.name)
            for page in document.pages:
                fonts = own_fonts(page)
                assert fonts is not None
                out.append((page_operations(page), fonts))
                same_operations(page.contents() or b"")
    return out


def flat(scan: PageScan) -> str:
    """Every field of a scan, exactly (repr keeps a float's every bit, and NaN equal to itself)."""
    fields = astuple(scan)
    return repr((fields[:6], sorted(scan.font_names), fields[7:]))


def same_scan(ops: list[Any], fonts: dict[str, SimpleFont]) -> None:
    def ours() -> str:
        return flat(scan_operations(ops, fonts))

    def theirs() -> str:
        return flat(pagescan_oldlisteners.old_scan(ops, fonts))

    assert outcome(ours) == outcome(theirs)


def test_every_page_we_make_scans_as_before(pages: list[tuple[list[Any], dict[str, SimpleFont]]]) -> None:
    for ops, fonts in pages:
        same_scan(ops, fonts)
        assert scan_operations(ops, fonts).fragments


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_tokenize_as_before(data: bytes) -> None:
    same_operations(data)


PIECES = [b"(", b")", b"<", b">", b"<<", b">>", b"[", b"]", b"/", b"\\", b"%", b"\r", b"\x00", b"\x0b", b"{", b"}"]
PIECES += [b"BI", b"ID", b"EI", b"R", b"RG", b" ", b"\n", b"\r\n", b"true", b"null", b"Tj", b"q", b"/F1", b"#41"]
PIECES += [b"1", b"-2", b"+.5", b"3.", b"1.2.3", b"1_0", b"1e5", b"9" * 30, b"0" * 5000, b"inf", b"nan", b"."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=3)), max_size=60))
def test_pieces_in_any_order_tokenize_as_before(parts: list[bytes]) -> None:
    same_operations(b"".join(parts))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=3)), max_size=40), max_size=4))
def test_streams_read_one_after_another_tokenize_as_each_alone(streams: list[list[bytes]]) -> None:
    """The checks read a PDF's pages with one Memo: what one stream's chunks read as is kept for the
    next (and a chunk read token by token, or the limit near, is read as it would be alone)."""
    memo = Memo()
    for parts in streams:
        data = b"".join(parts) + b" 1 0 0 1 0 0 cm q Q"  # a chunk every stream ends in
        assert outcome(partial(operations, data, memo)) == outcome(partial(pagescan_oldops.operations, data))


def test_pages_read_with_one_memo_tokenize_as_each_alone(pages: list[tuple[list[Any], dict[str, SimpleFont]]]) -> None:
    memo, read = Memo(), 0
    for path in LEAFLETS[:2]:
        for page in open_own(lay_out(path, Variant()).rendered.pdf, path.name).pages:
            assert typed(page_operations(page, memo)) == typed(pagescan_oldops.operations(page.contents() or b""))
            read += len(page.contents() or b"")
    assert 0 < len(memo.chunks) < read // 40  # the pages share chunks


TAIL = b"[1 2] TJ (a) Tj /A <</B 1>> BDC 1 w 0 0 R BI /W 1 ID x EI 1 w"


@pytest.mark.parametrize("short", [0, 1, 3, 5, 8, 11, 14, 17, 20, 23, 26])
def test_the_token_limit_falls_where_it_did(short: int) -> None:
    """A stream whose limit falls at each place in the tail (or after it): the limit, an error
    before it, or none, as before."""
    count = MAX_TOKENS - short
    same_operations(b"1 w\n" * (count // 2) + b"1 " * (count % 2) + TAIL)


# Operations as the walk receives them: every operator it or a check reads, hostile operands.
NUMBER = st.one_of(
    st.integers(-3, 800),
    st.floats(-1e3, 1e3),
    st.sampled_from([0, 0.0, -0.0, 1e308, -1e308, math.inf, -math.inf, math.nan, 1e-300, 10**400]),
)
OPERATORS = "BT ET q Q cm Tc TL Tf Td TD Tm T* Tj TJ ' \" Do Tw Tz Tr re f F f* B B* b b* S s n rg g k sc scn RG G K"
OPERATORS += " m l c w BDC BMC EMC gs cs CS xy"


def operands(codes: bytes) -> st.SearchStrategy[list[Any]]:
    mapped = st.binary(max_size=6).map(lambda b: bytes(codes[c % len(codes)] for c in b))
    text = st.one_of(mapped, st.binary(max_size=3))
    single = st.one_of(NUMBER, text, st.sampled_from(["/F1+0", "/F2+0", "/F9", "/Im0", Bool(True), Null(), True]))
    array = st.lists(st.one_of(NUMBER, text, st.just(Bool(False))), max_size=6)
    return st.lists(st.one_of(single, array), max_size=7)


# Derandomised: once in about seven whole runs Hypothesis stopped this test with FlakyStrategyDefinition
# (a second run of one choice sequence drew less), which no seed reproduced. It now tries the same 400
# examples each run; 20,000 random lists compared outside the suite found no difference.
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_random_operations_scan_as_before(pages: list[tuple[list[Any], dict[str, SimpleFont]]], data: Any) -> None:
    _, fonts = pages[data.draw(st.integers(0, len(pages) - 1))]
    codes = b"".join(font.mapped for font in fonts.values())
    operation = st.tuples(operands(codes), st.sampled_from(OPERATORS.split()).map(str.encode))
    ops = data.draw(st.lists(operation, max_size=40))
    same_scan(ops, fonts)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_our_pages_cut_and_shuffled_scan_as_before(
    pages: list[tuple[list[Any], dict[str, SimpleFont]]], data: Any
) -> None:
    ops, fonts = pages[data.draw(st.integers(0, len(pages) - 1))]
    start = data.draw(st.integers(0, len(ops)))
    picked = data.draw(st.lists(st.integers(0, len(ops) - 1), max_size=30))
    same_scan(ops[start:] + [ops[i] for i in picked], fonts)
