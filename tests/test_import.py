"""`leaflet import`: real public sources reach the YAML and the built leaflet verbatim, once, in order.

The expected units are read from each source independently of the importer (importcheck.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import capped
import pytest
from conftest import DEFAULT_BRAND
from importcheck import SOURCES, consume, imported, model_stream, source_units, text_holds

from leaflet import cli
from leaflet.brand import load_brand
from leaflet.content import load_leaflet
from leaflet.errors import ContentError
from leaflet.importers.mapping import map_document
from leaflet.importers.structure import read_document
from leaflet.importers.tree import parse_html
from leaflet.importers.writer import WIDTH
from leaflet.source import parse


@pytest.mark.parametrize("name", ["bisoprolol.html", "wegovy.html", "constipation.md"])
def test_every_source_unit_is_in_the_yaml_once_in_order(name: str, tmp_path: Path) -> None:
    source = SOURCES / name
    units, links = source_units(source)
    assert len(units) > 50  # the parser above read the page
    target = imported(source, tmp_path)
    texts, yaml_links = model_stream(target)
    consume(units, texts)
    assert yaml_links == links


@pytest.mark.parametrize("name", ["bisoprolol.html", "wegovy.html", "constipation.md"])
def test_round_trip_build_passes_every_check_and_text_holds_every_unit(name: str, tmp_path: Path) -> None:
    source = SOURCES / name
    target = imported(source, tmp_path)
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out"), "--text"]) == 0
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out")]) == 0
    text_holds(tmp_path / "out" / f"{source.stem}.txt", *source_units(source))


def test_a_character_no_font_has_stops_the_build_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """wegovy.html's U+2714 now comes from a symbol font; a CJK ideograph, which no bundled font has,
    still stops the build at its line, naming every family the default brand tried."""
    source = tmp_path / "src" / "cjk.html"
    source.parent.mkdir()
    source.write_text(
        "<html lang='en'><title>Ideograph</title><body><h1>Ideograph</h1><h2>Words</h2>"
        "<p>Plain words.</p><p>The sign \u6f22 is here.</p></body></html>",
        encoding="utf-8",
    )
    target = imported(source, tmp_path)
    capsys.readouterr()
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    line = next(i for i, t in enumerate(target.read_text(encoding="utf-8").splitlines(), 1) if "\u6f22" in t)
    families = [load_brand(DEFAULT_BRAND).body_font, *load_brand(DEFAULT_BRAND).fallback_fonts]
    assert len(families) > 2  # the default brand's list of fallbacks, all named
    assert err.startswith(f"{target}:{line}:") and "U+6F22" in err
    assert f"is in none of the brand's fonts: {', '.join(families)}\n" in err


def test_the_yaml_is_what_a_person_writes(tmp_path: Path) -> None:
    text = imported(SOURCES / "wegovy.html", tmp_path).read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# Imported from wegovy.html")
    assert all(len(line) <= WIDTH or " " not in line.strip() for line in lines)
    assert "{" not in "".join(line for line in lines if not line.lstrip().startswith("#"))  # block style
    # quoted only where YAML needs it: written plain, the value would not read back as itself
    for line in lines:
        quoted = re.fullmatch(r"\s*(?:- )?[a-z]+: '(.*)'(  #.*)?", line)
        if quoted:
            value = quoted.group(1).replace("''", "'")
            try:
                back = parse(f"k: {value}\n", "t").value["k"].value
            except ContentError:
                continue
            assert back != value, line
    assert "[Placeholder: organisation]" in text and "title: 'Package leaflet: Information for the patient'" in text


HOSTILE = """<html lang="en-GB"><head><title>T</title><meta name="author" content="Team A">
<style>p {color: red}</style><script>alert("x")</script></head><body>
<h1>Fatigue: what *helps* [@x]</h1>
<p>Text with **stars**, [@key], <b>bold</b>, a # hash, <a href="#top">top</a> and
<a href="javascript:alert(1)">js</a>, &lt;font name="x"&gt;.</p>
<iframe src="https://example.org/x">frame text</iframe>
<form><input name="q"><button>Send secret</button></form>
<blockquote><h3>Get help</h3><p>Call <a href="tel:+441234567890">your nurse</a>.</p></blockquote>
<p><strong>Do not drive.</strong></p>
<ul><li>one<ul><li>inner</li></ul></li><li>two: three</li></ul>
<table><tr><td>Tablets</td><td>10 mg</td></tr><tr><td>Liquid</td><td>5 ml</td></tr></table>
</body></html>"""


def test_code_is_dropped_and_named_and_text_stays_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "page.html"
    source.write_text(HOSTILE, encoding="utf-8")
    target = imported(source, tmp_path)
    err = capsys.readouterr().err
    yaml_text = target.read_text(encoding="utf-8")
    for tag in ("style", "script", "iframe", "form"):
        assert f"dropped <{tag}>" in err
    for code in ("alert", "color: red", "frame text", "Send secret", "javascript"):
        assert code not in yaml_text
    texts, links = model_stream(target)
    assert texts[0] == "Fatigue: what *helps* [@x]"
    assert 'Text with **stars**, [@key], bold, a # hash, top and js, <font name="x">.' in texts
    assert links == ["tel:+441234567890"]
    assert "written as a call-out titled 'Get help'" in err
    assert "wholly in bold starting 'Do not'" in err
    assert texts[texts.index("one") : texts.index("one") + 3] == ["one", "inner", "two: three"]
    assert "in-page link '#top'" in err and "javascript:alert(1)" in err
    assert "first row is written as the header" not in err  # a table without a header row stays so
    assert texts[-4:] == ["Tablets", "10 mg", "Liquid", "5 ml"]
    leaflet = load_leaflet(target)
    assert leaflet.meta.authors == ("Team A",) and leaflet.meta.language == "en-GB"
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out")]) == 0


def test_an_image_without_alt_text_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "page.md"
    source.write_text("# Title\n\nSome text.\n\nMore ![](pen.png) text.\n", encoding="utf-8")
    assert cli.main(["import", str(source), "-o", str(tmp_path / "page.yaml")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{source}:5:1: image 'pen.png' has no alt text") and "Traceback" not in err
    assert not (tmp_path / "page.yaml").exists()
    html = tmp_path / "page.html"
    html.write_text('<p>Text</p>\n  <p>and <img src="pen.png"></p>', encoding="utf-8")
    assert cli.main(["import", str(html), "-o", str(tmp_path / "page.yaml")]) == 2
    assert capsys.readouterr().err.startswith(f"{html}:2:10: image 'pen.png' has no alt text")


def test_import_refuses_to_overwrite_and_unknown_kinds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = imported(SOURCES / "constipation.md", tmp_path)
    capsys.readouterr()
    before = target.read_bytes()
    assert cli.main(["import", str(SOURCES / "constipation.md"), "-o", str(target)]) == 2
    assert capsys.readouterr().err.startswith(f"{target}: already exists")
    assert target.read_bytes() == before
    other = tmp_path / "leaflet.odt"
    other.write_bytes(b"PK")
    assert cli.main(["import", str(other), "-o", str(tmp_path / "x.yaml")]) == 2
    assert capsys.readouterr().err.startswith(f"{other}: cannot import '.odt' files")


MERGED = """<h1>T</h1><h2>S</h2><h3>Sub</h3><h4>Minor</h4><p>Text.</p>
<p><b>Do not take it if you:</b></p><ul><li>are allergic</li></ul>
<aside><p>A note with no title.</p><ol><li>first</li></ol></aside>
<table><tr><td>Tablets</td><td>10 mg</td></tr></table>"""


def test_minor_headings_headerless_tables_and_open_call_outs_map_to_their_keys() -> None:
    """An h4 after an h3, a bold warning with its list, a note with no title and a headerless table."""
    root, notes = parse_html(MERGED, "m.html")
    doc = read_document(root, "m.html", notes)
    mapped = map_document(doc)
    blocks = mapped.sections[0]["blocks"]
    assert blocks[1] == {"subheading": {"text": "Minor", "level": "minor"}}
    callout = {"title": "Do not take it if you:", "style": "warning", "body": [{"bullets": ["are allergic"]}]}
    assert blocks[3] == {"callout": callout}
    assert blocks[4] == {"callout": {"body": ["A note with no title.", {"numbered": ["first"]}]}}
    assert blocks[5] == {"table": {"rows": [["Tablets", "10 mg"]]}}
    assert any("call-out inferred" in n.message for n in mapped.notes)


@pytest.mark.parametrize(
    ("name", "make", "expect"),
    [
        ("deep.html", lambda p: p.write_text("<div>" * 100_000 + "x", encoding="utf-8"), ":1:1001: elements nested"),
        ("zero.html", lambda p: p.symlink_to("/dev/zero"), ": is a device, not a file"),
        ("big.md", lambda p: p.write_bytes(b"a" * (9 << 20)), ": the file is larger than 8 MiB"),
        ("latin1.html", lambda p: p.write_bytes(b"<p>caf\xe9</p>"), ":1:7: not UTF-8 text (byte 6)"),
    ],
)
def test_hostile_sources_get_one_located_message(name: str, make: object, expect: str, tmp_path: Path) -> None:
    """In a subprocess with a memory cap and a timeout, so a regression fails one test, not the machine."""
    source = tmp_path / name
    assert callable(make)
    make(source)
    done = capped.run(
        ["-m", "leaflet", "import", str(source), "-o", str(tmp_path / "out.yaml")], memory=1 << 30, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{source}{expect}"), done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out.yaml").exists()
