"""Image files made at test time for tests/test_images.py: odd, damaged and hostile (no blobs committed)."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from PIL import Image


@dataclass(frozen=True)
class Made:
    """An image file's bytes, the size it shows upright (None for a bad file), and its one colour if it has one."""

    data: bytes
    upright: tuple[int, int] | None = None
    colour: tuple[int, ...] | None = None
    transparent: bool = False


def saved(image: Image.Image, fmt: str, **options: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, **options)
    return buf.getvalue()


def good(image: Image.Image, fmt: str = "PNG", **options: Any) -> Made:
    return Made(saved(image, fmt, **options), image.size)


def plain(mode: str, size: tuple[int, int], value: Any, fmt: str = "PNG", **options: Any) -> Made:
    """One colour all over; `colour` is that colour as 8-bit RGB, worked out by PIL from one pixel."""
    pixel = Image.new(mode, (1, 1), value)
    if mode.startswith("I;16"):
        pixel = pixel.convert("I").point(lambda v: v / 256)  # 16 bits to 8 by scaling (convert would clip)
    colour = pixel.convert("RGB").getpixel((0, 0))
    assert isinstance(colour, tuple)
    return Made(saved(Image.new(mode, size, value), fmt, **options), size, colour)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def forged_png(width: int, height: int) -> Made:
    """A few hundred bytes that declare width x height RGB pixels: a decompression bomb's header."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 4096)) + chunk(b"IEND", b"")
    return Made(b"\x89PNG\r\n\x1a\n" + body)


def text_bomb() -> Made:
    """A small, valid PNG whose compressed text chunk unpacks to 20 MB."""
    png = saved(Image.new("RGB", (8, 8)), "PNG")
    bomb = chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"\0" * 20 * 2**20, 9))
    return Made(png[:33] + bomb + png[33:])  # after the 8-byte signature and the 25-byte IHDR chunk


def cut(made: Made) -> Made:
    return Made(made.data[: len(made.data) // 2])


def noise(size: tuple[int, int]) -> Image.Image:
    return Image.effect_noise(size, 60).convert("RGB")


def animated() -> Made:
    frames = [Image.new("RGB", (40, 30), (60 * n, 90, 120)) for n in range(3)]
    return Made(saved(frames[0], "PNG", save_all=True, append_images=frames[1:]))


def palette_with_transparency() -> Made:
    image = Image.new("P", (60, 40), 1)
    image.putpalette([255, 255, 255, 200, 30, 30])
    image.paste(0, (0, 0, 30, 40))
    return Made(saved(image, "PNG", transparency=0), image.size, transparent=True)


def rotated_jpeg() -> Made:
    """A 90x30 JPEG whose EXIF says 'turn me a quarter': it shows 30 wide and 90 tall."""
    exif = Image.Exif()
    exif[0x0112] = 6
    return Made(saved(noise((90, 30)), "JPEG", exif=exif.tobytes()), (30, 90))


@cache
def big_jpeg() -> Made:
    """12000 x 12000 grey: 144 megapixels, about a second to make, made once."""
    return plain("L", (12_000, 12_000), 128, "JPEG", quality=50)
