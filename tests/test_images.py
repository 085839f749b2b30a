"""Hostile and odd image files, as a content image, a brand logo and a clinic logo.

Each case makes its file with PIL (or by hand, for a forged header) at test time, writes a leaflet
that names it, and runs `leaflet build` on it. The hostile cases (bombs, huge images) run it in a
subprocess with a memory cap and a timeout, so a regression fails one test instead of taking the
machine down; the rest run `cli.main` in-process, which is quicker. A bad file must end in exit 2
with one message located at the YAML value that names it, and no traceback; an odd but good file
must build, embedded at no more than 300 dpi at the size it is drawn, neither stretched nor
turned, and never with more pixels than the file has.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import capped
import pytest
from conftest import DEFAULT_BRAND, leaflet_yaml
from imagefiles import (
    Made,
    animated,
    big_jpeg,
    cut,
    forged_png,
    good,
    noise,
    palette_with_transparency,
    plain,
    rotated_jpeg,
    saved,
    text_bomb,
)
from pypdf import PdfReader
from pypdf.generic import ContentStream

from leaflet import cli

MEMORY = 1536 * 2**20  # address space for one build: room for a sane build, not for an unbounded decode
TIMEOUT = 120
NAME = "picture.png"
CLINIC = "img-test"


BAD: dict[str, tuple[Callable[[], Made], str]] = {
    "text": (lambda: Made(b"This is not a picture.\n"), "is not a PNG or JPEG file: it holds text"),
    "gif-renamed": (lambda: Made(saved(noise((20, 20)), "GIF")), "is not a PNG or JPEG file: it holds a GIF image"),
    "empty": (lambda: Made(b""), "is empty"),
    "truncated-png": (lambda: cut(good(noise((80, 80)))), "cannot be read as PNG"),
    "truncated-jpeg": (lambda: cut(good(noise((80, 80)), "JPEG")), "cannot be read as JPEG"),
    "png-header-damaged": (lambda: Made(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40), "cannot be read as PNG"),
    "jpeg-header-damaged": (lambda: Made(b"\xff\xd8\xff\xc0" + b"\x00" * 40), "cannot be read as JPEG"),
    "png-text-bomb": (text_bomb, "cannot be read as PNG"),
    "bomb-png": (lambda: forged_png(100_000, 100_000), "declares more than"),  # over PIL's own limit
    "144mp-png-header": (lambda: forged_png(12_000, 12_000), "is 12000 x 12000 pixels"),  # PIL would only warn
    "animated-png": (animated, "is animated (3 frames)"),
}

GOOD: dict[str, Callable[[], Made]] = {
    "cmyk-jpeg": lambda: plain("CMYK", (64, 48), (0, 200, 200, 0), "JPEG"),
    "16-bit-png": lambda: plain("I;16", (64, 48), 40_000),
    "palette-transparent-png": palette_with_transparency,
    "tall-50x4000-png": lambda: plain("RGB", (50, 4000), (27, 79, 138)),
    "wide-4000x50-png": lambda: plain("RGB", (4000, 50), (27, 79, 138)),
    "jpeg-named-png": lambda: good(noise((64, 48)), "JPEG"),
    "exif-rotated-jpeg": rotated_jpeg,
    "24mp-jpeg": lambda: plain("RGB", (6000, 4000), (200, 120, 40), "JPEG", quality=50),
    "144mp-jpeg": big_jpeg,
}

TARGETS = ("content", "brand", "clinic")
HOSTILE = {"bomb-png", "png-text-bomb", "144mp-png-header", "24mp-jpeg", "144mp-jpeg"}  # built in a capped subprocess


@dataclass(frozen=True)
class Setup:
    """A leaflet that uses the picture in one place, and the command that builds it."""

    yaml: Path  # the YAML file that names the picture
    argv: list[str]
    out: Path


def write_setup(folder: Path, target: str, picture: bytes) -> Setup:
    """Write a small leaflet naming `picture` as its image, its brand's logo or its clinic's logo."""
    (folder / "brands").mkdir(parents=True)
    shutil.copyfile(DEFAULT_BRAND, folder / "brands" / "default.yaml")
    blocks: list[Any] = [{"paragraph": "A picture follows."}]
    meta: dict[str, Any] = {"pages": {"A4": 4, "A5": 6, "clinic A4": 4}}
    if target == "content":
        blocks.append({"image": {"file": NAME, "alt": "A test picture", "width": 120, "caption": "A caption."}})
    if target == "brand":
        meta["brand"] = "logo"
        (folder / "brands" / "logo.yaml").write_text(f"brand:\n  name: Logo brand\n  logo: {NAME}\n", encoding="utf-8")
    leaflet = folder / "pictured.yaml"
    leaflet.write_text(leaflet_yaml(blocks, **meta), encoding="utf-8")
    out = folder / "out"
    argv = ["build", str(leaflet), "-o", str(out)]
    if target == "clinic":
        clinics = folder / "clinics.yaml"
        clinics.write_text(
            f"clinics:\n  - id: {CLINIC}\n    name: Test clinic\n    address: 1 Test Street\n"
            f'    phone: "+64 9 123 4567"\n    logo: {NAME}\n',
            encoding="utf-8",
        )
        argv += ["--clinic", CLINIC, "--clinics", str(clinics)]
    named = {"content": leaflet, "brand": folder / "brands" / "logo.yaml", "clinic": folder / "clinics.yaml"}[target]
    (named.parent / NAME).write_bytes(picture)  # a path is relative to the file that names it
    return Setup(named, argv, out)


@dataclass(frozen=True)
class Done:
    returncode: int
    stderr: str


def run(setup: Setup, case: str, capsys: pytest.CaptureFixture[str]) -> Done:
    """`leaflet build`: in a subprocess with a memory cap and a timeout for a hostile case, else in-process."""
    if case in HOSTILE:
        done = capped.run(["-m", "leaflet", *setup.argv], MEMORY, TIMEOUT)
        return Done(done.returncode, done.stderr)
    status = cli.main(setup.argv)
    return Done(status, capsys.readouterr().err)


def where_named(path: Path) -> str:
    """FILE:LINE:COL of the picture's name in the YAML file, found in the text as written."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.search(rf"\b(file|logo): {re.escape(NAME)}$", line):
            return f"{path}:{number}:{line.index(NAME) + 1}"
    raise AssertionError(f"{path} does not name {NAME}")


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", BAD)
def test_a_bad_image_is_one_located_error(
    case: str, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, message = BAD[case]
    setup = write_setup(tmp_path, target, make().data)
    done = run(setup, case, capsys)
    lines = done.stderr.splitlines()
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert len(lines) == 2, done.stderr  # the message and its hint, nothing else (no PIL warning)
    what = "image file" if target == "content" else "logo file"
    assert lines[0].startswith(f"{where_named(setup.yaml)}: {what} '{NAME}' "), done.stderr
    assert message in lines[0], done.stderr
    assert lines[1].startswith("  hint: "), done.stderr
    assert not any(setup.out.rglob("*.pdf"))


@dataclass(frozen=True)
class Drawn:
    """An image XObject as a page draws it: its pixels and its size on the page, in points."""

    pixels: tuple[int, int]
    size: tuple[float, float]
    xobject: Any


def multiply(m: list[float], n: list[float]) -> list[float]:
    """m then n, as PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    return [
        a * n[0] + b * n[2],
        a * n[1] + b * n[3],
        c * n[0] + d * n[2],
        c * n[1] + d * n[3],
        e * n[0] + f * n[2] + n[4],
        e * n[1] + f * n[3] + n[5],
    ]


def drawn_images(reader: PdfReader) -> Iterator[Drawn]:
    """Every image drawn on every page, following q/Q/cm (and into form XObjects)."""
    for page in reader.pages:
        yield from walk(ContentStream(page.get_contents(), reader), page.get("/Resources"), [1, 0, 0, 1, 0, 0])


def walk(stream: ContentStream, resources: Any, ctm: list[float]) -> Iterator[Drawn]:
    xobjects = resources.get_object().get("/XObject", {}) if resources else {}
    stack: list[list[float]] = []
    for operands, op in stream.operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q" and stack:
            ctm = stack.pop()
        elif op == b"cm":
            ctm = multiply([float(v) for v in operands], ctm)
        elif op == b"Do":
            xobject = xobjects[operands[0]].get_object()
            if xobject["/Subtype"] == "/Image":
                size = (abs(ctm[0]) + abs(ctm[2]), abs(ctm[1]) + abs(ctm[3]))
                yield Drawn((int(xobject["/Width"]), int(xobject["/Height"])), size, xobject)
            elif xobject["/Subtype"] == "/Form":
                matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                inner = ContentStream(xobject, xobject.pdf)
                yield from walk(inner, xobject.get("/Resources"), multiply(matrix, ctm))


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("case", GOOD)
def test_an_odd_image_builds_at_print_resolution(
    case: str, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = GOOD[case]()
    assert made.upright is not None
    setup = write_setup(tmp_path, target, made.data)
    done = run(setup, case, capsys)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    (pdf,) = setup.out.rglob("*.pdf")
    images = list(drawn_images(PdfReader(pdf)))
    assert len(images) == 1, images
    (image,) = images
    (w, h), (width_pt, height_pt) = image.pixels, image.size
    assert w <= made.upright[0] and h <= made.upright[1], "more pixels than the file has"
    assert abs(w * made.upright[1] - h * made.upright[0]) <= max(made.upright), "stretched or turned"
    for pixels, points in ((w, width_pt), (h, height_pt)):
        dpi = pixels / (points / 72)
        assert pixels == 1 or dpi <= 300 * 1.02, f"{pixels} px over {points:.2f} pt is {dpi:.0f} dpi"
    assert ("/SMask" in image.xobject) == made.transparent, "transparency lost, or an opaque picture masked"
    if made.colour:
        colours = image.xobject.decode_as_image().convert("RGB").getcolors(w * h)
        _, most = max(colours)
        assert all(abs(a - b) <= 6 for a, b in zip(most, made.colour, strict=True)), f"{most} is not {made.colour}"


def not_a_picture_file(kind: str, path: Path) -> None:
    """Put something at `path` that is no regular file of sensible size: a pipe, a folder, a device, a giant."""
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait for ever
    elif kind == "directory":
        path.mkdir()
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")  # reading it never ends
    else:  # a sparse file: 65 MB long, no disk used
        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.truncate(65 * 2**20)


SPECIAL = {
    "fifo": "is a named pipe, not a file",
    "directory": "is a folder, not a file",
    "dev-zero": "is a device, not a file",
    "65mb-file": "is 65 MB; the limit is 64 MB",
}


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("kind", SPECIAL)
def test_a_name_that_is_no_regular_file_is_refused_unread(kind: str, target: str, tmp_path: Path) -> None:
    setup = write_setup(tmp_path, target, b"")
    not_a_picture_file(kind, setup.yaml.parent / NAME)
    done = capped.run(["-m", "leaflet", *setup.argv], MEMORY, TIMEOUT, cwd=Path.cwd())
    what = "image file" if target == "content" else "logo file"
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{where_named(setup.yaml)}: {what} '{NAME}' {SPECIAL[kind]}\n  hint: "), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("target", ["content", "brand"])
def test_the_printed_size_sets_the_pixels(target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A picture with pixels to spare is embedded at 300 dpi at whatever size each variant draws it."""
    made = plain("RGB", (3000, 2000), (27, 79, 138))
    setup = write_setup(tmp_path, target, made.data)
    wide = setup.yaml.read_text(encoding="utf-8").replace("width: 120", "width: 500")  # wider than either frame
    setup.yaml.write_text(wide, encoding="utf-8")
    for size in ("A4", "A5"):
        assert cli.main([*setup.argv, "--size", size]) == 0, capsys.readouterr().err
    pdfs = sorted(setup.out.glob("*.pdf"))
    assert len(pdfs) == 2, pdfs
    drawn = [image for pdf in pdfs for image in drawn_images(PdfReader(pdf))]
    assert len(drawn) == 2, drawn
    assert drawn[0].size != drawn[1].size, "both variants draw the picture at one size: the test shows nothing"
    for image in drawn:
        dpi = image.pixels[0] / (image.size[0] / 72)
        assert 295 <= dpi <= 300 * 1.02, f"{image.pixels} drawn {image.size} pt is {dpi:.0f} dpi"
