"""A bulleted or numbered list that breaks across pages as a designer would (stage 3: layout).

Input: the items' paragraphs (tagged LBody, see blocks/lists.py) and their labels ('•',
'1.'). Output: one flowable. Each label is drawn beside its item's first line as marked
content of the item's Lbl (before its LBody, so the LI reads Lbl + LBody). At a page
break the list never leaves one item alone on either side (unless the item is all there
is), and an item splits only when it is longer than a third of a page (then by lines,
with no widow or orphan: the paragraph's own rule).
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from .breaks import lines
from .marked import Element, marked

ALONE = 1  # never this many items alone on either side of a break


class ItemList(Flowable):
    """Items under each other with a hanging indent; split by the rules above."""

    def __init__(self, items: list[tuple[str, Paragraph]], font: tuple[str, float], indent: float, long: float) -> None:
        super().__init__()
        self.items, self.font, self.indent, self.long = items, font, indent, long
        self.heights: list[float] = []

    def _measure(self, width: float) -> float:
        self.width = width
        inner = width - self.indent
        self.heights = [p.wrap(inner, float("inf"))[1] for _, p in self.items]
        gaps = [p.getSpaceAfter() for _, p in self.items[:-1]]
        return float(sum(self.heights) + sum(gaps))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.height = self._measure(avail_width)
        return avail_width, self.height

    def line_count(self, width: float) -> int:
        return sum(lines(p, width - self.indent) for _, p in self.items)

    def draw(self) -> None:
        c, y = self.canv, self.height
        name, size = self.font
        for (label, para), h in zip(self.items, self.heights, strict=True):
            y -= h
            if label:
                with marked(c, label_of(para)):
                    c.setFont(name, size)
                    c.drawString(0, y + h - para.style.fontSize, label)
            para.drawOn(c, self.indent, y)
            y -= para.getSpaceAfter()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self._measure(avail_width)
        count, used = 0, 0.0
        for (_, para), h in zip(self.items, self.heights, strict=True):
            if used + h > avail_height:
                break
            used += h + para.getSpaceAfter()
            count += 1
        if count < len(self.items) and (parts := self._split_item(count, used, avail_width, avail_height)):
            return parts
        if len(self.items) - count <= ALONE:  # the last item alone over the page: take one more with it
            count -= 1
        if count > ALONE:
            return [self._part(self.items[:count]), self._part(self.items[count:])]
        return []

    def _split_item(self, index: int, used: float, width: float, height: float) -> list[Flowable]:
        """Split item `index` itself, only when it is long; the items before it stay with its start."""
        if self.heights[index] <= self.long:
            return []
        label, para = self.items[index]
        parts = para.split(width - self.indent, height - used)
        if len(parts) < 2:
            return []
        first = [*self.items[:index], (label, parts[0])]
        rest = [("", p) for p in parts[1:]] + self.items[index + 1 :]
        return [self._part(first), self._part(rest)]

    def _part(self, items: list[tuple[str, Paragraph]]) -> ItemList:
        part = ItemList(items, self.font, self.indent, self.long)
        part.spaceAfter, part.spaceBefore = self.getSpaceAfter(), self.getSpaceBefore()
        return part


def label_of(body: Paragraph) -> Element | None:
    """The Lbl of the list item whose LBody is `body` (drawn once: a continued item has no label)."""
    node: Element | None = getattr(body, "node", None)
    return Element("Lbl", node.parent) if node is not None else None
