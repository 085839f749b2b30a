"""`leaflet import` of FHIR ePI bundles (JSON): real public bundles reach the YAML and the built
leaflet verbatim, once, in order; every note and error points into the JSON file.

The expected units are read from each bundle here with the standard library's json and the shared
HTML unit reader (importcheck.py), independently of the importer: the Composition's title, then
each section depth first: its title (or its code's display), then its narrative's units. When the
narrative opens with the very text of the title, that text is one unit (the importer writes it once).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import capped
import pytest
import yaml
from importcheck import SOURCES, SPACE, consume, html_units, imported, model_stream, text_holds

from leaflet import cli
from leaflet.content import load_leaflet
from leaflet.importers.jsontree import MAX_DEPTH
from leaflet.importers.tree import MAX_DEPTH as HTML_DEPTH

BUNDLES = ["biktarvy-epi.json", "fluenz-tetra-epi.json", "xenical-epi.json"]
LOCATED = re.compile(r"^(\S+?):(\d+):(\d+): (.*)$", re.M)


def fold(text: str) -> str:
    return SPACE.sub(" ", text).strip(" ")


def composition(bundle: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = bundle["entry"][0]["resource"]
    return resource


def sections(node: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for section in node.get("section", []):
        out += [section, *sections(section)]
    return out


def section_title(section: dict[str, Any]) -> str:
    code = section.get("code", {})
    displays = [c.get("display") for c in code.get("coding", [])] + [code.get("text")]
    return fold(section.get("title") or next((d for d in displays if d and d.strip()), ""))


def epi_units(path: Path) -> tuple[list[str], list[str]]:
    comp = composition(json.loads(path.read_text(encoding="utf-8")))
    units, links = [fold(comp["title"])], []
    for section in sections(comp):
        title = section_title(section)
        found, hrefs = html_units(section.get("text", {}).get("div", ""))
        units += found if title and found[:1] == [title] else [title, *found] if title else found
        links += hrefs
    return units, links


@pytest.mark.parametrize("name", BUNDLES)
def test_every_unit_of_the_bundle_is_in_the_yaml_once_in_order(name: str, tmp_path: Path) -> None:
    units, links = epi_units(SOURCES / name)
    assert len(units) > 50  # the reader above found the leaflet's text
    texts, yaml_links = model_stream(imported(SOURCES / name, tmp_path))
    consume(units, texts)
    assert yaml_links == links


@pytest.mark.parametrize("name", BUNDLES)
def test_round_trip_build_passes_every_check_and_text_holds_every_unit(name: str, tmp_path: Path) -> None:
    target = imported(SOURCES / name, tmp_path)
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out"), "--text"]) == 0
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out")]) == 0
    text_holds(tmp_path / "out" / f"{target.stem}.txt", *epi_units(SOURCES / name))


def holder(bundle: dict[str, Any]) -> str:
    """The name of the Organization the Composition's author references."""
    reference = composition(bundle)["author"][0]["reference"]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Organization" and reference == f"Organization/{resource['id']}":
            return str(resource["name"])
    raise AssertionError("no author Organization")


