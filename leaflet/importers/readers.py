"""A source file -> its located element tree (stage: import, read): one reader per kind of file.

Input: the path of the source. Output: the root `Element` of its HTML tree and the `Note`s of what
was dropped, each located in the source file itself. A reader for a kind that is not HTML turns it
into HTML first (Markdown through markdown-it-py; Word through mammoth, in `docx`); its elements then
carry `data-source-line`, so that notes and errors point at the line (for Word: the paragraph) of the
original file, not of the HTML made from it. A FHIR ePI bundle's tree is built by `epi`, each element
located in the JSON file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .. import inputs
from ..record import record
from .docx import read_docx
from .epi import epi_tree
from .markdown import markdown_to_html
from .tree import Element, Note, parse_html

Tree = tuple[Element, list[Note]]


@record
class Reader:
    kind: str  # "HTML": named in messages
    read: Callable[[Path], Tree]


def source_text(path: Path, kind: str) -> str:
    """The UTF-8 text of a source file, without a byte-order mark."""
    return inputs.read_text(path, inputs.MAX_YAML, f"an {kind} file").removeprefix("\ufeff")


def read_html(path: Path) -> Tree:
    return parse_html(source_text(path, "HTML"), str(path))


def read_markdown(path: Path) -> Tree:
    return parse_html(markdown_to_html(source_text(path, "Markdown")), str(path), source_lines=str(path))


def read_epi(path: Path) -> Tree:
    return epi_tree(source_text(path, "FHIR ePI JSON"), str(path))


HTML, MARKDOWN = Reader("HTML", read_html), Reader("Markdown", read_markdown)
EPI, WORD = Reader("FHIR ePI", read_epi), Reader("Word", read_docx)
READERS = {".html": HTML, ".htm": HTML, ".xhtml": HTML, ".md": MARKDOWN, ".markdown": MARKDOWN}
READERS |= {".json": EPI, ".docx": WORD}
