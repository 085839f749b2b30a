"""The block registry: add a block type by adding its module and one line here."""

from .boxes import KEYPOINTS
from .callout import CALLOUT
from .image import IMAGE
from .lists import BULLETS, NUMBERED
from .paragraph import PARAGRAPH, SUBHEADING
from .spec import BlockSpec
from .table import TABLE

SPECS: dict[str, BlockSpec] = {
    s.kind: s
    for s in (
        PARAGRAPH,
        SUBHEADING,
        BULLETS,
        NUMBERED,
        CALLOUT,
        KEYPOINTS,
        TABLE,
        IMAGE,
    )
}
BY_MODEL: dict[type, BlockSpec] = {s.model: s for s in SPECS.values()}

__all__ = ["BY_MODEL", "SPECS", "BlockSpec"]