@pytest.mark.parametrize("name", BUNDLES)
def test_what_the_bundle_says_of_the_leaflet_fills_its_fields(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = json.loads((SOURCES / name).read_text(encoding="utf-8"))
    comp = composition(bundle)
    target = imported(SOURCES / name, tmp_path)
    err = capsys.readouterr().err
    meta = load_leaflet(target).meta
    assert meta.title == fold(comp["title"]) and meta.language == comp["language"]
    assert meta.organisation == fold(holder(bundle))
    assert meta.published.isoformat() == comp["date"][:10] and meta.review > meta.published
    assert meta.version == "[Placeholder: version]"  # the bundle has none
    text = target.read_text(encoding="utf-8")
    assert f"# The source's identifier: {bundle['identifier']['value']}" in text
    assert "Generated Narrative" not in text  # the Composition's own summary is no content
    assert f"leaflet organisation '{fold(holder(bundle))}'" in err


@pytest.mark.parametrize("name", BUNDLES)
def test_every_note_points_at_its_place_in_the_json(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A narrative's note at its element's '<' inside the escaped string; a field's at its value."""
    source = SOURCES / name
    imported(source, tmp_path)
    lines = source.read_text(encoding="utf-8").splitlines()
    notes = [m for m in LOCATED.finditer(capsys.readouterr().err) if m.group(1) == str(source)]
    assert notes
    for note in notes:
        at = lines[int(note.group(2)) - 1][int(note.group(3)) - 1 :]
        quoted = re.search(r"'([^']*)'", note.group(4))
        assert at.startswith("<") or (quoted and at.startswith(quoted.group(1))), (note.group(0), at[:40])


def test_a_narrative_that_repeats_its_title_has_it_once_and_one_that_differs_keeps_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen = {"once": 0, "both": 0}
    for name in BUNDLES:
        comp = composition(json.loads((SOURCES / name).read_text(encoding="utf-8")))
        texts, _ = model_stream(imported(SOURCES / name, tmp_path / name))
        err = capsys.readouterr().err
        for section in sections(comp):
            title, (found, _) = section_title(section), html_units(section.get("text", {}).get("div", ""))
            if found[:1] == [title]:
                assert texts.count(title) == 1, title
                assert f"opens with its section's title '{title}': written once" in err
                seen["once"] += 1
            elif found and found[0].startswith(title):
                assert texts[texts.index(title) + 1] == found[0]  # "What is in this leaflet:" after its title
                seen["both"] += 1
    assert seen["once"] and seen["both"]  # the bundles hold both cases


def bundle(div: Any = "<div><p>Text.</p></div>", **fields: Any) -> dict[str, Any]:
    section = {"title": "Section", "text": {"status": "additional", "div": div}}
    comp = {"resourceType": "Composition", "title": "T", "language": "en", "section": [section]} | fields
    return {"resourceType": "Bundle", "type": "document", "entry": [{"resource": comp}]}


def test_a_place_in_a_narrative_is_found_through_the_strings_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    div = '<div xmlns="http://www.w3.org/1999/xhtml">\n<p class="a">caf\u00e9 \U0001f600 "q"\\</p>\n'
    div += '<p><img src="x.png"></p></div>'
    source = tmp_path / "escaped.json"
    text = json.dumps(bundle(div), indent=2)  # ASCII: \u00e9, a surrogate pair, \" \\ and \n escapes
    source.write_text(text, encoding="utf-8")
    assert cli.main(["import", str(source), "-o", str(tmp_path / "x.yaml")]) == 2
    at = text.index("<img")
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    assert capsys.readouterr().err.startswith(f"{source}:{line}:{column}: image 'x.png' has no alt text")


def test_headings_in_a_narrative_go_below_their_sections_and_code_displays_head_untitled_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    div = "<div><h1>Big</h1><h2>Small</h2><p>x</p></div>"
    inner = {"code": {"coding": [{"display": "Coded"}]}, "text": {"div": div}}
    source = tmp_path / "levels.json"
    source.write_text(json.dumps(bundle(section=[{"title": "Top", "section": [inner]}])), encoding="utf-8")
    target = imported(source, tmp_path)
    assert model_stream(target)[0] == ["T", "Top", "Coded", "Big", "Small", "x"]
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [s["heading"] for s in data["sections"]] == ["Top"]  # h2; the coded section h3, its h1 and h2 below
    assert data["sections"][0]["blocks"][:3] == [
        {"subheading": "Coded"},
        {"subheading": {"text": "Big", "level": "minor"}},
        {"subheading": {"text": "Small", "level": "minor"}},
    ]
    err = capsys.readouterr().err
    assert "a section with no title: its code's 'Coded' heads it" in err and "moved down 3 level(s)" in err


BAD = [
    ("broken.json", '{"resourceType": "Bundle",\n  "entry": [}', None, "not valid JSON"),
    ("patient.json", json.dumps({"resourceType": "Patient"}), '"Patient"', "not a FHIR Bundle"),
    ("array.json", "[1, 2]", "[", "not a FHIR Bundle"),
    (
        "first.json",
        json.dumps({"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Patient"}}]}),
        '{"resourceType": "Patient"}',
        "the Bundle's first entry is not a Composition",
    ),
    ("nodiv.json", json.dumps(bundle(div=5)), '{"status"', "'div' is not text"),
    ("sections.json", json.dumps(bundle(section={"title": "x"})), '{"title": "x"}', "'section' is not a list"),
    ("title.json", json.dumps(bundle(title=["x"])), '["x"]', "'title' is not text"),
]


