"""Page breaks and page fill, read back from real PDFs (issue 9).

Every figure is derived from the content and the theme: where the text frame lies comes
from `make_theme`, where the text fell from the PDF (pagescan.scan), and what must follow
what from the YAML.
"""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import LDN, leaflet_yaml, model, squash, write_leaflet_dir
from pypdf import PdfReader

from leaflet import cli, wording
from leaflet.blocks import BY_MODEL
from leaflet.checks.structure import page_marks
from leaflet.content import load_leaflet
from leaflet.fonts import load_fonts
from leaflet.pagescan import scan
from leaflet.pdftext import Fragment
from leaflet.theme import Theme, Variant, make_theme


@dataclass(frozen=True)
class Page:
    """One page's body text runs (the footer left out), top to bottom, and its frame."""

    runs: list[Fragment]
    top: float  # the text frame's top (the trim top on page 1, where the band is)
    bottom: float  # the frame's foot

    def lines(self) -> list[str]:
        """The page's text, one entry per baseline, top to bottom."""
        rows: dict[float, list[Fragment]] = {}
        for run in self.runs:
            rows.setdefault(round(run.y, 1), []).append(run)
        lines = [squash(" ".join(r.text for r in sorted(rows[y], key=lambda r: r.x))) for y in sorted(rows)[::-1]]
        return [line for line in lines if line != wording.DRAFT]  # the draft mark is furniture


def theme_for(content: Path, variant: Variant) -> Theme:
    leaflet = load_leaflet(content)
    return make_theme(leaflet.brand, load_fonts(leaflet.brand), variant, leaflet.meta.title)


def pages_of(pdf: Path, theme: Theme) -> list[Page]:
    """Each page's body text runs: those above the footer, top to bottom."""
    floor = theme.offset + theme.margin_y + theme.footer_height
    out = []
    for index, page in enumerate(model(PdfReader(pdf)).pages):
        runs = sorted((f for f in scan(page).fragments if f.y >= floor), key=lambda f: (-f.y, f.x))
        top = theme.offset + theme.trim[1] - (0 if index == 0 else theme.margin_y)
        out.append(Page(runs, top, floor))
    return out


