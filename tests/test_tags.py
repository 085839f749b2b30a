"""Tagged PDF (issue 8): the structure tree, read back by our check, edited to break it, and by poppler."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import LDN, BuildText, Result, leaflet_yaml, model, squash
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, BooleanObject, ContentStream, DictionaryObject, NameObject, TextStringObject
from test_blocks import build_fixture
from test_stamp import clinics_file

from leaflet import wording
from leaflet.blocks import SPECS
from leaflet.booklet import impose
from leaflet.build import build, build_clinics, lay_out
from leaflet.checks import run_checks
from leaflet.checks.booklet import check_order
from leaflet.checks.content import units
from leaflet.checks.structure import element_texts, outline, page_marks, read_tree
from leaflet.clinics import load_clinics
from leaflet.fonts import load_fonts
from leaflet.model import Leaflet
from leaflet.textmatch import find, fold_lines, normalise
from leaflet.theme import Variant, make_theme

PDFINFO = shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(PDFINFO is None, reason="pdfinfo (Debian poppler-utils) is not installed")


def tags_finding(data: bytes, leaflet: Leaflet) -> tuple[bool, str, str]:
    """Run the checks on PDF bytes against the leaflet: the tags finding's (ok, problem, where)."""
    theme = make_theme(leaflet.brand, load_fonts(leaflet.brand), None, leaflet.meta.title)
    finding = run_checks(data, leaflet, theme).get("tags")
    return finding.ok, finding.problem, str(finding.where)


