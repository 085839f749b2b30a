"""Schema that fits real leaflets (issue 9): key/value tables, three heading levels, optional audience.

Each case builds a real PDF and reads it back: the structure tree's roles and table scopes,
the page text, and where the headings stand on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conftest import BuildText, leaflet_yaml
from pypdf import PdfReader

from leaflet.checks.tags import page_marks, read_tree
from leaflet.pdftext import normalise


@dataclass(frozen=True)
class Tagged:
    """One structure element read back: its role, its text, its dictionary."""

    role: str
    text: str
    entry: Any


def tagged(reader: PdfReader) -> list[Tagged]:
    """Every structure element with marked text, in tree order."""
    tree = read_tree(reader)
    content = [page_marks(page)[0] for page in reader.pages]
    texts: dict[int, str] = {}
    for owner, page, mcid in tree.marks:
        texts[owner] = texts.get(owner, "") + content[page].get(mcid, "")
    return [
        Tagged(tree.roles[i], normalise(texts[i]), reader.get_object(tree.refs[i]))
        for i in range(len(tree.roles))
        if i in texts
    ]


def scope(element: Tagged) -> str:
    return str(element.entry.get("/A", {}).get("/Scope", ""))


KEY_VALUE = [["Tablets", "10 mg"], ["Liquid", "5 mg in 5 mL"], ["Store at", "below 25 °C"]]


def test_a_table_without_a_header_is_a_key_value_table(build_text: BuildText) -> None:
    result = build_text(leaflet_yaml([{"table": {"caption": "Strengths", "rows": KEY_VALUE}}]))
    assert result.built.report is not None and result.built.report.ok, result.built.report.text()
    cells = [e for e in tagged(result.reader) if e.role in ("TH", "TD")]
    assert [c.text for c in cells] == [normalise(t) for row in KEY_VALUE for t in row]
    assert [(c.role, scope(c)) for c in cells] == [("TH", "/Row"), ("TD", "")] * len(KEY_VALUE)
    text = normalise(" ".join(result.page_texts()))
    for key, value in KEY_VALUE:
        assert normalise(f"{key} {value}") in text


def test_a_headed_table_keeps_column_headers(build_text: BuildText) -> None:
    header, rows = ["Week", "Dose"], [["1", "1.5 mg"], ["2", "3 mg"]]
    result = build_text(leaflet_yaml([{"table": {"header": header, "rows": rows}}]))
    cells = [e for e in tagged(result.reader) if e.role in ("TH", "TD")]
    assert [(c.role, scope(c)) for c in cells[:2]] == [("TH", "/Column")] * 2
    assert {c.role for c in cells[2:]} == {"TD"}
    assert [c.text for c in cells] == [normalise(t) for t in header + [c for r in rows for c in r]]


def test_a_one_column_table_without_a_header_is_all_data(build_text: BuildText) -> None:
    rows = [["Take it with food."], ["Do not crush the tablet."]]
    result = build_text(leaflet_yaml([{"table": {"rows": rows}}]))
    cells = [e for e in tagged(result.reader) if e.role in ("TH", "TD")]
    assert [(c.role, c.text) for c in cells] == [("TD", normalise(r[0])) for r in rows]