def build_json(content: Path, out: Path, *options: str) -> list[dict[str, object]]:
    """`leaflet build --json`, in process: one object per file built."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli.main(["build", str(content), "-o", str(out), "--json", *options]) == 0
    return [json.loads(line) for line in buf.getvalue().splitlines()]


def test_the_summary_line_gives_each_pages_fill(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["build", str(LDN), "-o", str(tmp_path)]) == 0
    line = capsys.readouterr().out.strip()
    pages = len(PdfReader(tmp_path / "ldn-ms.pdf").pages)
    figure = next(p for p in line.split("  ") if p.startswith("fill "))
    shares = figure.removeprefix("fill ").removesuffix("%").split("/")
    assert len(shares) == pages and all(0 < int(s) <= 100 for s in shares)
    (made,) = build_json(LDN, tmp_path)
    assert [round(f * 100) for f in made["fills"]] == [int(s) for s in shares]  # type: ignore[attr-defined]


@pytest.mark.parametrize("variant", [Variant(), Variant(size="A5"), Variant(large=True)], ids=["A4", "A5", "large"])
def test_each_fill_is_where_the_last_line_of_its_page_stands(tmp_path: Path, variant: Variant) -> None:
    options = (["--size", variant.size] if variant.size != "A4" else []) + (["--large-print"] if variant.large else [])
    (made,) = build_json(LDN, tmp_path, *options)
    theme = theme_for(LDN, variant)
    leading = theme.styles["body"].leading
    pages = pages_of(Path(str(made["path"])), theme)
    fills: list[float] = made["fills"]  # type: ignore[assignment]
    assert len(fills) == len(pages) == made["pages"]
    for page, fill in zip(pages, fills, strict=True):
        foot = page.top - fill * (page.top - page.bottom)  # where the layout says the page's content ends
        lowest = page.runs[-1].y  # the baseline of the page's last line, read back
        assert foot <= lowest <= foot + 2 * leading, (fill, page.lines()[-1])


def words(tag: str, count: int) -> str:
    """`count` words that name their block: 'p3w0 p3w1 ...', so each read-back line says whose it is."""
    return " ".join(f"{tag}w{n}" for n in range(count))


def sweep_leaflet(sections: int = 14) -> list[dict[str, object]]:
    """Sections whose headings land at many heights: fillers of growing length, then each kind of follower."""
    out: list[dict[str, object]] = []
    for i in range(sections):
        kind = i % 4
        follower: dict[str, object] = [
            {"paragraph": words(f"f{i}", 40)},
            {"bullets": [words(f"b{i}i{n}", 12) for n in range(4)]},
            {"callout": {"title": f"Call-out title {i}", "body": [words(f"c{i}", 30), words(f"d{i}", 20)]}},
            {"keypoints": {"title": f"Key points title {i}", "items": [words(f"k{i}i{n}", 10) for n in range(4)]}},
        ][kind]
        blocks = [{"paragraph": words(f"p{i}", 9 + 23 * (i % 6))}, {"subheading": f"Sub-heading {i}"}, follower]
        out.append({"heading": f"Section heading {i}", "blocks": blocks})
    return out


BUDGETS = {"A4": 40, "A5": 60, "large-print A4": 60}


def sweep_yaml() -> str:
    text = leaflet_yaml([{"paragraph": "Opening words."}], pages=BUDGETS)
    head = text[: text.index("sections:")]
    return head + yaml.safe_dump({"sections": sweep_leaflet()}, sort_keys=False, width=1000)


HEADINGS = ("Section heading", "Sub-heading", "Call-out title", "Key points title")


def titles(data: object) -> list[str]:
    """Every heading and box title in the YAML data (the strings that start with one of HEADINGS)."""
    if isinstance(data, dict):
        return [t for v in data.values() for t in titles(v)]
    if isinstance(data, list):
        return [t for v in data for t in titles(v)]
    return [data] if isinstance(data, str) and data.startswith(HEADINGS) else []


@pytest.mark.parametrize("variant", [Variant(), Variant(size="A5"), Variant(large=True)], ids=["A4", "A5", "large"])
def test_no_heading_or_box_title_ends_a_page(tmp_path: Path, variant: Variant) -> None:
    path = write_leaflet_dir(tmp_path / "src", sweep_yaml())
    options = (["--size", variant.size] if variant.size != "A4" else []) + (["--large-print"] if variant.large else [])
    (made,) = build_json(path, tmp_path / "out", *options)
    pages = [p.lines() for p in pages_of(Path(str(made["path"])), theme_for(path, variant))]
    seen = 0
    for number, lines in enumerate(pages, 1):
        for at, line in enumerate(lines):
            if line.startswith(HEADINGS) and "(continued)" not in line:
                seen += 1
                after = [x for x in lines[at + 1 :] if not x.startswith(HEADINGS)]
                assert len(after) >= 2, f"page {number} ends with {line!r}: {lines[at:]}"
    assert seen == len(titles(sweep_leaflet()))  # every heading and title was read back
    assert len(pages) >= 4


def owners(line: str) -> set[str]:
    """The blocks a read-back line's words come from ('p3' for p3w0 p3w1...; 'b2i1' for an item)."""
    return {w.rsplit("w", 1)[0] for w in line.split() if w.rsplit("w", 1)[-1].isdigit() and "w" in w}


def spread(pages: list[list[str]]) -> dict[str, dict[int, int]]:
    """For each block (or list item), the lines it has on each page."""
    out: dict[str, dict[int, int]] = {}
    for number, lines in enumerate(pages):
        for line in lines:
            for owner in owners(line):
                out.setdefault(owner, {}).setdefault(number, 0)
                out[owner][number] += 1
    return out


