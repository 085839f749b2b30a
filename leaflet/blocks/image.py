"""Images with required alt text (stage: content + layout).

The file is checked and brought to print resolution by `images.load_picture` when the
content is read; layout scales it to fit the frame (width and height, with its caption)
and reduces it to 300 dpi at that printed size.
"""

import io

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from ..fields import Fields
from ..images import ImageFile, fit, load_picture
from ..markedpara import Picture as Drawn
from ..model import Block, Picture, Text
from ..record import record
from ..source import Node
from ..typeset import Typesetter, tag
from .spec import BlockSpec, inline


@record
class ImageBlock(Block):
    picture: Picture
    alt: str
    width_mm: float
    caption: Text | None


def parse_image(node: Node) -> ImageBlock:
    f = Fields(node, "image")
    file_node = f.need("file")
    name = f.text("file")
    alt = f.text("alt")
    caption_node = f.get("caption")
    caption = inline(caption_node, "the image caption") if caption_node else None
    width = f.number("width", default=80)  # millimetres
    f.done()
    picture = load_picture(ImageFile(name, file_node.where, "image file"), (width * mm, float("inf")))
    return ImageBlock(node.where, picture, alt, width, caption)


def layout_image(block: ImageBlock, ink: Typesetter) -> list[Flowable]:
    caption = ink.para(block.caption, "body", role="Caption") if block.caption else None
    w, h = block.picture.width, block.picture.height
    width = min(block.width_mm * mm, ink.theme.frame_width)
    room = ink.theme.body_frame_height - (caption_height(caption, ink) if caption else 0)
    if width * h / w > room:  # too tall for a page: as tall as the frame allows, with its caption
        width = max(room, 1.0) * w / h
    height = width * h / w
    picture = fit(block.picture, (width, height))
    image = Drawn(io.BytesIO(picture.data), width=width, height=height, hAlign="LEFT")
    parts: list[Flowable] = [tag(image, "Figure", alt=block.alt)]
    return [KeepTogether([*parts, caption] if caption else parts)]


def caption_height(caption: Flowable, ink: Typesetter) -> float:
    """The room a caption takes under its picture."""
    _, h = caption.wrap(ink.theme.frame_width, ink.theme.body_frame_height)
    return float(h + caption.getSpaceBefore()) + 1.0


IMAGE = BlockSpec(
    kind="image",
    model=ImageBlock,
    parse=parse_image,
    layout=layout_image,
    texts=lambda b: (b.caption,) if b.caption else (),
    summary="a PNG or JPEG: file, alt (required), optional width (mm) and caption",
    as_text=lambda b, spell: [f"[Image: {b.alt}]", *([spell(b.caption)] if b.caption else [])],
)
