"""Simple tables: a header row and rows of text cells (stage: content + layout)."""

from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import Table as RLTable

from ..errors import ContentError, LayoutError
from ..fields import Fields
from ..marked import Element
from ..model import Block, Text
from ..panel import Look, Panel
from ..source import Node
from ..tables import Table
from ..theme import Typesetter, average_char_width, table_style
from .boxes import continued_title
from .spec import BlockSpec, inline, inline_list


@dataclass(frozen=True)
class TableBlock(Block):
    caption: Text | None
    header: tuple[Text, ...]
    rows: tuple[tuple[Text, ...], ...]


def parse_table(node: Node) -> TableBlock:
    f = Fields(node, "table")
    caption_node = f.get("caption")
    caption = inline(caption_node, "the table caption") if caption_node else None
    header = inline_list(f.need("header"), "the table header")
    rows = []
    for row in f.items("rows"):
        cells = inline_list(row, "a table row")
        if len(cells) != len(header):
            raise ContentError(
                f"this row has {len(cells)} cells but the header has {len(header)}",
                row.where,
                hint='give every row one cell per header column (an empty cell is "")',
            )
        rows.append(cells)
    f.done()
    return TableBlock(node.where, caption, header, tuple(rows))


def layout_table(block: TableBlock, ink: Typesetter) -> list[Flowable]:
    theme, pad = ink.theme, ink.theme.body_pt * 0.45
    width = theme.frame_width / len(block.header)
    check_columns(block, ink, pad)
    element = Element("Table")
    data = [row_of(block.header, "TH", Element("TR", element), ink)]
    data += [row_of(row, "TD", Element("TR", element), ink) for row in block.rows]
    # One column reads in order even when a row runs on over a page break; with more, the
    # parts of a split row's cells would interleave, so each cell must fit a page.
    if len(block.header) > 1:
        check_cells(block, data, width - 2 * pad, ink)
    table = (Table if len(block.header) == 1 else RLTable)(
        data,
        colWidths=[width] * len(block.header),
        # No repeated header row (repeatRows): the text check reads each cell's text once, unbroken.
        spaceAfter=theme.body_pt * 0.8,
    )  # a Panel holds it: a table split over a page repeats its caption, "(continued)"
    table.setStyle(
        table_style(
            theme,
            [
                ("BACKGROUND", (0, 0), (-1, 0), theme.tint),
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


def row_of(cells: tuple[Text, ...], role: str, row: Element, ink: Typesetter) -> list[Paragraph]:
    """One table row's cells: header cells (TH) or data cells (TD), all under the row's TR."""
    style = "cell_head" if role == "TH" else "cell"
    return [ink.para(c, style, role=role, parent=row) for c in cells]


def check_cells(block: TableBlock, data: list[list[Paragraph]], width: float, ink: Typesetter) -> None:
    """Refuse a cell taller than a page: its row can move to the next page, but not split."""
    theme = ink.theme
    room = theme.body_frame_height - theme.body_pt * 0.45 * 1.6
    texts = [block.header, *block.rows]
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
    if len(block.header) > most:
        raise LayoutError(
            f"this table has {len(block.header)} columns, but the {theme.variant.key} page width holds {most} at most",
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
    summary="a simple table: optional caption, header (list) and rows (list of lists)",
    as_text=lambda b, spell: [
        *([spell(b.caption)] if b.caption else []),
        " | ".join(spell(c) for c in b.header),
        *(" | ".join(spell(c) for c in row) for row in b.rows),
    ],
    title=lambda b: b.caption,
)