@pytest.mark.parametrize("variant", [Variant(), Variant(size="A5"), Variant(large=True)], ids=["A4", "A5", "large"])
def test_no_widow_orphan_or_lone_list_item_at_a_break(tmp_path: Path, variant: Variant) -> None:
    path = write_leaflet_dir(tmp_path / "src", sweep_yaml())
    options = (["--size", variant.size] if variant.size != "A4" else []) + (["--large-print"] if variant.large else [])
    (made,) = build_json(path, tmp_path / "out", *options)
    pages = [p.lines() for p in pages_of(Path(str(made["path"])), theme_for(path, variant))]
    blocks = spread(pages)
    split = {owner: on for owner, on in blocks.items() if len(on) > 1}
    for owner, on in split.items():  # paragraphs (and items) over a break: two lines at least on each side
        assert min(on.values()) >= 2, f"{owner} has a widow or an orphan: lines per page {on}"
        assert "i" not in owner, f"list item {owner} (shorter than a third of a page) split over pages {on}"
    lists = {o.split("i")[0] for o in blocks if o.startswith("b")}
    for name in lists:  # a list over a break: two items at least on each side
        items = [on for o, on in blocks.items() if o.split("i")[0] == name]
        per_page = {p: sum(1 for on in items if p in on) for on in items for p in on}
        assert len(per_page) == 1 or min(per_page.values()) >= 2, f"list {name}: items per page {per_page}"
    assert split or any(len({p for o, on in blocks.items() if o.startswith(n) for p in on}) > 1 for n in lists)
    for owner in blocks:  # no runt: a paragraph or item of several lines ends on a line of two words or more
        own = [line for lines in pages for line in lines if owner in owners(line)]
        if len(own) > 1:
            assert sum(1 for w in own[-1].split() if w.rsplit("w", 1)[0] == owner) >= 2, (owner, own[-1])


def colour_of(theme_colour: object) -> tuple[float, float, float]:
    c = theme_colour
    return (c.red, c.green, c.blue)  # type: ignore[attr-defined]


@pytest.mark.parametrize("kind", ["callout", "keypoints", "table"])
def test_a_box_that_does_not_fit_splits_with_its_frame_and_title_continued(tmp_path: Path, kind: str) -> None:
    title = f"Title of the {kind}"
    body = {
        "callout": {"callout": {"title": title, "body": [words(f"c{n}", 45) for n in range(9)]}},
        "keypoints": {"keypoints": {"title": title, "items": [words(f"k{n}", 30) for n in range(12)]}},
        "table": {
            "table": {
                "caption": title,
                "header": ["When", "What"],
                "rows": [[f"t{n}w0", words(f"t{n}", 12)] for n in range(30)],
            }
        },
    }[kind]
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml([{"paragraph": words("p", 160)}, body], pages=8))
    (made,) = build_json(path, tmp_path / "out")
    assert all(made["checks"].values())  # type: ignore[attr-defined]  # text and tags checks included
    theme = theme_for(path, Variant())
    pdf = model(PdfReader(Path(str(made["path"]))))
    pages = [p.lines() for p in pages_of(Path(str(made["path"])), theme)]
    start = next(i for i, lines in enumerate(pages) if title in lines)
    assert pages[start + 1][0] == f"{title} (continued)"
    assert made["fills"][start] >= 0.6  # type: ignore[index]  # the box split rather than leave a gap
    box = [o for o in spread(pages[start : start + 2]) if o[0] in "ckt"]
    assert {n for o in box for n in spread(pages[start : start + 2])[o]} == {0, 1}  # its body is on both pages
    if kind != "table":  # the tint is drawn behind each part
        tint = colour_of(theme.tint)
        for index in (start, start + 1):
            fills = scan(pdf.pages[index]).fills
            tinted = [r for r in fills if all(abs(a - b) < 0.01 for a, b in zip(r.colour, tint, strict=True))]
            assert tinted, f"page {index + 1} has no tinted box"
    marked_text = " ".join(t for page in pdf.pages for t in page_marks(page)[0].values())
    assert "(continued)" not in marked_text  # the repeated title is an artifact: layout, not the author's text


def test_a_clinic_pdf_has_no_more_pages_than_the_default(tmp_path: Path) -> None:
    (default,) = build_json(LDN, tmp_path / "default")
    clinics = build_json(LDN, tmp_path / "clinics", "--all-clinics", "--clinics", str(LDN.parent / "clinics.yaml"))
    assert clinics and all(c["pages"] <= default["pages"] for c in clinics)  # type: ignore[operator]


