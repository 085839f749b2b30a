"""Every registered block type has a fixture that builds and whose text is found in the PDF."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, BuildText, Result, squash
from PIL import Image

from leaflet.blocks import SPECS

FIXTURES = Path(__file__).parent / "content" / "blocks"
README = REPO / "README.md"
PICTURE = "pixel.png"
PICTURE_SIZE = (24, 16)


def png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", PICTURE_SIZE, (27, 79, 138)).save(buf, format="PNG")
    return buf.getvalue()


def build_fixture(kind: str, build_text: BuildText) -> Result:
    path = FIXTURES / f"{kind}.yaml"
    assert path.is_file(), f"block type '{kind}' has no fixture {path.relative_to(REPO)}"
    return build_text(path.read_text(encoding="utf-8"), name=kind, files={PICTURE: png()})


def image_xobjects(resources: Any) -> Iterator[Any]:
    if resources is None:
        return
    xobjects = resources.get_object().get("/XObject")
    for ref in xobjects.get_object().values() if xobjects else []:
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image":
            yield xobject
        elif xobject.get("/Subtype") == "/Form":
            yield from image_xobjects(xobject.get("/Resources"))


def test_there_are_kinds() -> None:
    assert SPECS


@pytest.mark.parametrize("kind", list(SPECS))
def test_block_builds_and_its_text_is_found(kind: str, build_text: BuildText) -> None:
    spec = SPECS[kind]
    result = build_fixture(kind, build_text)
    leaflet = result.leaflet
    blocks = [b for s in leaflet.sections for b in s.blocks if isinstance(b, spec.model)]
    assert blocks, f"the {kind} fixture holds no {kind} block"
    texts = [t for b in blocks for t in spec.texts(b)]
    assert texts, f"the {kind} fixture's blocks have no text to look for"
    pdf_text = squash("\n".join(page.extract_text() for page in result.reader.pages))
    at = 0
    for text in texts:
        want = squash(text.plain(leaflet.numbers))
        pos = pdf_text.find(want, at)
        assert pos >= 0, f"{kind}: {want!r} is not in the PDF text (in order)"
        at = pos + len(want)


def test_image_becomes_an_image_xobject(build_text: BuildText) -> None:
    result = build_fixture("image", build_text)
    images = [x for page in result.reader.pages for x in image_xobjects(page.get("/Resources"))]
    assert images, "no image XObject in the PDF"
    assert any((int(x["/Width"]), int(x["/Height"])) == PICTURE_SIZE for x in images)


def test_every_fixture_is_a_registered_kind() -> None:
    stray = sorted(p.stem for p in FIXTURES.glob("*.yaml") if p.stem not in SPECS)
    assert not stray, f"fixtures for unknown block types: {stray}"


@pytest.mark.parametrize("kind", list(SPECS))
def test_readme_block_table_has_kind(kind: str) -> None:
    assert README.is_file(), "README.md is missing"
    rows = re.findall(r"^\| `([^`]+)`", README.read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert kind in rows, f"README.md's block table has no row '| `{kind}`'"
