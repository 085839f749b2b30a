"""The import writer: any text reaches the YAML so that our loader and inline parser give it back.

Two round trips, each derived from the input: inline runs -> author text -> `markup.parse` gives
the same words, bold and links; a value -> YAML text -> `source.parse` gives the same value.
"""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from leaflet import markup, source
from leaflet.errors import Where
from leaflet.importers.parts import Run
from leaflet.importers.structure import normalise
from leaflet.importers.text import author_text
from leaflet.importers.writer import WIDTH, write_yaml

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
# Characters our inline syntax and YAML give meaning to, with words and spaces between them.
TRICKY = [*"*[]()<>\\@_`:#-'\"!&|%?,{}~", "**", "[@key]", "<https://x.org>", "[a](https://x.org)", ": ", " #"]
WORDS = st.one_of(st.sampled_from(TRICKY), st.text(alphabet="abc\u00e9 \u2019\u2013", min_size=1, max_size=8))
TEXT = st.lists(WORDS, min_size=1, max_size=12).map("".join)
LINKS = st.sampled_from(["", "", "https://example.org/a?b=1#c", "mailto:info@example.org", "tel:+441234567"])
RUNS = st.lists(st.builds(Run, TEXT, st.booleans(), LINKS), min_size=1, max_size=5)


def characters(runs: tuple[Run, ...], links: bool) -> list[tuple[str, bool, str]]:
    """Each character with its boldness and link (spaces only as spaces: they may stand outside the stars
    or the link's brackets)."""
    return [(c, False, "") if c == " " else (c, r.bold, r.href if links else "") for r in runs for c in r.text]


@settings(max_examples=EXAMPLES, deadline=None)
@given(RUNS)
def test_author_text_reads_back_as_the_same_words_bold_and_links(runs: list[Run]) -> None:
    text = normalise(runs)
    if not text:
        return
    written, dropped = author_text(text)
    parsed = markup.parse(written, Where("t", 1, 1))
    back = tuple(Run(s.text, s.bold, s.href) for s in parsed.spans)
    assert characters(back, not dropped) == characters(text, not dropped), written


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(TEXT.map(lambda t: " ".join(t.split())).filter(bool), min_size=1, max_size=4), st.integers(0, 300))
def test_any_text_is_written_so_the_loader_reads_it_back(texts: list[str], repeat: int) -> None:
    long = " ".join([" ".join(texts)] * (repeat // 50 + 1))
    data = {"leaflet": {"title": texts[0], "authors": texts}, "sections": [{"blocks": [{"paragraph": long.strip()}]}]}
    yaml_text = write_yaml(data, ["header"])  # raises if what it wrote reads back differently
    back = source.parse(yaml_text, "t")
    assert back.value["leaflet"].value["title"].value == texts[0]
    for line in yaml_text.splitlines():  # white space folded as the importer folds it: lines fit unless a word is long
        content = line.lstrip(" ")
        assert len(line) <= WIDTH or " " not in content[1 : WIDTH - (len(line) - len(content))], line