def edited(path: Path, edit: Callable[[PdfWriter], None]) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(path))
    edit(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def ldn(tmp_path_factory: pytest.TempPathFactory) -> Result:
    out = tmp_path_factory.mktemp("ldn")
    built = build(LDN, out)
    return Result(built, PdfReader(built.path))


def elements(writer: PdfWriter) -> list[DictionaryObject]:
    """Every structure element, depth first."""
    out: list[DictionaryObject] = []
    stack = list(writer.root_object["/StructTreeRoot"]["/K"])
    while stack:
        node = stack.pop(0).get_object()
        if isinstance(node, DictionaryObject) and "/S" in node:
            out.append(node)
            stack[:0] = [k for k in node["/K"] if isinstance(k.get_object(), DictionaryObject)]
    return out


def test_every_leaflet_variant_passes_the_tags_check(ldn: Result) -> None:
    finding = ldn.built.report.get("tags") if ldn.built.report else None
    assert finding is not None and finding.ok, finding
    count = len(units(ldn.leaflet))
    assert f"{count}/{count} units in order, 0 untagged runs" in finding.figure


def test_a_paragraph_over_a_page_break_is_one_element_on_both_pages(ldn: Result) -> None:
    tree = read_tree(model(ldn.reader))
    pages: dict[int, set[int]] = {}
    for owner, page, _ in tree.marks:
        pages.setdefault(owner, set()).add(page)
    split = [owner for owner, on in pages.items() if len(on) > 1]
    assert split, "the LDN leaflet has a paragraph over a page break"
    assert {tree.roles[o] for o in split} <= {"P", "LBody", "TD"}


def test_no_words_run_together_in_the_tagged_text(ldn: Result) -> None:
    # The tagged text of each element is read as drawn, lines joined with nothing between:
    # every paragraph must still be there word for word (the line ends keep their spaces).
    tree = read_tree(model(ldn.reader))
    content = [page_marks(page)[0] for page in model(ldn.reader).pages]
    texts: dict[int, str] = {}
    for owner, page, mcid in tree.marks:
        texts[owner] = texts.get(owner, "") + content[page].get(mcid, "")
    joined = " ".join(normalise(t) for t in texts.values())
    for unit in units(ldn.leaflet):
        assert normalise(unit.text) in joined, unit.label


def test_fonts_have_their_own_subset_tags(ldn: Result) -> None:
    names = {str(f.get_object()["/BaseFont"]) for p in ldn.reader.pages for f in p["/Resources"]["/Font"].values()}
    tags = {n.split("+")[0] for n in names}
    assert len(tags) == len(names) and "/AAAAAA" not in tags, names


def test_a_face_with_more_than_one_subset_has_a_tag_of_its_own_on_each(build_text: BuildText) -> None:
    """A simple font holds 256 codes, so a face drawing more characters gets a second subset, which
    ReportLab names AAAAAB+ (then AAAAAC+ ...): each must get a tag derived from its own program."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from leaflet.fonts import FONT_DIR

    face = TTFontFile(str(FONT_DIR / "AtkinsonHyperlegible-Regular.ttf"))
    drawn = (chr(c) for c in sorted(face.charToGlyph) if unicodedata.category(chr(c))[0] in "LNS")
    letters = "".join(c for c in drawn if c not in "`^~<>|")  # (no character the inline markup reads)
    words = " ".join(letters[i : i + 6] for i in range(0, len(letters), 6))
    result = build_text(leaflet_yaml([{"paragraph": words}]))
    names = {str(f.get_object()["/BaseFont"]) for p in result.reader.pages for f in p["/Resources"]["/Font"].values()}
    regular = [n for n in names if n.endswith("+AtkinsonHyperlegible-Regular")]
    assert len(regular) >= 2, names  # the case this test is for: two subsets of one face
    tags = [n.split("+")[0] for n in names]
    assert len(set(tags)) == len(tags), names
    assert not [t for t in tags if t.startswith("/AAAAA")], names  # none left as ReportLab named it


REGISTERED_FIRST = """
import sys
from pathlib import Path
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from leaflet.build import build
from leaflet.fonts import FONT_DIR
# Another part of the process registers the body face first (as fonts.py would: subset codes
# from 0): ReportLab then hands the leaflet that font object for the face, not one of fonts.py.
pdfmetrics.registerFont(TTFont("Elsewhere", str(FONT_DIR / "AtkinsonHyperlegible-Regular.ttf"), asciiReadable=0))
print(build(Path(sys.argv[1]), Path(sys.argv[2])).path)
"""


def test_subset_tags_hold_whoever_registered_the_face_first(ldn: Result, tmp_path: Path) -> None:
    # The tag is derived from the subset's program as ReportLab writes the document, so the same
    # leaflet gets the same tags in a process where the face was registered by someone else.
    done = subprocess.run(
        [sys.executable, "-c", REGISTERED_FIRST, str(LDN), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    other = PdfReader(done.stdout.strip().splitlines()[-1])

    def names(reader: PdfReader) -> list[str]:
        return sorted(str(f.get_object()["/BaseFont"]) for p in reader.pages for f in p["/Resources"]["/Font"].values())

    assert names(other) == names(ldn.reader)
    assert not any(n.startswith("/AAAAAA+") for n in names(other)), names(other)


def test_a_removed_tag_fails_the_check_at_its_page(ldn: Result) -> None:
    def drop_heading(writer: PdfWriter) -> None:
        heading = next(e for e in elements(writer) if e["/S"] == "/H2")
        parent = heading["/P"].get_object()
        parent[NameObject("/K")] = ArrayObject(k for k in parent["/K"] if k.get_object() is not heading)

    ok, problem, _ = tags_finding(edited(ldn.pdf_path, drop_heading), ldn.leaflet)
    assert not ok
    assert re.match(r"page \d+: MCID \d+ is in no structure element", problem), problem


def test_a_heading_tagged_as_a_paragraph_fails_at_its_yaml_line(ldn: Result) -> None:
    def retag(writer: PdfWriter) -> None:
        next(e for e in elements(writer) if e["/S"] == "/H2")[NameObject("/S")] = NameObject("/P")

    ok, problem, where = tags_finding(edited(ldn.pdf_path, retag), ldn.leaflet)
    first = ldn.leaflet.sections[0] if ldn.leaflet.sections[0].heading else ldn.leaflet.sections[1]
    assert not ok and "is tagged P, not H2" in problem, problem
    assert first.heading is not None and where == str(first.heading.where)


def test_an_untagged_line_fails_naming_its_page_and_text(ldn: Result) -> None:
    def untag(writer: PdfWriter) -> None:
        page = writer.pages[0]
        stream = ContentStream(page.get_contents(), writer)
        for operands, op in stream.operations:
            if op == b"BDC" and operands[0] == "/P":
                operands[:] = [NameObject("/Span")]
                stream.operations[stream.operations.index((operands, op))] = (operands, b"BMC")
                break
        page.replace_contents(stream)

    ok, problem, _ = tags_finding(edited(ldn.pdf_path, untag), ldn.leaflet)
    first_p = wording.band_lines(ldn.leaflet)[0]
    assert not ok and "untagged text run(s); the first on page 1" in problem, problem
    assert normalise(first_p)[:20] in normalise(problem)


def test_a_link_without_contents_fails(ldn: Result) -> None:
    def strip(writer: PdfWriter) -> None:
        for page in writer.pages:
            for annot in page.get("/Annots", []):
                del annot.get_object()[NameObject("/Contents")]

    ok, problem, _ = tags_finding(edited(ldn.pdf_path, strip), ldn.leaflet)
    assert not ok and "a link annotation has no /Contents" in problem, problem


def test_the_catalogue_entries_are_checked(ldn: Result) -> None:
    def unmark(writer: PdfWriter) -> None:
        del writer.root_object[NameObject("/MarkInfo")]

    ok, problem, _ = tags_finding(edited(ldn.pdf_path, unmark), ldn.leaflet)
    assert not ok and "/MarkInfo" in problem, problem


def test_a_figure_without_alt_fails(build_text: BuildText) -> None:
    result = build_fixture("image", build_text)
    alts = [b.alt for s in result.leaflet.sections for b in s.blocks if hasattr(b, "alt")]
    assert alts and all(alts)
    tree = read_tree(model(result.reader))
    assert sorted(a for a in tree.alts.values() if not a.startswith("QR code")) == sorted(alts)

    def drop_alt(writer: PdfWriter) -> None:
        for e in elements(writer):
            if e["/S"] == "/Figure":
                del e[NameObject("/Alt")]

    ok, problem, _ = tags_finding(edited(result.pdf_path, drop_alt), result.leaflet)
    assert not ok and "Figure element(s) without /Alt" in problem, problem


def struct_text(path: Path) -> str:
    assert PDFINFO is not None
    done = subprocess.run([PDFINFO, "-struct-text", str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def quoted_text(dump: str) -> str:
    """The text poppler shows in its dump, one element's text a line."""
    return fold_lines("\n".join(m.group(1) for m in re.finditer(r'^\s*"(.*)"$', dump, re.M)))


@needs_poppler
@pytest.mark.parametrize("kind", list(SPECS))
def test_poppler_reads_every_block_type_in_reading_order(kind: str, build_text: BuildText) -> None:
    result = build_fixture(kind, build_text)
    assert PDFINFO is not None
    info = subprocess.run([PDFINFO, str(result.pdf_path)], capture_output=True, text=True, timeout=60).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    text, at = quoted_text(struct_text(result.pdf_path)), 0
    for unit in units(result.leaflet):
        span = find(text, normalise(unit.text), at)
        assert span is not None, f"{unit.label} not in poppler's tagged text in order: {unit.text!r}"
        at = span[1]
    pages = len(result.reader.pages)
    footer = [wording.page_label(n, pages) for n in range(1, pages + 1)] + [wording.footer_left(result.leaflet)[1]]
    assert not [line for line in footer if normalise(line) in text], "footer text is tagged"


@needs_poppler
def test_poppler_reads_the_ldn_leaflet_without_its_footer(ldn: Result) -> None:
    text = quoted_text(struct_text(ldn.pdf_path))
    assert text.startswith(normalise(ldn.leaflet.meta.title))
    pages = len(ldn.reader.pages)
    footer = [wording.page_label(n, pages) for n in range(1, pages + 1)] + [wording.footer_left(ldn.leaflet)[1]]
    assert not [line for line in footer if normalise(line) in text], "footer text is tagged"
    at = 0
    for unit in units(ldn.leaflet):
        span = find(text, normalise(unit.text), at)
        assert span is not None, f"{unit.label} not in poppler's tagged text in order"
        at = span[1]


def list_items(result: Result) -> list[tuple[list[str], list[str]]]:
    """Each LI of the PDF's tree: the roles of its children and their texts, as our reader sees them."""
    tree = read_tree(model(result.reader))
    texts = element_texts(tree, [page_marks(page)[0] for page in model(result.reader).pages])
    items = [i for i, role in enumerate(tree.roles) if role == "LI"]
    kids = [[k for k, p in enumerate(tree.parents) if p == i] for i in items]
    return [([tree.roles[k] for k in ks], [normalise(texts.get(k, "")) for k in ks]) for ks in kids]


@pytest.mark.parametrize("kind", ["bullets", "numbered", "keypoints"])
def test_list_items_are_their_bullet_or_number_as_lbl_then_their_text(kind: str, build_text: BuildText) -> None:
    result = build_fixture(kind, build_text)
    lists = [block.items for block in result.leaflet.sections[0].blocks]
    items = [t.plain(result.leaflet.numbers) for one in lists for t in one]
    got = list_items(result)
    assert [roles for roles, _ in got] == [["Lbl", "LBody"]] * len(items)
    bullet = ["\u2022"] * len(items)
    labels = [f"{n}." for one in lists for n in range(1, len(one) + 1)] if kind == "numbered" else bullet
    assert [texts[0] for _, texts in got] == labels
    assert [texts[1] for _, texts in got] == [normalise(t) for t in items]


def test_references_are_a_list_of_numbers_and_citations(ldn: Result) -> None:
    got = list_items(ldn)
    numbers = [f"{ldn.leaflet.numbers[r.key]}." for r in ldn.leaflet.references]
    assert [texts[0] for roles, texts in got if roles == ["Lbl", "LBody"] and texts[0] != "\u2022"] == numbers


def test_a_list_item_without_its_lbl_fails_naming_its_text(build_text: BuildText) -> None:
    result = build_fixture("numbered", build_text)
    first = result.leaflet.sections[0].blocks[0].items[0].plain(result.leaflet.numbers)

    def retag(writer: PdfWriter) -> None:
        next(e for e in elements(writer) if e["/S"] == "/Lbl")[NameObject("/S")] = NameObject("/Span")

    ok, problem, _ = tags_finding(edited(result.pdf_path, retag), result.leaflet)
    assert not ok and "a list item holds Span + LBody, not Lbl + LBody" in problem, problem
    assert normalise(first)[:20] in normalise(problem)


LONG = "the Multiple Sclerosis Society information pages on medicines, treatments and everyday living"
LINKED = (
    "Read [our guide](https://example.org/guide) before you start, then [our guide](https://example.org/guide) "
    f"again; [{LONG}](https://example.org/ms) run over a line end, and so does this sentence after them."
)


def links_of(reader: PdfReader) -> tuple[list[tuple[str, list[str]]], dict[int, str]]:
    """Each Link element's own text and the URIs of its annotations, in tree order; and each element's text."""
    tree = read_tree(model(reader))
    texts = element_texts(tree, [page_marks(page)[0] for page in model(reader).pages])
    uris = {a.idnum: a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])}
    found = []
    for index, role in enumerate(tree.roles):
        if role == "Link":
            owned = [uris[number] for number, owner in tree.links.items() if owner == index]
            found.append((normalise(texts.get(index, "")), owned))
    return found, {i: normalise(t) for i, t in texts.items()}


