"""Rendering: author text is never markup, missing glyphs fall back, and the type is clear print."""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BuildText, Result, leaflet_yaml, squash, write_leaflet_dir

from leaflet.blocks import SPECS
from leaflet.content import load_leaflet
from leaflet.errors import ContentError

# Clear print (RNIB, UKAAF): no text under 12 pt; body text at 14 pt.
MIN_PT = 12.0
BODY_PT = 14.0
BODY_KINDS = ("paragraph", "bullets", "numbered")


def cve_2023_33733(marker: Path) -> str:
    """The published ReportLab rl_safe_eval escape, aimed at creating `marker`."""
    return (
        "<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch "
        + str(marker)
        + "') for Word in [orgTypeFun('Word', (str,), {'mutated': 1, 'startswith': lambda self, x: False, "
        "'__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, "
        "'mutate': lambda self: {setattr(self, 'mutated', self.mutated - 1)}, "
        "'__hash__': lambda self: hash(str(self))})]] for orgTypeFun in [type(type(1))]] and 'red'\">"
        "exploit</font>"
    )


def all_text(result: Result) -> str:
    return "\n".join(page.extract_text() for page in result.reader.pages)


def base_fonts(result: Result) -> set[str]:
    names = set()
    for page in result.reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in fonts.get_object().values() if fonts else []:
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


def image_count(result: Result) -> int:
    count = 0
    for page in result.reader.pages:
        resources = page.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources else None
        for ref in xobjects.get_object().values() if xobjects else []:
            count += ref.get_object().get("/Subtype") == "/Image"
    return count


@pytest.fixture
def marker() -> Iterator[Path]:
    """A short, unique /tmp path for the payload to create (short: a long path would wrap mid-word)."""
    path = Path(f"/tmp/pwned-{uuid.uuid4().hex[:8]}")
    assert not path.exists()
    yield path
    path.unlink(missing_ok=True)


def test_markup_in_author_text_is_literal(build_text: BuildText, marker: Path) -> None:
    pieces = ['<font name="x">', '<img src="y"/>', "&amp; & <b>", cve_2023_33733(marker)]
    result = build_text(leaflet_yaml([{"paragraph": " ".join(pieces)}]))
    assert not marker.exists(), "the CVE-2023-33733 payload ran"
    # Line breaks may fall anywhere in the long payload: compare with all whitespace removed.
    text = "".join(all_text(result).split())
    for piece in pieces:
        assert "".join(piece.split()) in text, f"not shown literally: {piece[:60]!r}"
    assert not any(name.split("+")[-1] == "x" for name in base_fonts(result)), "a font named 'x' was used"
    assert image_count(result) == 0, "an <img> in author text became an image"


def test_cve_payload_alone_does_not_run(build_text: BuildText, marker: Path) -> None:
    payload = cve_2023_33733(marker)
    result = build_text(leaflet_yaml([{"paragraph": payload}, {"bullets": [payload]}]))
    assert not marker.exists(), "the CVE-2023-33733 payload ran"
    assert "".join(all_text(result).split()).count("".join(payload.split())) == 2


def test_fallback_font_for_missing_glyphs(build_text: BuildText) -> None:
    words = "Kōrero ā-waha, Māori"
    result = build_text(leaflet_yaml([{"paragraph": words}], title="Kōrero ā-waha"))
    assert squash(words) in squash(all_text(result))
    noto = [n for n in base_fonts(result) if re.fullmatch(r"/[A-Z]{6}\+NotoSans-[A-Za-z]+", n)]
    assert noto, f"no subset NotoSans font in {sorted(base_fonts(result))}"


@dataclass(frozen=True)
class Run:
    text: str
    size: float  # effective: font size times the vertical scale of text matrix x CTM


def runs(result: Result) -> Iterator[tuple[int, Run]]:
    for number, page in enumerate(result.reader.pages, 1):
        found: list[Run] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float, found: list[Run] = found) -> None:
            if not text.strip():
                return
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            found.append(Run(text, size * math.hypot(c, d)))

        page.extract_text(visitor_text=visit)
        for run in found:
            yield number, run


def test_no_text_under_12pt(ldn: Result) -> None:
    sizes = [(n, r) for n, r in runs(ldn)]
    assert sizes
    small = [(n, r.text, round(r.size, 2)) for n, r in sizes if r.size < MIN_PT - 0.01]
    assert not small, f"text under {MIN_PT} pt: {small[:5]}"


def test_body_text_at_14pt(ldn: Result) -> None:
    leaflet = ldn.leaflet
    body = squash("".join(r.text for _, r in runs(ldn) if abs(r.size - BODY_PT) < 0.01))
    models = tuple(SPECS[k].model for k in BODY_KINDS)
    texts = [t for s in leaflet.sections for b in s.blocks if isinstance(b, models) for t in texts_of(b)]
    assert texts
    for text in texts:
        want = squash(text.plain(leaflet.numbers))
        assert want in body, f"not set at {BODY_PT} pt: {want[:60]!r}"


def texts_of(block: Any) -> tuple[Any, ...]:
    kind = next(k for k, s in SPECS.items() if isinstance(block, s.model))
    return SPECS[kind].texts(block)


def test_built_fixture_sizes(build_text: BuildText) -> None:
    """A small leaflet with every body kind is also all at or above 12 pt."""
    result = build_text(
        leaflet_yaml(
            [
                {"paragraph": "One paragraph of body text."},
                {"bullets": ["First item", "Second item"]},
                {"callout": {"title": "Note", "body": ["A call-out body."]}},
                {"table": {"header": ["A", "B"], "rows": [["one", "two"]]}},
            ]
        )
    )
    assert min(r.size for _, r in runs(result)) >= MIN_PT - 0.01


def test_long_url_wider_than_the_column_builds(build_text: BuildText) -> None:
    """A real-world URL longer than a line wraps inside the word; the build must still pass its text check."""
    url = "https://www.medsafe.govt.nz/consumers/cmi/n/naltrexone-hydrochloride-naltraccord-film-coated-tablets.pdf"
    result = build_text(leaflet_yaml([{"paragraph": f"Read the consumer information at <{url}> before you start."}]))
    assert url in "".join(all_text(result).split())
    uris = [str(a.get_object()["/A"]["/URI"]) for page in result.reader.pages for a in page.get("/Annots") or []]
    assert url in uris


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("doi", '10.1000/x" color="red', "is not a DOI"),
        ("doi", "https://doi.org/10.1000/x", "carries a prefix"),
        ("url", 'https://example.org/a" color="red', "which a link cannot hold"),
        ("url", "https://example.org/a page", "which a link cannot hold"),
        ("url", "https://example.org/<b>", "which a link cannot hold"),
        ("url", "https:///no-host", "is not a usable https address"),
    ],
)
def test_a_link_target_that_could_break_out_is_refused_where_written(
    field: str, value: str, message: str, tmp_path: Path
) -> None:
    """A DOI or web address with a quote, space or bracket is refused at its YAML line, never written."""
    body = leaflet_yaml([{"paragraph": "Cited [@q]."}])
    refs = yaml.safe_dump({"references": [{"key": "q", "title": "Quoted", field: value}]}, sort_keys=False)
    path = write_leaflet_dir(tmp_path, body + refs)
    with pytest.raises(ContentError) as info:
        load_leaflet(path)
    assert message in info.value.message
    assert info.value.where is not None
    line = (body + refs).splitlines()[info.value.where.line - 1]
    assert line.lstrip().startswith(f"{field}:"), line
