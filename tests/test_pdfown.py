"""Our own PDF reader (pdfown) against pypdf's reading through pdfadapt, and the checks on each.

The checks read our own PDFs with pdfown and any other PDF, or one pdfown refuses, with pypdf.
On every kind of PDF we make (A4, A5, large print, print with bleed, a stamped clinic PDF with
its incremental update, an imported leaflet, a booklet) the object graph reachable from the
trailer, the pages (with their boxes and contents) and the catalogue read the same both ways, as
plain Python values, and the checks give the same findings; the expectations are pypdf's
readings, worked out at test time. On damaged bytes (flips, cuts, splices in the cross-reference
table, the trailer, an object, a stream, or in an incremental update) our reader either refuses
or gives exactly what pypdf gives, and raises nothing but its refusal or a located PdfError.
One by one, strings, reals and random objects pypdf writes read into the model as pypdf reads
them. And a checked build of our own leaflet never imports pypdf.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import LDN
from hostile_pdfs import stream, update
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from importcheck import SOURCES, imported
from pypdf.generic import FloatObject, PdfObject, create_string_object
from test_pdfobjects import READER, VALUES, streams, written
from test_pdfobjects import theirs as theirs_object

from leaflet import stamp
from leaflet.booklet import impose
from leaflet.build import lay_out
from leaflet.checks.core import Pdf, Report, check_document, run_checks
from leaflet.clinics import load_clinics
from leaflet.errors import PdfError
from leaflet.pdfadapt import ForeignDocument, open_foreign
from leaflet.pdfmodel import (
    Array,
    Bool,
    Bytes,
    Dictionary,
    Document,
    Name,
    Null,
    Real,
    Ref,
    Refused,
    Stream,
    Text,
)
from leaflet.pdfown import OwnDocument, open_own, parse
from leaflet.pdfread import count_contents, limits, open_reader
from leaflet.pdfstring import string
from leaflet.theme import Variant

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = int(os.environ.get("HOSTILE_PDF_EXAMPLES", "200"))  # `make fuzz` runs many more
RANDOM = bool(os.environ.get("HOSTILE_PDF_RANDOM"))


# --- the graph as plain values ---------------------------------------------------------------------


def plain(value: Any, todo: list[tuple[int, int]]) -> Any:
    """A model value as plain Python (each type tagged); references are queued in `todo`."""
    if isinstance(value, Ref):
        todo.append((value.number, value.generation))
        return ("ref", value.number, value.generation)
    if isinstance(value, Stream):
        return ("stream", plain(Dictionary(value), todo), value.get_data())
    if isinstance(value, Dictionary):
        return ("dict", [(plain(k, todo), plain(v, todo)) for k, v in value.items()])
    if isinstance(value, Array):
        return ("array", [plain(v, todo) for v in value])
    simple: dict[type, Callable[[Any], Any]] = {
        Name: str,
        Text: lambda t: (str(t), t.raw),
        Bytes: bytes,
        Real: float,
        int: int,
        Bool: lambda b: b.value,
        Null: lambda _: None,
    }
    return (type(value).__name__, simple[type(value)](value))


def graph(document: Document) -> dict[str, Any]:
    """Everything the checks can reach: the trailer and each object from it, the catalogue, the
    pages (entries, reference, boxes, drawing instructions)."""
    todo: list[tuple[int, int]] = []
    out: dict[str, Any] = {"trailer": plain(document.trailer, todo), "root": plain(document.root, todo)}
    pages = []
    for page in document.pages:
        ref = (page.ref.number, page.ref.generation) if page.ref else None
        boxes = (page.mediabox, page.trimbox, page.bleedbox)
        pages.append((plain(Dictionary(page), todo), ref, boxes, page.contents()))
    out["pages"] = pages
    objects: dict[tuple[int, int], Any] = {}
    while todo:
        key = todo.pop()
        if key not in objects:
            objects[key] = plain(document.resolve(Ref(*key, document)), todo)
    out["objects"] = dict(sorted(objects.items()))
    return out


# --- both readings of one PDF ----------------------------------------------------------------------


class Case:
    """A PDF we make, with what its checks are given (a plain class: hypothesis prints it short)."""

    def __init__(self, data: bytes, leaflet: Any, theme: Any, clinic: Any = None) -> None:
        self.data, self.leaflet, self.theme, self.clinic = data, leaflet, theme, clinic

    def __repr__(self) -> str:
        return f"Case({len(self.data)} bytes)"

    def report(self, document: Document, data: bytes | None = None) -> Report:
        size = len(data if data is not None else self.data)
        return check_document(Pdf(document, size, self.leaflet, self.theme, self.clinic, "case.pdf"))


def ours(case: Case, data: bytes) -> Any:
    """(graph, findings) as our reader gives them, None when it refuses, or a located error."""
    try:
        document = open_own(data, "case.pdf")
        count_contents(document, "case.pdf")
        return graph(document), case.report(document, data).findings
    except Refused:
        return None
    except PdfError as e:
        return ("error", str(e))


def theirs(case: Case, data: bytes) -> Any:
    """(graph, findings) as pypdf (through pdfadapt) gives them, or a located error."""
    with limits():
        try:
            document = open_foreign(open_reader(data, "case.pdf"), "case.pdf")
            count_contents(document, "case.pdf")
            return graph(document), case.report(document, data).findings
        except PdfError as e:
            return ("error", str(e))


def made(kind: str, tmp_path_factory: pytest.TempPathFactory) -> Case:
    variants = {"A4": Variant(), "A5": Variant(size="A5"), "large": Variant(large=True), "bleed": Variant(bleed=True)}
    if kind in variants:
        laid = lay_out(LDN, variants[kind])
        return Case(laid.rendered.pdf, laid.leaflet, laid.theme)
    if kind == "stamped":
        clinics = list(load_clinics(ROOT / "content" / "clinics.yaml").values())
        laid = lay_out(LDN, Variant(clinic=True), stamp.reserve(clinics))
        assert laid.rendered.slot is not None
        master = stamp.read_master(laid.rendered.pdf, *laid.rendered.slot, laid.theme, laid.fonts)
        return Case(stamp.stamp(master, clinics[0]), laid.leaflet, laid.theme, clinics[0])
    if kind == "imported":
        source = imported(SOURCES / "constipation.md", tmp_path_factory.mktemp("import"))
        laid = lay_out(source, Variant())
        return Case(laid.rendered.pdf, laid.leaflet, laid.theme)
    assert kind == "booklet"
    return Case(impose(lay_out(LDN, Variant(size="A5")).rendered.pdf), None, None)


KINDS = ["A4", "A5", "large", "bleed", "stamped", "imported", "booklet"]


@pytest.mark.parametrize("kind", KINDS)
def test_our_pdfs_read_the_same_both_ways(kind: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    case = made(kind, tmp_path_factory)
    own, pypdf = ours(case, case.data), theirs(case, case.data)
    if kind == "booklet":  # pypdf writes it: whether our reader takes it or not, the checks see the same
        assert own is None or own == pypdf
    else:
        assert own is not None, "our reader refused a PDF we made"
        assert own[0] == pypdf[0]
        assert own[1] == pypdf[1]
        assert [f.ok for f in own[1]] == [True] * len(own[1]), own[1]
    assert run_checks(case.data, case.leaflet, case.theme, "case.pdf", case.clinic).findings == pypdf[1]


def test_a_stamped_pdf_is_read_through_its_update(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The clinic's update replaces the pages it stamps: our reader follows /Prev back to the
    layout's objects and takes the update's pages over the layout's (the graph test holds the rest)."""
    document = open_own(made("stamped", tmp_path_factory).data, "case.pdf")
    prev = document.trailer["/Prev"]
    assert isinstance(prev, int)
    pages = [document.offsets[(p.ref.number, p.ref.generation)] for p in document.pages if p.ref]
    assert pages and all(at > prev for at in pages)  # each page as the update writes it
    assert min(document.offsets.values()) < prev  # and objects of the layout it leaves as they are


