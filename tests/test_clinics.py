"""Clinic PDFs: one checked layout stamped with each clinic's details, and located errors in the clinics file."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from leaflet import stamp
from leaflet.build import build_clinics, lay_out
from leaflet.cli import main
from leaflet.clinics import Passes, load_clinics
from leaflet.errors import ContentError
from leaflet.theme import Variant

ROOT = Path(__file__).resolve().parent.parent
LDN = ROOT / "content" / "ldn-ms.yaml"
FIELDS = ("name", "address", "phone", "email", "web", "hours")

# Each value is unique to its clinic and appears nowhere in the leaflet itself.
CLINICS: list[dict[str, str]] = [
    {
        "id": "harbour-view",
        "name": "Harbour View MS Clinic",
        "address": "12 Quay Street, Harbourton 0610",
        "phone": "+64 9 111 2222",
        "email": "harbour@clinic-one.test",
        "web": "https://clinic-one.test/ms",
        "hours": "Mondays, 9am to 1pm",
    },
    {
        "id": "hill-top",
        "name": "Hilltop Neurology Rooms",
        "address": "Level 3, 48 Ridge Road, Upperton 7020",
        "phone": "+64 4 333 4444",
        "email": "rooms@hilltop-two.test",
        "web": "https://hilltop-two.test/neuro",
        "hours": "Wednesdays, 2pm to 6pm",
    },
    {
        "id": "awa-clinic",
        "name": "Te Whare Hauora ō Tāmaki",
        "address": "7 Pā Road, Ōtaki 5512",
        "phone": "+64 6 555 6666",
        "email": "kia.ora@awa-three.test",
        "web": "https://awa-three.test/hauora",
        "hours": "Fridays, 10am to 3pm",
    },
]


def clinics_yaml(clinics: list[Mapping[str, str]]) -> str:
    """A clinics file: one `key: "value"` line per field, values JSON-quoted (valid YAML)."""
    lines = ["# clinics written by tests/test_clinics.py", "clinics:"]
    for clinic in clinics:
        for n, (key, value) in enumerate(clinic.items()):
            lines.append(f"{'  - ' if n == 0 else '    '}{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def value_place(text: str, clinic_index: int, key: str) -> tuple[int, int]:
    """1-based line and column of the value of `key` in the clinic_index-th clinic of a clinics_yaml text."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("  - ")]
    end = starts[clinic_index + 1] if clinic_index + 1 < len(starts) else len(lines)
    for i in range(starts[clinic_index], end):
        found = re.match(rf"(\s*(?:- )?){re.escape(key)}: ", lines[i])
        if found:
            return i + 1, found.end() + 1
    raise AssertionError(f"no {key} in clinic {clinic_index}")


