"""A box (call-out, key points, table) that continues across pages (stage 3: layout).

Input: the box's title paragraph (or none), the flowables of its body, and how it looks
(`Look`). Output: one flowable. When it does not fit, it splits between or inside its
body's flowables (each by its own rules: paragraphs by lines, lists by items, tables by
rows); both parts are drawn with the box's tint and frame, and the second part starts
with the title again as "<title> (continued)". That repeated title is layout, not the
author's text: it is drawn as an artifact (no structure element; the text check knows
it, see checks/content.py). The title always keeps at least two lines of the body with
it, so a box never leaves its title alone at a page foot; with less room the box moves.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Paragraph

from .breaks import KEEP_LINES, lines
from .record import record


@record
class Look:
    """How a box is drawn: padding, tint (None: none), a rule down the left, a frame all round."""

    pad: float = 0.0
    left_pad: float = 0.0
    tint: Color | None = None
    rule: tuple[Color, float] | None = None  # colour, width
    frame: tuple[Color, float] | None = None


class Panel(Flowable):
    """A box of flowables under a title; the title (or its continuation) first, then the body."""

    def __init__(self, title: Flowable | None, body: list[Flowable], look: Look, continued: Paragraph | None) -> None:
        super().__init__()
        self.title, self.body, self.look = title, body, look
        self.continued = continued  # what a later part shows in place of the title
        self.laid: list[tuple[Flowable, float, float]] = []  # (flowable, its height, the gap before it)

    def parts(self) -> list[Flowable]:
        return ([self.title] if self.title is not None else []) + self.body

    def _lay(self, flowables: list[Flowable], width: float) -> float:
        """Measure the flowables one under another; the height they take together."""
        inner = width - self.look.left_pad - self.look.pad
        self.laid, total, after = [], 0.0, None
        for f in flowables:
            gap = 0.0 if after is None else max(after, f.getSpaceBefore())
            h = f.wrap(inner, float("inf"))[1]
            self.laid.append((f, h, gap))
            total += gap + h
            after = f.getSpaceAfter()
        return total

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = self._lay(self.parts(), avail_width) + 2 * self.look.pad
        return avail_width, self.height

    def line_count(self, width: float) -> int:
        inner = width - self.look.left_pad - self.look.pad
        return sum(lines(f, inner) for f in self.body)

    def draw(self) -> None:
        c, look = self.canv, self.look
        c.saveState()
        if look.tint is not None:
            c.setFillColor(look.tint)
            c.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if look.frame is not None:
            c.setStrokeColor(look.frame[0])
            c.setLineWidth(look.frame[1])
            half = look.frame[1] / 2
            c.rect(half, half, self.width - 2 * half, self.height - 2 * half, stroke=1, fill=0)
        if look.rule is not None:
            c.setStrokeColor(look.rule[0])
            c.setLineWidth(look.rule[1])
            c.line(look.rule[1] / 2, 0, look.rule[1] / 2, self.height)
        c.restoreState()
        y = self.height - look.pad
        for f, h, gap in self.laid:
            y -= gap + h
            f.drawOn(c, look.left_pad, y)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        inner = avail_width - self.look.left_pad - self.look.pad
        room = avail_height - 2 * self.look.pad
        head = [self.title] if self.title is not None else []
        used = self._lay(head, avail_width)
        after = head[0].getSpaceAfter() if head else None
        taken: list[Flowable] = []
        for index, f in enumerate(self.body):
            gap = 0.0 if after is None else max(after, f.getSpaceBefore())
            h = f.wrap(inner, float("inf"))[1]
            if used + gap + h <= room:
                taken.append(f)
                used, after = used + gap + h, f.getSpaceAfter()
                continue
            pieces = f.split(inner, room - used - gap) if room - used - gap > 0 else []
            rest = self.body[index + 1 :]
            if len(pieces) > 1 and sum(lines(p, inner) for p in [*pieces[1:], *rest]) >= KEEP_LINES:
                return self._parts([*taken, pieces[0]], [*pieces[1:], *rest], inner)
            return self._parts(taken, [f, *rest], inner)
        return []

    def _parts(self, taken: list[Flowable], rest: list[Flowable], inner: float) -> list[Flowable]:
        """The two parts, or none when either would hold fewer than KEEP_LINES lines of the body.

        A second part too short takes the last whole flowable of the first with it."""
        while len(taken) > 1 and sum(lines(f, inner) for f in rest) < KEEP_LINES:
            rest.insert(0, taken.pop())
        if not rest or sum(lines(f, inner) for f in taken) < KEEP_LINES:
            return []
        first = Panel(self.title, taken, self.look, self.continued)
        second = Panel(self.continued, rest, self.look, self.continued)
        first.spaceBefore, second.spaceAfter = self.getSpaceBefore(), self.getSpaceAfter()
        return [first, second]
