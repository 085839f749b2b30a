"""Image file -> checked picture at print resolution (stage 2: content, for images and logos).

Input: an `ImageFile` (the file name an author wrote under a `file:` or `logo:` key, and
where that value stands; the path is relative to its YAML file) and the largest box, in
points, the picture can print in. Output: a `model.Picture`: PNG or JPEG bytes that we
decoded and encoded ourselves, at most 300 dpi at that box, so ReportLab never opens the
author's file. `fit` reduces a `Picture` further once layout knows its printed size.

Nothing is decoded before it is known to be safe: the format is judged by the file's
first bytes, never its name; the pixel size is read from the header and held to a budget
before any pixel is decoded; a JPEG is decoded at the smallest scale that is enough.
PIL's warnings are never printed, and every way a file can be bad is one located
ContentError.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import struct
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from io import BufferedReader
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from . import readlog
from .errors import ContentError, Where
from .inputs import kind_of
from .model import Picture
from .record import record

DPI = 300  # print resolution: more pixels than this add bytes, not detail
MAX_FILE_BYTES = 64 * 2**20
MAX_PIXELS = 50_000_000  # decoded at once, after a JPEG's reduced-scale decode: at most 200 MB as RGBA
JPEG_QUALITY = 90
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}
OTHER_KINDS = {  # what a file holds, for the message, by its first bytes
    b"GIF8": "a GIF image",
    b"BM": "a BMP image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"%PDF": "a PDF",
    b"RIFF": "a WebP or other RIFF file",
    b"\x00\x00\x01\x00": "an icon file",
    b"PK\x03\x04": "a zip archive",
}
# What PIL raises on a damaged file: its parsers are not limited to OSError.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError, struct.error, zlib.error)
RESIZABLE = ("L", "LA", "RGB", "RGBA", "CMYK")  # modes PIL resamples well as they are
ROTATED = (5, 6, 7, 8)  # EXIF orientations that swap width and height


@record
class ImageFile:
    """An image file as a YAML file names it."""

    name: str  # as written
    where: Where  # the value of the `file:` or `logo:` key
    what: str  # "image file" or "logo file", for messages

    @property
    def path(self) -> Path:
        return (Path(self.where.path).parent / self.name).resolve()

    def error(self, problem: str, hint: str) -> ContentError:
        return ContentError(f"{self.what} '{self.name}' {problem}", self.where, hint=hint)


def load_picture(ref: ImageFile, box: tuple[float, float]) -> Picture:
    """Check the file and decode it at no more than 300 dpi in `box` (points; it keeps its proportions)."""
    fmt = sniff(ref, read_head(ref))
    with reading(ref, fmt), open(ref.path, "rb") as file, Image.open(noted(file), formats=[fmt]) as opened:
        refuse_animation(ref, opened)
        orientation = opened.getexif().get(0x0112, 1) if fmt == "JPEG" else 1
        want = needed(upright(opened.size, orientation), box)
        if fmt == "JPEG":
            opened.draft(None, upright(want, orientation))
        refuse_too_many_pixels(ref, opened.size, box)
        opened.load()
        image = ready(turned_upright(opened) if orientation != 1 else opened, want)
        data, fmt = encode(image, fmt)
    return Picture(ref.name, data, fmt, image.width, image.height, ref.where)


def turned_upright(image: Image.Image) -> Image.Image:
    """A photo stored on its side as its EXIF orientation says it is seen (most pictures need not be)."""
    from PIL import ImageOps  # (1.3 ms to import, with its palettes: only a rotated photo needs it)

    return ImageOps.exif_transpose(image)


def noted(file: BufferedReader) -> BufferedReader:
    """The open file, its bytes' digest noted first when a job is collecting its reads (readlog.py)."""
    if readlog.active():
        readlog.note_digest(file.name, hashlib.file_digest(file, "sha256").hexdigest())
        file.seek(0)
    return file


def fit(picture: Picture, box: tuple[float, float]) -> Picture:
    """The picture at no more than 300 dpi in `box` (points): unchanged when it already is."""
    want = needed((picture.width, picture.height), box)
    if want == (picture.width, picture.height):
        return picture
    with Image.open(io.BytesIO(picture.data), formats=[picture.format]) as image:
        data, fmt = encode(shrink(image, want), picture.format)
    return Picture(picture.name, data, fmt, *want, picture.where)


def needed(size: tuple[int, int], box: tuple[float, float]) -> tuple[int, int]:
    """The pixels a picture of `size` needs when drawn as large as fits in `box` at 300 dpi (never more)."""
    w, h = size
    scale = min(box[0] / w, box[1] / h)  # points per pixel
    if not math.isfinite(scale):  # an unbounded box: any number of pixels is no more than 300 dpi
        return (w, h)
    want = (max(1, math.floor(w * scale / 72 * DPI)), max(1, math.floor(h * scale / 72 * DPI)))
    return (w, h) if want[0] >= w or want[1] >= h else want