def test_a_links_text_is_in_its_link_element_beside_its_annotations(build_text: BuildText) -> None:
    result = build_text(leaflet_yaml([{"paragraph": LINKED}]))
    spans = [s for s in result.leaflet.sections[0].blocks[0].text.spans if s.href]
    found, texts = links_of(result.reader)
    found = found[: len(spans)]  # the about block's contact links come after
    assert [text for text, _ in found] == [normalise(s.text) for s in spans]
    assert [set(uris) for _, uris in found] == [{s.href} for s in spans]
    assert len(found[2][1]) >= 2, "the long link runs over line ends: an annotation a line, one Link"
    rest = normalise("".join(s.text for s in result.leaflet.sections[0].blocks[0].text.spans if not s.href))
    assert rest in texts.values(), "the paragraph's own text is the text outside its links"


def test_a_stamped_clinic_line_that_links_is_its_link_elements_text(tmp_path: Path) -> None:
    clinics = clinics_file(tmp_path, "    email: clinic@example.org\n")
    (built,) = build_clinics(LDN, clinics, None, tmp_path / "out")
    clinic = next(iter(load_clinics(clinics).values()))
    found, _ = links_of(PdfReader(built.path))
    stamped = [(f"{label}: {text}", [uri]) for label, text, uri in clinic.lines() if uri]
    assert stamped and all(one in found for one in stamped), (stamped, found)


