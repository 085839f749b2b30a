"""A table whose rows may split across pages (used by layout for tables, boxes and references).

ReportLab's `splitInRow` lets a row taller than the space left run on over the page
break, cell by cell; left alone, a cell taller than a page is a LayoutError. In a
small space it can offer an empty first part and the whole table as the rest, which
the frame accepts for ever; `split` refuses that, so the table moves to the next page.
Where a split by rows would leave the first row alone, it splits inside the second.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus import Table as ReportLabTable


class Table(ReportLabTable):
    """A ReportLab Table with splitInRow on, that never offers an empty part."""

    def __init__(self, data: list[list[Any]], **kw: Any) -> None:
        kw.setdefault("splitInRow", 1)  # ReportLab passes it again to the parts of a split
        super().__init__(data, **kw)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts: list[Flowable] = super().split(avail_width, avail_height)
        if len(parts) > 1 and len(parts[0]._cellvalues) < 2 <= len(self._cellvalues):
            # Split by rows, the header row would end the page alone: split inside the next row instead.
            parts = self._splitRows(avail_height, doInRowSplit=True) or parts
        if len(parts) > 1 and parts[0].wrap(avail_width, avail_height)[1] <= 0:
            return []
        return parts