@pytest.mark.parametrize(("name", "text", "mark", "message"), BAD)
def test_a_bad_bundle_is_one_located_error(
    name: str, text: str, mark: str | None, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    assert cli.main(["import", str(source), "-o", str(tmp_path / "x.yaml")]) == 2
    if mark is None:
        try:
            json.loads(text)
        except json.JSONDecodeError as e:
            line, column = e.lineno, e.colno
    else:
        at = text.index(mark)
        line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    err = capsys.readouterr().err
    assert err.startswith(f"{source}:{line}:{column}: {message}") and "hint:" in err and "Traceback" not in err
    assert not (tmp_path / "x.yaml").exists()


def written(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


DEEP_DIV = json.dumps(bundle(div="<div>" * 100_000))
# The element one deeper than the HTML reader allows: the root and HTML_DEPTH <div>s are open before it.
DEEP_DIV_AT = DEEP_DIV.index('"<div>') + 1 + HTML_DEPTH * len("<div>") + 1


@pytest.mark.parametrize(
    ("name", "make", "expect"),
    [
        ("deep.json", written("[" * 100_000), f":1:{MAX_DEPTH + 1}: JSON nested more than {MAX_DEPTH} deep"),
        ("deepobj.json", written('{"a":' * 100_000), f":1:{MAX_DEPTH * 5 + 1}: JSON nested more than"),
        ("deepdiv.json", written(DEEP_DIV), f":1:{DEEP_DIV_AT}: elements nested more than {HTML_DEPTH} deep"),
        ("zero.json", lambda p: p.symlink_to("/dev/zero"), ": is a device, not a file"),
        ("big.json", lambda p: p.write_bytes(b" " * (9 << 20)), ": the file is larger than 8 MiB"),
    ],
)
def test_hostile_bundles_get_one_located_message(
    name: str, make: Callable[[Path], None], expect: str, tmp_path: Path
) -> None:
    """In a subprocess with a memory cap and a timeout, so a regression fails one test, not the machine."""
    source = tmp_path / name
    make(source)
    done = capped.run(
        ["-m", "leaflet", "import", str(source), "-o", str(tmp_path / "out.yaml")], memory=1 << 30, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{source}{expect}"), done.stderr[:300]
    assert "Traceback" not in done.stderr and not (tmp_path / "out.yaml").exists()


def placeholders(value: Any) -> list[str]:
    if isinstance(value, str):
        return re.findall(r"\[Placeholder: [^]]*\]", value)
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [p for item in items for p in placeholders(item)]


def test_an_imported_leaflet_stays_a_draft_until_its_placeholders_are_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even with a finished brand: `--final` names each `[Placeholder: ...]` the import wrote."""
    target = imported(SOURCES / "xenical-epi.json", tmp_path)
    brand = tmp_path / "brands" / "default.yaml"
    real = {
        "+64 0000 0000": "+64 9 123 4567",
        "info@example.org": "info@trust.nz",
        "https://example.org": "https://trust.nz",
    }
    text = brand.read_text(encoding="utf-8")
    for fake, value in real.items():
        text = text.replace(fake, value)
    brand.write_text(text, encoding="utf-8")
    want = placeholders(yaml.safe_load(target.read_text(encoding="utf-8")))
    assert want  # audience, version, authors at least
    capsys.readouterr()
    assert cli.main(["build", "--final", str(target), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"not final: {len(want)} draft marks" in err.splitlines()[0]
    assert all(f"'{mark}'" in err for mark in want)


def test_an_opening_with_an_image_is_not_taken_for_the_title(tmp_path: Path) -> None:
    """The image would be lost in a heading: the title is written, then the paragraph with its image."""
    (tmp_path / "pill.png").write_bytes(b"")  # found beside the source; the importer only names it
    source = tmp_path / "image.json"
    div = '<div><p>Section<img src="pill.png" alt="A white pill"/></p></div>'
    source.write_text(json.dumps(bundle(div)), encoding="utf-8")
    data = yaml.safe_load(imported(source, tmp_path).read_text(encoding="utf-8"))
    assert data["sections"][0]["heading"] == "Section"
    assert data["sections"][0]["blocks"][:2] == [
        {"paragraph": "Section"},
        {"image": {"file": "pill.png", "alt": "A white pill"}},
    ]