# --- damaged bytes -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Case:
    return made("A4", tmp_path_factory)


def regions(data: bytes) -> dict[str, tuple[int, int]]:
    """Where to damage the file: anywhere, its cross-reference table, its trailer, a compressed stream."""
    xref = data.rindex(b"\nxref") + 1
    trailer = data.rindex(b"trailer")
    content = data.index(b"stream", data.index(b"/FlateDecode")) + 7
    return {
        "file": (0, len(data)),
        "xref": (xref, trailer),
        "trailer": (trailer, len(data)),
        "stream": (content, content + 200),
    }


TOKENS = [b"(", b")", b"<<", b">>", b"[", b"]", b"/", b" R", b" obj", b"endobj", b"stream", b"endstream", b"%"]
TOKENS += [b"0", b"9", b" ", b"\n", b"\r\n", b"f", b"n", b"xref", b"trailer", b"startxref", b"/Prev 0", b"null", b"-1"]
edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "set", "delete", "insert", "cut"]),
        st.floats(0, 1),  # where, as a fraction of the region
        st.integers(1, 32),
        st.one_of(st.binary(min_size=1, max_size=4), st.sampled_from(TOKENS)),
    ),
    min_size=1,
    max_size=4,
)


def damage(data: bytes, region: tuple[int, int], changes: list[tuple[str, float, int, bytes]]) -> bytes:
    out = bytearray(data)
    start, end = region
    for kind, where, length, value in changes:
        if not out:
            break
        at = min(len(out) - 1, start + int(where * max(0, min(end, len(out)) - start)))
        if kind == "flip":
            out[at] ^= 1 << (length % 8)
        elif kind == "set":
            out[at : at + len(value)] = value
        elif kind == "delete":
            del out[at : at + length]
        elif kind == "insert":
            out[at:at] = value
        else:
            del out[at:]
    return bytes(out)


