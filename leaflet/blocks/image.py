"""Images with required alt text (stage: content + layout)."""

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, KeepTogether

from ..errors import ContentError
from ..fields import Fields
from ..model import Block, Text
from ..source import Node
from ..theme import Typesetter, tag
from .spec import BlockSpec, inline

FORMATS = (".png", ".jpg", ".jpeg")


@dataclass(frozen=True)
class ImageBlock(Block):
    path: Path
    alt: str
    width_mm: float
    caption: Text | None


def parse_image(node: Node) -> ImageBlock:
    f = Fields(node, "image")
    file_node = f.need("file")
    name = f.text("file")
    path = (Path(node.where.path).parent / name).resolve()
    if path.suffix.lower() not in FORMATS:
        raise ContentError(
            f"image '{name}' is not PNG or JPEG",
            file_node.where,
            hint="convert it to PNG",
        )
    if not path.is_file():
        raise ContentError(
            f"image file '{name}' not found",
            file_node.where,
            hint="paths are relative to the content file",
        )
    alt = f.text("alt")
    caption_node = f.get("caption")
    caption = inline(caption_node, "the image caption") if caption_node else None
    width = f.number("width", default=80)  # millimetres
    f.done()
    return ImageBlock(node.where, path, alt, width, caption)


def layout_image(block: ImageBlock, ink: Typesetter) -> list[Flowable]:
    w, h = ImageReader(str(block.path)).getSize()
    width = min(block.width_mm * mm, ink.theme.frame_width)
    picture = tag(
        Image(str(block.path), width=width, height=width * h / w, hAlign="LEFT"),
        "Figure",
        alt=block.alt,
    )
    parts: list[Flowable] = [picture]
    if block.caption:
        parts.append(ink.para(block.caption, "body", role="Caption"))
    return [KeepTogether(parts)]


IMAGE = BlockSpec(
    kind="image",
    model=ImageBlock,
    parse=parse_image,
    layout=layout_image,
    texts=lambda b: (b.caption,) if b.caption else (),
    summary="a PNG or JPEG: file, alt (required), optional width (mm) and caption",
    as_text=lambda b, spell: [f"[Image: {b.alt}]", *([spell(b.caption)] if b.caption else [])],
)
