"""Markdown text -> HTML text (stage: import, read), so one HTML importer serves both.

Input: Markdown (CommonMark, with tables). Output: HTML in which every block element carries
`data-source-line`, its line in the Markdown file, so notes and errors point into the .md file.
Raw HTML in the Markdown passes through to the HTML importer, which drops scripts and the like.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from .tree import LINE_ATTR


def markdown_to_html(text: str) -> str:
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    for token in tokens:
        if token.map and token.nesting >= 0 and token.type != "inline":
            token.attrSet(LINE_ATTR, str(token.map[0] + 1))
    return str(md.renderer.render(tokens, md.options, {}))