def flat(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def tel(phone: str) -> str:
    return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")


@dataclass(frozen=True)
class Batch:
    clinics_file: Path
    out: Path
    paths: dict[str, Path]
    texts: dict[str, list[str]]  # clinic id -> page texts


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    folder = tmp_path_factory.mktemp("clinics")
    path = folder / "clinics.yaml"
    path.write_text(clinics_yaml(CLINICS), encoding="utf-8")
    out = folder / "out"
    built = build_clinics(LDN, path, None, out)
    paths = {c["id"]: out / "clinics" / c["id"] / f"{LDN.stem}.pdf" for c in CLINICS}
    assert sorted(b.path for b in built) == sorted(paths.values())
    texts = {ident: [p.extract_text() for p in PdfReader(pdf).pages] for ident, pdf in paths.items()}
    return Batch(path, out, paths, texts)


def test_each_clinic_gets_its_own_pdf(batch: Batch) -> None:
    for ident, pdf in batch.paths.items():
        assert pdf.is_file(), f"no PDF for {ident}"
    written = sorted(p.relative_to(batch.out) for p in batch.out.rglob("*.pdf"))
    assert written == sorted(p.relative_to(batch.out) for p in batch.paths.values())


@pytest.mark.parametrize("clinic", CLINICS, ids=[c["id"] for c in CLINICS])
def test_clinic_details_are_in_its_own_pdf_only(batch: Batch, clinic: dict[str, str]) -> None:
    mine = flat("\n".join(batch.texts[clinic["id"]]))
    others = {ident: flat("\n".join(t)) for ident, t in batch.texts.items() if ident != clinic["id"]}
    for key in FIELDS:
        value = flat(clinic[key])
        assert value in mine, f"{key} {value!r} missing from {clinic['id']}'s PDF"
        for ident, text in others.items():
            assert value not in text, f"{clinic['id']}'s {key} is in {ident}'s PDF"


@pytest.mark.parametrize("clinic", CLINICS, ids=[c["id"] for c in CLINICS])
def test_every_page_footer_names_the_clinic(batch: Batch, clinic: dict[str, str]) -> None:
    want = f"Your clinic: {clinic['name']} · {clinic['phone']}"
    for n, text in enumerate(batch.texts[clinic["id"]], 1):
        assert want in [flat(line) for line in text.splitlines()], f"page {n} lacks {want!r}"


@pytest.mark.parametrize("clinic", CLINICS, ids=[c["id"] for c in CLINICS])
def test_clinic_contacts_are_links_on_the_box_page(batch: Batch, clinic: dict[str, str]) -> None:
    reader = PdfReader(batch.paths[clinic["id"]])
    box_pages = [i for i, t in enumerate(batch.texts[clinic["id"]]) if flat(clinic["address"]) in flat(t)]
    assert len(box_pages) == 1
    page = reader.pages[box_pages[0]]
    uris = [str(a.get_object()["/A"]["/URI"]) for a in page.get("/Annots", [])]
    for link in (tel(clinic["phone"]), "mailto:" + clinic["email"], clinic["web"]):
        assert link in uris
    assert tel(clinic["phone"]).startswith("tel:") and clinic["web"].startswith("https:")


def test_stamped_pdf_adds_to_the_clinic_layout_bytes(batch: Batch) -> None:
    chosen = list(load_clinics(batch.clinics_file).values())
    laid = lay_out(LDN, Variant(clinic=True), stamp.reserve(chosen))
    for pdf in batch.paths.values():
        data = pdf.read_bytes()
        assert data.startswith(laid.rendered.pdf) and len(data) > len(laid.rendered.pdf)


def test_stamped_pdf_fonts_are_embedded_and_subset(batch: Batch) -> None:
    for ident, pdf in batch.paths.items():
        seen = 0
        for page in PdfReader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                faces = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
                for face in faces:
                    name = str(face["/BaseFont"])
                    assert re.fullmatch(r"/[A-Z]{6}\+.+", name), f"{ident}: font {name} is not subset"
                    descriptor = face["/FontDescriptor"].get_object()
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
                    seen += 1
        assert seen


def test_macrons_render_and_extract_intact(batch: Batch) -> None:
    (clinic,) = [c for c in CLINICS if "ā" in c["name"] and "ō" in c["name"]]
    text = "\n".join(batch.texts[clinic["id"]])
    lines = [unicodedata.normalize("NFC", line.strip()) for line in text.splitlines()]
    assert clinic["name"] in lines
    assert clinic["address"] in lines


def test_cli_clinic_option_builds_only_that_clinic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "clinics.yaml"
    path.write_text(clinics_yaml(CLINICS), encoding="utf-8")
    out = tmp_path / "out"
    ident = CLINICS[1]["id"]
    status = main(["build", str(LDN), "--clinic", ident, "--clinics", str(path), "-o", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert [p.relative_to(out) for p in out.rglob("*.pdf")] == [Path("clinics", ident, f"{LDN.stem}.pdf")]
    text = flat("\n".join(p.extract_text() for p in PdfReader(out / "clinics" / ident / f"{LDN.stem}.pdf").pages))
    assert flat(CLINICS[1]["name"]) in text


# --- errors ---------------------------------------------------------------------------------------


def run_build(tmp_path: Path, clinics: list[Mapping[str, str]], *extra: str) -> tuple[int, Path, str, Path]:
    """Write the clinics file and run `leaflet build` on the LDN leaflet with it (default: --all-clinics)."""
    path = tmp_path / "clinics.yaml"
    text = clinics_yaml(clinics)
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(LDN), *(extra or ("--all-clinics",)), "--clinics", str(path), "-o", str(out)])
    return status, path, text, out


def with_field(index: int, key: str, value: str | None) -> list[dict[str, str]]:
    clinics = [dict(c) for c in CLINICS]
    if value is None:
        del clinics[index][key]
    else:
        clinics[index][key] = value
    return clinics


BAD_VALUES = [
    ("phone", "call us any time", "not a phone number"),
    ("email", "harbour.at.clinic", "not an email address"),
    ("web", "clinic-one.test/ms", "not a web address"),
    (
        "address",
        "Unit 4, The Very Long Old Infirmary Building, 123 Extraordinarily Long Street Name, Harbourton 0610",
        "too long",
    ),
]


@pytest.mark.parametrize(("key", "value", "problem"), BAD_VALUES, ids=[k for k, _, _ in BAD_VALUES])
def test_bad_detail_is_a_located_error_and_writes_no_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, problem: str
) -> None:
    index = 1  # not the first: a clinic before it must not be written either
    status, path, text, out = run_build(tmp_path, with_field(index, key, value))
    err = capsys.readouterr().err
    line, column = value_place(text, index, key)
    assert status == 2, err
    assert err.startswith(f"{path}:{line}:{column}: "), err
    assert problem in err.splitlines()[0]
    assert "Traceback" not in err
    assert not list(out.rglob("*.pdf")), "a clinic PDF was written despite the error"