def test_the_references_share_the_last_page_when_they_fit(tmp_path: Path) -> None:
    text = leaflet_yaml([{"paragraph": "One short paragraph that cites a trial [@trial]."}], pages=3)
    text += "references:\n  - key: trial\n    authors: [Tester A]\n    title: A trial\n    year: '2024'\n"
    path = write_leaflet_dir(tmp_path / "src", text)
    (made,) = build_json(path, tmp_path / "out")
    pages = [p.lines() for p in pages_of(Path(str(made["path"])), theme_for(path, Variant()))]
    assert len(pages) == 1  # a short leaflet, its about block and its one reference: one page
    assert pages[0].index("References") > pages[0].index("About this leaflet")


def stroked_boxes(page: object) -> list[tuple[float, float, float, float, float]]:
    """Rectangles stroked on a page, as (x0, y0, x1, y1, line width), read from its content stream."""
    from pypdf.generic import ContentStream

    out, width, pending, cm = [], 1.0, [], [1.0, 0, 0, 1.0, 0, 0]
    stream = ContentStream(page.get_contents(), page.pdf)  # type: ignore[attr-defined]
    for operands, op in stream.operations:
        if op == b"w":
            width = float(operands[0])
        elif op == b"cm":
            cm = [float(v) for v in operands]  # ReportLab translates once per flowable
        elif op == b"re":
            x, y, w, h = (float(v) for v in operands)
            pending.append((x + cm[4], y + cm[5], x + w + cm[4], y + h + cm[5]))
        elif op in (b"S", b"s", b"B", b"b"):
            out += [(*r, width) for r in pending]
            pending = []
        elif op in (b"f", b"n", b"f*"):
            pending = []
    return out


def test_callouts_take_a_body_only_a_title_only_lists_and_a_warning_style(tmp_path: Path) -> None:
    blocks = [
        {"paragraph": words("o1", 30)},
        {"paragraph": words("o2", 30)},
        {"callout": {"body": [words("n1", 30), words("n2", 30)]}},
        {"callout": {"title": "Keep this leaflet"}},
        {
            "callout": {
                "title": "Warning title",
                "style": "warning",
                "body": ["If you have:", {"bullets": ["chest pain", "a rash"]}, {"numbered": ["stop", "call"]}],
            }
        },
    ]
    path = write_leaflet_dir(tmp_path / "src", leaflet_yaml(blocks, pages=3))
    (made,) = build_json(path, tmp_path / "out")
    assert all(made["checks"].values())  # type: ignore[attr-defined]  # text and tags: lists tagged LBody in the box
    theme = theme_for(path, Variant())
    pdf_path = Path(str(made["path"]))
    page = pages_of(pdf_path, theme)[0]
    lines = page.lines()
    assert "Keep this leaflet" in lines and "Warning title" in lines
    assert any(line.startswith("• chest pain") for line in lines) and any(line.startswith("2. call") for line in lines)

    def gap(first: str, second: str) -> float:  # from the last line of one paragraph to the first of the next
        last = min(r.y for r in page.runs if r.text.startswith(first))
        return last - max(r.y for r in page.runs if r.text.startswith(second))

    assert abs(gap("o1", "o2") - gap("n1", "n2")) < 0.5  # the same spacing inside a box as outside
    warning_y = next(r.y for r in page.runs if r.text.startswith("Warning title"))
    heavy = [b for b in stroked_boxes(PdfReader(pdf_path).pages[0]) if b[4] >= 2 and b[1] < warning_y < b[3]]
    assert heavy, "the warning has no heavy frame round it"
    note_y = next(r.y for r in page.runs if r.text.startswith("n1w0"))
    assert not [b for b in stroked_boxes(PdfReader(pdf_path).pages[0]) if b[1] < note_y < b[3]]  # a note has none


def heading_texts(content: Path) -> list[str]:
    """The title, every section heading and sub-heading, every box title and the other-formats line
    (set large, it wraps), as the reader sees them."""
    leaflet = load_leaflet(content)
    n = leaflet.numbers
    out = [leaflet.meta.title, *wording.band_lines(leaflet), wording.other_formats(leaflet)] + [
        s.heading.plain(n) for s in leaflet.sections if s.heading
    ]
    for section in leaflet.sections:
        for block in section.blocks:
            title = BY_MODEL[type(block)].title(block)
            if title is not None:
                out += [title.plain(n), wording.continued(title.plain(n))]  # a box's title, and where it goes on
            if type(block).__name__ == "Subheading":
                out.append(block.text.plain(n))  # type: ignore[attr-defined]
    return out


