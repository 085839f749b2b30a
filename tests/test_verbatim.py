"""Leaflets with a source text (tests/sources/NAME.txt) carry it complete and verbatim.

A source file is plain text: the title on the first line, then blank-line separated
lines (headings, paragraphs, list items). Reference lines start with a bullet;
an indented line continues the reference above it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CONTENT

from leaflet.content import block_texts, load_leaflet
from leaflet.model import Leaflet, Text

SOURCES = sorted((Path(__file__).parent / "sources").glob("*.txt"))
BULLET = "\u2022"
CITE_MARK = re.compile(r"\s*\[\d+(?:,\s*\d+)*\]")


@dataclass(frozen=True)
class Source:
    lines: list[str]  # title, headings, paragraphs, list items, in order
    references: list[str]


def read_source(path: Path) -> Source:
    lines: list[str] = []
    refs: list[str] = []
    continues_ref = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continues_ref = False
            continue
        if raw.strip().startswith(BULLET):
            refs.append(raw.strip()[1:].strip())
            continues_ref = True
        elif continues_ref and raw[:1].isspace():
            refs[-1] += " " + raw.strip()
        else:
            assert not refs, f"text after the reference list: {raw!r}"
            lines.append(raw)
    return Source(lines, refs)


def fold(text: str) -> str:
    return " ".join(text.split())


def uncited(text: Text, leaflet: Leaflet) -> str:
    """A model text as the reader sees it, without its [n] citation marks."""
    return fold(CITE_MARK.sub("", text.plain(leaflet.numbers)))


def model_units(leaflet: Leaflet) -> list[str]:
    return [fold(leaflet.meta.title)] + [uncited(t, leaflet) for _, _, t in block_texts(leaflet.sections)]


def words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


@pytest.fixture(params=SOURCES, ids=[p.stem for p in SOURCES])
def pair(request: pytest.FixtureRequest) -> tuple[Source, Leaflet]:
    path: Path = request.param
    content = CONTENT / f"{path.stem}.yaml"
    assert content.is_file(), f"{path.name} has no leaflet {content}"
    return read_source(path), load_leaflet(content)


def test_there_are_sources() -> None:
    assert SOURCES
    assert all(read_source(p).lines for p in SOURCES)


def test_source_lines_verbatim_in_order(pair: tuple[Source, Leaflet]) -> None:
    source, leaflet = pair
    stream = "\n".join(model_units(leaflet))
    at = 0
    for line in source.lines:
        want = fold(line)
        pos = stream.find(want, at)
        if pos < 0:
            where = "out of order" if want in stream else "missing or reworded"
            pytest.fail(f"source line {where} in the leaflet: {want!r}")
        at = pos + len(want)


def test_every_source_line_is_a_whole_unit(pair: tuple[Source, Leaflet]) -> None:
    """Headings stay headings-or-titles and paragraphs stay paragraphs: no line is split or merged."""
    source, leaflet = pair
    units = model_units(leaflet)
    assert [u for u in units if u in {fold(line) for line in source.lines}] == [fold(line) for line in source.lines]


def test_leaflet_adds_no_words(pair: tuple[Source, Leaflet]) -> None:
    """Every text of the leaflet comes from the source (nothing reworded or invented)."""
    source, leaflet = pair
    whole = fold(" ".join(source.lines))
    for unit in model_units(leaflet):
        assert unit in whole, f"not in the source: {unit!r}"


def test_references_words(pair: tuple[Source, Leaflet]) -> None:
    source, leaflet = pair
    assert len(source.references) == len(leaflet.references)
    formatted = [f"{r.citation()} {r.link}" for r in leaflet.references]
    matched: list[int] = []
    for ref in source.references:
        want = words(ref)
        hits = [i for i, f in enumerate(formatted) if not want - words(f)]
        closest = min((want - words(f) for f in formatted), key=lambda c: sum(c.values()))
        assert hits, f"no reference carries every word of {ref!r}: the closest lacks {sorted(closest)}"
        assert len(hits) == 1, f"{ref!r} matches several references"
        matched += hits
    assert sorted(matched) == list(range(len(leaflet.references)))
    # and the formatted references add no words of their own beyond a link
    for ref, i in zip(source.references, matched, strict=True):
        extra = words(leaflet.references[i].citation()) - words(ref)
        assert not extra, f"reference {i + 1} adds {sorted(extra)}"
