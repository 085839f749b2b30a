"""Simple tables: a header row and rows of text cells (stage: content + layout)."""

from dataclasses import dataclass

from reportlab.platypus import Flowable, Table

from ..errors import ContentError
from ..fields import Fields
from ..model import Block, Text
from ..source import Node
from ..theme import Typesetter, table_style, tag
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
    data = [[ink.para(c, "cell_head", role="TH") for c in block.header]]
    data += [[ink.para(c, "cell", role="TD") for c in row] for row in block.rows]
    width = theme.frame_width / len(block.header)
    table = Table(
        data,
        colWidths=[width] * len(block.header),
        repeatRows=1,
        spaceAfter=theme.body_pt * 0.8,
    )
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
    out: list[Flowable] = []
    if block.caption:
        out.append(ink.para(block.caption, "caption", role="Caption"))
    out.append(tag(table, "Table"))
    return out


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
)
