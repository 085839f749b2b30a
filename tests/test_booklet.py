"""The booklet read back: exact A4-landscape sheets, pages against a centred fold, the A5 outline
kept, and `leaflet check --booklet` passing a built booklet and failing broken ones.

Expectations come from the A5 leaflet built from the same content and from the paper sizes in
millimetres (REFERENCE.md: A4 210 x 297 mm, A5 148 x 210 mm).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import model
from pypdf import PdfReader, PdfWriter
from pypdf.generic import FloatObject
from reportlab.lib.units import mm

from leaflet import booklet, cli
from leaflet.build import Built, build, build_booklet
from leaflet.pagescan import scan
from leaflet.theme import Variant

ROOT = Path(__file__).resolve().parent.parent
LEAFLETS = [ROOT / "content" / "ldn-ms.yaml", ROOT / "tests" / "content" / "variants" / "print-health-links.yaml"]
SHEET = (297 * mm, 210 * mm)  # A4 landscape, exactly
TOL = 0.01


@pytest.fixture(scope="module", params=LEAFLETS, ids=lambda p: p.stem)
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, Built]:
    out = tmp_path_factory.mktemp("booklet")
    return build(request.param, out, Variant(size="A5")), build_booklet(request.param, out)


def test_every_sheet_side_is_exactly_a4_landscape(made: tuple[Built, Built]) -> None:
    sides = PdfReader(made[1].path).pages
    assert len(sides) == -(-made[0].pages // 4) * 2
    for n, side in enumerate(sides, 1):
        got = (float(side.mediabox.width), float(side.mediabox.height))
        assert abs(got[0] - SHEET[0]) < TOL and abs(got[1] - SHEET[1]) < TOL, f"side {n} is {got}"


def test_each_page_stands_against_the_centred_fold(made: tuple[Built, Built]) -> None:
    """Every run of text sits where it sat on its A5 page, moved so that the page meets the fold."""
    a5, sides = model(PdfReader(made[0].path)), model(PdfReader(made[1].path)).pages
    width = float(a5.pages[0].mediabox.width)
    fold = SHEET[0] / 2
    order = booklet.sheet_order(len(a5.pages))
    for side, pair in zip(sides, order, strict=True):
        got = sorted((round(f.x, 2), round(f.y, 2), f.text) for f in scan(side).fragments)
        want = []
        for number, left_edge in zip(pair, (fold - width, fold), strict=True):
            if number:
                want += [
                    (round(f.x + left_edge, 2), round(f.y, 2), f.text) for f in scan(a5.pages[number - 1]).fragments
                ]
        assert got == sorted(want)


def test_the_booklet_keeps_the_a5_outline_pointing_at_each_page_sheet_side(made: tuple[Built, Built]) -> None:
    a5, sheets = PdfReader(made[0].path), PdfReader(made[1].path)
    order = booklet.sheet_order(len(a5.pages))
    side_of = {page: n for n, pair in enumerate(order) for page in pair if page}
    want = [(depth, str(o.title), side_of[a5.get_destination_page_number(o) + 1]) for depth, o in entries(a5.outline)]
    got = [(depth, str(o.title), sheets.get_destination_page_number(o)) for depth, o in entries(sheets.outline)]
    assert got == want and want


def entries(outline: list[Any], depth: int = 0) -> Iterator[tuple[int, Any]]:
    """Each outline entry with its depth (pypdf gives an entry's children as the list after it)."""
    for item in outline:
        if isinstance(item, list):
            yield from entries(item, depth + 1)
        else:
            yield depth, item


def run_check(path: Path, *extra: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = cli.main(["check", "--booklet", str(path), *extra])
    return status, capsys.readouterr().out


def test_check_booklet_passes_a_built_booklet(made: tuple[Built, Built], capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run_check(made[1].path, capsys=capsys)
    assert status == 0, out
    for name in ("sheets", "order", "outline"):
        assert f"ok   {name}" in out
    status, out = run_check(made[1].path, "--content", str(made[1].leaflet.path), capsys=capsys)
    assert status == 0 and "ok   booklet text" in out, out


Mutation = Callable[[PdfWriter], None]


def two_a5_wide(writer: PdfWriter) -> None:
    for page in writer.pages:
        page.mediabox.right = FloatObject(2 * 148 * mm)  # what the booklet was before: 839.06 pt


def swap_sides(writer: PdfWriter) -> None:
    kids = writer._pages.get_object()["/Kids"]  # the page tree: the first two sides change places
    kids[0], kids[1] = kids[1], kids[0]


def no_outline(writer: PdfWriter) -> None:
    del writer.root_object["/Outlines"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (two_a5_wide, "not A4 landscape"),
        (swap_sides, "sheet side 1 left shows page"),
        (no_outline, "no outline"),
    ],
    ids=["839pt-wide", "sides-swapped", "no-outline"],
)
def test_check_booklet_fails_a_broken_booklet(
    made: tuple[Built, Built], mutate: Mutation, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    writer = PdfWriter(clone_from=PdfReader(made[1].path))
    mutate(writer)
    out = io.BytesIO()
    writer.write(out)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(out.getvalue())
    status, text = run_check(broken, capsys=capsys)
    assert status == 1, text
    assert message in text