@pytest.mark.parametrize(
    "variant", [Variant(), Variant(size="A5"), Variant(large=True), Variant(size="A5", large=True)], ids=str
)
def test_no_heading_or_title_ends_on_a_line_of_one_word(tmp_path: Path, variant: Variant) -> None:
    content = write_leaflet_dir(tmp_path / "src", "", name=LDN.stem)
    text = LDN.read_text(encoding="utf-8").replace("large-print A4: 8", "large-print A4: 8, large-print A5: 20")
    content.write_text(text, encoding="utf-8")
    options = (["--size", variant.size] if variant.size != "A4" else []) + (["--large-print"] if variant.large else [])
    (made,) = build_json(content, tmp_path / "out", *options)
    pages = [p.lines() for p in pages_of(Path(str(made["path"])), theme_for(content, variant))]
    wrapped = 0
    for heading in heading_texts(content):
        want = squash(heading)
        spots = [
            (lines, i, k)
            for lines in pages
            for i in range(len(lines))
            for k in range(5)
            if " ".join(lines[i : i + k + 1]) == want
        ]
        assert spots or heading.endswith(wording.CONTINUED), f"heading {want!r} not read back"
        if not spots:
            continue
        lines, i, k = spots[0]
        if k:  # the heading wraps: its last line holds two words at least
            wrapped += 1
            assert len(lines[i + k].split()) >= 2, f"{want!r} ends on a line of one word: {lines[i : i + k + 1]}"
    assert wrapped or variant == Variant()  # in A5 and large print some headings do wrap


def test_no_break_binds_the_last_two_words_outside_tags() -> None:
    from leaflet.nobreak import NBSP, bind_last_words

    assert bind_last_words("Low-Dose Naltrexone (LDN)") == f"Low-Dose Naltrexone{NBSP}(LDN)"
    linked = 'see <a href="https://example.org/a b">the page</a>'
    assert bind_last_words(linked) == f'see <a href="https://example.org/a b">the{NBSP}page</a>'
    assert bind_last_words("One") == "One"
    assert bind_last_words("a " + "x" * 20, short_only=True) == "a " + "x" * 20  # a long last word: left to break


MEDICINE = Path(__file__).resolve().parent / "content" / "variants" / "breaks-medicine.yaml"


@pytest.mark.parametrize("variant", [Variant(), Variant(size="A5"), Variant(large=True)], ids=["A4", "A5", "large"])
def test_a_long_medicine_leaflet_breaks_as_a_designer_would(tmp_path: Path, variant: Variant) -> None:
    options = (["--size", variant.size] if variant.size != "A4" else []) + (["--large-print"] if variant.large else [])
    (made,) = build_json(MEDICINE, tmp_path, *options)
    assert all(made["checks"].values())  # type: ignore[attr-defined]
    pages = [p.lines() for p in pages_of(Path(str(made["path"])), theme_for(MEDICINE, variant))]
    titles = {squash(t) for t in heading_texts(MEDICINE)} | {"About this leaflet", "References"}
    for number, lines in enumerate(pages, 1):
        last = [i for i, line in enumerate(lines) if line in titles]
        assert not last or last[-1] < len(lines) - 2, f"page {number} ends with the heading {lines[last[-1]]!r}"
    fills: list[float] = made["fills"]  # type: ignore[assignment]
    assert len(fills) == len(pages) and min(fills[:-1]) >= 0.6, fills  # every page but the last: no gap a box left


def test_a_tagged_paragraph_longer_than_long_is_cut_into_pieces() -> None:
    # Para (markedpara.py) is a Paragraph subclass: a test of `type(f) is Paragraph` let every long paragraph through,
    # and ReportLab broke all of a megabyte paragraph again at each page (80 s instead of 2).
    from reportlab.lib.styles import ParagraphStyle

    from leaflet import longtext
    from leaflet.markedpara import Para

    text = "Take the tablets with water. " * (longtext.LONG // 20)
    pieces = longtext.page_sized([Para(text, ParagraphStyle("t"))])
    assert len(pieces) > 1 and all(isinstance(p, Para) for p in pieces)
    assert " ".join(squash(p.source) for p in pieces).split() == text.split()
