"""Draft leaflets (issue 9): placeholders and past review dates mark every page, and --final refuses them.

Expectations come from the content: each placeholder's place is found in the YAML text itself,
and the mark is read back from each page of the built PDF (text, position, tags).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, DEFAULT_BRAND, LDN, leaflet_yaml, model, write_leaflet_dir
from pypdf import PdfReader

from leaflet import cli, wording
from leaflet.checks.structure import page_marks
from leaflet.content import load_leaflet
from leaflet.pagescan import scan

REAL_CONTACT = {"phone": "+64 9 123 4567", "email": "info@ms-clinic.nz", "web": "https://ms-clinic.nz"}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = cli.main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def places(path: Path, token: str) -> list[str]:
    """FILE:LINE:COL of each occurrence of `token` in the file, as a reader counts them."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        out += [f"{path}:{number}:{m.start() + 1}" for m in re.finditer(re.escape(token), line)]
    return out


def marks_on(reader: PdfReader) -> list[list[tuple[float, float, str]]]:
    """Per page: (y, font size, text) of every run that shows the draft mark."""
    return [
        [(f.y, f.size, f.font) for f in scan(page).fragments if wording.DRAFT in f.text] for page in model(reader).pages
    ]


def test_the_shipped_leaflet_is_a_draft_marked_on_every_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["build", str(LDN), "-o", str(tmp_path)], capsys)
    assert status == 0, err
    assert "  draft (" in out and "checks" in out and " ok" in out
    reader = PdfReader(tmp_path / "ldn-ms.pdf")
    marks = marks_on(reader)
    assert all(len(m) == 1 for m in marks), marks
    height = float(reader.pages[0].mediabox.height)
    for ((y, _, font),) in marks:
        assert height - 25 * 72 / 25.4 < y < height - 5 * 72 / 25.4, "the mark stands at the top, in the safe area"
        assert "Bold" in font
    for page in model(reader).pages:  # an artifact: in no structure element, and no untagged run
        tagged, loose, nesting = page_marks(page)
        assert not loose and not nesting
        assert all(wording.DRAFT not in text for text in tagged.values())


def test_final_refuses_a_draft_naming_each_field_where_it_stands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(["build", "--final", str(LDN), "-o", str(tmp_path)], capsys)
    assert status == 1 and out == "" and not list(tmp_path.iterdir())
    lines = err.splitlines()
    want = [(p, "[Placeholder]") for p in places(LDN, "[Placeholder]")]
    want += [(p, "+64 0000 0000") for p in places(LDN, "+64 0000 0000")]
    want += [(p, "example.org") for p in places(LDN, "example.org")]
    assert len(want) == 5
    first = min(want, key=lambda w: [int(n) for n in w[0].rsplit(":", 2)[1:]])[0]
    assert lines[0].startswith(f"{first}: not final: {len(want)} draft marks")
    for where, token in want:
        assert any(line.startswith(f"  {where}: leaflet.") and f"'{token}'" in line for line in lines), where
    assert lines[-1].startswith("  hint: ")


def finished(tmp_path: Path, **meta: object) -> Path:
    fields: dict[str, object] = {"contact": REAL_CONTACT, "organisation": "Hauora MS Service"}
    fields.update(meta)
    return write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": "Take it with food."}], **fields))


def test_a_finished_leaflet_has_no_mark_and_passes_final(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = finished(tmp_path)
    status, out, err = run(["build", "--final", str(path), "-o", str(tmp_path / "out")], capsys)
    assert status == 0, err
    assert "draft" not in out
    assert all(not m for m in marks_on(PdfReader(tmp_path / "out" / f"{path.stem}.pdf")))


def test_the_brands_contact_details_make_a_draft_when_printed(tmp_path: Path) -> None:
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": "Take it with food."}]))
    leaflet = load_leaflet(path)
    brand = path.parent / "brands" / "default.yaml"
    assert "contact" not in path.read_text(encoding="utf-8")
    fields = {mark.field: str(mark.where) for mark in leaflet.draft}
    assert fields == {
        "brand.contact.phone": places(brand, "+64 0000 0000")[0],
        "brand.contact.email": places(brand, "example.org")[0],
        "brand.contact.web": places(brand, "example.org")[1],
    }
    # With its own contact details the leaflet prints none of the brand's: final.
    assert not load_leaflet(finished(tmp_path / "own")).draft
    assert DEFAULT_BRAND.read_bytes() == brand.read_bytes()


def test_a_past_review_date_makes_a_draft(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = finished(tmp_path, published="2020-01-01", review="2022-01-01")
    leaflet = load_leaflet(path)
    assert [m.field for m in leaflet.draft] == ["leaflet.review"]
    assert str(leaflet.draft[0].where) == places(path, "2022-01-01")[0]
    assert not load_leaflet(path, today=dt.date(2021, 12, 31)).draft
    status, out, _ = run(["build", str(path), "-o", str(tmp_path / "out")], capsys)
    assert status == 0 and "draft (1 mark" in out
    assert all(len(m) == 1 for m in marks_on(PdfReader(tmp_path / "out" / f"{path.stem}.pdf")))
    status, _, err = run(["build", "--final", str(path), "-o", str(tmp_path / "final")], capsys)
    assert status == 1 and "leaflet.review" in err


@pytest.mark.parametrize(
    ("text", "draft"),
    [
        ("Call +44 0000 000000 any time.", True),
        ("Call 0000 000000.", True),
        ("See www.example.com/help.", True),
        ("Write to help@sub.example.net.", True),
        ("Call +64 9 000 0001.", False),
        ("Take 1,000,000 units.", False),
        ("See counterexample.org and example.organic.nz.", False),
        ("A [placeholder] line.", True),
    ],
)
def test_what_counts_as_a_placeholder(text: str, draft: bool, tmp_path: Path) -> None:
    leaflet = load_leaflet(finished(tmp_path, subtitle=text))
    assert bool(leaflet.draft) == draft, leaflet.draft


def test_every_variant_of_a_draft_carries_the_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT / "brands", folder / "brands")
    shutil.copyfile(LDN, folder / "ldn-ms.yaml")
    for args in (["--large-print"], ["--size", "A5"], ["--print"]):
        status, _, err = run(["build", str(folder / "ldn-ms.yaml"), *args, "-o", str(tmp_path / "out")], capsys)
        assert status == 0, err
    for pdf in sorted((tmp_path / "out").glob("*.pdf")):
        assert all(len(m) == 1 for m in marks_on(PdfReader(pdf))), pdf.name


def test_a_new_leaflet_is_a_draft_until_its_placeholders_are_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["new", "fresh", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "fresh.yaml"
    shutil.copytree(CONTENT / "brands", tmp_path / "brands")
    capsys.readouterr()
    status, _, err = run(["build", "--final", str(path), "-o", str(tmp_path / "out")], capsys)
    assert status == 1
    for field in ("leaflet.organisation", "leaflet.authors[0]", "leaflet.contact.phone", "leaflet.contact.web"):
        assert f" {field} has " in err, field
