"""Simple tables: an optional header row and rows of text cells (stage: content + layout).

With a header, its cells are TH with /Scope /Column and every other cell TD. Without one,
a table of two or more columns is a key/value table ("Tablets | 10 mg"): its first column
holds each row's header, TH with /Scope /Row (so a screen reader says "Tablets, 10 mg"),
set bold on the tint; a one-column table without a header is all TD.
"""

from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import Table as RLTable

from ..errors import ContentError, LayoutError
from ..fields import Fields
from ..marked import Element
from ..model import Block, Text
from ..panel import Look, Panel
from ..record import record
from ..source import Node
from ..tables import Table
from ..theme import average_char_width
from ..typeset import Typesetter, table_style
from .boxes import continued_title
from .spec import BlockSpec, inline, inline_list


@record
class TableBlock(Block):
    caption: Text | None
    header: tuple[Text, ...]  # () when the table has no header row
    rows: tuple[tuple[Text, ...], ...]

    @property
    def columns(self) -> int:
        return len(self.header or self.rows[0])

    @property
    def keyed(self) -> bool:
        """A key/value table: no header row, and its first column heads each row."""
        return not self.header and self.columns > 1


def parse_table(node: Node) -> TableBlock:
    f = Fields(node, "table")
    caption_node = f.get("caption")
    caption = inline(caption_node, "the table caption") if caption_node else None
    header_node = f.get("header")
    header = inline_list(header_node, "the table header") if header_node else ()
    rows: list[tuple[Text, ...]] = []
    for row in f.items("rows"):
        cells = inline_list(row, "a table row")
        want, what = (
            (len(header), "the header has") if header else (len(rows[0]) if rows else len(cells), "the first row has")
        )
        if len(cells) != want:
            raise ContentError(
                f"this row has {len(cells)} cells but {what} {want}",
                row.where,
                hint=f'give every row one cell per column, {want} in all (an empty cell is "")',
            )
        rows.append(cells)
    f.done()
    return TableBlock(node.where, caption, header, tuple(rows))


def layout_table(block: TableBlock, ink: Typesetter) -> list[Flowable]:
    theme, pad = ink.theme, ink.theme.body_pt * 0.45
    width = theme.frame_width / block.columns
    check_columns(block, ink, pad)
    element = Element("Table")
    data = [row_of(block.header, ("TH",), Element("TR", element), ink)] if block.header else []
    cells = ("TH", "TD") if block.keyed else ("TD",)
    data += [row_of(row, cells, Element("TR", element), ink) for row in block.rows]
    # One column reads in order even when a row runs on over a page break; with more, the
    # parts of a split row's cells would interleave, so each cell must fit a page.
    if block.columns > 1:
        check_cells(block, data, width - 2 * pad, ink)
    table = (Table if block.columns == 1 else RLTable)(
        data,
        colWidths=[width] * block.columns,
        # No repeated header row (repeatRows): the text check reads each cell's text once, unbroken.
        spaceAfter=theme.body_pt * 0.8,
    )  # a Panel holds it: a table split over a page repeats its caption, "(continued)"
    table.setStyle(
        table_style(
            theme,
            [
                ("BACKGROUND", (0, 0), (0, -1) if block.keyed else (-1, 0 if block.header else -1), theme.tint),
                ("GRID", (0, 0), (-1, -1), 0.75, theme.text),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ],
        )
    )
    table.role = "Table"
    caption = ink.para(block.caption, "caption", role="Caption", parent=element) if block.caption else None
    box = Panel(caption, [table], Look(), continued_title(caption, ink))
    box.spaceAfter = table.spaceAfter
    return [box]


def row_of(cells: tuple[Text, ...], roles: tuple[str, ...], row: Element, ink: Typesetter) -> list[Paragraph]:
    """One table row's cells under the row's TR: the first `roles[0]`, the rest `roles[-1]`.

    A header row is all TH (scope Column); a key/value row is TH (scope Row) then TD.
    """
    out = []
    for index, cell in enumerate(cells):
        role = roles[0] if index == 0 else roles[-1]
        para = ink.para(cell, "cell_head" if role == "TH" else "cell", role=role, parent=row)
        if role == "TH":
            para.node.scope = "Column" if len(roles) == 1 else "Row"
        out.append(para)
    return out


def check_cells(block: TableBlock, data: list[list[Paragraph]], width: float, ink: Typesetter) -> None:
    """Refuse a cell taller than a page: its row can move to the next page, but not split."""
    theme = ink.theme
    room = theme.body_frame_height - theme.body_pt * 0.45 * 1.6
    texts = [block.header, *block.rows] if block.header else list(block.rows)
    for row, cells in zip(texts, data, strict=True):
        for text, para in zip(row, cells, strict=True):
            if para.wrap(width, float("inf"))[1] > room:
                lines = int(room // para.style.leading)
                raise LayoutError(
                    f"this table cell is taller than a page: at this column width a page holds {lines} lines of it",
                    text.where,
                    hint="shorten it, split its text over several rows, or move it out of the table into paragraphs",
                )


def check_columns(block: TableBlock, ink: Typesetter, pad: float) -> None:
    """Refuse a table whose columns, shared equally, could not hold one average character each."""
    theme = ink.theme
    least = 2 * pad + average_char_width(ink.fonts.body.regular, theme.body_pt)
    most = int(theme.frame_width // least)
    if block.columns > most:
        raise LayoutError(
            f"this table has {block.columns} columns, but the {theme.variant.key} page width holds {most} at most",
            block.where,
            hint=f"split it into tables of {most} columns or fewer, or turn each row into a list",
        )


TABLE = BlockSpec(
    kind="table",
    model=TableBlock,
    parse=parse_table,
    layout=layout_table,
    texts=lambda b: (
        tuple(t for t in ((b.caption,) if b.caption else ())) + b.header + tuple(c for r in b.rows for c in r)
    ),
    summary="a simple table: optional caption, optional header (list) and rows (list of lists)",
    as_text=lambda b, spell: [
        *([spell(b.caption)] if b.caption else []),
        *([" | ".join(spell(c) for c in b.header)] if b.header else []),
        *(" | ".join(spell(c) for c in row) for row in b.rows),
    ],
    title=lambda b: b.caption,
)