OBJECTS = {
    "catalogue": rb"/Type /Catalog",
    "pages": rb"/Type /Pages",
    "page": rb"/Type /Page\b",
    "font": rb"/Type /Font",
}
OBJECTS |= {"info": rb"/Producer", "structure": rb"/Type /StructTreeRoot", "annotation": rb"/Subtype /Link"}


def objects_of(data: bytes) -> dict[str, tuple[int, bytes]]:
    """Objects to damage, by what they are: (number, their text as written)."""
    found = {}
    for m in re.finditer(rb"\n(\d+) 0 obj\n(<<.*?>>)\nendobj", data, re.S):
        for kind, pattern in OBJECTS.items():
            if kind not in found and b"stream" not in m[2] and re.search(pattern, m[2]):
                found[kind] = (int(m[1]), m[2])
    assert len(found) == len(OBJECTS), sorted(found)
    return found


def content_of(data: bytes) -> tuple[int, bytes]:
    """Page 1's content stream: its number and its drawing instructions."""
    document = open_own(data, "case.pdf")
    ref = document.pages[0].raw_get("/Contents")
    contents = document.pages[0].contents()
    assert isinstance(ref, Ref) and contents is not None
    return ref.number, contents


@settings(
    max_examples=EXAMPLES,
    derandomize=not RANDOM,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(where=st.sampled_from(["file", "xref", "trailer", "stream", "content", *OBJECTS]), changes=edits)
def test_damaged_bytes_read_as_pypdf_reads_them_or_are_refused(
    base: Case, where: str, changes: list[tuple[str, float, int, bytes]]
) -> None:
    """Damage in place (the file, its cross-reference table, trailer, a compressed stream), or in
    one object, written back as an incremental update with a correct table (a /Prev chain, as
    stamping writes), so that the damage reaches the object parser and the checks."""
    if where == "content":
        number, text = content_of(base.data)
        data = update(base.data, {number: stream(damage(text, (0, len(text)), changes))})
    elif where in OBJECTS:
        number, text = objects_of(base.data)[where]
        data = update(base.data, {number: damage(text, (0, len(text)), changes)})
    else:
        data = damage(base.data, regions(base.data)[where], changes)
    own = ours(base, data)
    event(f"{where}: " + ("refused" if own is None else "error" if own[0] == "error" else "read"))
    if own is not None:
        assert own == theirs(base, data)


def test_an_update_reads_the_same_both_ways(base: Case) -> None:
    number, text = objects_of(base.data)["pages"]
    data = update(base.data, {number: text, 999: stream(b"extra")})
    own = ours(base, data)
    assert own is not None and own == theirs(base, data)


# --- a checked build imports no pypdf ---------------------------------------------------------------

DRIVER = """
import contextlib, io, json, sys
from leaflet import cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = cli.main(sys.argv[1:])
print(json.dumps({"code": code, "pypdf": "pypdf" in sys.modules, "cryptography": "cryptography" in sys.modules,
                  "built": [json.loads(line) for line in out.getvalue().splitlines()]}))
"""


@pytest.mark.parametrize("options", [[], ["--large-print"]])
def test_a_checked_build_of_our_leaflet_never_imports_pypdf(options: list[str], tmp_path: Path) -> None:
    argv = ["build", str(LDN), "-o", str(tmp_path), "--force", "--json", *options]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", DRIVER, *argv], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    answer = json.loads(run.stdout.splitlines()[-1])
    assert answer["code"] == 0
    (built,) = answer["built"]
    assert len(built["checks"]) == 11 and all(built["checks"].values()), built["checks"]
    assert (answer["pypdf"], answer["cryptography"]) == (False, False)


# --- objects and strings, one by one ------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(st.binary(max_size=24), st.sampled_from([b"\xfe\xff\x00A\xd8", b"\xef\xbb\xbf\xff", b"\x00A", b"A\x00"]))
)
def test_a_string_decodes_as_pypdf_decodes_it(raw: bytes) -> None:
    """PDFDocEncoding where every byte is defined in it, UTF-16 or UTF-8 after a byte order mark
    (or where the bytes look like UTF-16), else bytes: pypdf's rules, byte for byte."""
    converted = ForeignDocument(READER).convert(create_string_object(raw))
    assert plain(string(raw), []) == plain(converted, [])
    assert str(string(raw)) == str(converted)


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e9, 1e9, allow_nan=False))
def test_a_real_shows_as_pypdf_shows_it(x: float) -> None:
    assert (str(Real(x)), repr(Real(x))) == (str(FloatObject(x)), repr(FloatObject(x)))


