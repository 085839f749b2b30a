"""Flowables -> flowables: headings kept with what follows them (stage 3: layout).

A heading (section heading, sub-heading) never ends a page: `keep_headings` puts a
`KeepHeading` before each run of headings, which, when it is laid out, asks whether the
headings and the first part of what follows (at least two lines of it, or all of it)
fit in the space left, and breaks to the next frame when they do not. What follows
decides what its first part is: a paragraph keeps two lines (no orphans), a list two
items, a box its title and two lines (see itemlist.py and panel.py).

`lines` counts the lines of text in a laid-out flowable, for these rules.
"""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph
from reportlab.platypus import Table as RLTable
from reportlab.platypus.doctemplate import FrameBreak

KEEP_LINES = 2  # a heading stays with at least this many lines of what follows


def lines(f: Flowable, width: float) -> int:
    """The lines of text a flowable shows at `width` (a table: its rows; anything else counts as enough)."""
    counted = getattr(f, "line_count", None)
    if counted is not None:
        return int(counted(width))
    if isinstance(f, Paragraph):
        f.wrap(width, float("inf"))
        return len(f.blPara.lines)
    if isinstance(f, RLTable):
        return sum(
            max((cell_lines(c, w) for c, w in zip(row, f._colWidths, strict=False)), default=0) for row in f._cellvalues
        )
    return KEEP_LINES


def cell_lines(value: object, width: float) -> int:
    """The lines of a table cell: its flowables' lines; text counts as one."""
    if isinstance(value, list | tuple):
        return sum(cell_lines(v, width) for v in value)
    return lines(value, width) if isinstance(value, Flowable) else 1


def is_heading(f: Flowable) -> bool:
    return bool(getattr(f, "keep_next", False))


def first_lines(f: Flowable, width: float, room: float) -> int:
    """The lines of `f` that a page with `room` left would hold: all of it, the first part of a split, or 0."""
    if room <= 0 or isinstance(f, KeepTogether):
        return 0
    parts = f.split(width, room)
    return lines(parts[0], width) if len(parts) > 1 else 0


class KeepHeading(CondPageBreak):
    """Zero height; breaks to the next frame when its headings and a good start of what follows do not fit."""

    def __init__(self, group: list[Flowable]) -> None:
        super().__init__(0)
        self.group = group  # the headings, then the few flowables that follow them

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        frame = self._doctemplateAttr("frame")
        if frame is None or frame._atTop:
            return 0, 0
        lent = [f for f in self.group if not hasattr(f, "canv")]
        for f in lent:  # some flowables measure with the canvas (KeepTogether); the frame lends it while laying out
            f.canv = self.canv
        try:
            if not self.fits(avail_width, avail_height):
                frame.add_generated_content(FrameBreak)
        finally:
            for f in lent:
                del f.canv
        return 0, 0

    def fits(self, width: float, height: float) -> bool:
        """Whether the headings and KEEP_LINES lines of what follows fit in `height`."""
        room, after, got = height, 0.0, 0
        for f in self.group:
            room -= max(after, f.getSpaceBefore())
            h = f.wrap(width, max(room, 0))[1]
            if h <= room:
                room, after = room - h, f.getSpaceAfter()
                got += 0 if is_heading(f) else lines(f, width)
                if got >= KEEP_LINES:
                    return True
                continue
            return not is_heading(f) and got + first_lines(f, width, room) >= KEEP_LINES
        return room >= 0


FOLLOWERS = 4  # a heading's group holds at most this many flowables after its headings


def keep_headings(flow: list[Flowable]) -> list[Flowable]:
    """The flow with a KeepHeading before each run of headings (each marked `keep_next`)."""
    out: list[Flowable] = []
    for index, f in enumerate(flow):
        if is_heading(f) and not (index and is_heading(flow[index - 1])):
            end = index
            while end < len(flow) and is_heading(flow[end]):
                end += 1
            group = flow[index:end]
            for g in flow[end : end + FOLLOWERS]:  # a one-line paragraph and the next heading: look on
                if getattr(g, "section", None) != getattr(f, "section", None):
                    break
                group.append(g)
            keeper = KeepHeading(group)
            keeper.section = getattr(f, "section", 0)
            out.append(keeper)
        out.append(f)
    return out
