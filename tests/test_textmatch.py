"""textmatch: normalise, fold_lines, fold_positions and find, each against the code it replaced.

The oracles below are the earlier implementations, kept as they were: `fold_lines` by one regex
substitution, element starts moved by folding every prefix again (quadratic), and `find` by a
compiled pattern of the unit's first 40 characters (one compile per unit). The new code must give
exactly what they gave, on text that holds what NFKC changes (ligatures, combining marks that
compose or reorder, Hangul jamo, NBSP and other spaces) and on page text with line breaks anywhere.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet import textmatch
from leaflet.chars import without_invisible
from leaflet.textmatch import find, fold_lines, fold_positions, normalise

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_SPACE = re.compile(r"\s+")


def old_normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", without_invisible(text)).translate(_QUOTES)
    text = re.sub(r"(?<=\w)-\s*\n\s*", "-", text)
    return _SPACE.sub(" ", text).strip()


def old_fold_lines(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(lambda m: "\n" if "\n" in m.group() else " ", text).strip()


def old_refold(raw: str, starts: list[int]) -> list[int]:
    return [len(old_fold_lines(raw[:s] + "x")) - 1 for s in starts]


def old_pattern(want: str) -> str:
    return "".join("[ \n]" if ch == " " else re.escape(ch) + "\n?" for ch in want)


def old_match_at(haystack: str, at: int, want: str) -> int | None:
    for n, word in enumerate(want.split(" ")):
        if n:
            if haystack[at : at + 1] not in (" ", "\n"):
                return None
            at += 1
        if haystack.startswith(word, at):
            at += len(word)
            continue
        for i, ch in enumerate(word):
            if haystack[at : at + 1] != ch:
                return None
            at += 2 if i < len(word) - 1 and haystack[at + 1 : at + 2] == "\n" else 1
    return at + 1 if haystack[at : at + 1] == "\n" else at


def old_find(haystack: str, want: str, start: int = 0) -> tuple[int, int] | None:
    want = normalise(want)
    if not want:
        at = min(start, len(haystack))
        return at, at
    head = re.compile(old_pattern(want[:40]))
    at = start
    while found := head.search(haystack, at):
        end = old_match_at(haystack, found.start(), want)
        if end is not None:
            return found.start(), end
        at = found.start() + 1
    return None


def pattern_find(haystack: str, want: str, start: int = 0) -> tuple[int, int] | None:
    """One pattern of the whole unit (a space is a space or a line break; after any other character
    a line break may stand): on text from `fold_lines`, what `find` means."""
    found = re.compile(old_pattern(normalise(want))).search(haystack, start)
    return (found.start(), found.end()) if found else None


# What NFKC and the folds change: combining marks (composing, reordering), ligatures, Hangul jamo
# (starters that compose), compatibility characters that decompose to a space and a mark, spaces of
# every kind, quotes, format characters, and one that NFKC turns into two combining marks.
FOLDED = "ab x-.\n\t\r\u0301\u0323\u0345\u0308e\u00e9\ufb01\ufb03\u00a0\u2003\u3000\u2028\x1c\x85\u00a8"
FOLDED += "\u1100\u1161\u11a8\uac00\u2019\u201c\u00ad\u200b\u03b1\u0313\u0f73\u0f71\u0f72\u2460"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("\ufb01ne \ufb02ow", "fine flow"),  # ligatures
        ("\u2018a\u2019 \u201cb\u201d", "'a' \"b\""),
        ("10\u00a0mg", "10 mg"),
        ("self-\n   help", "self-help"),  # a break after a hyphen inside a word
        ("- \nnext", "- next"),  # a dash that follows no word is not a hyphen
        ("  a \n\t b  ", "a b"),
        ("soft\u00adhy\u200bphen", "softhyphen"),  # format characters show nothing
    ],
)
def test_normalise_folds_what_layout_changes(text: str, want: str) -> None:
    assert normalise(text) == want


@settings(max_examples=500, derandomize=True)
@given(st.text(alphabet=FOLDED, max_size=40))
def test_normalise_folds_as_the_substitutions_did(text: str) -> None:
    assert normalise(text) == old_normalise(text)


@settings(max_examples=200, derandomize=True)
@given(st.text(max_size=30))
def test_normalise_folds_any_text_as_the_substitutions_did(text: str) -> None:
    assert normalise(text) == old_normalise(text)


@pytest.mark.parametrize(
    ("text", "want"),
    [("a \n b", "a\nb"), ("a \t b", "a b"), ("  x\n", "x"), ("\ufb01 \u2019", "fi '"), ("a\n\nb", "a\nb")],
)
def test_fold_lines_keeps_one_newline_where_a_line_broke(text: str, want: str) -> None:
    assert fold_lines(text) == want


@settings(max_examples=500, derandomize=True)
@given(st.text(alphabet=FOLDED, max_size=40))
def test_fold_lines_folds_as_the_substitution_did(text: str) -> None:
    assert fold_lines(text) == old_fold_lines(text)


@settings(max_examples=200, derandomize=True)
@given(st.text(max_size=30))
def test_fold_lines_folds_any_text_as_the_substitution_did(text: str) -> None:
    assert fold_lines(text) == old_fold_lines(text)


@settings(max_examples=600, derandomize=True)
@given(st.text(alphabet=FOLDED, max_size=40), st.data())
def test_fold_positions_are_those_of_folding_each_prefix(text: str, data: st.DataObject) -> None:
    starts = data.draw(st.lists(st.integers(-3, len(text) + 3), max_size=12))
    assert fold_positions(text, starts) == old_refold(text, starts)


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.text(alphabet=FOLDED, max_size=8), max_size=12))
def test_fold_positions_of_element_starts_in_tagged_text(texts: list[str]) -> None:
    """As tagged_text makes them: each element's text after a line break, its start just after the break."""
    raw, starts = "", []
    for text in texts:
        raw += "\n"
        starts.append(len(raw))
        raw += text
    assert fold_positions(raw, starts) == old_refold(raw, starts)


