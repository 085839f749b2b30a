"""A clinic's logo -> the image objects of its stamp and the box page's resources with it (stage: stamp).

Input: the logo (a `Picture`, checked and brought to 300 dpi in the logo's box when the clinics file
was read), a way to add an object to the stamp's update, and the page's resources as laid out.
Output: the image XObject (with its alpha channel, if it has one, as a soft mask) as written, and
the resources with the logo added under LOGO_NAME. PIL is imported only for a clinic with a logo.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable

from .model import Picture
from .pdfmodel import Dictionary, Name, Ref, dict_of

LOGO_NAME = "/ClinicLogo"


def image_objects(logo: Picture, add: Callable[[bytes], Ref]) -> Ref:
    """The logo as a PDF image XObject (RGB, with its alpha channel, if it has one, as a soft mask).

    The picture was checked and brought to 300 dpi in the logo's box when the clinics file was read.
    """
    from PIL import Image  # a clinic with a logo needs it; most batches have none

    with Image.open(io.BytesIO(logo.data), formats=[logo.format]) as image:
        rgba = image.convert("RGBA")
        opaque = "A" not in image.mode and "transparency" not in image.info
    w, h = rgba.size

    def picture(data: bytes, space: str, extra: str = "") -> bytes:
        packed = zlib.compress(data)
        head = (
            f"<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /{space} "
            f"/BitsPerComponent 8 /Filter /FlateDecode {extra}/Length {len(packed)} >>\nstream\n"
        )
        return head.encode() + packed + b"\nendstream"

    if opaque:
        return add(picture(rgba.convert("RGB").tobytes(), "DeviceRGB"))
    mask = add(picture(rgba.getchannel("A").tobytes(), "DeviceGray"))
    return add(picture(rgba.convert("RGB").tobytes(), "DeviceRGB", f"/SMask {mask.number} 0 R "))


def with_logo(resources: Dictionary, logo: Ref) -> Dictionary:
    """The page's resources plus the logo image (everything else left as it was)."""
    found = Dictionary(resources)
    images = Dictionary(dict_of(found.get("/XObject")))
    images[Name(LOGO_NAME)] = logo
    found[Name("/XObject")] = images
    return found