@given(st.one_of(VALUES, streams()), st.sampled_from([b"", b" ", b"\n"]))
@settings(max_examples=300, deadline=None)
def test_random_objects_read_into_the_model_as_pypdf_reads_them(obj: PdfObject, before: bytes) -> None:
    """Our reader's objects (pdfobjects with the model's kinds) against pypdf's read_object, converted."""
    data = b"1 0 obj\n" + before + written(obj) + b"\nendobj\n"
    document = OwnDocument(data, {}, Dictionary())
    try:
        ours = parse(data, 8, document)
    except Refused:
        return
    assert plain(ours, []) == plain(ForeignDocument(READER).convert(theirs_object(data, 8, READER)), [])


PIECES = [b"\\", b"(", b")", b"a", b"0", b"4", b"7", b"\n", b"\r", b"+", b"n", b"/", b" "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_a_literal_string_reads_as_pypdf_reads_it_or_is_refused(pieces: list[bytes]) -> None:
    """Escapes pypdf reads otherwise than the standard (a backslash it keeps, two line ends taken
    as one), strings never closed, parentheses nested: refused, or read as pypdf reads them."""
    data = b"1 0 obj\n(" + b"".join(pieces) + b")\nendobj\n"
    try:
        ours = parse(data, 8, OwnDocument(data, {}, Dictionary()))
    except Refused:
        return
    assert plain(ours, []) == plain(ForeignDocument(READER).convert(theirs_object(data, 8, READER)), [])


BITS = [b"1", b"12", b"0", b" ", b"  ", b"R", b"\x00", b"\n", b"%c\n", b"+", b"-", b"/N", b"<<", b">>", b"[", b"]"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BITS), max_size=14))
def test_references_read_as_pypdf_reads_them_or_are_refused(bits: list[bytes]) -> None:
    """pypdf takes `N G R` for a reference only within 20 bytes and with plain white space between
    (no NUL, no comment): anything else is refused, or read as pypdf reads it."""
    data = b"1 0 obj\n[" + b"".join(bits) + b"]\nendobj\n"
    try:
        ours = parse(data, 8, OwnDocument(data, {}, Dictionary()))
    except Refused:
        return
    assert plain(ours, []) == plain(ForeignDocument(READER).convert(theirs_object(data, 8, READER)), [])