@pytest.mark.parametrize(
    ("raw", "start"),
    [
        ("e\u0301", 1),  # the mark after the start does not join the letter before it
        ("\n\u0301a", 1),
        ("\ufb01", 1),  # a start inside nothing: NFKC of the text before it alone
        ("\u1100\u1161", 1),  # jamo: the prefix ends before the vowel that would compose
        ("a \u00a0 \nb", 4),
        ("\u00a8x", 1),  # a diaeresis folds to a space and a mark
    ],
)
def test_fold_positions_where_nfkc_joins_across_a_start(raw: str, start: int) -> None:
    assert fold_positions(raw, [start]) == old_refold(raw, [start])


def test_find_an_empty_unit_stands_where_the_search_starts() -> None:
    assert find("abc", "") == (0, 0)
    assert find("abc", " ", 2) == (2, 2)
    assert find("abc", "", 9) == (3, 3)


def test_find_tries_every_start_where_a_long_unit_may_begin() -> None:
    """A place where the rest does not follow is passed over by one character, not by the unit."""
    want = "a" * 40 + "b"
    assert find("a" * 41 + "b", want) == (1, 42)
    page = "a a\n" * 100 + "a\naab"  # the letters of "aaab" follow one another, without spaces, everywhere
    assert find(page, "aaab") == old_find(page, "aaab") == (len(page) - 5, len(page))


TEXT = st.text(alphabet="ab. -\n", max_size=30)


@settings(max_examples=400, derandomize=True)
@given(TEXT, TEXT, st.integers(0, 32))
def test_find_matches_the_whole_text_pattern(page: str, want: str, start: int) -> None:
    haystack = fold_lines(page)
    assert find(haystack, want, start) == pattern_find(haystack, want, start)