def test_a_link_whose_text_is_outside_its_link_element_fails(build_text: BuildText) -> None:
    result = build_text(leaflet_yaml([{"paragraph": LINKED}]))

    def move_text_out(writer: PdfWriter) -> None:
        link = next(e for e in elements(writer) if e["/S"] == "/Link")
        mcid = next(k for k in link["/K"] if isinstance(k, int))
        link[NameObject("/K")] = ArrayObject(k for k in link["/K"] if not isinstance(k, int))
        paragraph = link["/P"].get_object()
        paragraph["/K"].append(mcid)
        page = paragraph["/Pg"].get_object()
        nums = writer.root_object["/StructTreeRoot"]["/ParentTree"]["/Nums"]
        array = nums[list(nums).index(page["/StructParents"]) + 1].get_object()
        array[int(mcid)] = link.raw_get("/P")

    ok, problem, _ = tags_finding(edited(result.pdf_path, move_text_out), result.leaflet)
    assert not ok and "the Link element of the link to https://example.org/guide holds none of its text" in problem


def test_the_bookmarks_are_the_h1_then_the_h2_headings_under_it(ldn: Result) -> None:
    leaflet = ldn.leaflet
    headings = [s.heading.plain(leaflet.numbers) for s in leaflet.sections if s.heading]
    want = [(0, leaflet.meta.title), *((1, h) for h in [*headings, wording.ABOUT, wording.REFERENCES])]
    marks = outline(model(ldn.reader))
    assert [(depth, normalise(title)) for depth, title, _ in marks] == [(d, normalise(t)) for d, t in want]
    tree = read_tree(model(ldn.reader))
    texts = element_texts(tree, [page_marks(page)[0] for page in model(ldn.reader).pages])
    tagged = [normalise(texts[i]) for i, role in enumerate(tree.roles) if role in ("H1", "H2")]
    assert tagged == [normalise(t) for _, t in want], "one heading tree for the tags and the outline"
    for _, title, page in marks:
        assert normalise(title) in normalise(ldn.reader.pages[page].extract_text()), title