def upright(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """A size as the picture is seen (EXIF rotation applied), or as stored (the same swap undoes it)."""
    return (size[1], size[0]) if orientation in ROTATED else size


def read_head(ref: ImageFile) -> bytes:
    """The file's first bytes, once it is known to be a regular file of a sensible size."""
    hint = f"paths are relative to the folder of {Path(ref.where.path).name}"
    try:
        info = os.stat(ref.path)
    except OSError:
        raise ref.error("not found", hint) from None
    if kind := kind_of(info.st_mode):
        raise ref.error(f"is {kind}, not a file", "name a PNG or JPEG file")
    if info.st_size == 0:
        raise ref.error("is empty (0 bytes)", "export the picture again as PNG or JPEG")
    if info.st_size > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // 2**20
        raise ref.error(f"is {info.st_size / 2**20:.0f} MB; the limit is {mb} MB", "save a smaller copy for print")
    try:
        with open(ref.path, "rb") as f:
            return f.read(16)
    except OSError as e:
        raise ref.error(f"cannot be read ({e.strerror})", "check the file's permissions") from None


def sniff(ref: ImageFile, head: bytes) -> str:
    """PNG or JPEG, judged by the file's first bytes whatever its name says."""
    for signature, fmt in SIGNATURES.items():
        if head.startswith(signature):
            return fmt
    kind = next((k for sig, k in OTHER_KINDS.items() if head.startswith(sig)), "")
    if not kind:
        try:
            head.decode("utf-8")
            kind = "text" if head.lstrip()[:1] != b"<" else "text (SVG or HTML?)"
        except UnicodeDecodeError:
            kind = "data of an unknown kind"
    raise ref.error(f"is not a PNG or JPEG file: it holds {kind}", "convert it to PNG (or JPEG for a photo)")


@contextmanager
def reading(ref: ImageFile, fmt: str) -> Iterator[None]:
    """PIL kept quiet (its warnings are not printed) and its errors turned into one located ContentError."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except Image.DecompressionBombError:
            limit = 2 * (Image.MAX_IMAGE_PIXELS or 0) / 1e6
            raise ref.error(
                f"declares more than {limit:.0f} megapixels, too many to read safely",
                "scale it down: 300 dpi needs about 2,500 pixels across a full A4 page",
            ) from None
        except UnidentifiedImageError:
            raise ref.error(f"cannot be read as {fmt}: its header is damaged", "export it again") from None
        except DECODE_ERRORS as e:
            hint = "it may be cut short or damaged: export it again"
            raise ref.error(f"cannot be read as {fmt} ({e})", hint) from None


def refuse_animation(ref: ImageFile, image: Image.Image) -> None:
    """An animated PNG has no one picture to print (a JPEG's extra frames are previews: the first is the photo)."""
    frames = getattr(image, "n_frames", 1)
    if image.format == "PNG" and frames > 1:
        raise ref.error(f"is animated ({frames} frames)", "a printed page shows one picture: save that frame as PNG")


def refuse_too_many_pixels(ref: ImageFile, size: tuple[int, int], box: tuple[float, float]) -> None:
    """Refuse to decode more pixels than the budget, before a single one is decoded."""
    w, h = size
    if w * h > MAX_PIXELS:
        across = needed((w, h), box)[0]
        raise ref.error(
            f"is {w} x {h} pixels ({w * h / 1e6:.0f} megapixels); the limit is {MAX_PIXELS / 1e6:.0f}",
            f"scale it down: {across} pixels across are enough for 300 dpi here",
        )


def ready(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Shrunk and normalised; shrunk first where PIL can resize the mode as it is, to keep no full-size copy."""
    if image.mode in RESIZABLE and "transparency" not in image.info:
        return normalise(shrink(image, size))
    return shrink(normalise(image), size)


def normalise(image: Image.Image) -> Image.Image:
    """Grey (L, LA), RGB or RGBA, 8 bits a channel: transparency as an alpha channel, dropped where it is all opaque."""
    mode = image.mode
    if mode.startswith("I") or mode == "F":  # 16-bit grey: convert("L") would clip, not scale
        return image.convert("I").point(lambda v: v / 256).convert("L")
    if "transparency" in image.info or "A" in mode or "a" in mode:
        alpha = image if mode in ("LA", "RGBA") and "transparency" not in image.info else image.convert("RGBA")
        if alpha.getchannel("A").getextrema() != (255, 255):
            return alpha
        return alpha.convert("L" if alpha.mode == "LA" else "RGB")
    return image if mode in ("L", "RGB") else image.convert("L" if mode == "1" else "RGB")


def shrink(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The image at `size` (never larger than it is)."""
    if size[0] >= image.width or size[1] >= image.height:
        return image
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def encode(image: Image.Image, fmt: str) -> tuple[bytes, str]:
    """JPEG for a photo with no transparency, else PNG: (bytes, format). No metadata (EXIF, GPS) is kept."""
    buf = io.BytesIO()
    fmt = "JPEG" if fmt == "JPEG" and image.mode in ("L", "RGB") else "PNG"
    image.save(buf, format=fmt, **({"quality": JPEG_QUALITY} if fmt == "JPEG" else {}))
    return buf.getvalue(), fmt
