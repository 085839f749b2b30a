"""pdftext.find: the same matches as the whole-text pattern it replaced, found without compiling one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet.pdftext import find, fold_lines, normalise


def pattern_find(haystack: str, want: str, start: int = 0) -> tuple[int, int] | None:
    """The reference: one pattern of the whole unit (a space is a space or a line break; after
    any other character a line break may stand)."""
    parts = ["[ \n]" if ch == " " else re.escape(ch) + "\n?" for ch in normalise(want)]
    found = re.compile("".join(parts)).search(haystack, start)
    return (found.start(), found.end()) if found else None


TEXT = st.text(alphabet="ab. -\n", max_size=30)


@settings(max_examples=400, derandomize=True)
@given(TEXT, TEXT, st.integers(0, 32))
def test_find_matches_the_whole_text_pattern(page: str, want: str, start: int) -> None:
    haystack = fold_lines(page)
    assert find(haystack, want, start) == pattern_find(haystack, want, start)


@settings(max_examples=200, derandomize=True)
@given(st.text(alphabet="ab \n", min_size=60, max_size=200), st.data())
def test_find_matches_a_long_unit_taken_from_the_page(page: str, data: st.DataObject) -> None:
    haystack = fold_lines(page)
    at = data.draw(st.integers(0, max(0, len(haystack) - 1)))
    size = data.draw(st.integers(41, 120))  # longer than the head find() compiles
    want = haystack[at : at + size].replace("\n", data.draw(st.sampled_from(["", " "])))
    assert find(haystack, want) == pattern_find(haystack, want)