def test_a_bookmark_that_is_not_its_heading_fails(ldn: Result) -> None:
    def retitle(writer: PdfWriter) -> None:
        third = writer.root_object["/Outlines"]["/First"]["/First"]["/Next"]
        third[NameObject("/Title")] = TextStringObject("Something else")

    ok, problem, _ = tags_finding(edited(ldn.pdf_path, retitle), ldn.leaflet)
    heading = [s.heading for s in ldn.leaflet.sections if s.heading][1]  # after the title and the first
    assert not ok and problem.startswith('bookmark 3 is "Something else", but heading 3 (H1/H2) is'), problem
    assert normalise(heading.plain(ldn.leaflet.numbers)) in problem


def operators(reader: PdfReader) -> list[set[bytes]]:
    return [{op for _, op in ContentStream(p.get_contents(), reader, "bytes").operations} for p in reader.pages]


def test_the_booklet_for_the_printer_is_untagged_with_no_marked_content_left() -> None:
    tagged = lay_out(LDN, Variant(size="A5")).rendered.pdf
    source = PdfReader(io.BytesIO(tagged))
    assert all({b"BDC", b"EMC"} <= ops for ops in operators(source)), "the A5 pages it is made from are tagged"
    imposed = impose(tagged)
    sheets = PdfReader(io.BytesIO(imposed))
    assert check_order(model(sheets), tagged) == "", "the sheets show the pages' text, in booklet order"
    assert not {"/StructTreeRoot", "/MarkInfo"} & set(sheets.root_object)
    for side, ops in zip(sheets.pages, operators(sheets), strict=True):
        assert not ops & {b"BDC", b"BMC", b"EMC", b"MP", b"DP"}
        assert "/StructParents" not in side
        assert not [a for a in side.get("/Annots", []) if "/StructParent" in a.get_object()]


def retag_first(role: str, to: str) -> Callable[[PdfWriter], None]:
    def edit(writer: PdfWriter) -> None:
        next(e for e in elements(writer) if e["/S"] == role)[NameObject("/S")] = NameObject(to)

    return edit


