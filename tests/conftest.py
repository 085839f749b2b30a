"""Shared fixtures: build real leaflets into tmp_path and read the PDF back with pypdf."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from leaflet import wording
from leaflet.build import Built, build
from leaflet.model import Leaflet
from leaflet.names import leaflet_files
from leaflet.pdfadapt import ForeignDocument

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
DEFAULT_BRAND = CONTENT / "brands" / "default.yaml"
LEAFLETS = leaflet_files(CONTENT)
LDN = CONTENT / "ldn-ms.yaml"


@dataclass(frozen=True)
class Result:
    """A finished build: what `build` returned and the written PDF, read back."""

    built: Built
    reader: PdfReader

    @property
    def leaflet(self) -> Leaflet:
        return self.built.leaflet

    @property
    def pdf_path(self) -> Path:
        return self.built.path

    def page_texts(self) -> list[str]:
        """Plain `extract_text()` of every page."""
        return [page.extract_text() for page in self.reader.pages]


def build_leaflet(path: Path, out_dir: Path) -> Result:
    """Build the leaflet at `path` into `out_dir` and open the written PDF."""
    built = build(path, out_dir)
    assert built.path.is_file(), f"build() returned {built.path} but wrote no file there"
    return Result(built, PdfReader(built.path))


def write_leaflet_dir(
    folder: Path, yaml_text: str, name: str = "test-leaflet", files: Mapping[str, bytes] | None = None
) -> Path:
    """Write YAML text as `folder/NAME.yaml` next to a copy of the default brand; return its path."""
    (folder / "brands").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DEFAULT_BRAND, folder / "brands" / "default.yaml")
    for file_name, data in (files or {}).items():
        (folder / file_name).write_bytes(data)
    path = folder / f"{name}.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    return path


def leaflet_yaml(blocks: list[Any], **meta: Any) -> str:
    """YAML text for a small valid leaflet with one headed section holding `blocks`."""
    fields: dict[str, Any] = {
        "title": "Test leaflet",
        "audience": "Information for testers",
        "language": "en-GB",
        "organisation": "Test Organisation",
        "version": "1.0",
        "published": "2026-01-01",
        "review": "2027-01-01",
        "authors": ["Test Author"],
        "pages": 4,
    }
    fields.update(meta)
    data = {"leaflet": fields, "sections": [{"heading": "Test section", "blocks": blocks}]}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    # safe_dump quotes the ISO dates as strings; the leaflet schema wants YAML dates.
    return re.sub(r"'(\d{4}-\d{2}-\d{2})'", r"\1", text)


BuildText = Callable[..., Result]


def squash(text: str) -> str:
    """The tests' own normaliser: join a line that ends in a hyphen to the next, collapse whitespace."""
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return " ".join(text.split())


def furniture(result: Result, page_index: int) -> list[str]:
    """The furniture lines drawn on a page: title, 'Page N of M', version line, brand line, draft mark."""
    title, version = wording.footer_left(result.leaflet)
    lines = [title, f"Page {page_index + 1} of {len(result.reader.pages)}", version]
    if result.leaflet.brand.footer:
        lines.append(result.leaflet.brand.footer)
    if result.leaflet.draft:
        lines.append(wording.DRAFT)
    return lines


def page_body(result: Result, page_index: int) -> str:
    """A page's `extract_text()` with the first occurrence of each footer line taken out."""
    lines = result.reader.pages[page_index].extract_text().split("\n")
    for line in furniture(result, page_index):
        stripped = [s.strip() for s in lines]
        assert line in stripped, f"page {page_index + 1} has no footer line {line!r}"
        del lines[stripped.index(line)]
    return "\n".join(lines)


@pytest.fixture
def build_text(tmp_path: Path) -> BuildText:
    """Build YAML text (plus any side files such as images) in tmp_path; return the Result."""
    count = iter(range(1_000_000))

    def run(yaml_text: str, name: str = "test-leaflet", files: Mapping[str, bytes] | None = None) -> Result:
        n = next(count)
        path = write_leaflet_dir(tmp_path / f"src{n}", yaml_text, name, files)
        return build_leaflet(path, tmp_path / f"out{n}")

    return run


@pytest.fixture
def build_path(tmp_path: Path) -> Callable[[Path], Result]:
    """Build a leaflet file from where it stands into a fresh folder under tmp_path."""
    count = iter(range(1_000_000))

    def run(path: Path) -> Result:
        return build_leaflet(path, tmp_path / f"out{next(count)}")

    return run


@pytest.fixture(scope="session")
def built_content(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], Result]]:
    """Each content/*.yaml built once per session (a cache keyed by path)."""
    cache: dict[Path, Result] = {}
    root = tmp_path_factory.mktemp("content-builds")

    def get(path: Path) -> Result:
        if path not in cache:
            cache[path] = build_leaflet(path, root / path.stem)
        return cache[path]

    yield get


@pytest.fixture(scope="session")
def ldn(built_content: Callable[[Path], Result]) -> Result:
    """The real LDN leaflet, built once per session."""
    return built_content(LDN)


def model(reader: PdfReader) -> ForeignDocument:
    """pypdf's reading of a PDF in the types the checks' readers take (pdfmodel, through pdfadapt)."""
    return ForeignDocument(reader)
