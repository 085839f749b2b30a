"""Structure tree (as structure.py reads it) -> the first PDF/UA structure rule it breaks, or ''.

The rules a program can decide from the tree alone (Matterhorn Protocol checkpoints):
every role a standard structure type, none remapped (02-001, 02-003); headings from H1,
no skipped level, no bare H (14-002, 14-003, 14-007); lists as L > LI > Lbl + LBody
(09-005, kept stricter: every item has its label); a table's header cells with a
/Scope (15-003) and its cells in rows (09-004, in part).
"""

from __future__ import annotations

from itertools import pairwise

from ..textmatch import normalise
from .content import _clip
from .structure import Tagged, element_texts

# PDF 1.7 (ISO 32000-1) standard structure types, which PDF/UA-1 needs no role map for.
STANDARD = frozenset(
    {
        *("Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index"),
        *("NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl", "LBody"),
        *("Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note", "Reference"),
        *("BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT", "WP"),
        *("Figure", "Formula", "Form"),
    }
)
PARENT = {"LI": "L", "Lbl": "LI", "LBody": "LI", "TR": "Table THead TBody TFoot", "TH": "TR", "TD": "TR"}


def structure_problem(tree: Tagged, content: list[dict[int, str]]) -> str:
    """The first broken rule, or ''."""
    return role_problem(tree) or heading_problem(tree) or list_problem(tree, content) or table_problem(tree)


def role_problem(tree: Tagged) -> str:
    if remapped := [role for role in tree.remapped if role in STANDARD]:
        return f"the role map remaps the standard type {remapped[0]}"
    if odd := [role for role in tree.roles if role not in STANDARD]:
        return f"the structure type {_clip(odd[0])} is not a standard one (nor mapped to one)"
    return ""


def heading_problem(tree: Tagged) -> str:
    """A first heading that is not H1, an H among numbered headings, or a skipped level; or ''."""
    levels = [role for role in tree.roles if role == "H" or (role[:1] == "H" and role[1:].isdigit())]
    if "H" in levels:
        return "a heading is tagged H: numbered headings (H1-H6) only"
    if levels and levels[0] != "H1":
        return f"the first heading is {levels[0]}, not H1"
    for before, after in pairwise(levels):
        if int(after[1:]) > int(before[1:]) + 1:
            return f"an {after} follows an {before}: a heading level is skipped"
    return ""


def list_problem(tree: Tagged, content: list[dict[int, str]]) -> str:
    """A list item that is not an LI of an L holding its label (Lbl) then its text (LBody); or ''."""
    kids: dict[int, list[str]] = {}
    for index, owner in enumerate(tree.parents):
        kids.setdefault(owner, []).append(tree.roles[index])
    texts = element_texts(tree, content)
    for index, role in enumerate(tree.roles):
        parent = tree.roles[tree.parents[index]] if tree.parents[index] >= 0 else "the root"
        if (role == "LI" and parent != "L") or (role in ("Lbl", "LBody") and parent != "LI"):
            return (
                f"{'an' if role == 'LI' else 'a'} {role} element is in {parent}, not in {'L' if role == 'LI' else 'LI'}"
            )
        if role == "LI" and kids.get(index) != ["Lbl", "LBody"]:
            held = " + ".join(kids.get(index, [])) or "nothing"
            text = " ".join(normalise(texts.get(k, "")) for k, p in enumerate(tree.parents) if p == index)
            return f'a list item holds {held}, not Lbl + LBody: "{_clip(text.strip())}"'
    return ""


def table_problem(tree: Tagged) -> str:
    """A table cell or row out of place, or a header cell without a /Scope; or ''."""
    for index, role in enumerate(tree.roles):
        parent = tree.roles[tree.parents[index]] if tree.parents[index] >= 0 else "the root"
        if role in ("TR", "TH", "TD") and parent not in PARENT[role].split():
            return f"a {role} element is in {parent}, not in {PARENT[role].split()[0]}"
    if [index for index, scope in tree.scopes.items() if scope not in ("/Row", "/Column", "/Both")]:
        return "a table header cell (TH) has no /Scope"
    return ""