def suspect(writer: PdfWriter) -> None:
    writer.root_object["/MarkInfo"][NameObject("/Suspects")] = BooleanObject(True)


def tag_inside_artifact(writer: PdfWriter) -> None:
    page = writer.pages[0]
    stream = ContentStream(page.get_contents(), writer)
    at = next(i for i, (args, op) in enumerate(stream.operations) if op == b"BDC" and args[0] == "/P")
    assert stream.operations[at - 1][1] == b"EMC", "the artifact ends before the paragraph's marked content"
    del stream.operations[at - 1]
    page.replace_contents(stream)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (retag_first("/H2", "/H"), "a heading is tagged H: numbered headings (H1-H6) only"),
        (retag_first("/H1", "/H2"), "the first heading is H2, not H1"),
        (retag_first("/H2", "/H4"), "an H4 follows an H1: a heading level is skipped"),
        (retag_first("/P", "/Para"), "the structure type Para is not a standard one (nor mapped to one)"),
        (suspect, "the catalogue lacks /MarkInfo without /Suspects true"),
        (tag_inside_artifact, "page 1: tagged content (MCID 1) inside an artifact"),
    ],
)
def test_a_broken_pdf_ua_structure_rule_fails(ldn: Result, edit: Callable[[PdfWriter], None], message: str) -> None:
    ok, problem, _ = tags_finding(edited(ldn.pdf_path, edit), ldn.leaflet)
    assert not ok and problem == message, problem


def test_a_table_header_cell_without_its_scope_fails(build_text: BuildText) -> None:
    result = build_fixture("table", build_text)
    assert set(read_tree(model(result.reader)).scopes.values()) == {"/Column"}

    def unscope(writer: PdfWriter) -> None:
        del next(e for e in elements(writer) if e["/S"] == "/TH")[NameObject("/A")]

    ok, problem, _ = tags_finding(edited(result.pdf_path, unscope), result.leaflet)
    assert not ok and problem == "a table header cell (TH) has no /Scope", problem


def test_headings_in_a_section_without_a_heading_skip_no_level(build_text: BuildText) -> None:
    """A first section with no heading: its box titles and subheadings stand one level higher
    (H2, its minor heading H3), so no level is skipped after the title's H1 (Matterhorn 14-003)."""
    blocks = [
        {"callout": {"title": "Before you start", "body": ["Read this first."]}},
        {"keypoints": {"title": "In short", "items": ["One point"]}},
        {"subheading": "A subheading"},
        {"subheading": {"text": "A minor heading", "level": "minor"}},
        {"paragraph": "Some text."},
    ]
    text = leaflet_yaml(blocks).replace("- heading: Test section\n  blocks:", "- blocks:")
    result = build_text(text + "- heading: A headed section\n  blocks:\n  - callout: {title: Boxed, body: [Text.]}\n")
    assert result.built.report is not None and result.built.report.ok, result.built.report.text()
    tree = read_tree(model(result.reader))
    texts = element_texts(tree, [page_marks(page)[0] for page in model(result.reader).pages])
    headings = [(role, squash(texts.get(i, ""))) for i, role in enumerate(tree.roles) if re.fullmatch(r"H\d", role)]
    want = [
        ("H1", squash(result.leaflet.meta.title)),
        *(("H2", t) for t in ("Before you start", "In short", "A subheading")),
        ("H3", "A minor heading"),
        ("H2", "A headed section"),
        ("H3", "Boxed"),
    ]
    assert headings[: len(want)] == want and all(role == "H2" for role, _ in headings[len(want) :])  # end matter


def test_a_heading_split_over_a_page_break_is_one_bookmark_of_all_its_text(build_text: BuildText) -> None:
    """Found by the property test: a heading long enough to cross a page was bookmarked with the
    text of its first part only."""
    heading = " ".join(["long"] * 217)
    result = build_text(leaflet_yaml([{"paragraph": "Text."}]).replace("heading: Test section", f"heading: {heading}"))
    assert result.built.report is not None and result.built.report.ok, result.built.report.text()
    titles = [title for _, title, _ in outline(model(result.reader))]
    assert squash(titles[1]) == heading
