"""`leaflet import` of Word files: a .docx made here with python-docx, in Word's own styles and numbering.

The document is the text of tests/sources/import/bisoprolol.html laid out as a Word leaflet, with
tables, a Heading 4, a bookmark link and pictures added (tests/docxfiles.py). The expectations are
read back from that .docx with python-docx (`docxfiles.units`), not from the importer's mammoth.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import capped
import docxfiles
import pytest
import yaml
from importcheck import SOURCES, consume, imported, model_stream, text_holds
from PIL import Image

from leaflet import cli
from leaflet.content import load_leaflet

BISOPROLOL = SOURCES / "bisoprolol.html"


@pytest.fixture
def leaflet(tmp_path: Path) -> Path:
    return docxfiles.leaflet_docx(BISOPROLOL, tmp_path / "bisoprolol.docx")


def line_of(units: docxfiles.Units, text: str) -> int:
    """The number of the first paragraph whose text is `text` (1-based, as the importer counts)."""
    return units.paragraphs.index(text) + 1


def test_every_unit_is_in_the_yaml_once_in_order_and_pictures_beside_it(leaflet: Path, tmp_path: Path) -> None:
    units = docxfiles.units(leaflet)
    assert len(units.texts) > 100 and len(units.links) == 2  # the reader above read the document
    target = imported(leaflet, tmp_path)
    texts, links = model_stream(target)
    consume(units.texts, texts)
    assert links == units.links
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    blocks = [b for s in data["sections"] for b in s["blocks"]]
    pictures = [b["image"] for b in blocks if "image" in b]
    assert [p["alt"] for p in pictures] == [docxfiles.PILL_ALT, docxfiles.PACK_ALT]
    with zipfile.ZipFile(leaflet) as archive:
        media = [archive.read(n) for n in sorted(archive.namelist()) if n.startswith("word/media/")]
    assert sorted((tmp_path / p["file"]).read_bytes() for p in pictures) == sorted(media)
    assert all(p["file"].startswith("bisoprolol-images/") for p in pictures)


def test_word_styles_map_to_title_sections_headings_lists_and_tables(leaflet: Path, tmp_path: Path) -> None:
    source = docxfiles.html_blocks(BISOPROLOL)
    target = imported(leaflet, tmp_path)
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    titles = [b for b in source if b.style == "Title"]
    headings = ["".join(r.text for r in b.runs).replace("\n", " ") for b in source if b.style == "Heading 1"]
    assert data["leaflet"]["title"] == "".join(r.text for r in titles[0].runs)
    assert [s["heading"] for s in data["sections"]] == headings
    blocks = [b for s in data["sections"] for b in s["blocks"]]
    assert {"subheading": "Warnings and precautions"} in blocks  # Heading 2
    assert {"subheading": {"text": "Pregnancy", "level": "minor"}} in blocks  # Heading 3
    assert {"subheading": {"text": "Online", "level": "minor"}} in blocks  # Heading 4
    numbered = next(b["numbered"] for b in blocks if "numbered" in b)
    assert numbered == ["".join(r.text for r in b.runs) for b in source if b.style == "number"]
    tables = [b["table"] for b in blocks if "table" in b]
    assert tables == [
        {"header": docxfiles.TABLET_SIZES[0], "rows": docxfiles.TABLET_SIZES[1:]},
        {"rows": docxfiles.PHONES},
    ]
    nested = [b for b in source if b.style == "bullet" and b.level == 1]
    items = [i for b in blocks if "bullets" in b for i in b["bullets"]]
    assert all("".join(r.text for r in b.runs) in items for b in nested)
    callout = next(b["callout"] for b in blocks if "callout" in b)
    assert callout["style"] == "warning" and callout["title"] == "Do not take Bisoprolol if you:"


def test_notes_point_at_the_paragraph_in_the_docx(
    leaflet: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    units = docxfiles.units(leaflet)
    imported(leaflet, tmp_path)
    err = capsys.readouterr().err
    assert f"{leaflet}:{line_of(units, 'Possible side effects')}:1: in-page link '#side_effects'" in err
    assert f"{leaflet}:{line_of(units, 'Do not take Bisoprolol if you:')}:1: call-out inferred" in err
    assert "Traceback" not in err


def test_round_trip_build_passes_every_check_and_text_holds_every_unit(leaflet: Path, tmp_path: Path) -> None:
    target = imported(leaflet, tmp_path)
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out"), "--text"]) == 0
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out")]) == 0
    units = docxfiles.units(leaflet)
    text_holds(tmp_path / "out" / "bisoprolol.txt", units.texts, units.links)
    meta = load_leaflet(target).meta
    assert meta.title == units.texts[0]
    assert meta.authors == (docxfiles.AUTHOR,) and meta.language == docxfiles.LANGUAGE  # Word's properties


def small_docx(path: Path, make: Callable[[docxfiles.Writer], None]) -> Path:
    writer = docxfiles.Writer()
    make(writer)
    writer.doc.save(str(path))
    return path


def test_a_picture_without_alt_text_is_an_error_at_its_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def make(w: docxfiles.Writer) -> None:
        w.doc.add_paragraph("Tablets", style="Title")
        w.doc.add_paragraph("Take one a day.")
        w.picture(docxfiles.png((10, 20, 30)), "")

    source = small_docx(tmp_path / "pic.docx", make)
    body = docxfiles.units(source)
    with zipfile.ZipFile(source) as archive:
        assert b"descr=" not in archive.read("word/document.xml")  # Word's alt text is not there
    assert cli.main(["import", str(source), "-o", str(tmp_path / "pic.yaml")]) == 2
    err = capsys.readouterr().err
    line = len(body.paragraphs)  # the picture's paragraph is the last
    assert err.startswith(f"{source}:{line}:1: image 'embedded image/png picture' has no alt text"), err
    assert not (tmp_path / "pic.yaml").exists() and not (tmp_path / "pic-images").exists()


def test_without_a_title_style_heading_1_is_the_title_and_odd_styles_are_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def make(w: docxfiles.Writer) -> None:
        w.doc.add_paragraph("Living with diabetes", style="Heading 1")
        w.doc.add_paragraph("Eat well", style="Heading 2")
        w.doc.add_paragraph("Fruit \u2018and\u2019 \u201cvegetables\u201d \u2013 caf\u00e9.", style="Body Text")
        w.doc.add_paragraph("Call your nurse if you feel unwell.", style="Quote")
        for level, text in ((0, "Wash your hands"), (1, "with soap"), (0, "Dry them")):
            w.block(docxfiles.Block("number", [docxfiles.Run(text)], level=level, list_id=1))

    source = small_docx(tmp_path / "plain.docx", make)
    target = imported(source, tmp_path)
    err = capsys.readouterr().err
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["leaflet"]["title"] == "Living with diabetes"
    assert data["sections"][0]["heading"] == "Eat well"
    blocks = data["sections"][0]["blocks"]
    assert blocks[0] == {"paragraph": "Fruit \u2018and\u2019 \u201cvegetables\u201d \u2013 caf\u00e9."}
    assert blocks[1] == {"callout": {"body": ["Call your nurse if you feel unwell."]}}
    assert blocks[2] == {"numbered": ["Wash your hands", "with soap", "Dry them"]}  # the nested item in its place
    assert f"{source}: Word: Unrecognised paragraph style: Body Text" in err


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol lol lol lol lol lol lol lol lol lol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
)


def test_the_xml_parser_mammoth_uses_refuses_entity_expansion_on_its_own(tmp_path: Path) -> None:
    """Expat (>= 2.4) stops a billion laughs itself; the importer refuses any DTD before it gets that far.
    In a subprocess with a memory cap: an expat without that protection would expand it to gigabytes."""
    source = tmp_path / "laughs.xml"
    source.write_text(BILLION_LAUGHS, encoding="utf-8")
    code = "import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])"
    done = capped.run(["-c", code, source], memory=GIB, timeout=60)
    assert done.returncode == 1 and "ExpatError" in done.stderr and "amplification" in done.stderr, done.stderr


def with_member(source: Path, target: Path, extra: tuple[str, bytes, int, int, int]) -> Path:
    with zipfile.ZipFile(source) as archive:
        members = [docxfiles.member(i.filename, archive.read(i)) for i in archive.infolist()]
    return docxfiles.raw_zip(target, [*members, extra])


DEEP = (  # tables in tables, a thousand deep: mammoth reads them recursively
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    + "<w:tbl><w:tr><w:tc>" * 1000
    + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>"
    + "</w:tc></w:tr></w:tbl>" * 1000
    + "</w:body></w:document>"
).encode()
GIB = 1 << 30
HOSTILE: list[tuple[str, Callable[[Path, Path], object], str]] = [
    (
        "text.docx",
        lambda good, p: p.write_text("not a zip", encoding="utf-8"),
        "not a Word (.docx) file: File is not a zip",
    ),
    ("cut.docx", lambda good, p: p.write_bytes(good.read_bytes()[:-200]), "not a Word (.docx) file:"),
    ("nodoc.docx", lambda good, p: docxfiles.with_document(good, p, None), "a zip without word/document.xml"),
    (
        "bomb.docx",  # 3 GiB of zeros, declared: refused from the declared size, nothing inflated
        lambda good, p: docxfiles.with_document(
            good, p, ("word/document.xml", docxfiles.zeros_deflated(3 * GIB), 8, 3 * GIB, 0)
        ),
        "'word/document.xml' would inflate to 3072 MiB",
    ),
    (
        "liar.docx",  # the same 3 GiB declared as 1 KiB: inflating stops at 1 KiB, whose checksum is wrong
        lambda good, p: docxfiles.with_document(
            good, p, ("word/document.xml", docxfiles.zeros_deflated(3 * GIB), 8, 1024, 0)
        ),
        "not a Word (.docx) file: Bad CRC-32",
    ),
    (
        "laughs.docx",
        lambda good, p: docxfiles.with_document(
            good, p, docxfiles.member("word/document.xml", BILLION_LAUGHS.encode())
        ),
        "'word/document.xml' declares XML entities",
    ),
    (
        "laughs16.docx",
        lambda good, p: docxfiles.with_document(
            good,
            p,
            docxfiles.member(
                "word/document.xml", BILLION_LAUGHS.replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16")
            ),
        ),
        "'word/document.xml' declares XML entities",
    ),
    (
        "ebcdic.docx",  # an encoding no search for "<!ENTITY" in UTF-8 or UTF-16 would see through
        lambda good, p: docxfiles.with_document(
            good,
            p,
            docxfiles.member(
                "word/document.xml",
                b'<?xml version="1.0" encoding="cp037"?>' + BILLION_LAUGHS.split("?>", 1)[1].encode("cp037"),
            ),
        ),
        "'word/document.xml' is XML in cp037",
    ),
    (
        "elsewhere.docx",  # entities in a part not named .xml: mammoth parses what a relationship names
        lambda good, p: with_member(good, p, docxfiles.member("word/media/styles.bin", BILLION_LAUGHS.encode())),
        "'word/media/styles.bin' declares XML entities",
    ),
    (
        "broken.docx",
        lambda good, p: docxfiles.with_document(
            good, p, docxfiles.member("word/document.xml", b"<w:document><w:body>")
        ),
        "cannot read this Word file:",
    ),
    (
        "deep.docx",
        lambda good, p: docxfiles.with_document(good, p, docxfiles.member("word/document.xml", DEEP)),
        "nested too deep",
    ),
    ("big.docx", lambda good, p: p.write_bytes(b"PK" + b"\0" * (65 << 20)), "the file is larger than 64 MiB"),
]


@pytest.mark.parametrize(("name", "make", "expect"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_word_files_get_one_located_message(
    name: str, make: Callable[[Path, Path], object], expect: str, tmp_path: Path
) -> None:
    """In a subprocess with a memory cap and a timeout, so a regression fails one test, not the machine."""
    good = small_docx(tmp_path / "good.docx", lambda w: w.doc.add_paragraph("A leaflet", style="Title"))
    source = tmp_path / name
    make(good, source)
    done = capped.run(
        ["-m", "leaflet", "import", str(source), "-o", str(tmp_path / "out.yaml")], memory=GIB, timeout=60
    )
    assert done.returncode == 2, done.stderr
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"{source}") and expect in first, done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out.yaml").exists()


def test_with_no_title_or_heading_the_title_is_words_title_property(tmp_path: Path) -> None:
    def make(w: docxfiles.Writer) -> None:
        w.doc.core_properties.title = "Eating well after surgery"
        w.doc.add_paragraph("Eat little and often.")

    target = imported(small_docx(tmp_path / "untitled.docx", make), tmp_path)
    assert load_leaflet(target).meta.title == "Eating well after surgery"


def test_a_footnote_follows_the_text_without_mammoths_arrow(tmp_path: Path) -> None:
    def make(w: docxfiles.Writer) -> None:
        w.doc.add_paragraph("Tablets", style="Title")
        w.doc.add_paragraph("Taking them", style="Heading 1")
        w.doc.add_paragraph("Take one a day.")

    plain = small_docx(tmp_path / "plain.docx", make)
    source = docxfiles.with_footnote(plain, tmp_path / "notes.docx", "Take one a day.", "With a glass of water.")
    target = imported(source, tmp_path)
    texts, _ = model_stream(target)
    assert sum("With a glass of water." in t for t in texts) == 1
    assert "\u2191" not in target.read_text(encoding="utf-8")  # mammoth's back-link: not the author's text
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out")]) == 0


def test_a_gif_picture_is_left_out_with_a_note_and_pictures_are_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gif = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 0, 0)).save(gif, format="GIF")

    def make(w: docxfiles.Writer) -> None:
        w.doc.add_paragraph("Tablets", style="Title")
        w.picture(gif.getvalue(), "A red square")
        w.picture(docxfiles.png((0, 90, 0)), "A green square")

    source = small_docx(tmp_path / "pics.docx", make)
    target = imported(source, tmp_path)
    err = capsys.readouterr().err
    assert f"{source}:2:1: embedded image/gif picture: left out, only PNG and JPEG pictures are read" in err
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    blocks = data["sections"][0]["blocks"]
    assert blocks == [{"image": {"file": "pics-images/image-1.png", "alt": "A green square"}}]
    assert cli.main(["build", str(target), "-o", str(tmp_path / "out")]) == 0
    target.unlink()  # the YAML gone, its pictures still there: the same bytes are reused...
    assert cli.main(["import", str(source), "-o", str(target)]) == 0
    picture = tmp_path / "pics-images" / "image-1.png"
    picture.write_bytes(docxfiles.png((1, 2, 3)))  # ...other bytes are never written over
    target.unlink()
    capsys.readouterr()
    assert cli.main(["import", str(source), "-o", str(target)]) == 2
    assert capsys.readouterr().err.startswith(f"{picture}: already exists")
    assert picture.read_bytes() == docxfiles.png((1, 2, 3)) and not target.exists()