@settings(max_examples=600, derandomize=True)
@given(st.text(alphabet="ab. \n\u00e9\ufb01", max_size=60), st.text(alphabet="ab. \u00e9", max_size=12))
def test_find_matches_the_compiled_head_on_any_text(page: str, want: str) -> None:
    """Text that is not from fold_lines (two breaks in a row, as blanked clinic lines or empty pages give)."""
    for start in (-1, 0, len(page) // 3, len(page), len(page) + 1):
        assert find(page, want, start) == old_find(page, want, start)


@settings(max_examples=600, derandomize=True)
@given(st.text(alphabet="ab \n", max_size=24), st.text(alphabet="ab ", min_size=1, max_size=6))
def test_find_matches_the_compiled_head_where_near_misses_abound(page: str, want: str) -> None:
    """Two letters, spaces and breaks anywhere: places that fail, near breaks and not, before one that matches."""
    assert find(page, want) == old_find(page, want)


@pytest.mark.parametrize(
    ("page", "unit", "found"),
    [
        ("a\nb c a\nbc", "abc", (6, 10)),  # a place near a break that fails, then one that matches
        ("aa a\na", "a aa", (1, 6)),  # a place far from a break, then one whose break is just past it
    ],
)
def test_find_after_places_that_fail(page: str, unit: str, found: tuple[int, int]) -> None:
    assert find(page, unit) == old_find(page, unit) == found


@settings(max_examples=300, derandomize=True)
@given(st.lists(st.sampled_from(["ab", "a", "b", "ba", "aab"]), min_size=1, max_size=200), st.data())
def test_find_matches_the_compiled_head_on_long_pages_of_near_misses(words: list[str], data: st.DataObject) -> None:
    """Pages longer than find's first window, broken anywhere, and units that nearly match many times."""
    page = "".join(w + data.draw(st.sampled_from([" ", "\n", "", " \n"])) for w in words)
    haystack = fold_lines(page)
    want = " ".join(data.draw(st.lists(st.sampled_from(["ab", "a", "b", "aab", "ba"]), min_size=1, max_size=30)))
    start = data.draw(st.integers(0, len(haystack)))
    assert find(haystack, want, start) == old_find(haystack, want, start)


@settings(max_examples=200, derandomize=True)
@given(st.text(alphabet="ab \n", min_size=60, max_size=2000), st.data())
def test_find_matches_a_long_unit_taken_from_the_page(page: str, data: st.DataObject) -> None:
    haystack = fold_lines(page)
    at = data.draw(st.integers(0, max(0, len(haystack) - 1)))
    size = data.draw(st.integers(41, 600))  # longer than the old head, and than find's first window
    want = haystack[at : at + size].replace("\n", data.draw(st.sampled_from(["", " "])))
    assert find(haystack, want) == pattern_find(haystack, want) == old_find(haystack, want)


@pytest.mark.parametrize(
    ("unit", "shown"),
    [
        ("x" * 50, "\n".join("x" * 50)),  # a long word broken after every character: twice the unit long
        ("ab cd", "ab\ncd"),
        ("ab cd", "ab cd"),
        ("abc", "a bc ab\nc"),  # a near miss, then a break just before the last character
    ],
)
def test_find_a_unit_on_either_side_of_where_a_window_ends(unit: str, shown: str) -> None:
    """Every start around the first windows' ends, with filler before that cannot match."""
    for before in range(textmatch._WINDOW - 8, textmatch._WINDOW + 4 * len(unit) + 40):
        page = ("y \n" * before)[:before] + shown + " y"
        assert find(page, unit) == old_find(page, unit), before


def test_find_counts_on_from_a_window_that_ends_in_breaks() -> None:
    """A window of page text may end on spaces and line breaks; the next one starts where matches may still start."""
    size = textmatch._WINDOW
    page = "x" * (size - 3) + " \n " * 40 + "ab\ncd"
    assert find(page, "abcd") == old_find(page, "abcd") == (len(page) - 5, len(page))


@settings(max_examples=300, derandomize=True)
@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from("\u00ad\u200b\u200d\u2060\ufeff\u061c\U000e0001a"))))
def test_format_characters_are_left_out_as_each_character_s_category_says(text: str) -> None:
    """without_invisible asks unicodedata only about the characters beyond ASCII, none of which is Cf."""
    assert without_invisible(text) == "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    assert not [c for c in range(128) if unicodedata.category(chr(c)) == "Cf"]