@pytest.mark.parametrize("key", ["name", "address", "phone"])
def test_missing_required_field_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    index = 2
    status, path, text, out = run_build(tmp_path, with_field(index, key, None))
    err = capsys.readouterr().err
    line, column = value_place(text, index, "id")
    column -= len("id: ")  # the clinic's mapping starts at its first key
    assert status == 2, err
    assert err.startswith(f"{path}:{line}:{column}: "), err
    assert f"'{key}'" in err.splitlines()[0]
    assert not list(out.rglob("*.pdf"))


def test_unknown_clinic_id_is_a_located_error_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wanted = CLINICS[0]["id"]
    typo = wanted[:3] + wanted[4] + wanted[3] + wanted[5:]  # two letters swapped
    assert typo != wanted
    status, path, text, out = run_build(tmp_path, CLINICS, "--clinic", typo)
    err = capsys.readouterr().err
    assert status == 2, err
    found = re.match(rf"{re.escape(str(path))}:(\d+):(\d+): ", err)
    assert found, f"no FILE:LINE:COL in {err!r}"
    assert 1 <= int(found.group(1)) <= len(text.splitlines())
    assert typo in err.splitlines()[0]
    assert re.search(rf"did you mean '{re.escape(wanted)}'", err)
    assert not list(out.rglob("*.pdf"))


def test_a_small_batch_is_read_once_for_its_Passes(tmp_path: Path) -> None:
    path = tmp_path / "clinics.yaml"
    path.write_text(clinics_yaml(CLINICS), encoding="utf-8")
    passes = Passes(path)
    first = [c.id for c in passes()]
    path.unlink()  # the second pass replays the first: the file is not read again
    assert [c.id for c in passes()] == first == [c["id"] for c in CLINICS]


@pytest.mark.parametrize("limit", ["KEPT_CLINICS", "KEPT_BYTES"])
def test_a_big_batch_is_read_again_one_clinic_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str
) -> None:
    path = tmp_path / "clinics.yaml"
    path.write_text(clinics_yaml(CLINICS), encoding="utf-8")
    monkeypatch.setattr(f"leaflet.clinics.{limit}", len(CLINICS) - 1 if limit == "KEPT_CLINICS" else -1)
    passes = Passes(path)
    assert [c.id for c in passes()] == [c["id"] for c in CLINICS]
    path.write_text(clinics_yaml(CLINICS[:1]), encoding="utf-8")
    assert [c.id for c in passes()] == [CLINICS[0]["id"]]  # read again, as it now is


def test_a_pass_that_fails_is_not_replayed(tmp_path: Path) -> None:
    path = tmp_path / "clinics.yaml"
    path.write_text(clinics_yaml([*CLINICS, {"id": "Not An Id"}]), encoding="utf-8")
    passes = Passes(path)
    for _ in range(2):
        with pytest.raises(ContentError, match="not usable"):
            list(passes())


def test_a_clinic_address_beyond_ascii_is_stamped_and_checked_as_written(tmp_path: Path) -> None:
    """A web address and an email address with macrons: the stamp links them, the clinic check
    finds each link, and each annotation reads back as the address as written."""
    clinic = dict(CLINICS[0], web="https://example.org/tūranga", email="kōrero@example.org")
    path = tmp_path / "clinics.yaml"
    path.write_text(clinics_yaml([clinic]), encoding="utf-8")
    built = build_clinics(LDN, path, out_dir=tmp_path / "out")
    assert [b.report.ok for b in built if b.report] == [True]
    reader = PdfReader(built[0].path)
    uris = {str(a.get_object()["/A"]["/URI"]) for page in reader.pages for a in page.get("/Annots", [])}
    assert {clinic["web"], "mailto:" + clinic["email"]} <= uris
